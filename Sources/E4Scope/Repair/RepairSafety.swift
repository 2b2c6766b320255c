import Ext4

/// The checks that must pass before a repair opens an image for writing
/// Each failure is a `RepairRefusal` naming the cause and
/// what to do; nothing has been written when one is thrown. Passing, it
/// hands back the read-only handle it checked, bitmaps loaded, for planning.
enum RepairSafety {
  static func check(_ target: FilesystemTarget, options: RepairOptions) throws -> InodeEditor {
    let image = target.image
    let mount: MountState
    do {
      mount = try MountState.of(image)
    } catch {
      throw RepairRefusal("\(image): cannot tell whether it is mounted (\(error.message)); not writing")
    }
    if mount.mounted {
      throw RepairRefusal(
        "\(image) is mounted\(mount.readOnly ? " read-only" : "") (directly or through a loop device); unmount it first")
    }
    if mount.busy { throw RepairRefusal("\(image) is in use by the system; not writing") }
    if let problem = Filesystem.writeProblem(image) {
      throw RepairRefusal("\(image) cannot be written (\(problem))")
    }
    // A dry run plans on the view it shows (the journal replayed in memory by default).
    let fs = try JournalViewHandle.open(target, journal: options.dryRun ? options.scan.journal : .raw).fs
    if fs.needsRecovery && !(options.dryRun && fs.journalReplay != nil) {
      throw RepairRefusal(
        "\(image): the journal needs recovery; replay it first with 'e2fsck -p -E journal_only \(image)' "
          + "(it writes the image: see the replayed state without writing with 'e4scope scan \(image)', "
          + "or the plan with --dry-run)")
    }
    if fs.hasErrors && !options.force {
      throw RepairRefusal(
        "\(image): the superblock records filesystem errors; run 'e2fsck -f \(image)' first, or use --force")
    }
    if fs.hasQuota && !options.force {
      throw RepairRefusal(
        "\(image): quota is enabled and libext2fs does not update quota files; use --force and run 'e2fsck -fp \(image)' afterwards")
    }
    do {
      try fs.checkDescriptors()
    } catch {
      throw RepairRefusal(
        "\(image): the group descriptors are inconsistent (\(error.message)); run 'e2fsck -f \(image)' first")
    }
    let editor: InodeEditor
    do {
      editor = try InodeEditor(fs)
    } catch {
      throw RepairRefusal(
        "\(image): the block and inode bitmaps cannot be read (\(error.message)); run 'e2fsck -f \(image)' first")
    }
    if let undo = options.undoFile, Filesystem.exists(undo) {
      throw RepairRefusal("undo file \(undo) exists; remove it or name another with --undo")
    }
    return editor
  }
}
