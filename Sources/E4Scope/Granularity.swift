/// How finely zero-filled data is reported.
public enum Granularity: String, Sendable, CaseIterable {
  /// Whole blocks (zeroed_written).
  case block
  /// Also 512-byte sectors inside written blocks (zeroed_sectors).
  case sector
}
