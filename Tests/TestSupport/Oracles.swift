import Foundation

/// `e2fsck -fn`: exit status and output.
public enum Fsck {
  public static func check(_ image: String) throws -> CommandResult {
    try run("e2fsck", ["-fn", image])
  }
}

/// What every named file reads as through libext2fs (`debugfs dump`) and its
/// i_size: the "same bytes before and after" oracle of the repair tests.
public struct FileContents: Equatable, CustomStringConvertible {
  public var files: [String: (size: UInt64, sha256: String)]

  public static func == (a: FileContents, b: FileContents) -> Bool {
    a.files.keys.sorted() == b.files.keys.sorted()
      && a.files.allSatisfy { key, value in
        b.files[key].map { $0.size == value.size && $0.sha256 == value.sha256 } ?? false
      }
  }

  public var description: String {
    files.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.size) \($0.value.sha256.prefix(12))" }
      .joined(separator: ", ")
  }

  /// Dumps `paths` of `image` into `dir` and hashes them.
  public init(_ image: String, paths: [String], in dir: TemporaryDirectory) throws {
    files = [:]
    for path in paths {
      let inode = try Debugfs.inode(image, path: path)
      let out = dir.path("contents-\(inode)")
      _ = try Debugfs.request(image, "dump <\(inode)> \(out)")
      files[path] = (try Debugfs.size(image, inode: inode), try sha256(out))
    }
  }
}

/// e2undo: restores `image` from `undo`.
public func e2undo(_ undo: String, _ image: String) throws {
  try runChecked("e2undo", [undo, image])
}

/// "Free blocks" from `dumpe2fs -h`.
public func freeBlocks(_ image: String) throws -> UInt64 {
  UInt64(try Debugfs.dumpe2fsField(image, "Free blocks") ?? "") ?? 0
}
