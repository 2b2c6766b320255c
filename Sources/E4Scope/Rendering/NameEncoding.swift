/// File names as text without losing a byte: the reversible escaped form of
/// the JSON, ndjson and CSV reports, and the `ls -b` form of the table and of
/// messages, where no byte of a name reaches the terminal as a control.
public enum NameEncoding {
  /// The pieces of a byte string: valid UTF-8 scalars and single invalid bytes.
  enum Piece {
    case scalar(Unicode.Scalar)
    case invalid(UInt8)
  }

  static func pieces(_ bytes: [UInt8]) -> [Piece] {
    var pieces: [Piece] = []
    var parser = Unicode.UTF8.ForwardParser()
    var iterator = bytes.makeIterator()
    var offset = 0
    loop: while true {
      switch parser.parseScalar(from: &iterator) {
      case .valid(let encoded):
        pieces.append(.scalar(Unicode.UTF8.decode(encoded)))
        offset += encoded.count
      case .error(let length):
        for byte in bytes[offset..<offset + length] { pieces.append(.invalid(byte)) }
        offset += length
      case .emptyInput:
        break loop
      }
    }
    return pieces
  }

  /// True when `bytes` is valid UTF-8.
  public static func isUTF8(_ bytes: [UInt8]) -> Bool {
    String(validating: bytes, as: UTF8.self) != nil
  }

  /// The escaped form: each byte that is not part of valid UTF-8 as `\xNN`
  /// (two lowercase hex digits) and each backslash as `\\`; all else as it is.
  public static func escaped(_ bytes: [UInt8]) -> String {
    var out = ""
    for piece in pieces(bytes) {
      switch piece {
      case .scalar("\\"): out += "\\\\"
      case .scalar(let scalar): out.unicodeScalars.append(scalar)
      case .invalid(let byte): out += "\\x" + hex(byte)
      }
    }
    return out
  }

  /// The bytes of an escaped form, or nil when `text` has a backslash that
  /// starts neither `\\` nor `\xNN`.
  public static func unescaped(_ text: String) -> [UInt8]? {
    let utf8 = Array(text.utf8)
    var bytes: [UInt8] = []
    var i = 0
    while i < utf8.count {
      guard utf8[i] == UInt8(ascii: "\\") else {
        bytes.append(utf8[i])
        i += 1
        continue
      }
      guard i + 1 < utf8.count else { return nil }
      if utf8[i + 1] == UInt8(ascii: "\\") {
        bytes.append(UInt8(ascii: "\\"))
        i += 2
      } else if utf8[i + 1] == UInt8(ascii: "x"), i + 3 < utf8.count,
        let byte = UInt8(String(decoding: utf8[i + 2...i + 3], as: UTF8.self), radix: 16)
      {
        bytes.append(byte)
        i += 4
      } else {
        return nil
      }
    }
    return bytes
  }

  /// The `ls -b` form, for a terminal: backslash as `\\`, the C escapes
  /// (`\a \b \t \n \v \f \r`), every other control character (C0, DEL, C1)
  /// and every invalid byte as a three-digit octal escape (ESC is `\033`).
  public static func terminal(_ bytes: [UInt8]) -> String {
    terminal(pieces(bytes), escapingBackslash: true)
  }

  /// A message for a terminal: its control characters escaped as `terminal`
  /// does (names in it are already in that form, so backslashes stay).
  public static func terminal(_ text: String) -> String {
    terminal(text.unicodeScalars.map(Piece.scalar), escapingBackslash: false)
  }

  private static func terminal(_ pieces: [Piece], escapingBackslash: Bool) -> String {
    var out = ""
    for piece in pieces {
      switch piece {
      case .invalid(let byte):
        out += octal(byte)
      case .scalar(let scalar):
        switch scalar.value {
        case 0x5C where escapingBackslash: out += "\\\\"
        case 0x07: out += "\\a"
        case 0x08: out += "\\b"
        case 0x09: out += "\\t"
        case 0x0A: out += "\\n"
        case 0x0B: out += "\\v"
        case 0x0C: out += "\\f"
        case 0x0D: out += "\\r"
        case 0..<0x20, 0x7F..<0xA0: out += Array(String(scalar).utf8).map(octal).joined()
        default: out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }

  static func hex(_ byte: UInt8) -> String {
    let digits = String(byte, radix: 16)
    return digits.count == 1 ? "0" + digits : digits
  }

  static func octal(_ byte: UInt8) -> String {
    let digits = String(byte, radix: 8)
    return "\\" + String(repeating: "0", count: 3 - digits.count) + digits
  }
}
