import ArgumentParser
import E4Scope

/// `e4scope trim`: free blocks beyond EOF, or punch zero-filled runs.
struct TrimCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "trim",
    abstract: "Free unwritten blocks beyond EOF (and, if asked, written ones or zero-filled runs).",
    discussion: """
      Frees the ranges a scan reports, through libext2fs's ext2fs_punch, which keeps the \
      bitmaps, free counts and i_blocks right (bigalloc clusters too). Targets:

      --unwritten-beyond-eof (the default when no target is named): unwritten blocks at or \
      past the EOF block (unwritten_beyond_eof), including the tail of an extent that \
      straddles EOF. Files read the same bytes afterwards.

      --written-beyond-eof: written blocks past EOF (written_beyond_eof). e2fsck would \
      instead raise i_size over them (extents in the inode, exposing the blocks' bytes) \
      or delete the whole extent (deeper trees); trimming keeps the file as its size says.

      --zeroed: punch zero-filled written runs (zeroed_written, --min-run) into holes. Files \
      read the same bytes afterwards. A partly used EOF block is punched only when it is \
      zero past i_size too; otherwise it is split off and left, with a message.

      Only the user's files are touched (see scan --help). Immutable and append-only files \
      are left unless --force; an inode that no path names (and that is not on the orphan \
      list) is left unless --inode names it.

      Safety: refuses (exit 8, nothing written) a container image (EWF, QCOW2, VMDK, \
      VHD, VHDX: it names the command that makes a raw copy), and when the image is mounted (also through a \
      loop device), the journal needs recovery, the image is not writable, quota is \
      enabled or the superblock records errors (unless --force), and leaves inodes whose \
      extent tree is damaged and fs-verity files alone. Writes an e2undo file first \
      (e2undo UNDO IMAGE restores the image byte for byte). A dry run only reads: read \
      access to the image is enough. Without --dry-run or --yes it shows the plan (the dry \
      run's table), then asks on the terminal with its totals ("trim 9 ranges in 3 files, \
      1.2 MiB? [y/N]"; anything but y writes nothing and exits 4), and refuses (exit 16) \
      when stdin is not a terminal. SIGINT stops between inodes: every inode is edited \
      completely or not at all.

      Progress: a line on stderr while the plan is scanned, when it is a terminal; -C FD \
      writes machine-readable lines as for scan.

      Exit status: 0 nothing to do, 1 every targeted finding repaired, 4 some left (or a \
      dry run with a plan), 8 refused or failed, 16 usage error, 32 interrupted.
      """)

  @OptionGroup var output: OutputOptions
  @OptionGroup var imageOptions: ImageOptions
  @OptionGroup var repair: RepairArguments

  @Flag(name: .customLong("unwritten-beyond-eof"), help: "Free unwritten blocks beyond EOF (default).")
  var unwrittenBeyondEOF = false

  @Flag(name: .customLong("written-beyond-eof"), help: "Free written blocks beyond EOF.")
  var writtenBeyondEOF = false

  @Flag(name: .long, help: "Punch zero-filled written runs into holes.")
  var zeroed = false

  func run() throws {
    var targets: [RepairTarget] = []
    if unwrittenBeyondEOF || (!writtenBeyondEOF && !zeroed) { targets.append(.unwrittenBeyondEOF) }
    if writtenBeyondEOF { targets.append(.writtenBeyondEOF) }
    if zeroed { targets.append(.punchZeroed) }
    try repair.run(targets: targets, output: output, imageOptions: imageOptions)
  }
}
