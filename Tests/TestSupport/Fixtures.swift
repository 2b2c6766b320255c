import Foundation

/// Paths of the repository, its fixtures and the built e4scope binary.
public enum Fixtures {
  /// The repository root (two levels above this file's folder).
  public static let root: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// Images/: the sample images and their manifest.
  public static var images: URL { root.appendingPathComponent("Images") }

  /// Tests/Fixtures/e2fsprogs/NAME/image.gz: e2fsprogs' regression images.
  public static func e2fsprogsImage(_ name: String) -> URL {
    root.appendingPathComponent("Tests/Fixtures/e2fsprogs/\(name)/image.gz")
  }

  /// The e4scope binary built next to the test bundle.
  public static var binary: String {
    if let override = ProcessInfo.processInfo.environment["E4SCOPE_BIN"] { return override }
    let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let candidates = [products, root.appendingPathComponent(".build/debug")]
    for dir in candidates {
      let path = dir.appendingPathComponent("e4scope").path
      if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return root.appendingPathComponent(".build/debug/e4scope").path
  }
}

/// A temporary directory removed when the value is released.
public final class TemporaryDirectory: @unchecked Sendable {
  public let url: URL

  /// A directory under the system's temporary directory, or with
  /// `inMemory` under /dev/shm when it is writable (for tests that write
  /// many small files).
  public init(inMemory: Bool = false) throws {
    let base =
      inMemory && FileManager.default.isWritableFile(atPath: "/dev/shm")
      ? URL(fileURLWithPath: "/dev/shm") : FileManager.default.temporaryDirectory
    url = base.appendingPathComponent("e4scope-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: url) }

  /// A path inside the directory.
  public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

  /// Decompresses `gz` into the directory as `name` and returns its path.
  public func gunzip(_ gz: URL, as name: String) throws -> String {
    let out = path(name)
    let result = try runRaw("gzip", ["-dc", gz.path])
    try result.write(to: URL(fileURLWithPath: out))
    return out
  }
}

/// Runs a program that must succeed and returns its raw stdout bytes (for binary output).
public func runRaw(_ executable: String, _ arguments: [String]) throws -> Data {
  let r = try runCapturing(executable, arguments)
  guard r.status == 0 else { throw ShellError("\(executable) exited \(r.status)") }
  return r.stdout
}

/// sha256 of a file, via sha256sum.
public func sha256(_ path: String) throws -> String {
  String(try runChecked("sha256sum", [path]).prefix(64))
}
