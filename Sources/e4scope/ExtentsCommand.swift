import ArgumentParser
import E4Scope

/// `e4scope extents`: one inode's extent tree.
struct ExtentsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "extents",
    abstract: "List every extent of one inode and where i_size falls.")

  @OptionGroup var output: OutputOptions
  @OptionGroup var image: ImageOptions

  @Option(name: .long, help: "The inode number.")
  var inode: UInt32?

  @Argument(help: "The ext2/3/4 image file or block device.", completion: .file())
  var imagePath: String

  @Argument(help: "Absolute path of the file inside the filesystem (instead of --inode).")
  var path: String?

  func validate() throws {
    if (inode == nil) == (path == nil) {
      throw ValidationError("Name the file by exactly one of --inode N or PATH.")
    }
  }

  func run() throws {
    let report = try ExtentsReport(
      image: imagePath, offset: image.offset, inode: inode, path: path)
    output.emit(ExtentsRenderer.render(report, as: output.resolvedFormat))
  }
}
