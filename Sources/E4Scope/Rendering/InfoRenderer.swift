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
      ("last mounted", fs.lastMountTime.map(UTCTime.readable) ?? "never"),
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

}

extension String {
  /// nil for the empty string.
  var nonEmpty: String? { isEmpty ? nil : self }
}
