/// Every name of one file, as bytes: the one reported as `path` first (the
/// name the user selected it by, else the smallest in byte order), then the
/// others in byte order, at most `limit`.
public struct FileNames: Sendable, Hashable {
  /// Names kept per file; past it, `truncated`.
  public static let limit = 16

  public private(set) var paths: [[UInt8]]
  /// More names reach the file than `paths` holds.
  public private(set) var truncated: Bool
  /// Some name runs through an encrypted directory (its names shown as `<encrypted:HEX>`).
  public private(set) var encrypted: Bool

  /// `all` must not be empty; `preferred` is put first when it is among them.
  init(_ all: [[UInt8]], preferred: [UInt8]?, encrypted: Bool) {
    var sorted = Array(Set(all)).sorted { $0.lexicographicallyPrecedes($1) }
    if let preferred, let at = sorted.firstIndex(of: preferred) {
      sorted.remove(at: at)
      sorted.insert(preferred, at: 0)
    }
    paths = Array(sorted.prefix(Self.limit))
    truncated = sorted.count > Self.limit
    self.encrypted = encrypted
  }

  /// The reported name.
  public var path: [UInt8] { paths.first ?? [] }

  /// Some name is not valid UTF-8: the JSON and CSV text of every name is
  /// then in the escaped form (`NameEncoding.escaped`).
  public var escaped: Bool { !paths.allSatisfy(NameEncoding.isUTF8) }

  /// A name as report text: as it is when all names are UTF-8, else escaped.
  public func text(_ name: [UInt8]) -> String {
    escaped ? NameEncoding.escaped(name) : String(decoding: name, as: UTF8.self)
  }
}
