import Foundation

/// Runs the e4scope binary and sends it SIGINT (or another signal) as soon
/// as its stderr shows `marker`: for the tests of Ctrl-C in the middle of long work.
public struct InterruptedRun: Sendable {
  public var status: Int32
  public var exitedNormally: Bool
  public var stdout: String
  public var stderr: String
  /// The marker appeared and the signal was sent.
  public var signalled: Bool

  /// Sends `signal` (`repeats` times, 50 ms apart) once stderr shows `marker`.
  public init(
    _ arguments: [String], interruptWhen marker: String, signal: Int32 = SIGINT, repeats: Int = 1
  ) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Fixtures.binary)
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let text = LockedText()
    let finished = DispatchSemaphore(value: 0)
    try process.run()
    // A plain reading thread (Foundation's readabilityHandler is not reliable here).
    let reader = Thread {
      while true {
        let chunk = err.fileHandleForReading.availableData
        if chunk.isEmpty { break }
        if text.append(String(decoding: chunk, as: UTF8.self)).contains(marker), text.markSignalled() {
          for n in 0..<repeats {
            if n > 0 { usleep(50_000) }
            kill(process.processIdentifier, signal)
          }
        }
      }
      finished.signal()
    }
    reader.start()
    let report = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    finished.wait()
    status = process.terminationStatus
    exitedNormally = process.terminationReason == .exit
    stdout = String(decoding: report, as: UTF8.self)
    stderr = text.value
    signalled = text.signalled
  }
}

/// Text appended from a pipe-reading thread, and whether SIGINT went out.
final class LockedText: @unchecked Sendable {
  private let lock = NSLock()
  private var text = ""
  private(set) var signalled = false

  func append(_ chunk: String) -> String {
    lock.lock()
    defer { lock.unlock() }
    text += chunk
    return text
  }

  /// True the first time only.
  func markSignalled() -> Bool {
    lock.lock()
    defer { lock.unlock() }
    defer { signalled = true }
    return !signalled
  }

  var value: String {
    lock.lock()
    defer { lock.unlock() }
    return text
  }
}
