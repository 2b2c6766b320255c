import Foundation
import Testing
import TestSupport

/// SIGINT during a data scan: the report of what was scanned, exit 32, and
/// the image untouched.
@Suite struct InterruptTests {
  @Test func sigintStopsTheScanWithExit32() throws {
    let dir = try TemporaryDirectory()
    // 2 GiB of unwritten extents in a sparse 3 GiB image: reading them takes
    // long enough (first touch of the holes) to be interrupted mid-way.
    var b = ImageBuilder(mkfsArguments: ["-t", "ext4", "-b", "4096"], sizeKiB: 3 << 20)
    b.requests = ["write /dev/null big", "fallocate big 0 524287"]
    let image = try b.build(in: dir, name: "big.img")
    let before = try FileManager.default.attributesOfItem(atPath: image)

    let process = Process()
    process.executableURL = URL(fileURLWithPath: Fixtures.binary)
    process.arguments = [
      "scan", "--checks", "unwritten-data", "--threads", "1", "--progress", "--format", "ndjson", image,
    ]
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let sawData = DispatchSemaphore(value: 0)
    let readerDone = DispatchSemaphore(value: 0)
    let stderrText = LockedText()
    try process.run()
    // A plain reading thread (Foundation's readabilityHandler is not reliable here).
    let reader = Thread {
      let handle = err.fileHandleForReading
      var signalled = false
      while true {
        let chunk = handle.availableData
        if chunk.isEmpty { break }
        if stderrText.append(String(decoding: chunk, as: UTF8.self)).contains("data:") && !signalled {
          signalled = true
          sawData.signal()
        }
      }
      if !signalled { sawData.signal() }
      readerDone.signal()
    }
    reader.start()
    #expect(sawData.wait(timeout: .now() + 30) == .success, "no data progress on stderr")
    kill(process.processIdentifier, SIGINT)
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    readerDone.wait()

    #expect(process.terminationReason == .exit)
    #expect(process.terminationStatus == 32)
    let report = String(decoding: stdout, as: UTF8.self)
    #expect(report.contains("\"type\":\"summary\""))
    #expect(report.contains("\"interrupted\":true"))
    #expect(stderrText.value.contains("interrupted"))
    let after = try FileManager.default.attributesOfItem(atPath: image)
    #expect(after[.modificationDate] as? Date == before[.modificationDate] as? Date)
    #expect(after[.size] as? Int == before[.size] as? Int)
  }
}

/// Text appended from a pipe handler thread.
final class LockedText: @unchecked Sendable {
  private let lock = NSLock()
  private var text = ""

  func append(_ chunk: String) -> String {
    lock.lock()
    defer { lock.unlock() }
    text += chunk
    return text
  }

  var value: String {
    lock.lock()
    defer { lock.unlock() }
    return text
  }
}
