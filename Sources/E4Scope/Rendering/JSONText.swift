import Foundation

/// Encodes report values as compact JSON with sorted keys, so reports of the
/// same image are byte-identical from run to run.
enum JSONText {
  static func encode<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    // Report values hold only strings, integers, doubles and booleans.
    guard let data = try? encoder.encode(value) else { return "null" }
    return String(decoding: data, as: UTF8.self)
  }
}
