/// A short hex and ASCII rendering of bytes, like one line of `hexdump -C`.
enum Evidence {
  static func preview(_ bytes: UnsafeRawBufferPointer) -> String {
    let digits = Array("0123456789abcdef")
    var hex = ""
    var ascii = ""
    for (i, byte) in bytes.enumerated() {
      if i > 0 { hex += " " }
      hex.append(digits[Int(byte >> 4)])
      hex.append(digits[Int(byte & 0xF)])
      ascii.append(byte >= 0x20 && byte < 0x7F ? Character(UnicodeScalar(byte)) : ".")
    }
    return "\(hex) |\(ascii)|"
  }
}
