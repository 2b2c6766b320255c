/// Findings as a The Sleuth Kit 3.x bodyfile, for `mactime -b` and plaso:
/// one line per inode with findings,
/// `MD5|name|inode|mode_as_string|UID|GID|size|atime|mtime|ctime|crtime`.
/// The name is the path in the escaped form, with `|` and control
/// characters also as `\xNN` (so one line stays one record), followed by the
/// inode's finding kinds in parentheses; MD5 is 0; times are epoch seconds
/// (0 when the inode has no such time or could not be read).
enum BodyfileRenderer {
  static func render<R: FindingReport>(_ reports: [R]) -> String {
    reports.map { report in
      var order: [UInt32] = []
      var byInode: [UInt32: [Finding]] = [:]
      for finding in report.findings {
        if byInode[finding.inode] == nil { order.append(finding.inode) }
        byInode[finding.inode, default: []].append(finding)
      }
      return order.compactMap { byInode[$0] }.map(line).joined()
    }.joined()
  }

  /// The line of one inode's findings (all of the same inode).
  static func line(_ findings: [Finding]) -> String {
    guard let first = findings.first else { return "" }
    let kinds = findings.map(\.kind.rawValue).uniqued()
    let path = first.names.map { name(NameEncoding.escaped($0.path)) } ?? "<inode \(first.inode)>"
    let prefix = first.image.map { name(NameEncoding.escaped(Array($0.utf8))) + ":" } ?? ""
    let m = first.metadata
    let fields: [String] = [
      "0", prefix + path + " (" + kinds.joined(separator: ", ") + ")", String(first.inode),
      m.map { FileMode.symbolic($0.mode) } ?? "----------",
      String(m?.uid ?? 0), String(m?.gid ?? 0), String(first.iSize),
      String(m?.atime.seconds ?? 0), String(m?.mtime.seconds ?? 0), String(m?.ctime.seconds ?? 0),
      String(m?.crtime?.seconds ?? 0),
    ]
    return fields.joined(separator: "|") + "\n"
  }

  /// An escaped name with `|` and control characters also as `\xNN`.
  static func name(_ escaped: String) -> String {
    var out = ""
    for scalar in escaped.unicodeScalars {
      if scalar == "|" || scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value) {
        out += Array(String(scalar).utf8).map { "\\x" + NameEncoding.hex($0) }.joined()
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
