import Foundation
import Testing
import TestSupport

/// Images of other filesystems are refused with one line and exit 8.
@Suite struct ForeignImageTests {
  static func available(_ tool: String) -> Bool {
    (try? run("sh", ["-c", "command -v \(tool)"]).status) == 0
  }

  @Test(arguments: ["vfat", "xfs"])
  func foreignFilesystemExitsEight(_ name: String) throws {
    let tool = "mkfs.\(name)"
    try #require(Self.available(tool), "\(tool) is not installed: skipping the \(name) case")
    let dir = try TemporaryDirectory()
    let image = dir.path("\(name).img")
    if name == "vfat" {
      try runChecked(tool, ["-C", image, "8192"])
    } else {
      try runChecked(tool, ["-q", "-d", "file,size=300m,name=\(image)"])
    }
    let r = try run(Fixtures.binary, ["scan", image])
    #expect(r.status == 8)
    #expect(r.stderr == "e4scope: \(image): not a usable ext2/3/4 filesystem (Bad magic number in super-block)\n")
    #expect(r.stdout.isEmpty)  // an empty ndjson report
    let json = try run(Fixtures.binary, ["scan", "--format", "json", image])
    #expect(json.stdout == "{\"schema\":1,\"images\":[]}\n")
    #expect(try run(Fixtures.binary, ["info", image]).status == 8)
  }
}
