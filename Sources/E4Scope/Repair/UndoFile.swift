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

  /// An undo file being set up: its descriptor, and its name still to give
  /// when it was created unnamed.
  struct Pending {
    let descriptor: Int32
    let unnamed: UnnamedFile?
    let path: String

    /// Gives the file its name and makes the name durable; nothing
    /// existing at the path (a file, a symbolic link) is replaced or followed.
    func name() throws(RepairRefusal) {
      do throws(DurableFile.Failure) {
        if let unnamed {
          do {
            try unnamed.name()
          } catch {
            errno = error.code
            throw DurableFile.failure("cannot create \(path)")
          }
        }
        try DurableFile.syncDirectory(of: path)
      } catch {
        throw RepairRefusal("undo file: \(error.description); the image is unchanged")
      }
    }

    /// Removes the name (if given) and closes the file.
    func discard() {
      if unnamed == nil { Machine.removeFile(path) }
      close(descriptor)
    }
  }

  /// Creates the undo file for `path`: unnamed until `name()` (so a kill
  /// before the first image write leaves no file), else exclusively, never
  /// through a symbolic link; with `bytes` of disk space reserved, so a full
  /// disk shows before any image write.
  static func create(_ path: String, reserving bytes: UInt64) throws(RepairRefusal) -> Pending {
    var st = stat()
    if lstat(path, &st) == 0 {
      throw RepairRefusal("undo file \(path) exists; remove it or name another with --undo")
    }
    do throws(DurableFile.Failure) {
      let pending: Pending
      do {
        let unnamed = try UnnamedFile(for: path)
        pending = Pending(descriptor: unnamed.descriptor, unnamed: unnamed, path: path)
      } catch where error.code == EOPNOTSUPP || error.code == EISDIR {
        pending = Pending(descriptor: try DurableFile.create(path), unnamed: nil, path: path)
      } catch {
        errno = error.code
        throw DurableFile.failure("cannot create \(path)")
      }
      if let code = DiskSpace.reserve(fd: pending.descriptor, bytes: bytes) {
        pending.discard()
        errno = code
        throw DurableFile.failure("cannot reserve \(bytes) bytes for \(path)")
      }
      return pending
    } catch {
      throw RepairRefusal("undo file: \(error.description); the image is unchanged")
    }
  }
}
