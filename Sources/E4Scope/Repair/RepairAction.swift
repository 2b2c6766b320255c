/// What a repair did to a finding, or what its dry run would do; `left`
/// findings carry a message saying why.
public enum RepairAction: String, Codable, Sendable {
  /// Dry run: the range would be freed, punched or flipped.
  case trim, punch, convert
  /// Done: freed, punched into a hole, flipped, or flipped with i_size raised.
  case trimmed, punched, converted, extended
  /// Not changed.
  case left
}
