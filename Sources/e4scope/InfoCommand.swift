import ArgumentParser
import E4Scope

/// `e4scope info`: filesystem summary of each image.
struct InfoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "info",
    abstract: "Show a filesystem summary: type, UUID, sizes, features, state, mount state.")

  @OptionGroup var output: OutputOptions
  @OptionGroup var image: ImageOptions

  @Argument(help: "ext2/3/4 image files or block devices.", completion: .file())
  var images: [String]

  func run() throws {
    var reports: [InfoReport] = []
    var failed = false
    for path in images {
      do {
        reports.append(try InfoReport(image: path, offset: image.offset))
      } catch {
        output.warnOperational(error)
        failed = true
      }
    }
    output.emit(InfoRenderer.render(reports, as: output.resolvedFormat))
    if failed { throw ExitCode(ExitStatus.operationalError) }
  }
}
