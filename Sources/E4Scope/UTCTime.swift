import Ext4

/// Calendar dates in UTC from epoch seconds, without Foundation.
enum UTCTime {
  /// (year, month, day, hour, minute, second).
  static func components(_ seconds: Int64) -> (Int64, Int64, Int64, Int64, Int64, Int64) {
    let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
    let rest = seconds - days * 86400
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let day = doy - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    return (year, month, day, rest / 3600, rest % 3600 / 60, rest % 60)
  }

  private static func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }

  /// "2026-11-22 00:26:05 UTC".
  static func readable(_ seconds: Int64) -> String {
    let (y, mo, d, h, mi, s) = components(seconds)
    return "\(y)-\(two(mo))-\(two(d)) \(two(h)):\(two(mi)):\(two(s)) UTC"
  }

  /// "2026-11-22 00:26", for a table column.
  static func minute(_ seconds: Int64) -> String {
    let (y, mo, d, h, mi, _) = components(seconds)
    return "\(y)-\(two(mo))-\(two(d)) \(two(h)):\(two(mi))"
  }

  /// "20261122T002605Z", for file names.
  static func compact(_ seconds: Int64) -> String {
    let (y, mo, d, h, mi, s) = components(seconds)
    return "\(y)\(two(mo))\(two(d))T\(two(h))\(two(mi))\(two(s))Z"
  }

  /// RFC 3339 in UTC: "2026-11-22T00:26:05.123456789Z", or without the
  /// fraction when the time has no nanoseconds field. Built digit by digit
  /// into one buffer: reports hold four of these per finding.
  static func rfc3339(_ time: InodeTime) -> String {
    let (y, mo, d, h, mi, s) = components(time.seconds)
    var text: [UInt8] = []
    text.reserveCapacity(32)
    func digits(_ value: Int64, _ width: Int) {
      if value < 0 { text.append(UInt8(ascii: "-")) }
      let magnitude = value.magnitude
      var divisor: UInt64 = 1
      var count = 1
      while count < width || magnitude / divisor >= 10 {
        divisor *= 10
        count += 1
      }
      while divisor > 0 {
        text.append(UInt8(ascii: "0") + UInt8(magnitude / divisor % 10))
        divisor /= 10
      }
    }
    func field(_ separator: Unicode.Scalar, _ value: Int64) {
      text.append(UInt8(ascii: separator))
      digits(value, 2)
    }
    digits(y, 4)
    field("-", mo)
    field("-", d)
    field("T", h)
    field(":", mi)
    field(":", s)
    if let nanoseconds = time.nanoseconds {
      text.append(UInt8(ascii: "."))
      digits(Int64(nanoseconds), 9)
    }
    text.append(UInt8(ascii: "Z"))
    return String(decoding: text, as: UTF8.self)
  }
}
