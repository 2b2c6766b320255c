import Ext4

/// `e4scope info` as text (table) or one JSON document (every other format).
public enum InfoRenderer {
  public static func render(_ reports: [InfoReport], as format: ReportFormat) -> String {
    switch format {
    case .table:
      return reports.map(table).joined(separator: "\n")
    case .json, .ndjson, .csv:
      if reports.count == 1, let only = reports.first { return JSONText.encode(only) + "\n" }
      return JSONText.encode(reports) + "\n"
    }
  }

  private static func table(_ r: InfoReport) -> String {
    let fs = r.filesystem
    var rows: [(String, String)] = [
      ("image", r.image),
      ("type (libblkid)", [r.probe.type, r.probe.version.map { "version \($0)" }]
        .compactMap { $0 }.joined(separator: " ").nonEmpty ?? "not recognised"),
      ("uuid", fs.uuid),
      ("label", fs.label.nonEmpty ?? "<none>"),
      ("block size", "\(fs.blockSize)"),
      ("cluster size", "\(fs.clusterSize)"),
      ("blocks", "\(fs.blocksCount) (\(fs.freeBlocks) free)"),
      ("inodes", "\(fs.inodesCount) (\(fs.freeInodes) free)"),
      ("inode size", "\(fs.inodeSize)"),
      ("block groups", "\(fs.groups)"),
      ("features", fs.features.joined(separator: " ")),
      ("state", fs.state),
      ("errors behavior", fs.errorsBehavior),
      ("journal needs recovery", fs.needsRecovery ? "yes (run e2fsck -E journal_only before a repair)" : "no"),
      ("orphan chain", fs.lastOrphan == 0 ? "empty" : "starts at inode \(fs.lastOrphan)"),
      ("last mounted", fs.lastMountTime.map(utc) ?? "never"),
      ("last mounted on", fs.lastMountedOn.nonEmpty ?? "<not recorded>"),
      ("mount count", "\(fs.mountCount)"),
      ("mounted now", mountText(r.mount)),
    ]
    if r.offset > 0 { rows.insert(("offset", "\(r.offset) bytes"), at: 1) }
    let width = rows.map(\.0.count).max() ?? 0
    return rows.map { key, value in
      key + ":" + String(repeating: " ", count: width - key.count + 1) + value + "\n"
    }.joined()
  }

  private static func mountText(_ mount: MountState?) -> String {
    guard let mount else { return "unknown (mount table unreadable)" }
    guard mount.mounted else { return mount.busy ? "no (but busy)" : "no" }
    return mount.readOnly ? "yes, read-only" : "yes, read-write"
  }

  private static func utc(_ seconds: Int64) -> String {
    let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
    let rest = seconds - days * 86400
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
    return "\(year)-\(two(month))-\(two(day)) \(two(rest / 3600)):\(two(rest % 3600 / 60)):\(two(rest % 60)) UTC"
  }
}

extension String {
  /// nil for the empty string.
  var nonEmpty: String? { isEmpty ? nil : self }
}
