import Foundation

/// One row of `debugfs -R 'ex <ino>'`.
public struct DebugfsExtent: Hashable, Sendable, CustomStringConvertible {
  public var level: Int
  public var maxDepth: Int
  public var entry: Int
  public var entries: Int
  public var logicalStart: UInt64
  public var physicalStart: UInt64
  /// Leaves only (index rows carry a synthetic length that is not compared).
  public var length: UInt64?
  public var unwritten: Bool
  public var isLeaf: Bool { length != nil }

  public init(
    level: Int, maxDepth: Int, entry: Int, entries: Int, logicalStart: UInt64,
    physicalStart: UInt64, length: UInt64?, unwritten: Bool
  ) {
    self.level = level
    self.maxDepth = maxDepth
    self.entry = entry
    self.entries = entries
    self.logicalStart = logicalStart
    self.physicalStart = physicalStart
    self.length = length
    self.unwritten = unwritten
  }

  public var description: String {
    "\(level)/\(maxDepth) \(entry)/\(entries) l\(logicalStart) p\(physicalStart) len \(length.map(String.init) ?? "-")\(unwritten ? " u" : "")"
  }
}

/// A finding as the beyond-EOF rule (README) derives it from debugfs output.
public struct ExpectedFinding: Hashable, Sendable, CustomStringConvertible {
  public var kind: String
  public var inode: UInt32
  public var logicalBlock: UInt64
  public var physicalBlock: UInt64
  public var blocks: UInt64
  public var straddlesEOF: Bool

  public init(
    kind: String, inode: UInt32, logicalBlock: UInt64, physicalBlock: UInt64, blocks: UInt64,
    straddlesEOF: Bool
  ) {
    self.kind = kind
    self.inode = inode
    self.logicalBlock = logicalBlock
    self.physicalBlock = physicalBlock
    self.blocks = blocks
    self.straddlesEOF = straddlesEOF
  }

  public var description: String {
    "\(kind) ino \(inode) l\(logicalBlock) p\(physicalBlock) n\(blocks)\(straddlesEOF ? " straddles" : "")"
  }
}

/// e2fsprogs' tools as the test oracle.
public enum Debugfs {
  /// Runs one debugfs request (read-only unless `writable`) and returns its stdout.
  public static func request(_ image: String, _ command: String, writable: Bool = false) throws -> String {
    try runChecked("debugfs", (writable ? ["-w"] : []) + ["-R", command, image])
  }

  /// Parses `ex <ino>` rows (leaf rows have two ranges, index rows one block).
  public static func extents(_ image: String, inode: UInt32) throws -> [DebugfsExtent] {
    let text = try request(image, "ex <\(inode)>")
    var rows: [DebugfsExtent] = []
    for line in text.split(separator: "\n") where !line.hasPrefix("Level") {
      let t = line.replacingOccurrences(of: "/", with: " ").split(separator: " ").map(String.init)
      guard t.count >= 8, let level = Int(t[0]), let maxDepth = Int(t[1]),
        let entry = Int(t[2]), let entries = Int(t[3]), let lstart = UInt64(t[4])
      else { continue }
      let dashes = t.filter { $0 == "-" }.count
      if dashes == 2, t.count >= 11, let pstart = UInt64(t[7]), let len = UInt64(t[10]) {
        rows.append(
          DebugfsExtent(
            level: level, maxDepth: maxDepth, entry: entry, entries: entries,
            logicalStart: lstart, physicalStart: pstart, length: len,
            unwritten: t.count > 11 && t[11] == "Uninit"))
      } else if dashes == 1, let pblk = UInt64(t[7]) {
        rows.append(
          DebugfsExtent(
            level: level, maxDepth: maxDepth, entry: entry, entries: entries,
            logicalStart: lstart, physicalStart: pblk, length: nil, unwritten: false))
      }
    }
    return rows
  }

  /// i_size from `stat <ino>`.
  public static func size(_ image: String, inode: UInt32) throws -> UInt64 {
    let text = try request(image, "stat <\(inode)>")
    guard let range = text.range(of: #"Size: (\d+)"#, options: .regularExpression),
      let size = UInt64(text[range].dropFirst(6))
    else { throw ShellError("no Size in debugfs stat <\(inode)>") }
    return size
  }

  /// The inode number of `path` (`debugfs -R 'stat PATH'`, first line).
  public static func inode(_ image: String, path: String) throws -> UInt32 {
    let text = try request(image, "stat \"\(path)\"")
    guard let range = text.range(of: #"Inode: (\d+)"#, options: .regularExpression),
      let number = UInt32(text[range].dropFirst(7))
    else { throw ShellError("no inode for \(path)") }
    return number
  }

  /// Block size from `dumpe2fs -h`.
  public static func blockSize(_ image: String) throws -> Int {
    try Int(dumpe2fsField(image, "Block size") ?? "") ?? 0
  }

  /// One `Name:   value` field of `dumpe2fs -h`.
  public static func dumpe2fsField(_ image: String, _ name: String) throws -> String? {
    let text = try run("dumpe2fs", ["-h", image]).stdout
    for line in text.split(separator: "\n") where line.hasPrefix(name + ":") {
      return line.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces)
    }
    return nil
  }

  /// The data runs of an inode: leaf rows of `ex` for extent-mapped files;
  /// for block-mapped files the `BLOCKS:` list of `stat`, merged into maximal
  /// logically and physically contiguous runs (debugfs breaks the list where
  /// it lists an indirect block).
  public static func dataRuns(_ image: String, inode: UInt32) throws -> [DebugfsExtent] {
    let stat = try request(image, "stat <\(inode)>")
    if stat.contains("EXTENTS:") {
      return try extents(image, inode: inode).filter(\.isLeaf)
    }
    guard let blocks = stat.range(of: "BLOCKS:\n") else { return [] }
    var runs: [DebugfsExtent] = []
    let list = stat[blocks.upperBound...].prefix { $0 != "\n" }
    for item in list.split(separator: ",") {
      let parts = item.trimmingCharacters(in: .whitespaces).split(separator: ":")
      guard parts.count == 2, parts[0].hasPrefix("("), !parts[0].contains("IND") else { continue }
      let logical = parts[0].dropFirst().dropLast().split(separator: "-").compactMap { UInt64($0) }
      let physical = parts[1].split(separator: "-").compactMap { UInt64($0) }
      guard let l0 = logical.first, let p0 = physical.first else { continue }
      let count = (logical.last ?? l0) - l0 + 1
      if var last = runs.last, let n = last.length, last.logicalStart + n == l0,
        last.physicalStart + n == p0
      {
        last.length = n + count
        runs[runs.count - 1] = last
      } else {
        runs.append(
          DebugfsExtent(
            level: 0, maxDepth: 0, entry: 0, entries: 0, logicalStart: l0, physicalStart: p0,
            length: count, unwritten: false))
      }
    }
    return runs
  }

  /// The beyond-EOF findings the README rule derives from debugfs's data runs.
  public static func expectedBeyondEOF(
    _ image: String, inode: UInt32, blockSize: Int
  ) throws -> [ExpectedFinding] {
    let size = try Self.size(image, inode: inode)
    let eof = (size + UInt64(blockSize) - 1) / UInt64(blockSize)
    return try dataRuns(image, inode: inode).compactMap { e -> ExpectedFinding? in
      guard let length = e.length, e.logicalStart + length > eof else { return nil }
      let start = max(e.logicalStart, eof)
      return ExpectedFinding(
        kind: e.unwritten ? "unwritten_beyond_eof" : "written_beyond_eof", inode: inode,
        logicalBlock: start, physicalBlock: e.physicalStart + (start - e.logicalStart),
        blocks: e.logicalStart + length - start, straddlesEOF: e.logicalStart < eof)
    }
  }
}

extension Debugfs {
  /// The physical block of logical block `lblk` of `inode` (`bmap`).
  public static func bmap(_ image: String, inode: UInt32, block lblk: UInt64) throws -> UInt64 {
    let text = try request(image, "bmap <\(inode)> \(lblk)")
    guard let block = UInt64(text.split(whereSeparator: \.isWhitespace).first ?? "") else {
      throw ShellError("bmap <\(inode)> \(lblk): \(text)")
    }
    return block
  }

  /// The file's bytes as libext2fs reads them (`dump`): unwritten blocks read as zeros.
  public static func dump(_ image: String, inode: UInt32, in dir: TemporaryDirectory) throws -> [UInt8] {
    let out = dir.path("dump-\(inode)")
    _ = try request(image, "dump <\(inode)> \(out)")
    return [UInt8](try Data(contentsOf: URL(fileURLWithPath: out)))
  }
}

/// Raw access to an image file, for damage that debugfs cannot make
/// (written blocks of zeros, data under unwritten extents).
public enum RawImage {
  /// Overwrites `bytes` at byte `offset` of the image.
  public static func write(_ image: String, at offset: UInt64, _ bytes: [UInt8]) throws {
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: image))
    try handle.seek(toOffset: offset)
    try handle.write(contentsOf: Data(bytes))
    try handle.close()
  }

  /// Reads `count` bytes at byte `offset` of the image.
  public static func read(_ image: String, at offset: UInt64, count: Int) throws -> [UInt8] {
    let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: image))
    defer { try? handle.close() }
    try handle.seek(toOffset: offset)
    return [UInt8](try handle.read(upToCount: count) ?? Data())
  }
}

extension Debugfs {
  /// Blocks of an inode's map itself: extent-tree blocks (index rows of
  /// `ex`), or the IND/DIND/TIND blocks `stat` lists for a block map.
  public static func mapBlocks(_ image: String, inode: UInt32) throws -> Int {
    let stat = try request(image, "stat <\(inode)>")
    if stat.contains("EXTENTS:") {
      return try extents(image, inode: inode).filter { !$0.isLeaf }.count
    }
    return stat.components(separatedBy: "IND):").count - 1
  }

  /// `mapBlocks` summed over `paths`.
  public static func mapBlocks(_ image: String, paths: [String]) throws -> Int {
    try paths.reduce(0) { $0 + (try mapBlocks(image, inode: try inode(image, path: $1))) }
  }
}
