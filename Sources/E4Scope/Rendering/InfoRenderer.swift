import Ext4

/// `e4scope info` as text (table), one JSON document (json), or one JSON
/// object per image and line (ndjson). csv and bodyfile are for findings.
public enum InfoRenderer {
  public static func render(_ reports: [InfoReport], as format: ReportFormat) -> String {
    switch format {
    case .table:
      return reports.map(table).joined(separator: "\n")
    case .ndjson:
      return reports.map { JSONText.encode($0) + "\n" }.joined()
    case .json, .csv, .bodyfile:
      if reports.isEmpty { return "" }
      if reports.count == 1, let only = reports.first { return JSONText.encode(only) + "\n" }
      return JSONText.encode(reports) + "\n"
    }
  }

  private static func table(_ r: InfoReport) -> String {
    var out = "image: \(r.image)\n"
    if let container = r.container {
      out += "container: \(container.format), holding a disk of \(container.mediaSize) bytes\n"
    }
    out += "mounted now: \(mountText(r.mount))\n"
    if let layout = r.partitionTable {
      out += "partition table: \(layout.table ?? "unknown"), \(layout.size) bytes\n"
      var table = TextTable([
        ("PART", .right), ("START", .right), ("SIZE", .right), ("TYPE", .left),
        ("FILESYSTEM", .left),
      ])
      for p in layout.partitions {
        table.append([
          String(p.number), String(p.start), String(p.size),
          p.type + (p.logical ? " (logical)" : ""),
          p.pastEnd ? "past the end of the image" : (p.filesystem ?? "-"),
        ])
      }
      out += table.render()
    }
    out += r.notes.map { "note: \($0)\n" }.joined()
    for fs in r.filesystems {
      out += "\n" + filesystemTable(fs)
    }
    return out
  }

  private static func filesystemTable(_ f: InfoReport.Filesystem) -> String {
    let fs = f.summary
    var rows: [(String, String)] = [
      ("type (libblkid)", [f.probe.type, f.probe.version.map { "version \($0)" }]
        .compactMap { $0 }.joined(separator: " ").nonEmpty ?? "not recognised"),
      ("uuid", fs.uuid),
      ("label", fs.label.nonEmpty.map(NameEncoding.terminal) ?? "<none>"),
      ("block size", "\(fs.blockSize)"),
      ("cluster size", "\(fs.clusterSize)"),
      ("blocks", "\(fs.blocksCount) (\(fs.freeBlocks) free)"),
      ("inodes", "\(fs.inodesCount) (\(fs.freeInodes) free)"),
      ("inode size", "\(fs.inodeSize)"),
      ("block groups", "\(fs.groups)"),
      ("features", fs.features.joined(separator: " ")),
      ("state", fs.state),
      ("errors behavior", fs.errorsBehavior),
      ("journal needs recovery", fs.needsRecovery ? "yes (run e2fsck -p -E journal_only before a repair)" : "no"),
      ("journal view", journalView(fs.journal)),
      ("orphan chain", fs.lastOrphan == 0 ? "empty" : "starts at inode \(fs.lastOrphan)"),
      ("last mounted", fs.lastMountTime.map(UTCTime.readable) ?? "never"),
      ("last mounted on", fs.lastMountedOn.nonEmpty.map(NameEncoding.terminal) ?? "<not recorded>"),
      ("mount count", "\(fs.mountCount)"),
    ]
    if let partition = f.partition {
      rows.insert(("partition", "\(partition) (offset \(f.offset) bytes)"), at: 0)
    } else if f.offset > 0 {
      rows.insert(("offset", "\(f.offset) bytes"), at: 0)
    }
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

  /// "replayed in memory (3 transactions, 41 blocks)", "raw (...)", or "no journal".
  private static func journalView(_ journal: JournalState?) -> String {
    guard let journal else { return "no journal" }
    if let error = journal.error { return "raw (the journal cannot be replayed: \(error))" }
    guard journal.needsRecovery else { return "nothing to replay" }
    let counts = "\(journal.transactions) transactions, \(journal.blocksReplayed) blocks"
    return journal.view == "replay" ? "replayed in memory (\(counts))" : "raw (the replay holds \(counts))"
  }

}

extension String {
  /// nil for the empty string.
  var nonEmpty: String? { isEmpty ? nil : self }
}
