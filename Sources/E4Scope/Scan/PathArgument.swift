import Ext4

/// A path inside the filesystem as the user gave it: its exact bytes (from
/// argv, undecoded). It names a file by those bytes, or else by the bytes
/// of its escaped form (`NameEncoding.unescaped`), as the reports print names.
public struct PathArgument: Sendable, Hashable {
  public let bytes: [UInt8]

  public init(bytes: [UInt8]) { self.bytes = bytes }

  public init(_ text: String) { self.init(bytes: Array(text.utf8)) }

  /// The argument for messages on a terminal.
  public var display: String { NameEncoding.terminal(bytes) }

  /// The argument for reports: the path, escaped when it is not UTF-8.
  var reportText: String {
    NameEncoding.isUTF8(bytes)
      ? String(decoding: bytes, as: UTF8.self) : NameEncoding.escaped(bytes)
  }

  /// The byte strings tried in turn: the exact bytes, then the unescaped form.
  var candidates: [[UInt8]] {
    let unescaped = NameEncoding.isUTF8(bytes)
      ? NameEncoding.unescaped(String(decoding: bytes, as: UTF8.self)) : nil
    return [bytes] + (unescaped.map { $0 == bytes ? [] : [$0] } ?? [])
  }
}

extension Filesystem {
  /// The inode `argument` names and the bytes that matched; the error of the
  /// exact bytes when no form matches.
  func lookup(_ argument: PathArgument) throws(Ext2Error) -> (inode: UInt32, path: [UInt8]) {
    var firstError: Ext2Error?
    for candidate in argument.candidates {
      do {
        return (try lookup(bytes: candidate), candidate)
      } catch {
        firstError = firstError ?? error
      }
    }
    throw firstError ?? Ext2Error(code: 0, operation: "look up")
  }
}

extension PathArgument: ExpressibleByStringLiteral {
  public init(stringLiteral value: String) { self.init(value) }
}
