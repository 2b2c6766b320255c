import Foundation

/// The result of running an external program.
public struct CommandResult: Sendable {
  public var status: Int32
  public var stdout: String
  public var stderr: String
}

/// Runs `executable` (looked up in PATH when not absolute) with `arguments`,
/// `input` on stdin (else /dev/null), and returns its status and the exact
/// bytes of stdout and stderr. Both pipes are read concurrently, so a full
/// stderr pipe cannot block the child.
public func runCapturing(_ executable: String, _ arguments: [String], input: Data? = nil) throws
  -> (status: Int32, stdout: Data, stderr: Data)
{
  let process = Process()
  process.executableURL = URL(fileURLWithPath: resolve(executable))
  process.arguments = arguments
  let out = Pipe()
  let err = Pipe()
  process.standardOutput = out
  process.standardError = err
  if let input {
    let inPipe = Pipe()
    process.standardInput = inPipe
    try process.run()
    inPipe.fileHandleForWriting.write(input)
    try inPipe.fileHandleForWriting.close()
  } else {
    process.standardInput = FileHandle.nullDevice
    try process.run()
  }
  nonisolated(unsafe) var errData = Data()
  let group = DispatchGroup()
  group.enter()
  DispatchQueue.global().async {
    errData = err.fileHandleForReading.readDataToEndOfFile()
    group.leave()
  }
  let outData = out.fileHandleForReading.readDataToEndOfFile()
  group.wait()
  process.waitUntilExit()
  return (process.terminationStatus, outData, errData)
}

/// Runs `executable` (see `runCapturing`), with its output as text.
@discardableResult
public func run(_ executable: String, _ arguments: [String], input: Data? = nil) throws
  -> CommandResult
{
  let r = try runCapturing(executable, arguments, input: input)
  return CommandResult(
    status: r.status, stdout: String(decoding: r.stdout, as: UTF8.self),
    stderr: String(decoding: r.stderr, as: UTF8.self))
}

/// Runs a program that must succeed; throws with its stderr otherwise.
@discardableResult
public func runChecked(_ executable: String, _ arguments: [String]) throws -> String {
  let result = try run(executable, arguments)
  guard result.status == 0 else {
    throw ShellError(
      "\(executable) \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)")
  }
  return result.stdout
}

/// A failed helper command in a test.
public struct ShellError: Error, CustomStringConvertible {
  public let description: String
  public init(_ description: String) { self.description = description }
}

private func resolve(_ executable: String) -> String {
  if executable.hasPrefix("/") { return executable }
  let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/sbin:/usr/bin:/sbin:/bin"
  for dir in (path + ":/usr/sbin:/sbin").split(separator: ":") {
    let candidate = "\(dir)/\(executable)"
    if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
  }
  return executable
}
