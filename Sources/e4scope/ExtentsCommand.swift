import ArgumentParser
import E4Scope

/// `e4scope extents`: one inode's extent tree.
struct ExtentsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "extents",
    abstract: "List every extent of one inode and where i_size falls.",
    discussion: """
      Lists the extent tree of one inode in tree order, as debugfs -R 'ex <N>' does: for \
      each entry its level and position, the logical and physical range, the length and \
      whether it is written or unwritten, and for each leaf whether it lies below the EOF \
      block, straddles it, or lies beyond it. Index entries show only their first logical \
      block and the block of the child node: the length libext2fs reports for them is \
      derived from i_size, not stored, and is never used. For an ext2/ext3 block-mapped \
      file the rows are its runs of contiguous blocks (mapping: blockmap). Formats: \
      table, json, ndjson \
      (one entry per line), csv.

      Exit status: 0 on success, 8 when the image cannot be opened, the path is not found \
      or the tree cannot be walked, 16 on a usage error.
      """)

  @OptionGroup var output: OutputOptions
  @OptionGroup var image: ImageOptions
  @OptionGroup var journal: JournalOptions

  @Option(name: .long, help: "The inode number.")
  var inode: UInt32?

  @Argument(help: "The ext2/3/4 image file or block device (raw, or a container image).", completion: .file())
  var imagePath: String

  @Argument(
    help: "Absolute path of the file inside the filesystem, by its exact bytes or their escaped form (instead of --inode).")
  var path: String?

  func validate() throws {
    try output.refuseBodyfile("extents")
    if (inode == nil) == (path == nil) {
      throw ValidationError("Name the file by exactly one of --inode N or PATH.")
    }
  }

  func run() throws {
    let target = try image.run(output).single(imagePath)
    let report = try ImageFailure.naming(imagePath) {
      try ExtentsReport(
        target: target, inode: inode, path: path.map(RawArguments.path), journal: journal.selection,
        warn: { output.warn($0) })
    }
    output.emit(ExtentsRenderer.render(report, as: output.resolvedFormat))
  }
}
