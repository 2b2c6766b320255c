import Foundation

/// Builds small ext2/3/4 images at test time with `mke2fs` and a `debugfs -w`
/// batch (`write`, `fallocate`, `sif`, `punch`), as e2fsprogs' own d_* tests do.
public struct ImageBuilder {
  /// mke2fs arguments, e.g. `["-t", "ext4", "-b", "1024", "-O", "^metadata_csum"]`.
  public var mkfsArguments: [String]
  /// Image size in KiB.
  public var sizeKiB: Int
  /// debugfs requests, one per line.
  public var requests: [String] = []

  public init(mkfsArguments: [String], sizeKiB: Int = 16384) {
    self.mkfsArguments = mkfsArguments
    self.sizeKiB = sizeKiB
  }

  /// Writes `image` in `directory`; data files named by `write` requests are
  /// created there first from `dataFiles` (name → size, patterned non-zero bytes).
  public func build(in directory: TemporaryDirectory, name: String, dataFiles: [String: Int] = [:])
    throws -> String
  {
    for (file, size) in dataFiles {
      var bytes = [UInt8](repeating: 0, count: size)
      for i in 0..<size { bytes[i] = UInt8(truncatingIfNeeded: (i &* 31 &+ i / 7) | 1) }
      try Data(bytes).write(to: directory.url.appendingPathComponent(file))
    }
    let image = directory.path(name)
    try runChecked(
      "mke2fs", ["-q", "-F", "-E", "lazy_itable_init=0"] + mkfsArguments + [image, "\(sizeKiB)k"])
    if !requests.isEmpty {
      let script = directory.path(name + ".debugfs")
      try requests.joined(separator: "\n").appending("\n").write(
        toFile: script, atomically: true, encoding: .utf8)
      let result = try run("debugfs", ["-w", "-f", script, image])
      guard result.status == 0 else { throw ShellError("debugfs failed: \(result.stderr)") }
    }
    return image
  }
}
