/// The question an interactive repair asks before writing, with the plan's
/// totals: "e4scope: trim 9 ranges in 3 files, 1.2 MiB (undo file X)? [y/N] ",
/// shortened to fit the terminal's width.
public enum RepairQuestion {
  /// The longest form that leaves room for the answer on a line of `width`
  /// columns (the undo file, then the program name, then the file count go first).
  public static func text(_ plan: RepairPlan, undoFile: String?, layout: TableLayout, width: Int) -> String {
    let verb = plan.items.allSatisfy { !$0.target.frees } ? "convert" : "trim"
    let ranges = "\(verb) \(Plural.count(plan.items.count, "range"))"
    let files = " in " + Plural.count(Set(plan.items.map(\.finding.inode)).count, "file")
    let size = ", " + layout.size(plan.items.reduce(UInt64(0)) { $0 + $1.finding.length })
    let undo = undoFile.map { " (undo file \($0))" } ?? " (no undo file)"
    let ask = "? [y/N] "
    let forms = [
      "e4scope: " + ranges + files + size + undo + ask,
      "e4scope: " + ranges + files + size + ask,
      ranges + files + size + ask,
      ranges + size + ask,
    ]
    // The typed answer takes one column; the last column stays free.
    return forms.first { $0.count + 2 <= width } ?? forms[forms.count - 1]
  }
}
