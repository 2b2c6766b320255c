import CExt2fs
import Ext2Shim

/// A failed libext2fs call: the operation that failed, the library's error code
/// (`errcode_t`, com_err or errno) and the library's own message for it.
public struct Ext2Error: Error, Sendable, Hashable, CustomStringConvertible {
  /// The `errcode_t` the library returned.
  public let code: Int
  /// What e4scope was doing, e.g. "open filesystem" or "read extent".
  public let operation: String
  /// The text of `error_message(code)`.
  public let message: String

  public init(code: Int, operation: String) {
    self.code = code
    self.operation = operation
    self.message = String(cString: e4_error_message(errcode_t(code)))
  }

  /// `code` from `operation`, told by `message` instead of the library's text.
  init(code: Int, operation: String, message: String) {
    self.code = code
    self.operation = operation
    self.message = message
  }

  public var description: String { "\(operation): \(message)" }
}

/// The one funnel from `errcode_t` to Swift errors: throws unless `code` is 0.
@inline(__always)
func check(_ code: errcode_t, _ operation: @autoclosure () -> String) throws(Ext2Error) {
  if code != 0 { throw Ext2Error(code: Int(code), operation: operation()) }
}
