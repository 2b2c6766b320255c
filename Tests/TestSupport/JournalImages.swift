import Foundation

/// One transaction for `debugfs jw`: filesystem blocks to log and to revoke.
public struct JournalTransactionSpec: Sendable {
  public var write: [UInt64]
  public var revoke: [UInt64]
  public init(write: [UInt64] = [], revoke: [UInt64] = []) {
    self.write = write
    self.revoke = revoke
  }
}

/// Builds images whose journal holds transactions written by debugfs's
/// journal commands (`jo [-c]`, `jw -b BLOCKS -r BLOCKS FILE`, `jc`).
public enum JournalImages {
  /// A fresh image (`mke2fs`) with `transactions` in its journal. Block `i`
  /// of transaction `t` holds a pattern of (t, i); every fourth logged block
  /// begins with the jbd2 magic, so the journal must escape it.
  public static func build(
    in dir: TemporaryDirectory, name: String, mkfs: [String], sizeKiB: Int = 8192,
    checksums: Bool, transactions: [JournalTransactionSpec]
  ) throws -> String {
    let image = dir.path(name)
    try runChecked("mke2fs", ["-q", "-F"] + mkfs + [image, "\(sizeKiB)k"])
    try append(to: image, in: dir, checksums: checksums, transactions: transactions)
    return image
  }

  /// Adds transactions to the journal of an existing image.
  public static func append(
    to image: String, in dir: TemporaryDirectory, checksums: Bool,
    transactions: [JournalTransactionSpec]
  ) throws {
    let blockSize = try Debugfs.blockSize(image)
    var script = [checksums ? "jo -c" : "jo"]
    for (t, spec) in transactions.enumerated() {
      var command = "jw"
      if !spec.write.isEmpty {
        let file = dir.path("\(URL(fileURLWithPath: image).lastPathComponent).t\(t)")
        try Data(pattern(transaction: t, blocks: spec.write.count, blockSize: blockSize))
          .write(to: URL(fileURLWithPath: file))
        command += " -b " + spec.write.map(String.init).joined(separator: ",")
        if !spec.revoke.isEmpty { command += " -r " + spec.revoke.map(String.init).joined(separator: ",") }
        command += " " + file
      } else {
        command += " -r " + spec.revoke.map(String.init).joined(separator: ",")
      }
      script.append(command)
    }
    script.append("jc")
    let path = dir.path("journal.debugfs")
    try (script.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    let result = try run("debugfs", ["-w", "-f", path, image])
    guard result.status == 0, !result.stdout.contains("error"), !result.stderr.contains("while ")
    else { throw ShellError("debugfs journal commands failed: \(result.stdout) \(result.stderr)") }
  }

  /// The bytes debugfs logs for transaction `t`.
  public static func pattern(transaction t: Int, blocks: Int, blockSize: Int) -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: blocks * blockSize)
    for i in 0..<blocks {
      for j in 0..<blockSize {
        bytes[i * blockSize + j] = UInt8(truncatingIfNeeded: t &* 37 &+ i &* 11 &+ j &* 7 &+ 1)
      }
      if i % 4 == 1 {
        bytes.replaceSubrange((i * blockSize)..<(i * blockSize + 4), with: [0xC0, 0x3B, 0x39, 0x98])
      }
    }
    return bytes
  }

  /// A copy of `image` after `e2fsck -y -E journal_only` replayed its journal.
  public static func replayedByE2fsck(_ image: String, in dir: TemporaryDirectory, name: String)
    throws -> (path: String, result: CommandResult)
  {
    let copy = dir.path(name)
    try? FileManager.default.removeItem(atPath: copy)
    try FileManager.default.copyItem(atPath: image, toPath: copy)
    let result = try run("e2fsck", ["-y", "-E", "journal_only", copy])
    return (copy, result)
  }

  /// The physical filesystem block of each journal block (`debugfs ex <8>`).
  public static func journalBlocks(_ image: String) throws -> [UInt64] {
    var map: [UInt64] = []
    for e in try Debugfs.extents(image, inode: 8) where e.isLeaf {
      guard let length = e.length, e.logicalStart == UInt64(map.count) else {
        throw ShellError("journal inode is not mapped contiguously from block 0")
      }
      map += (0..<length).map { e.physicalStart + $0 }
    }
    return map
  }
}

/// One transaction as `debugfs -R 'logdump'` lists it.
public struct LogdumpTransaction: Hashable, Sendable, CustomStringConvertible {
  public var sequence: UInt32
  public var descriptorBlocks: [UInt64] = []
  /// (filesystem block, journal block, flags)
  public var tags: [[UInt64]] = []
  public var revokeBlocks: [UInt64] = []
  public var revokes: [UInt64] = []
  public var commitBlock: UInt64?

  public init(sequence: UInt32) { self.sequence = sequence }

  public var description: String {
    "seq \(sequence) desc \(descriptorBlocks) tags \(tags) revoke \(revokeBlocks) \(revokes) commit \(commitBlock.map(String.init) ?? "-")"
  }
}

/// Parses `logdump -a` (descriptor tags and revoke records listed).
public enum Logdump {
  public static func transactions(_ image: String, external: String? = nil) throws
    -> [LogdumpTransaction]
  {
    let request = external.map { "logdump -a -f \($0)" } ?? "logdump -a"
    let text = try run("debugfs", ["-R", request, image]).stdout
    var result: [LogdumpTransaction] = []
    func numbers(_ line: Substring) -> [UInt64] {
      line.split(whereSeparator: { !$0.isHexDigit && $0 != "x" }).compactMap { token in
        token.hasPrefix("0x") ? UInt64(token.dropFirst(2), radix: 16) : UInt64(token)
      }
    }
    var current: LogdumpTransaction?
    var section = ""
    for line in text.split(separator: "\n") {
      if line.hasPrefix("Found expected sequence ") {
        let n = numbers(line)
        guard n.count >= 3 else { continue }
        let sequence = UInt32(truncatingIfNeeded: n[0])
        let type = n[1]
        let block = n[n.count - 1]
        if current?.sequence != sequence {
          if let current { result.append(current) }
          current = LogdumpTransaction(sequence: sequence)
        }
        switch type {
        case 1: current?.descriptorBlocks.append(block)
        case 2: current?.commitBlock = block
        case 5: current?.revokeBlocks.append(block)
        default: break
        }
        section = line.contains("descriptor") ? "d" : line.contains("revoke") ? "r" : ""
      } else if line.contains("FS block") && line.contains("logged at journal block"), section == "d" {
        let n = numbers(line)
        if n.count >= 3 { current?.tags.append([n[0], n[1], n[2]]) }
      } else if line.contains("Revoke FS block"), section == "r" {
        if let n = numbers(line).first { current?.revokes.append(n) }
      }
    }
    if let current { result.append(current) }
    return result
  }
}

/// Whether this machine lets tests loop-mount images (root and /dev/loop-control).
public enum LoopDevices {
  public static let available: Bool = {
    getuid() == 0 && FileManager.default.fileExists(atPath: "/dev/loop-control")
  }()
}

extension LoopDevices {
  /// Runs `body` while no other journal test that attaches loop devices or
  /// shuts a mounted filesystem down runs (an flock shared by every test
  /// process): e2fsck's external-journal replay misreads its loop device
  /// while another test crashes a loop-mounted filesystem.
  public static func exclusively<T>(_ body: () throws -> T) throws -> T {
    let fd = open("/tmp/e4scope-tests-journal-loop.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o666)
    guard fd >= 0 else { return try body() }
    defer { close(fd) }
    flock(fd, LOCK_EX)
    defer { flock(fd, LOCK_UN) }
    return try body()
  }
}
