import Foundation
import Testing
import TestSupport

/// A data scan's reads past the page cache (`O_DIRECT`, made with `preadv`)
/// that fail are read again through the cache: with every `preadv` failed
/// by strace (`-e inject=preadv:error=EIO`), the findings and bytes read
/// are those of a scan without the fault, and no `read_error` appears.
@Suite(
  .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/strace"), "needs strace (scripts/install-deps.sh --test)"),
  .enabled(if: DirectIO.available, "the temporary directory takes no O_DIRECT reads"))
struct DirectReadTests {
  @Test func failedDirectReadsAreReadAgainThroughTheCache() throws {
    let dir = try TemporaryDirectory()
    let image = try dir.gunzip(Fixtures.images.appendingPathComponent("data.img.gz"), as: "data.img")
    let scan = [Fixtures.binary, "scan", "--checks", "zeroed", "--threads", "1", "--format", "ndjson", "--no-progress", image]

    try PageCache.drop(image)
    let clean = try run(scan[0], Array(scan.dropFirst()))
    try PageCache.drop(image)
    let log = dir.path("strace.log")
    let faulty = try run(
      "strace", ["-f", "-qq", "-o", log, "-e", "trace=preadv", "-e", "inject=preadv:error=EIO"] + scan)

    // The calls' results (a call another thread cut in two ends on its
    // "resumed" line).
    let results = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
      .filter { $0.contains("preadv") && $0.contains(") = ") }
    try #require(!results.isEmpty, "the scan made no direct read: \(faulty.stderr)")
    #expect(results.allSatisfy { $0.contains("EIO") && $0.contains("INJECTED") }, "\(results)")
    #expect(faulty.status == clean.status, "\(faulty.stderr)")
    #expect(!faulty.stdout.contains("\"kind\":\"read_error\""))
    #expect(faulty.stdout.contains("\"read_error\":0"))
    let findings = { (text: String) in text.split(separator: "\n").filter { $0.contains("\"type\":\"finding\"") } }
    #expect(!findings(clean.stdout).isEmpty)
    #expect(findings(faulty.stdout) == findings(clean.stdout))
    let bytesRead = { (text: String) in text.firstMatch(of: /"bytes_read":(\d+)/).map { String($0.1) } }
    #expect(bytesRead(faulty.stdout) != nil && bytesRead(faulty.stdout) == bytesRead(clean.stdout))
  }
}
