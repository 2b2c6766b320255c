import Ext4

/// The exit codes of e4scope (e2fsck-like, for scripts).
public enum ExitStatus {
  /// No findings, or nothing to do.
  public static let clean: Int32 = 0
  /// A repair fixed every targeted finding.
  public static let repaired: Int32 = 1
  /// Findings reported and left as they are.
  public static let findingsLeft: Int32 = 4
  /// Cannot open, not ext2/3/4, refused for safety; nothing written.
  public static let operationalError: Int32 = 8
  /// Bad command line.
  public static let usageError: Int32 = 16
  /// Interrupted by SIGINT.
  public static let interrupted: Int32 = 32

  /// The status of a scan: an image that failed outranks findings.
  public static func scan(failed: Bool, findings: Int) -> Int32 {
    failed ? operationalError : (findings > 0 ? findingsLeft : clean)
  }

  /// The exit status and one-line message for an error that is not the
  /// command line's: its own, when it is an `OperationalError`; else exit 8.
  /// No error outside the argument parser can pass for a usage error.
  public static func of(_ error: any Error) -> (status: Int32, message: String) {
    if let error = error as? any OperationalError { return (error.exitStatus, error.description) }
    return (operationalError, String(describing: error))
  }
}

/// An error that ends a command: one line naming the cause, and the exit
/// status it stands for (8 unless it says otherwise).
public protocol OperationalError: Error, CustomStringConvertible {
  var exitStatus: Int32 { get }
}

extension OperationalError {
  public var exitStatus: Int32 { ExitStatus.operationalError }
}

extension OpenError: OperationalError {}
extension Ext2Error: OperationalError {}
extension ExtentTreeError: OperationalError {}
extension ImageReader.Failure: OperationalError {}
extension PathIndex.Unresolved: OperationalError {}
extension SelectionError: OperationalError {}
extension RepairRefusal: OperationalError {}
extension AmbiguousTarget: OperationalError {
  public var exitStatus: Int32 { ExitStatus.usageError }
}

/// An error about one image; its message names the image first, and it
/// keeps the exit status of the error it wraps.
public struct ImageFailure: OperationalError, Sendable {
  public let image: String
  public let message: String
  public let exitStatus: Int32

  public var description: String { message.hasPrefix(image) ? message : "\(image): \(message)" }

  /// Runs `body`; an error it throws comes out naming `image`.
  public static func naming<T>(_ image: String, _ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let failure as ImageFailure {
      throw failure
    } catch {
      let (status, message) = ExitStatus.of(error)
      throw ImageFailure(image: image, message: message, exitStatus: status)
    }
  }
}
