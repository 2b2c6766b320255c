@testable import E4Scope
import Testing

/// The escaped form gives every byte string back; the terminal form holds
/// no control byte; a file's names are bounded and chosen by the stated rule.
@Suite struct NameEncodingTests {
  @Test func escapedFormRoundTripsEveryByteString() {
    var generator = SystemRandomNumberGenerator()
    let alphabet: [UInt8] = [0x00, 0x1B, 0x0A, 0x5C, 0x78, 0x41, 0x7F, 0x80, 0xC2, 0x9B, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80, 0xFF]
    for _ in 0..<2000 {
      let bytes = (0..<Int.random(in: 0...12, using: &generator)).map { _ in
        alphabet.randomElement(using: &generator) ?? 0
      }
      #expect(NameEncoding.unescaped(NameEncoding.escaped(bytes)) == bytes, "\(bytes)")
      let terminal = Array(NameEncoding.terminal(bytes).utf8)
      #expect(!terminal.contains { $0 < 0x20 || $0 == 0x7F }, "\(bytes)")
      #expect(String(validating: terminal, as: UTF8.self) != nil)
      // No C1 control (U+0080-U+009F) survives either.
      #expect(!NameEncoding.terminal(bytes).unicodeScalars.contains { (0x80..<0xA0).contains($0.value) })
    }
    #expect(NameEncoding.escaped([0x61, 0x5C, 0xFF]) == "a\\\\\\xff")
    #expect(NameEncoding.terminal([0x1B, 0x5B, 0x0A, 0xFF]) == "\\033[\\n\\377")
    #expect(NameEncoding.unescaped("a\\q") == nil)
  }

  @Test func namesAreBoundedAndTheChosenOneComesFirst() {
    let all = (0..<20).map { Array("/n\($0)".utf8) }
    let names = FileNames(all.reversed(), preferred: Array("/n7".utf8), encrypted: false)
    #expect(names.paths.count == FileNames.limit && names.truncated)
    #expect(names.path == Array("/n7".utf8))
    #expect(Array(names.paths.dropFirst()) == all.filter { $0 != Array("/n7".utf8) }.sorted { $0.lexicographicallyPrecedes($1) }.prefix(15).map { $0 })
    let unchosen = FileNames([Array("/b".utf8), Array("/a".utf8)], preferred: nil, encrypted: false)
    #expect(unchosen.path == Array("/a".utf8) && !unchosen.truncated && !unchosen.escaped)
  }
}
