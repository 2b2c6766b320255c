import Ext4
import Platform

/// The checks that must pass before a repair opens an image for writing
/// Each failure is a `RepairRefusal` naming the cause and
/// what to do; nothing has been written when one is thrown. Passing, it
/// hands back the read-only handle it checked, bitmaps loaded, for planning.
enum RepairSafety {
  /// The exclusive lock on the image, or a refusal naming who holds it.
  static func lock(_ image: String) throws(RepairRefusal) -> ImageLock {
    do {
      return try ImageLock.acquire(image)
    } catch {
      throw RepairRefusal(error.description)
    }
  }

  /// Refuses a container image (EWF, QCOW, VMDK, VHD/VHDX): e4scope reads
  /// them only; the refusal names the command that makes a raw copy.
  static func checkRaw(_ image: String) throws {
    guard let container = try ContainerImage.identify(image) else { return }
    throw RepairRefusal(
      "\(image) is \(container.name), which e4scope only reads; "
        + "repair a raw copy (\(container.rawCopyCommand(image))); 'e4scope scan' shows the findings here")
  }

  static func check(_ target: FilesystemTarget, options: RepairOptions) throws -> InodeEditor {
    let image = target.image
    try checkUnmounted(image)
    // A dry run only reads: read access is all it needs.
    if !options.dryRun, let problem = Filesystem.writeProblem(image) {
      throw RepairRefusal("\(image) cannot be written (\(problem))")
    }
    // A dry run plans on the view it shows (the journal replayed in memory by default).
    let fs = try JournalViewHandle.open(target, journal: options.dryRun ? options.scan.journal : .raw).fs
    let marker = RepairMarker(image: image)
    if let undo = marker.leftover() {
      throw RepairRefusal(
        "\(image): an earlier repair did not finish (\(marker.path))"
          + (undo.isEmpty ? "; it wrote no undo file" : "; roll it back with 'e2undo \(undo) \(image)'")
          + ", or check the filesystem with 'e2fsck -fp \(image)'; then remove \(marker.path)")
    }
    if !fs.isClean {
      throw RepairRefusal(
        "\(image): the filesystem is not marked clean (a crash, or an unfinished repair); run 'e2fsck -fp \(image)' first")
    }
    if fs.needsRecovery && !(options.dryRun && fs.journalReplay != nil) {
      throw RepairRefusal(
        "\(image): the journal needs recovery; replay it first with 'e2fsck -p -E journal_only \(image)' "
          + "(it writes the image: see the replayed state without writing with 'e4scope scan \(image)', "
          + "or the plan with --dry-run)")
    }
    if let size = options.size {
      let limit = fs.maxFileSize(extents: true)
      if size > limit {
        throw RepairRefusal(
          "--size \(size) is larger than the largest file this filesystem allows (\(limit) bytes); not writing")
      }
    }
    if fs.hasErrors && !options.force {
      throw RepairRefusal(
        "\(image): the superblock records filesystem errors; run 'e2fsck -f \(image)' first, or use --force")
    }
    if fs.hasQuota && !options.force {
      throw RepairRefusal(
        "\(image): quota is enabled and libext2fs does not update quota files; use --force and run 'e2fsck -fp \(image)' afterwards")
    }
    fs.useSparseBitmaps()
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

  /// Refuses a mounted or busy image; run at the start and again right
  /// before the first write (a mount may race the repair).
  /// `busy` (another exclusive opener) is ignored for a block device this
  /// process holds open `O_EXCL` itself: the kernel already keeps others out.
  static func checkUnmounted(_ image: String) throws(RepairRefusal) {
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
    if mount.busy && !(ImageFile.isBlockDevice(image) && ImageLock.heldHere(image)) {
      throw RepairRefusal("\(image) is in use by the system; not writing")
    }
  }
}
