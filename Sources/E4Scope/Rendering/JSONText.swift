import Platform

/// Encodes report values as compact JSON, streamed into one string with keys
/// in the order their `encode(to:)` writes them (so `type` and `kind` lead
/// every line), without Foundation: the binary starts and renders fast.
enum JSONText {
  static func encode<T: Encodable>(_ value: T) -> String {
    let output = JSONOutput()
    write(value, to: output)
    return output.text
  }

  /// One line per value (NDJSON), each ended by a newline. Large lists are
  /// cut into parts rendered on all cores, joined in order.
  static func lines<T: Encodable & Sendable>(_ values: [T]) -> String {
    let parts = values.count < 256 ? 1 : Machine.onlineCores * 2
    return Parallel.map(Parallel.chunks(values, into: parts)) { _, chunk in
      let output = JSONOutput(capacity: chunk.count * 768)
      for value in chunk {
        write(value, to: output)
        output.write("\n")
      }
      return output.text
    }.joined()
  }

  /// Appends `value` to `output`. Report values hold only strings,
  /// integers, doubles, booleans and nulls, which this encoder never fails
  /// on; should one fail, its text says so rather than vanish.
  private static func write<T: Encodable>(_ value: T, to output: JSONOutput) {
    if let object = value as? any JSONObject { return object.writeJSON(to: output) }
    let start = output.count
    let frame = JSONFrame(output)
    do {
      try value.encode(to: StreamEncoder(frame: frame))
      frame.close()
    } catch {
      output.truncate(to: start)
      output.write(#"{"type":"error","message":"#)
      output.writeQuoted("a report value could not be encoded: \(error)")
      output.write("}")
    }
  }
}

/// The text being written, as UTF-8 bytes (appending to a byte array costs
/// less than appending to a String).
final class JSONOutput {
  private var bytes: [UInt8] = []
  init(capacity: Int = 512) { bytes.reserveCapacity(capacity) }

  var text: String { String(decoding: bytes, as: UTF8.self) }
  var count: Int { bytes.count }

  /// Drops what was written from byte `count` on.
  func truncate(to count: Int) { bytes.removeSubrange(count...) }

  /// Writes `s` as it is (through its contiguous UTF-8: appending the
  /// `utf8` view goes byte by byte).
  func write(_ s: String) {
    var s = s
    s.withUTF8 { bytes.append(contentsOf: $0) }
  }

  func write(_ s: StaticString) {
    bytes.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
  }

  /// Writes `value` in decimal digits.
  func write(decimal value: UInt64) {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
      var rest = value
      var start = digits.count
      repeat {
        start -= 1
        digits[start] = UInt8(ascii: "0") + UInt8(rest % 10)
        rest /= 10
      } while rest > 0
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
    }
  }

  /// A JSON number for `d` (null for NaN and infinities, which JSON lacks).
  static func number(_ d: Double) -> String { d.isFinite ? "\(d)" : "null" }

  /// Writes a JSON string literal (RFC 8259 escapes; other characters as UTF-8).
  func writeQuoted(_ s: String) {
    bytes.append(UInt8(ascii: "\""))
    defer { bytes.append(UInt8(ascii: "\"")) }
    var s = s
    let plain = s.withUTF8 { utf8 in
      guard !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") })
      else { return false }
      bytes.append(contentsOf: utf8)
      return true
    }
    if plain { return }
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": write("\\\"")
      case "\\": write("\\\\")
      case "\n": write("\\n")
      case "\r": write("\\r")
      case "\t": write("\\t")
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        write("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
      default: UTF8.encode(scalar) { bytes.append($0) }
      }
    }
  }
}

/// One value being written: empty until a container or scalar opens it;
/// `close()` ends an object or array, or writes `null` for nothing.
final class JSONFrame {
  enum State { case empty, object, array, scalar }

  let output: JSONOutput
  private(set) var state = State.empty
  private(set) var count = 0
  /// A nested container handed out by the last member; closed before the next.
  private var openChild: JSONFrame?

  init(_ output: JSONOutput) { self.output = output }

  func openObject() {
    if state == .empty {
      state = .object
      output.write("{")
    }
  }

  func openArray() {
    if state == .empty {
      state = .array
      output.write("[")
    }
  }

  /// Starts the next member (`"key":`) or element, with its separator.
  func next(key: String?) {
    closeChild()
    if count > 0 { output.write(",") }
    count += 1
    if let key {
      // Keys are the report's own snake_case names: nothing to escape.
      output.write("\"")
      output.write(key)
      output.write("\":")
    }
  }

  func scalar(_ text: String) {
    state = .scalar
    output.write(text)
  }

  func close() {
    closeChild()
    switch state {
    case .empty: output.write("null")
    case .object: output.write("}")
    case .array: output.write("]")
    case .scalar: break
    }
  }

  /// A frame for a nested container the caller fills after this call.
  func child() -> JSONFrame {
    let frame = JSONFrame(output)
    openChild = frame
    return frame
  }

  private func closeChild() {
    openChild?.close()
    openChild = nil
  }

  /// Writes a nested value through its own frame (a string, such as each
  /// element of a `[String]`, straight away).
  func nested<T: Encodable>(_ value: T) throws {
    if let text = value as? String {
      output.writeQuoted(text)
      return
    }
    if let object = value as? any JSONObject { return object.writeJSON(to: output) }
    let child = JSONFrame(output)
    try value.encode(to: StreamEncoder(frame: child))
    child.close()
  }
}

/// The `Encoder` that streams into a `JSONFrame`.
private struct StreamEncoder: Encoder {
  let frame: JSONFrame
  var codingPath: [any CodingKey] = []
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
    frame.openObject()
    return KeyedEncodingContainer(KeyedStreamContainer<Key>(frame: frame))
  }

  func unkeyedContainer() -> any UnkeyedEncodingContainer {
    frame.openArray()
    return UnkeyedStreamContainer(frame: frame)
  }

  func singleValueContainer() -> any SingleValueEncodingContainer {
    SingleStreamContainer(frame: frame)
  }
}

private struct KeyedStreamContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
  let frame: JSONFrame
  var codingPath: [any CodingKey] = []

  private func put(_ text: String, _ key: Key) {
    frame.next(key: key.stringValue)
    frame.output.write(text)
  }

  mutating func encodeNil(forKey key: Key) { put("null", key) }
  mutating func encode(_ v: Bool, forKey key: Key) { put(v ? "true" : "false", key) }
  mutating func encode(_ v: String, forKey key: Key) {
    frame.next(key: key.stringValue)
    frame.output.writeQuoted(v)
  }
  mutating func encode(_ v: Double, forKey key: Key) { put(JSONOutput.number(v), key) }
  mutating func encode(_ v: Float, forKey key: Key) { put(JSONOutput.number(Double(v)), key) }
  mutating func encode(_ v: Int, forKey key: Key) { put(String(v), key) }
  mutating func encode(_ v: Int8, forKey key: Key) { put(String(v), key) }
  mutating func encode(_ v: Int16, forKey key: Key) { put(String(v), key) }
  mutating func encode(_ v: Int32, forKey key: Key) { put(String(v), key) }
  mutating func encode(_ v: Int64, forKey key: Key) { put(String(v), key) }
  mutating func encode(_ v: UInt, forKey key: Key) { put(String(v), key) }
  mutating func encode(_ v: UInt8, forKey key: Key) { put(String(v), key) }
  mutating func encode(_ v: UInt16, forKey key: Key) { put(String(v), key) }
  mutating func encode(_ v: UInt32, forKey key: Key) { put(String(v), key) }
  mutating func encode(_ v: UInt64, forKey key: Key) { put(String(v), key) }

  mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
    frame.next(key: key.stringValue)
    try frame.nested(value)
  }

  mutating func nestedContainer<NestedKey: CodingKey>(
    keyedBy keyType: NestedKey.Type, forKey key: Key
  ) -> KeyedEncodingContainer<NestedKey> {
    frame.next(key: key.stringValue)
    return StreamEncoder(frame: frame.child()).container(keyedBy: keyType)
  }

  mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
    frame.next(key: key.stringValue)
    return StreamEncoder(frame: frame.child()).unkeyedContainer()
  }

  mutating func superEncoder() -> any Encoder { StreamEncoder(frame: frame) }
  mutating func superEncoder(forKey key: Key) -> any Encoder {
    frame.next(key: key.stringValue)
    return StreamEncoder(frame: frame.child())
  }
}

private struct UnkeyedStreamContainer: UnkeyedEncodingContainer {
  let frame: JSONFrame
  var codingPath: [any CodingKey] = []
  var count: Int { frame.count }

  mutating func encodeNil() {
    frame.next(key: nil)
    frame.output.write("null")
  }

  mutating func encode<T: Encodable>(_ value: T) throws {
    frame.next(key: nil)
    try frame.nested(value)
  }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
    -> KeyedEncodingContainer<NestedKey>
  {
    frame.next(key: nil)
    return StreamEncoder(frame: frame.child()).container(keyedBy: keyType)
  }

  mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
    frame.next(key: nil)
    return StreamEncoder(frame: frame.child()).unkeyedContainer()
  }

  mutating func superEncoder() -> any Encoder {
    frame.next(key: nil)
    return StreamEncoder(frame: frame.child())
  }
}

private struct SingleStreamContainer: SingleValueEncodingContainer {
  let frame: JSONFrame
  var codingPath: [any CodingKey] = []

  mutating func encodeNil() { frame.scalar("null") }
  mutating func encode(_ v: Bool) { frame.scalar(v ? "true" : "false") }
  mutating func encode(_ v: String) {
    frame.scalar("")
    frame.output.writeQuoted(v)
  }
  mutating func encode(_ v: Double) { frame.scalar(JSONOutput.number(v)) }
  mutating func encode(_ v: Float) { frame.scalar(JSONOutput.number(Double(v))) }
  mutating func encode(_ v: Int) { frame.scalar(String(v)) }
  mutating func encode(_ v: Int8) { frame.scalar(String(v)) }
  mutating func encode(_ v: Int16) { frame.scalar(String(v)) }
  mutating func encode(_ v: Int32) { frame.scalar(String(v)) }
  mutating func encode(_ v: Int64) { frame.scalar(String(v)) }
  mutating func encode(_ v: UInt) { frame.scalar(String(v)) }
  mutating func encode(_ v: UInt8) { frame.scalar(String(v)) }
  mutating func encode(_ v: UInt16) { frame.scalar(String(v)) }
  mutating func encode(_ v: UInt32) { frame.scalar(String(v)) }
  mutating func encode(_ v: UInt64) { frame.scalar(String(v)) }
  mutating func encode<T: Encodable>(_ value: T) throws {
    try value.encode(to: StreamEncoder(frame: frame))
  }
}
