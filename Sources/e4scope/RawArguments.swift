import E4Scope

/// Command-line arguments as the exact bytes the process got. Swift decodes
/// argv as UTF-8, replacing invalid bytes with U+FFFD; a path inside an image
/// needs the bytes themselves.
enum RawArguments {
  /// The raw bytes of each argument after the program name.
  static let all: [[UInt8]] = (1..<Int(CommandLine.argc)).compactMap { i in
    CommandLine.unsafeArgv[i].map { pointer in
      var bytes: [UInt8] = []
      var at = pointer
      while at.pointee != 0 {
        bytes.append(UInt8(bitPattern: at.pointee))
        at += 1
      }
      return bytes
    }
  }

  /// `value` as the user typed it: the bytes of the argument (or of the part
  /// of an `--option=value` argument after `=`) that decodes to it; its UTF-8
  /// when it decoded without loss.
  static func path(_ value: String) -> PathArgument {
    guard value.unicodeScalars.contains("\u{FFFD}") else { return PathArgument(value) }
    for raw in all {
      if String(decoding: raw, as: UTF8.self) == value { return PathArgument(bytes: raw) }
      if raw.starts(with: Array("--".utf8)), let equals = raw.firstIndex(of: UInt8(ascii: "=")),
        String(decoding: raw[(equals + 1)...], as: UTF8.self) == value
      {
        return PathArgument(bytes: Array(raw[(equals + 1)...]))
      }
    }
    return PathArgument(value)
  }
}
