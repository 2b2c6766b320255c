import Ext4
import Platform
import Glibc

/// Where a repair's e2undo file goes when `--undo` does not say:
/// `$E2FSPROGS_UNDO_DIR` (as e2fsck uses it), else next to an image file,
/// else the current directory; named after the image, the time, the process
/// and a random number, so two runs never share one.
public enum UndoFile {
  /// The directory default undo files (and the in-progress marker) go to.
  static func directory(for image: String) throws(RepairRefusal) -> String {
    if let dir = Machine.environment("E2FSPROGS_UNDO_DIR"), !dir.isEmpty {
      if dir == "none" {
        throw RepairRefusal(
          "E2FSPROGS_UNDO_DIR=none: name an undo file with --undo FILE, or repair without one with --no-undo")
      }
      return dir
    }
    return localDirectory(for: image)
  }

  /// Next to an image file when that directory is writable, else the
  /// current directory.
  static func localDirectory(for image: String) -> String {
    let parent = image.contains("/") ? String(image[..<(image.lastIndex(of: "/") ?? image.endIndex)]) : "."
    if Machine.isRegularFile(image), Machine.isWritableDirectory(parent.isEmpty ? "/" : parent) {
      return parent.isEmpty ? "" : parent
    }
    return "."
  }

  public static func defaultPath(for image: String) throws(RepairRefusal) -> String {
    let name = image.split(separator: "/").last.map(String.init) ?? "image"
    let unique = "\(UTCTime.compact(Machine.epochSeconds))-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    return try directory(for: image) + "/\(name).e4scope-\(unique).e2undo"
  }

  /// Creates the undo file at `path` exclusively, never through a symbolic
  /// link, reserves `bytes` for it (a full disk shows before any image
  /// write) and makes it durable. Returns its descriptor.
  static func create(_ path: String, reserving bytes: UInt64) throws(RepairRefusal) -> Int32 {
    do throws(DurableFile.Failure) {
      let fd = try DurableFile.create(path)
      do throws(DurableFile.Failure) {
        if let code = DiskSpace.reserve(fd: fd, bytes: bytes) {
          errno = code
          throw DurableFile.failure("cannot reserve \(bytes) bytes for \(path)")
        }
        try DurableFile.sync(fd, naming: path)
      } catch {
        close(fd)
        Machine.removeFile(path)
        throw error
      }
      return fd
    } catch {
      throw RepairRefusal("undo file: \(error.description); the image is unchanged")
    }
  }
}
