import Ext4

/// The exit codes of DESIGN.md §5 (e2fsck-like, for scripts).
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

  /// The one-line message for an error that is operational (exit 8), or nil
  /// when the error is something else (a usage error).
  public static func operationalMessage(for error: any Error) -> String? {
    switch error {
    case let error as OpenError: return error.description
    case let error as Ext2Error: return error.description
    case let error as SelectionError: return error.description
    case let error as ExtentTreeError: return error.description
    case let error as RepairRefusal: return error.description
    case let error as ImageFailure: return error.description
    default: return nil
    }
  }
}

/// An operational error about one image; its message names the image first.
public struct ImageFailure: Error, Sendable, CustomStringConvertible {
  public let image: String
  public let message: String

  public var description: String { message.hasPrefix(image) ? message : "\(image): \(message)" }

  /// Runs `body`; an operational error it throws comes out naming `image`.
  public static func naming<T>(_ image: String, _ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch {
      guard let message = ExitStatus.operationalMessage(for: error) else { throw error }
      throw ImageFailure(image: image, message: message)
    }
  }
}
