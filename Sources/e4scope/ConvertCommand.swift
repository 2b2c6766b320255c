import ArgumentParser
import E4Scope

/// `e4scope convert`: flip runs between written and unwritten.
struct ConvertCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "convert",
    abstract: "Flip zero-filled runs to unwritten, or unwritten runs holding data to written.",
    discussion: """
      Changes extent flags only (ext2fs_extent_replace/insert, splitting extents where a \
      run starts or ends inside one); no data block is written or freed.

      --zeroed: zero-filled written runs (zeroed_written, --min-run) become unwritten. The \
      file reads the same bytes; the blocks stay allocated. A partly used EOF block is \
      converted only when it is zero past i_size too (then every byte that reads stays \
      the same); otherwise it is split off and left, with a message. Block-mapped \
      (ext2/ext3) files have no extents to flip and are left.

      --unwritten-data: unwritten runs that hold data (unwritten_with_data) become written, \
      so the bytes on disk become readable: recovery after a lost unwritten-to-written \
      conversion. This exposes whatever the blocks hold, which may be stale data of a \
      deleted file, so it needs an explicit --inode or --path. Runs beyond EOF are left \
      unless --extend-size raises i_size to cover them (to the last non-zero byte, or to \
      --size BYTES).

      Safety, undo file, confirmation and exit status as for trim.
      """)

  @OptionGroup var output: OutputOptions
  @OptionGroup var imageOptions: ImageOptions
  @OptionGroup var repair: RepairArguments

  @Flag(name: .long, help: "Turn zero-filled written runs unwritten.")
  var zeroed = false

  @Flag(name: .customLong("unwritten-data"), help: "Turn unwritten runs that hold data written.")
  var unwrittenData = false

  @Flag(name: .customLong("extend-size"), help: "With --unwritten-data: raise i_size over recovered data beyond EOF.")
  var extendSize = false

  @Option(name: .long, help: "With --extend-size: the new i_size in bytes.")
  var size: UInt64?

  func validate() throws {
    if zeroed == unwrittenData {
      throw ValidationError("Choose exactly one of --zeroed or --unwritten-data.")
    }
    if unwrittenData && repair.selection.inode.isEmpty && repair.selection.path.isEmpty {
      throw ValidationError(
        "--unwritten-data exposes whatever the blocks hold: name the files with --inode or --path.")
    }
    if (extendSize || size != nil) && !unwrittenData {
      throw ValidationError("--extend-size and --size go with --unwritten-data.")
    }
    if size != nil && !extendSize { throw ValidationError("--size needs --extend-size.") }
  }

  func run() throws {
    if unwrittenData {
      var options = try repair.options(targets: [.convertUnwrittenData])
      options.extendSize = extendSize
      options.size = size
      try repair.run(options: options, output: output, imageOptions: imageOptions)
    } else {
      try repair.run(targets: [.convertZeroed], output: output, imageOptions: imageOptions)
    }
  }
}
