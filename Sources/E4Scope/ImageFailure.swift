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
