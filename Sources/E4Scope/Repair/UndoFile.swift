import Ext4
import Platform

/// Where a repair's e2undo file goes when `--undo` does not say:
/// `$E2FSPROGS_UNDO_DIR` (as e2fsck uses it), else next to an image file,
/// else the current directory; named after the image and the time.
public enum UndoFile {
  public static func defaultPath(for image: String) -> String {
    let name = image.split(separator: "/").last.map(String.init) ?? "image"
    let file = "\(name).e4scope-\(UTCTime.compact(Machine.epochSeconds)).e2undo"
    if let dir = Machine.environment("E2FSPROGS_UNDO_DIR"), !dir.isEmpty {
      return dir + "/" + file
    }
    let parent = image.contains("/") ? String(image[..<(image.lastIndex(of: "/") ?? image.endIndex)]) : "."
    if Machine.isRegularFile(image), Machine.isWritableDirectory(parent.isEmpty ? "/" : parent) {
      return (parent.isEmpty ? "" : parent) + "/" + file
    }
    return file
  }
}
