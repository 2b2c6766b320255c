import ArgumentParser
import E4Scope
import Ext4

/// The `e4scope` command: subcommands, and the exit status of DESIGN.md §5.
@main
struct E4ScopeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "e4scope",
    abstract: "Find and repair unwritten-extent damage in ext4 images, offline.",
    discussion: """
      e4scope reads ext2/3/4 images through libext2fs and reports what e2fsck does not \
      look for: unwritten extents and written blocks beyond i_size, zero-filled ranges \
      over written extents, and unwritten extents that hold data, the traces of \
      unwritten-extent races and crashes. Scans never write; trim and convert repair \
      in place, with an e2undo undo file, leaving an image e2fsck -fn calls clean.

      Exit status: 0 no findings or nothing to do, 1 repair done, 4 findings reported \
      and left, 8 operational error (cannot open, not ext2/3/4, refused for safety), \
      16 usage error, 32 interrupted.
      """,
    version: E4ScopeVersion.string,
    subcommands: [
      InfoCommand.self, ExtentsCommand.self, ScanCommand.self, TrimCommand.self,
      ConvertCommand.self,
    ])

  static func main() {
    Terminal.ignoreSIGPIPE()
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      exit(withStatusFor: error)
    }
  }

  /// Prints what went wrong on stderr and exits with the DESIGN.md §5 code.
  private static func exit(withStatusFor error: any Error) -> Never {
    if let code = error as? ExitCode { Self.exit(withError: code) }
    if let ambiguous = error as? AmbiguousTarget {
      Terminal.writeErr("e4scope: \(ambiguous)\n")
      Self.exit(withError: ExitCode(ExitStatus.usageError))
    }
    if let message = ExitStatus.operationalMessage(for: error) {
      Terminal.writeErr("e4scope: \(message)\n")
      Self.exit(withError: ExitCode(ExitStatus.operationalError))
    }
    if exitCode(for: error) == .success { Self.exit(withError: error) }
    Terminal.writeErr(fullMessage(for: error) + "\n")
    Self.exit(withError: ExitCode(ExitStatus.usageError))
  }
}
