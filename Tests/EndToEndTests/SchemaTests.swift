import Foundation
import Testing
import TestSupport

/// Real outputs of every command in every JSON format validate against the
/// JSON Schemas in schemas/ (python3-jsonschema, scripts/validate-output.py).
@Suite struct SchemaTests {
  static let commands: [(arguments: [String], kind: String)] = [
    (["scan", "--format", "ndjson", "--checks", "all", "--granularity", "sector", "--evidence"], "scan-ndjson"),
    (["scan", "--format", "json", "--checks", "all"], "scan-json"),
    (["scan", "--format", "ndjson", "--no-paths"], "scan-ndjson"),
    (["trim", "-n", "--format", "ndjson", "--zeroed", "--written-beyond-eof"], "repair-ndjson"),
    (["trim", "-n", "--format", "json"], "repair-json"),
    (["convert", "-n", "--format", "json", "--zeroed"], "repair-json"),
    (["info", "--format", "json"], "info-json"),
    (["info", "--format", "ndjson"], "info-ndjson"),
    (["extents", "--format", "json", "--inode", "12"], "extents-json"),
    (["extents", "--format", "ndjson", "--inode", "12"], "extents-ndjson"),
  ]

  @Test(arguments: GoldenOutputTests.images)
  func outputsValidate(_ name: String) throws {
    let validator = Fixtures.root.appendingPathComponent("scripts/validate-output.py").path
    let dir = try TemporaryDirectory()
    let image = try dir.gunzip(Fixtures.images.appendingPathComponent("\(name).img.gz"), as: "\(name).img")
    for (arguments, kind) in Self.commands {
      let output = try run(Fixtures.binary, arguments + [image])
      let check = try run(validator, [kind], input: Data(output.stdout.utf8))
      #expect(check.status == 0, "\(name) \(arguments): \(check.stderr)")
    }
    // Several images: one document with every image.
    let both = try run(Fixtures.binary, ["scan", "--format", "json", image, image])
    let check = try run(validator, ["scan-json"], input: Data(both.stdout.utf8))
    #expect(check.status == 0, "\(name) two images: \(check.stderr)")
  }

  /// `info` on a container image names it (the "container" object).
  @Test func containerInfoValidates() throws {
    let validator = Fixtures.root.appendingPathComponent("scripts/validate-output.py").path
    let dir = try TemporaryDirectory()
    let raw = try dir.gunzip(Fixtures.images.appendingPathComponent("demo.img.gz"), as: "demo.img")
    for format in ["qcow2", "ewf"] {
      let container = try ContainerImageTests.convert(raw, to: format, in: dir).path
      for (arguments, kind) in [(["info", "--format", "json"], "info-json"), (["info", "--format", "ndjson"], "info-ndjson")] {
        let output = try run(Fixtures.binary, arguments + [container])
        #expect(output.stdout.contains("\"container\":{"), "\(format): \(output.stdout.prefix(200))")
        let check = try run(validator, [kind], input: Data(output.stdout.utf8))
        #expect(check.status == 0, "\(format) \(arguments): \(check.stderr)")
      }
    }
  }
}
