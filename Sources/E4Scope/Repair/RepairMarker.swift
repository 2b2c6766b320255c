import Glibc
import Platform

/// The record of a repair under way: a small file in the undo directory,
/// created durably before the first image write and removed after the last.
/// A later run that finds it knows a repair of this image did not finish,
/// and which undo file it wrote.
struct RepairMarker {
  let path: String

  /// In the undo directory, or next to the image when undo files are off.
  init(image: String) {
    let name = image.split(separator: "/").last.map(String.init) ?? "image"
    let dir = (try? UndoFile.directory(for: image)) ?? UndoFile.localDirectory(for: image)
    path = dir + "/.\(name).e4scope-repair"
  }

  /// The undo file a leftover marker names ("" for a run without one), or
  /// nil when there is no marker.
  func leftover() -> String? {
    guard let file = fopen(path, "r") else { return nil }
    defer { fclose(file) }
    var buffer = [CChar](repeating: 0, count: 4097)
    let n = fread(&buffer, 1, 4096, file)
    let text = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return text.hasPrefix("undo=") ? String(text.dropFirst(5).prefix { $0 != "\n" }) : ""
  }

  /// Writes the marker, naming `undo`, and makes it durable.
  func create(undo: String?) throws(RepairRefusal) {
    do throws(DurableFile.Failure) {
      let fd = try DurableFile.create(path)
      defer { close(fd) }
      try DurableFile.write(fd, Array("undo=\(undo ?? "")\n".utf8), at: 0, naming: path)
      try DurableFile.sync(fd, naming: path)
    } catch {
      throw RepairRefusal("cannot record the repair in progress: \(error.description); the image is unchanged")
    }
  }

  /// Removes the marker after the last write.
  func remove() {
    Machine.removeFile(path)
    try? DurableFile.syncDirectory(of: path)
  }
}
