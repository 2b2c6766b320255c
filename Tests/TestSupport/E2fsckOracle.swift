import Foundation

/// e2fsck -fy as the oracle of what a repair by e2fsck does to files: the
/// pass-1 messages it prints per inode, and every regular file's bytes
/// before and after (`debugfs dump`).
public struct E2fsckRepairOutcome {
  /// Per inode, the pass-1 extent and i_size messages of `e2fsck -fy`, in
  /// order, without the "Inode N, " prefix; an iterate failure as
  /// "Failed to iterate extents".
  public var problems: [UInt32: [String]]
  /// Every regular file in use before the repair: its bytes before.
  public var before: [UInt32: [UInt8]]
  /// The same files after the repair; nil for a file e2fsck removed.
  public var after: [UInt32: [UInt8]?]

  /// Runs `e2fsck -fy` on a copy of `image` in `dir`.
  public init(_ image: String, in dir: TemporaryDirectory) throws {
    let copy = dir.path("e2fsck-fy.img")
    try? FileManager.default.removeItem(atPath: copy)
    try FileManager.default.copyItem(atPath: image, toPath: copy)
    let inodes = try RegularFiles.inodes(image, in: dir)
    before = try RegularFiles.dump(image, inodes, in: dir, tag: "before").mapValues { $0 ?? [] }
    let fsck = try run("e2fsck", ["-fy", copy])
    problems = Self.parse(fsck.stdout + fsck.stderr)
    after = try RegularFiles.dump(copy, inodes, in: dir, tag: "after")
  }

  /// The inodes whose bytes or size e2fsck changed, or that it removed.
  public var changed: Set<UInt32> {
    Set(before.keys.filter { after[$0] ?? nil != before[$0] })
  }

  /// Bytes of blocks that read differently after the repair: for each block
  /// below the old i_size whose bytes there differ (a removed file reading
  /// as zeros), the block's bytes below the old i_size.
  public func differingBytes(_ inode: UInt32, blockSize: Int) -> UInt64 {
    guard let old = before[inode] else { return 0 }
    let new = (after[inode] ?? nil) ?? []
    var total: UInt64 = 0
    var start = 0
    while start < old.count {
      let end = min(start + blockSize, old.count)
      let differs = (start..<end).contains { i in old[i] != (i < new.count ? new[i] : 0) }
      if differs { total += UInt64(end - start) }
      start = end
    }
    return total
  }

  /// The modelled pass-1 messages of an e2fsck run, per inode.
  public static func parse(_ output: String) -> [UInt32: [String]] {
    var problems: [UInt32: [String]] = [:]
    let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    for (i, line) in lines.enumerated() {
      if let (inode, rest) = inodeMessage(line) {
        if rest.hasPrefix("end of extent exceeds allowed value"), i + 1 < lines.count {
          let detail = lines[i + 1].trimmingCharacters(in: .whitespaces)
          problems[inode, default: []].append("end of extent exceeds allowed value \(detail)")
        } else if rest.hasPrefix("i_size is "), let cut = rest.range(of: "  Fix?") {
          problems[inode, default: []].append(String(rest[..<cut.lowerBound]))
        }
      } else if line.hasPrefix("Failed to iterate extents in inode "),
        let inode = UInt32(line.dropFirst("Failed to iterate extents in inode ".count))
      {
        problems[inode, default: []].append("Failed to iterate extents")
      }
    }
    return problems
  }

  private static func inodeMessage(_ line: String) -> (UInt32, String)? {
    guard line.hasPrefix("Inode "), let comma = line.firstIndex(of: ",") else { return nil }
    guard let inode = UInt32(line[line.index(line.startIndex, offsetBy: 6)..<comma]) else { return nil }
    return (inode, String(line[line.index(after: comma)...]).trimmingCharacters(in: .whitespaces))
  }
}

/// The regular files of an image as debugfs sees them.
public enum RegularFiles {
  /// In-use regular files from the first non-reserved inode on (`testi`, `stat`).
  public static func inodes(_ image: String, in dir: TemporaryDirectory) throws -> [UInt32] {
    let count = UInt32(try Debugfs.dumpe2fsField(image, "Inode count") ?? "") ?? 0
    let first = UInt32(try Debugfs.dumpe2fsField(image, "First inode") ?? "") ?? 11
    guard count >= first else { return [] }
    let all = Array(first...count)
    let used = zip(all, try batch(image, all.map { "testi <\($0)>" }, in: dir))
      .filter { $0.1.contains("is marked in use") }.map(\.0)
    return zip(used, try batch(image, used.map { "stat <\($0)>" }, in: dir))
      .filter { $0.1.contains("Type: regular") && !$0.1.contains("Links: 0 ") }.map(\.0)
  }

  /// Each file's bytes (`dump`); nil when the inode is no longer a linked regular file.
  public static func dump(_ image: String, _ inodes: [UInt32], in dir: TemporaryDirectory, tag: String)
    throws -> [UInt32: [UInt8]?]
  {
    let stats = try batch(image, inodes.map { "stat <\($0)>" }, in: dir)
    let live = zip(inodes, stats).filter { $0.1.contains("Type: regular") && !$0.1.contains("Links: 0 ") }
      .map(\.0)
    let out = { (inode: UInt32) in dir.path("\(tag)-\(inode)") }
    _ = try batch(image, live.map { "dump <\($0)> \(out($0))" }, in: dir)
    var files: [UInt32: [UInt8]?] = Dictionary(uniqueKeysWithValues: inodes.map { ($0, nil) })
    for inode in live {
      files[inode] = [UInt8](try Data(contentsOf: URL(fileURLWithPath: out(inode))))
    }
    return files
  }

  /// Runs `requests` in one `debugfs -f` and returns each request's output.
  static func batch(_ image: String, _ requests: [String], in dir: TemporaryDirectory) throws -> [String] {
    guard !requests.isEmpty else { return [] }
    let script = dir.path("batch.debugfs")
    try requests.joined(separator: "\n").appending("\n").write(
      toFile: script, atomically: true, encoding: .utf8)
    let result = try run("debugfs", ["-f", script, image])
    let chunks = result.stdout.components(separatedBy: "debugfs: ").dropFirst()
    guard chunks.count == requests.count else {
      throw ShellError("debugfs batch gave \(chunks.count) outputs for \(requests.count) requests")
    }
    return Array(chunks)
  }
}
