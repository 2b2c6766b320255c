/// How a table is laid out for a reader: the width it must fit (it never
/// wraps a row; long paths are shortened in the middle with "…") and
/// whether sizes are exact bytes or human units.
public struct TableLayout: Sendable {
  public var width: Int
  /// Sizes in bytes (`--bytes`) instead of KiB, MiB, ...
  public var exactBytes: Bool

  public init(width: Int = 80, exactBytes: Bool = false) {
    self.width = max(width, 20)
    self.exactBytes = exactBytes
  }

  func size(_ bytes: UInt64) -> String { exactBytes ? String(bytes) : ByteCount.text(bytes) }

  /// `text` cut in the middle with "…" to at most `limit` characters.
  static func shortened(_ text: String, to limit: Int) -> String {
    guard text.count > limit, limit > 1 else { return text }
    let keep = limit - 1
    return String(text.prefix(keep - keep / 2)) + "…" + String(text.suffix(keep / 2))
  }

  /// Words of `text` in lines of at most `width` characters after `indent`.
  static func wrapped(_ text: String, width: Int, indent: String) -> [String] {
    var lines: [String] = []
    var line = indent
    for word in text.split(separator: " ") {
      if line.count > indent.count && line.count + 1 + word.count > width {
        lines.append(line)
        line = indent
      }
      line += (line.count > indent.count ? " " : "") + word
    }
    if line.count > indent.count { lines.append(line) }
    return lines.map { shortened($0, to: width) }
  }
}
