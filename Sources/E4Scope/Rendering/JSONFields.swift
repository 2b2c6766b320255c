/// The members of one JSON object, in output order, each value written as
/// given or as null when nil. A `JSONObject` lists its fields once through
/// it, and they go straight into the report's bytes (`DirectFields`) or
/// into any `Encoder` (`EncoderFields`).
protocol JSONFieldWriter {
  mutating func put(_ key: StaticString, _ value: String?)
  mutating func put(_ key: StaticString, _ value: Bool?)
  mutating func put(_ key: StaticString, _ value: UInt64?)
  mutating func put(_ key: StaticString, _ value: Int?)
  mutating func put(_ key: StaticString, _ value: Double?)
  mutating func put(_ key: StaticString, _ value: [String]?)
}

/// A report value written as one JSON object field by field, without the
/// cost of the `Encoder` protocol on the hot path (a report may hold
/// thousands of findings of some forty fields each).
protocol JSONObject: Encodable {
  func writeFields(to writer: inout some JSONFieldWriter)
}

extension JSONObject {
  public func encode(to encoder: any Encoder) throws {
    var fields = EncoderFields(container: encoder.container(keyedBy: JSONKey.self))
    writeFields(to: &fields)
    if let failure = fields.failure { throw failure }
  }

  /// Writes the object into `output`.
  func writeJSON(to output: JSONOutput) {
    var fields = DirectFields(output: output)
    output.write("{")
    writeFields(to: &fields)
    output.write("}")
  }
}

/// Writes members as JSON text into a `JSONOutput`.
struct DirectFields: JSONFieldWriter {
  let output: JSONOutput
  private var members = 0

  init(output: JSONOutput) { self.output = output }

  private mutating func key(_ key: StaticString) {
    output.write(members == 0 ? "\"" : ",\"")
    members += 1
    output.write(key)
    output.write("\":")
  }

  mutating func put(_ key: StaticString, _ value: String?) {
    self.key(key)
    if let value { output.writeQuoted(value) } else { output.write("null") }
  }

  mutating func put(_ key: StaticString, _ value: Bool?) {
    self.key(key)
    output.write(value.map { $0 ? "true" : "false" } ?? "null")
  }

  mutating func put(_ key: StaticString, _ value: UInt64?) {
    self.key(key)
    if let value { output.write(decimal: value) } else { output.write("null") }
  }

  mutating func put(_ key: StaticString, _ value: Int?) {
    self.key(key)
    output.write(value.map { String($0) } ?? "null")
  }

  mutating func put(_ key: StaticString, _ value: Double?) {
    self.key(key)
    output.write(value.map(JSONOutput.number) ?? "null")
  }

  mutating func put(_ key: StaticString, _ value: [String]?) {
    self.key(key)
    guard let value else { return output.write("null") }
    output.write("[")
    for (index, element) in value.enumerated() {
      if index > 0 { output.write(",") }
      output.writeQuoted(element)
    }
    output.write("]")
  }
}

/// Writes members into a keyed container of any `Encoder`, keeping the
/// first failure (the protocol's methods do not throw).
struct EncoderFields: JSONFieldWriter {
  var container: KeyedEncodingContainer<JSONKey>
  private(set) var failure: (any Error)?

  init(container: KeyedEncodingContainer<JSONKey>) { self.container = container }

  private mutating func put<T: Encodable>(_ key: StaticString, encoding value: T?) {
    guard failure == nil else { return }
    do {
      if let value {
        try container.encode(value, forKey: JSONKey(key))
      } else {
        try container.encodeNil(forKey: JSONKey(key))
      }
    } catch {
      failure = error
    }
  }

  mutating func put(_ key: StaticString, _ value: String?) { put(key, encoding: value) }
  mutating func put(_ key: StaticString, _ value: Bool?) { put(key, encoding: value) }
  mutating func put(_ key: StaticString, _ value: UInt64?) { put(key, encoding: value) }
  mutating func put(_ key: StaticString, _ value: Int?) { put(key, encoding: value) }
  mutating func put(_ key: StaticString, _ value: Double?) { put(key, encoding: value) }
  mutating func put(_ key: StaticString, _ value: [String]?) { put(key, encoding: value) }
}

/// A coding key spelled by its JSON name.
struct JSONKey: CodingKey {
  let stringValue: String
  var intValue: Int? { nil }

  init(_ name: StaticString) { stringValue = name.description }
  init(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) { nil }
}
