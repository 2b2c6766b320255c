/// Why an image could not be opened as an ext2/3/4 filesystem.
public enum OpenError: Error, Sendable, CustomStringConvertible {
  /// The path does not exist, is a directory, or cannot be read.
  case unreadable(path: String, reason: String)
  /// libext2fs refused the image (bad magic, corrupt superblock, ...).
  case notExt(path: String, cause: Ext2Error)
  /// A `.replay` open could not read or replay the journal (the raw view may still open).
  case journal(path: String, cause: JournalError)

  public var description: String {
    switch self {
    case .unreadable(let path, let reason): return "\(path): \(reason)"
    case .notExt(let path, let cause):
      return "\(path): not a usable ext2/3/4 filesystem (\(cause.message))"
    case .journal(let path, let cause): return "\(path): journal replay: \(cause)"
    }
  }
}
