import Foundation
import Testing
import TestSupport

/// Every command's output on the sample images, in every format, equals the
/// committed copy in Tests/Fixtures/golden (timings masked): a change of
/// wording or fields shows in the diff and is made on purpose.
/// `E4SCOPE_UPDATE_GOLDEN=1 swift test --filter GoldenOutputTests` rewrites them.
@Suite struct GoldenOutputTests {
  static let images = ["demo", "data", "deep", "deep-e2fsck", "bigalloc", "written-eof", "ext3"]

  /// Name of the golden file and the arguments before IMAGE.
  static let commands: [(String, [String])] = [
    ("info.table", ["info", "--format", "table"]),
    ("info.json", ["info", "--format", "json"]),
    ("extents-12.table", ["extents", "--format", "table", "--inode", "12"]),
    ("extents-12.json", ["extents", "--format", "json", "--inode", "12"]),
    ("extents-12.csv", ["extents", "--format", "csv", "--inode", "12"]),
    ("scan.table", ["scan", "--format", "table"]),
    ("scan.ndjson", ["scan", "--format", "ndjson"]),
    ("scan-all.table", ["scan", "--format", "table", "--checks", "all", "--granularity", "sector", "--evidence"]),
    ("scan-all.json", ["scan", "--format", "json", "--checks", "all", "--granularity", "sector", "--evidence"]),
    ("scan-all.ndjson", ["scan", "--format", "ndjson", "--checks", "all"]),
    ("scan-all.csv", ["scan", "--format", "csv", "--checks", "all", "--granularity", "sector"]),
    ("trim-n.table", ["trim", "-n", "--format", "table", "--written-beyond-eof", "--unwritten-beyond-eof"]),
    ("trim-n.ndjson", ["trim", "-n", "--format", "ndjson", "--zeroed"]),
    ("convert-n.json", ["convert", "-n", "--format", "json", "--zeroed"]),
  ]

  /// Output with what changes from run to run masked: the image's
  /// directory, elapsed times.
  static func normalized(_ text: String, dir: String) -> String {
    var text = text.replacingOccurrences(of: dir + "/", with: "")
    for pattern in [#""elapsed_s":[0-9.e-]+"#, #"in [0-9]+\.[0-9]{3} s"#] {
      text = text.replacingOccurrences(of: pattern, with: "<elapsed>", options: .regularExpression)
    }
    return text
  }

  @Test(arguments: images)
  func outputsMatchTheGoldenCopies(_ name: String) throws {
    let dir = try TemporaryDirectory()
    let image = try dir.gunzip(Fixtures.images.appendingPathComponent("\(name).img.gz"), as: "\(name).img")
    let goldenDir = Fixtures.root.appendingPathComponent("Tests/Fixtures/golden/\(name)")
    let update = ProcessInfo.processInfo.environment["E4SCOPE_UPDATE_GOLDEN"] == "1"
    if update { try FileManager.default.createDirectory(at: goldenDir, withIntermediateDirectories: true) }
    for (file, arguments) in Self.commands {
      // A fixed width: the image's temporary path must not move line breaks.
      let r = try run("env", ["COLUMNS=160", Fixtures.binary] + arguments + [image])
      let text = "exit \(r.status)\n--- stdout\n\(Self.normalized(r.stdout, dir: dir.url.path))"
        + "--- stderr\n\(Self.normalized(r.stderr, dir: dir.url.path))"
      let url = goldenDir.appendingPathComponent(file)
      if update {
        try text.write(to: url, atomically: true, encoding: .utf8)
        continue
      }
      let golden = try String(contentsOf: url, encoding: .utf8)
      #expect(text == golden, "\(name) \(file): differs from \(url.path)")
    }
    #expect(try sha256(image) == (try sha256ofGunzipped(name)), "no command wrote to \(name)")
  }

  private func sha256ofGunzipped(_ name: String) throws -> String {
    let dir = try TemporaryDirectory()
    return try sha256(try dir.gunzip(Fixtures.images.appendingPathComponent("\(name).img.gz"), as: "x.img"))
  }
}
