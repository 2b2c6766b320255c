import Foundation

/// The result of a program run with byte-exact arguments and output.
public struct RawResult: Sendable {
  public var status: Int32
  public var stdout: [UInt8]
  public var stderr: [UInt8]
}

/// Runs `arguments[0]` with `arguments` as the exact bytes of its argv
/// (Foundation's Process takes only String arguments, which must be UTF-8):
/// through `sh`, each argument rebuilt by `printf` from octal escapes.
public func runRaw(bytes arguments: [[UInt8]]) throws -> RawResult {
  var script = ""
  for (i, argument) in arguments.enumerated() {
    let escapes = argument.map { byte -> String in
      let digits = String(byte, radix: 8)
      return "\\" + String(repeating: "0", count: 3 - digits.count) + digits
    }.joined()
    // The trailing x keeps trailing newlines, which $(...) would strip.
    script += "a\(i)=$(printf '\(escapes)'; echo x); a\(i)=${a\(i)%x}\n"
  }
  script += "exec " + arguments.indices.map { "\"$a\($0)\"" }.joined(separator: " ") + "\n"
  let r = try runCapturing("/bin/sh", ["-c", script])
  return RawResult(status: r.status, stdout: [UInt8](r.stdout), stderr: [UInt8](r.stderr))
}
