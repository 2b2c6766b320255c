import E4Scope

/// What the argument parser would report badly, caught before it runs:
/// no arguments at all, a mistyped subcommand, and a negative number given
/// to an option that takes a count or an offset.
enum ArgumentChecks {
  static let subcommands = ["info", "extents", "scan", "trim", "convert", "help"]
  /// Options whose value is a number of bytes, blocks, inodes or threads.
  static let numericOptions: Set<String> = [
    "--offset", "--partition", "--inode", "--min-run", "--threads", "--size",
  ]

  /// The usage error for `arguments` (without the program name), or nil.
  static func problem(_ arguments: [String]) -> String? {
    guard let first = arguments.first else {
      return "no command given; one of \(subcommands.dropLast().joined(separator: ", ")) (see e4scope --help)"
    }
    if !first.hasPrefix("-") && !subcommands.contains(first) {
      let guess = subcommands.min { distance(first, $0) < distance(first, $1) }
      let hint = guess.flatMap { distance(first, $0) <= 2 ? "; did you mean '\($0)'?" : nil } ?? ""
      return "unknown command '\(first)'\(hint) (see e4scope --help)"
    }
    for (option, value) in zip(arguments, arguments.dropFirst())
    where numericOptions.contains(option) && value.hasPrefix("-") && value.dropFirst().first?.isNumber == true {
      return "\(option) takes a number of 0 or more, not \(value)"
    }
    return nil
  }

  /// Levenshtein distance, for subcommand suggestions.
  static func distance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    guard !a.isEmpty else { return b.count }
    var row = Array(0...b.count)
    for i in 1...a.count {
      var previous = row[0]
      row[0] = i
      for j in stride(from: 1, through: b.count, by: 1) {
        let current = row[j]
        row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
        previous = current
      }
    }
    return row[b.count]
  }
}
