import ArgumentParser
import E4Scope
import Platform

/// The `e4scope` command: subcommands, and and e4scope's e2fsck-like exit status.
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

      An image is a raw image file or block device (a bare filesystem, or a disk with an \
      MBR or GPT partition table), or a container image read through its library, \
      read-only: EWF/E01 (split segment sets too), QCOW/QCOW2, VMDK, VHD and VHDX, told \
      by their signatures. Repairs need a raw copy.

      Exit status: 0 no findings or nothing to do, 1 repair done, 4 findings reported \
      and left, 8 operational error (cannot open, not ext2/3/4, refused for safety), \
      16 usage error, 32 interrupted.
      """,
    version: E4ScopeVersion.full,
    subcommands: [
      InfoCommand.self, ExtentsCommand.self, ScanCommand.self, TrimCommand.self,
      ConvertCommand.self,
    ])

  static func main() {
    Terminal.ignoreSIGPIPE()
    if CommandLine.arguments.dropFirst() == ["-V"] {
      // e2fsprogs' tools print their version for -V.
      Terminal.writeOut(E4ScopeVersion.full + "\n")
      return
    }
    if let problem = ArgumentChecks.problem(Array(CommandLine.arguments.dropFirst())) {
      Terminal.writeErr("e4scope: \(problem)\n")
      Self.exit(withError: ExitCode(ExitStatus.usageError))
    }
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      exit(withStatusFor: error)
    }
  }

  /// Prints what went wrong on stderr and exits with its status: the
  /// parser's own errors are usage errors (16), every other error names its
  /// status (`OperationalError`) or is operational (8).
  private static func exit(withStatusFor error: any Error) -> Never {
    if let code = error as? ExitCode { Self.exit(withError: code) }
    switch exitCode(for: error) {
    case .success:
      Self.exit(withError: error)
    case .validationFailure where !(error is any OperationalError):
      // e2fsprogs' and util-linux's habit: the program's name, not "Error:".
      var message = fullMessage(for: error)
      if message.hasPrefix("Error: ") { message = "e4scope: " + message.dropFirst("Error: ".count) }
      Terminal.writeErr(message + "\n")
      Self.exit(withError: ExitCode(ExitStatus.usageError))
    default:
      let (status, message) = ExitStatus.of(error)
      Terminal.writeErr("e4scope: \(NameEncoding.terminal(message))\n")
      Self.exit(withError: ExitCode(status))
    }
  }
}
