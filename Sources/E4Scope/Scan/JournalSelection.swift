import Ext4

/// Which state of a filesystem whose journal needs recovery a command reads:
/// `.replay` (the default) shows it as the next mount will, replayed in
/// memory; `.raw` shows the metadata on disk as it is.
public struct JournalSelection: Sendable, Hashable {
  /// `.replay` or `.raw`.
  public typealias View = Filesystem.JournalView

  public var view: View
  /// The external journal device, for a filesystem whose journal is not an inode.
  public var externalJournal: String?

  public init(view: View = .replay, externalJournal: String? = nil) {
    self.view = view
    self.externalJournal = externalJournal
  }

  /// The disk as it is.
  public static let raw = JournalSelection(view: .raw)
}
