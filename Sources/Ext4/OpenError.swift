/// Why an image could not be opened as an ext2/3/4 filesystem.
public enum OpenError: Error, Sendable, CustomStringConvertible {
  /// The path does not exist, is a directory, or cannot be read.
  case unreadable(path: String, reason: String)
  /// The path is not a regular file or a block device (a FIFO, a directory, ...).
  case notAnImage(path: String, kind: ImageFile)
  /// libext2fs refused the image (bad magic, corrupt superblock, ...);
  /// `foreign` says what the image is instead, when that can be told.
  case notExt(path: String, cause: Ext2Error, foreign: ForeignImage? = nil)
  /// A `.replay` open could not read or replay the journal (the raw view may still open).
  case journal(path: String, cause: JournalError)

  public var description: String {
    switch self {
    case .unreadable(let path, let reason): return "\(path): \(reason)"
    case .notAnImage(let path, let kind):
      return "\(path) is \(kind): e4scope reads image files and block devices"
    case .notExt(let path, _, let foreign?):
      return "\(path): not an ext2/3/4 filesystem: it is \(foreign.name)"
        + (foreign.advice.map { "; \($0)" } ?? "")
    case .notExt(let path, let cause, nil):
      return "\(path): not a usable ext2/3/4 filesystem (\(cause.message))"
    case .journal(let path, let cause): return "\(path): journal replay: \(cause)"
    }
  }
}
