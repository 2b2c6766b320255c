import Ext2Shim

/// The replayed blocks of a journal, held in C for the overlay io manager:
/// libext2fs opened through it reads the filesystem as a recovery leaves it.
final class ReplayOverlay: @unchecked Sendable {
  let table: OpaquePointer

  init(blockSize: Int) throws(JournalError) {
    guard let table = e4_overlay_new(UInt32(blockSize)) else {
      throw .badJournalFile("out of memory for the replay overlay")
    }
    self.table = table
  }

  deinit { e4_overlay_free(table) }

  /// Adds one block; blocks must come in increasing order.
  func add(block: UInt64, contents: [UInt8]) throws(JournalError) {
    let rc = contents.withUnsafeBytes { e4_overlay_add(table, block, $0.baseAddress) }
    guard rc == 0 else { throw .badJournalFile("cannot add block \(block) to the replay overlay") }
  }

  /// The io option that attaches this table to an overlay channel.
  var ioOption: String { "e4overlay=\(UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(table))))" }
}

/// What opening a filesystem with `.replay` found on disk, before the view.
struct ReplayedView {
  var overlay: ReplayOverlay
  var replay: JournalReplay

  /// Plans the replay on a read-only raw handle and loads only the replayed
  /// blocks. Nil when a mount would replay nothing (no journal, or the
  /// needs_recovery flag is clear: the kernel then discards the log).
  static func prepare(_ path: String, options: Filesystem.Options) throws(OpenError)
    -> ReplayedView?
  {
    var rawOptions = options
    rawOptions.journal = .raw
    rawOptions.writable = false
    let fs = try Filesystem.open(path, options: rawOptions)
    defer { try? fs.close() }
    guard fs.needsRecovery else { return nil }
    do {
      guard let journal = try fs.openJournal(externalJournal: options.externalJournal) else {
        return nil
      }
      let replay = try journal.replayPlan(filesystemBlocks: fs.blocksCount)
      let overlay = try ReplayOverlay(blockSize: fs.blockSize)
      for block in replay.sortedBlocks {
        guard let location = replay.blocks[block] else { continue }
        try overlay.add(block: block, contents: journal.contents(of: location))
      }
      return ReplayedView(overlay: overlay, replay: replay)
    } catch {
      throw .journal(path: path, cause: error)
    }
  }
}
