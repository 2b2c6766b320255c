import Foundation
import Testing
import TestSupport

/// The committed man pages and completion scripts match the parser.
@Suite struct DocumentationTests {
  static let subcommands = ["info", "extents", "scan", "trim", "convert"]

  @Test(arguments: ["bash", "zsh", "fish"])
  func completionScriptIsCurrent(_ shell: String) throws {
    let generated = try runChecked(Fixtures.binary, ["--generate-completion-script", shell])
    let committed = try String(
      contentsOf: Fixtures.root.appendingPathComponent("completions/e4scope.\(shell)"),
      encoding: .utf8)
    #expect(generated == committed, "run scripts/generate-docs.sh")
  }

  @Test(arguments: subcommands)
  func manPageListsEveryOption(_ command: String) throws {
    let help = try runChecked(Fixtures.binary, [command, "--help"])
    let page = try String(
      contentsOf: Fixtures.root.appendingPathComponent("man/e4scope.\(command).1"),
      encoding: .utf8)
    // Option lines of the OPTIONS section start with "-" and name the option
    // before the first run of two spaces.
    let section = help.components(separatedBy: "OPTIONS:").last ?? ""
    let options = section.split(separator: "\n")
      .map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { $0.hasPrefix("-") }
      .flatMap { line in
        (line.components(separatedBy: "  ").first ?? "")
          .split(whereSeparator: { " ,/".contains($0) })
          .filter { $0.hasPrefix("--") }
          .map { String($0.prefix { $0 == "-" || $0.isLetter || $0.isNumber }) }
      }
    #expect(!options.isEmpty)
    for option in Set(options) {
      // mdoc writes --format as "Fl -format".
      #expect(page.contains("Fl -\(option.dropFirst(2))"), "\(option) missing from man page")
    }
    #expect(page.contains("It 16"), "exit status section")
  }

  /// The options that take a free value (a number, a path); every other
  /// option takes one of a fixed set of values and must offer them for completion.
  static let freeValuedOptions: Set<String> = [
    "partition", "offset", "inode", "path", "min-run", "threads", "undo", "size", "journal-device", "C",
  ]

  /// Every option with a fixed set of values offers exactly those values
  /// for completion, and names each of them in its help; an option that is
  /// neither known to be free-valued nor completed fails here.
  @Test func everyEnumeratedOptionCompletesItsValues() throws {
    let dump = try runChecked(Fixtures.binary, ["--experimental-dump-help"])
    let root = try #require(try JSONSerialization.jsonObject(with: Data(dump.utf8)) as? [String: Any])
    let commands = try #require((root["command"] as? [String: Any])?["subcommands"] as? [[String: Any]])
    var checked = 0
    for command in commands {
      let name = command["commandName"] as? String ?? "?"
      for argument in command["arguments"] as? [[String: Any]] ?? [] where argument["kind"] as? String == "option" {
        guard let option = (argument["preferredName"] as? [String: Any])?["name"] as? String,
          option != "help", !Self.freeValuedOptions.contains(option)
        else { continue }
        let completion = (argument["completionKind"] as? [String: Any])?["list"] as? [String: Any]
        let values = completion?["values"] as? [String] ?? []
        #expect(!values.isEmpty, "\(name) --\(option): no completion list (.list or CaseIterable)")
        if let all = argument["allValues"] as? [String] { #expect(Set(all) == Set(values), "\(name) --\(option)") }
        let help = argument["abstract"] as? String ?? ""
        for value in values { #expect(help.contains(value), "\(name) --\(option): help does not name \(value)") }
        checked += 1
      }
    }
    #expect(checked >= 10, "format, journal, checks, granularity, fail-on across the commands")
  }

  /// README's findings table has a row for every kind the tool reports,
  /// with its severity, and names no kind the tool does not have.
  @Test func readmeListsEveryFindingKind() throws {
    let readme = try String(
      contentsOf: Fixtures.root.appendingPathComponent("README.md"), encoding: .utf8)
    let summary = try run(Fixtures.binary, ["scan", "--help"]).stdout
    let rows = readme.split(separator: "\n").filter { $0.hasPrefix("| `") && $0.contains("_") }
    let kinds = summary.components(separatedBy: "\n").compactMap { line -> (String, String)? in
      let parts = line.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 2)
      guard parts.count >= 2, parts[0].contains("_"), parts[1].hasPrefix("("),
        parts[0].allSatisfy({ $0.isLowercase || $0 == "_" || $0.isNumber })
      else { return nil }
      let severity = String(parts[1].dropFirst().prefix { $0.isLetter })
      guard ["info", "notice", "warning", "error"].contains(severity) else { return nil }
      return (String(parts[0]), severity)
    }
    #expect(kinds.count >= 8, "scan --help lists the kinds")
    for (kind, severity) in kinds {
      #expect(rows.contains { $0.hasPrefix("| `\(kind)` | \(severity) |") }, "README row for \(kind) (\(severity))")
    }
  }

  /// Every page renders without a warning from man and has the sections a
  /// reader looks for.
  @Test(arguments: ["e4scope"] + subcommands.map { "e4scope.\($0)" })
  func manPageRendersCleanlyWithItsSections(_ page: String) throws {
    let path = Fixtures.root.appendingPathComponent("man/\(page).1").path
    let r = try run("env", ["MANWIDTH=80", "man", "--warnings", "-l", path])
    #expect(r.status == 0)
    #expect(r.stderr.isEmpty, "man --warnings: \(r.stderr)")
    for section in ["SYNOPSIS", "DESCRIPTION", "ENVIRONMENT", "EXIT STATUS", "EXAMPLES", "SEE ALSO"] {
      #expect(r.stdout.contains("\n\(section)\n"), "\(page): \(section)")
    }
  }
}
