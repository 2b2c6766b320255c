import Ext4
import Platform

/// Why a filesystem may not be what its image shows: it is mounted, its
/// journal needs recovery, errors are recorded, or the image is shorter than
/// the filesystem. Each is a warning sentence; none changes the exit status.
/// For a journal that needs recovery, the view says what it shows
/// (`JournalViewHandle.warnings`).
enum ImageConditions {
  static func warnings(_ view: JournalViewHandle) -> [String] {
    let fs = view.fs
    let target = view.target
    let name = target.name
    var warnings: [String] = []
    if let mount = try? MountState.of(target.image), mount.mounted {
      let how = mount.readOnly ? "read-only" : "read-write"
      let place = mount.mountPoint.map { " at \($0)" } ?? ""
      warnings.append(
        mount.readOnly
          ? "\(name) is mounted \(how)\(place)"
          : "\(name) is mounted \(how)\(place): its metadata on disk may be stale; findings may be wrong")
    }
    if ImageLock.isHeldExclusively(target.image) {
      warnings.append("\(target.image) is being changed by a repair (locked): findings may be wrong")
    }
    warnings += view.warnings
    if fs.hasErrors {
      warnings.append("the superblock of \(name) records filesystem errors: run 'e2fsck -f' on a copy")
    }
    let fsBytes = fs.blocksCount * UInt64(fs.blockSize)
    if let size = Filesystem.imageSize(target.image) {
      let available = size > target.offset ? size - target.offset : 0
      if available < fsBytes {
        warnings.append(
          "\(name) is \(available) bytes, its filesystem \(fsBytes): the image is truncated")
      }
    }
    return warnings
  }
}
