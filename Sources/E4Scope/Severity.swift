/// How much a finding matters, lowest first.
public enum Severity: String, Codable, Sendable, Comparable, CaseIterable {
  case info, notice, warning, error

  private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
  public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}
