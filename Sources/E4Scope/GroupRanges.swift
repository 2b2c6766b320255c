/// Splits block groups `0..<count` into at most `parts` contiguous ranges of
/// near-equal size (empty ranges dropped).
enum GroupRanges {
  static func split(_ count: UInt32, into parts: Int) -> [Range<UInt32>] {
    let parts = UInt32(max(1, min(parts, Int(max(count, 1)))))
    let base = count / parts
    let extra = count % parts
    var ranges: [Range<UInt32>] = []
    var start: UInt32 = 0
    for index in 0..<parts {
      let size = base + (index < extra ? 1 : 0)
      if size > 0 { ranges.append(start..<start + size) }
      start += size
    }
    return ranges.isEmpty ? [0..<count] : ranges
  }
}
