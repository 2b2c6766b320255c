import ArgumentParser
import E4Scope

/// `e4scope info`: filesystem summary of each image.
struct InfoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "info",
    abstract: "Show a filesystem summary: type, UUID, sizes, features, state, mount state.",
    discussion: """
      For a container image (EWF, QCOW2, VMDK, VHD, VHDX), first its format and the size \
      of the disk it holds. For a partitioned disk (MBR, GPT), first the partition table as libblkid reads it: \
      number, start and size in bytes, type, and the filesystem in each. Then, for each \
      ext2/3/4 filesystem, what libblkid recognises (type and version) and the superblock through \
      libext2fs: UUID, label, block and cluster size, blocks and inodes with their free \
      counts, inode size, block groups, feature names as dumpe2fs spells them, state \
      (clean, not clean, with errors), errors behaviour, whether the journal needs \
      recovery (shown replayed in memory by default, see --journal; a repair needs e2fsck -p \
      -E journal_only first), the orphan chain, last \
      mount time and place, and whether the image is mounted now (also through a loop \
      device). Formats: table, or json (every other format prints the same JSON document).

      Exit status: 0 on success, 8 when an image cannot be opened, 16 on a usage error.
      """)

  @OptionGroup var output: OutputOptions
  @OptionGroup var image: ImageOptions
  @OptionGroup var journal: JournalOptions

  @Argument(help: "ext2/3/4 image files or block devices (raw, or EWF, QCOW2, VMDK, VHD, VHDX container images).", completion: .file())
  var images: [String]

  func validate() throws {
    try output.refuseBodyfile("info")
    if output.format == .csv {
      throw ValidationError("info reports as table, json or ndjson; csv is for findings.")
    }
  }

  func run() throws {
    let outcome = image.run(output).overImages(images) { path, selection in
      try InfoReport(selection, image: path, journal: journal.selection, warn: { output.warn($0) })
    }
    output.emit(InfoRenderer.render(outcome.results, as: output.resolvedFormat))
    if outcome.failed { throw ExitCode(ExitStatus.operationalError) }
  }
}
