import Foundation
import Testing
import TestSupport

/// The command line keeps e2fsprogs' and util-linux's habits: the program's
/// name on every error, usage errors exit 16, suggestions for typos, the
/// libraries' versions in --version, and scripts choose what exit 4 means.
@Suite struct CommandLineTests {
  @Test func bareCommandIsAUsageError() throws {
    let r = try run(Fixtures.binary, [])
    #expect(r.status == 16)
    #expect(r.stderr.hasPrefix("e4scope: no command given"), "\(r.stderr)")
  }

  @Test func typosGetASuggestion() throws {
    let r = try run(Fixtures.binary, ["scna", "x.img"])
    #expect(r.status == 16)
    #expect(r.stderr.contains("unknown command 'scna'; did you mean 'scan'?"), "\(r.stderr)")
  }

  @Test func usageErrorsNameTheProgram() throws {
    let r = try run(Fixtures.binary, ["scan", "--bogus", "x.img"])
    #expect(r.status == 16)
    #expect(r.stderr.hasPrefix("e4scope: "), "\(r.stderr)")
    #expect(!r.stderr.contains("Error:"), "\(r.stderr)")
  }

  @Test(arguments: [["scan", "--offset", "-5", "x.img"], ["scan", "--threads", "-1", "x.img"]])
  func negativeNumbersAreExplained(_ arguments: [String]) throws {
    let r = try run(Fixtures.binary, arguments)
    #expect(r.status == 16)
    #expect(r.stderr.contains("takes a number of 0 or more, not -"), "\(r.stderr)")
  }

  @Test func versionNamesTheLibraries() throws {
    let ext2 = try #require(
      try runChecked("dpkg-query", ["-W", "-f=${Version}", "libext2fs2"]).split(separator: "-").first)
    for flag in ["--version", "-V"] {
      let r = try run(Fixtures.binary, [flag])
      #expect(r.status == 0)
      #expect(r.stdout.hasPrefix("e4scope 0."), "\(r.stdout)")
      #expect(r.stdout.contains("(libext2fs \(ext2), libblkid "), "\(r.stdout)")
    }
  }

  @Test func granularityNeedsTheZeroedCheck() throws {
    let r = try run(Fixtures.binary, ["scan", "--granularity", "sector", "x.img"])
    #expect(r.status == 16)
    #expect(r.stderr.contains("--granularity sector needs the zeroed check"), "\(r.stderr)")
  }

  @Test func progressIsOfferedOnlyWhereItIsDrawn() throws {
    for command in ["info", "extents"] {
      let help = try runChecked(Fixtures.binary, [command, "--help"])
      #expect(!help.contains("--progress"), "\(command)")
    }
    #expect(try runChecked(Fixtures.binary, ["scan", "--help"]).contains("--progress"))
  }

  /// demo.img has only notices (deliberate preallocations): a cron job that
  /// cares about damage alone uses --fail-on warning.
  @Test func failOnPicksTheSeverityThatMakesExitFour() throws {
    let dir = try TemporaryDirectory()
    let image = try dir.gunzip(Fixtures.images.appendingPathComponent("demo.img.gz"), as: "demo.img")
    #expect(try run(Fixtures.binary, ["scan", "-q", image]).status == 4)
    #expect(try run(Fixtures.binary, ["scan", "-q", "--fail-on", "notice", image]).status == 4)
    #expect(try run(Fixtures.binary, ["scan", "-q", "--fail-on", "warning", image]).status == 0)
    #expect(try run(Fixtures.binary, ["scan", "-q", "--fail-on", "bogus", image]).status == 16)
  }
}

/// scripts/install.sh puts the binary, every man page and the three
/// completion scripts where their tools look, and the installed binary runs.
@Suite struct InstallTests {
  @Test func installsBinaryManPagesAndCompletions() throws {
    let dir = try TemporaryDirectory()
    let script = Fixtures.root.appendingPathComponent("scripts/install.sh").path
    let r = try run("env", ["E4SCOPE_BINARY=\(Fixtures.binary)", script, dir.path("prefix")])
    #expect(r.status == 0, "\(r.stderr)")
    let prefix = dir.path("prefix")
    let pages = try FileManager.default.contentsOfDirectory(
      atPath: Fixtures.root.appendingPathComponent("man").path)
    for page in pages {
      #expect(FileManager.default.fileExists(atPath: "\(prefix)/share/man/man1/\(page)"), "\(page)")
    }
    for file in ["share/bash-completion/completions/e4scope", "share/zsh/site-functions/_e4scope",
                 "share/fish/vendor_completions.d/e4scope.fish"] {
      #expect(FileManager.default.fileExists(atPath: "\(prefix)/\(file)"), "\(file)")
    }
    #expect(try runChecked("\(prefix)/bin/e4scope", ["--version"]).hasPrefix("e4scope "))
  }
}

/// Tables fit the terminal: at 80 and 40 columns no line is wider, rows are
/// never wrapped (each finding starts one line), and --bytes gives exact sizes.
@Suite struct TableWidthTests {
  @Test(arguments: [(80, "demo"), (40, "demo"), (80, "data"), (40, "deep-e2fsck"), (120, "data")])
  func linesFitTheWidth(_ width: Int, _ name: String) throws {
    let dir = try TemporaryDirectory()
    let image = try dir.gunzip(Fixtures.images.appendingPathComponent("\(name).img.gz"), as: "\(name).img")
    for command in [["scan", "--checks", "all"], ["trim", "-n", "--zeroed"]] {
      let r = try run("env", ["COLUMNS=\(width)", Fixtures.binary] + command + ["--format", "table", image])
      let lines = r.stdout.split(separator: "\n")
      #expect(!lines.isEmpty)
      for line in lines { #expect(line.count <= width, "\(command) at \(width): \(line)") }
      let json = try run(Fixtures.binary, command + ["--format", "ndjson", image])
      let findings = json.stdout.split(separator: "\n").filter { $0.contains("\"type\":\"finding\"") }.count
      // Rows: the lines between the header line and the footer that are not
      // indented (notes are).
      let header = lines.firstIndex { ["SEVERITY", "KIND", "ACTION"].contains(where: $0.hasPrefix) } ?? lines.endIndex
      let footer = try Regex(#"^([0-9]+ (finding|planned|repaired)|nothing to do|no findings)"#)
      let body = lines[min(header + 1, lines.endIndex)...].prefix { $0.firstMatch(of: footer) == nil }
      let rows = body.filter { $0.first.map { !$0.isWhitespace } == true }
      #expect(rows.count == findings, "\(command) at \(width): one row per finding")
    }
  }

  /// The mtime column (to the minute, UTC) shows only when the table is wide
  /// enough; it gives way first.
  @Test func mtimeShowsWhenThereIsRoom() throws {
    let dir = try TemporaryDirectory()
    let image = try dir.gunzip(Fixtures.images.appendingPathComponent("demo.img.gz"), as: "demo.img")
    let json = try run(Fixtures.binary, ["scan", "--format", "ndjson", image]).stdout
    let mtimes = try Regex(#""mtime":"([0-9-]{10})T([0-9:]{5})"#)
    let expected = Set(json.matches(of: mtimes).map { "\($0.output[1].substring ?? "") \($0.output[2].substring ?? "")" })
    try #require(!expected.isEmpty)
    let wide = try run("env", ["COLUMNS=160", Fixtures.binary, "scan", "--format", "table", image]).stdout
    #expect(wide.contains("MTIME (UTC)"))
    for time in expected { #expect(wide.contains(time), "\(time) in\n\(wide)") }
    let narrow = try run("env", ["COLUMNS=80", Fixtures.binary, "scan", "--format", "table", image]).stdout
    #expect(!narrow.contains("MTIME") && !expected.contains { narrow.contains($0) })
  }

  @Test func bytesGivesExactSizes() throws {
    let dir = try TemporaryDirectory()
    let image = try dir.gunzip(Fixtures.images.appendingPathComponent("demo.img.gz"), as: "demo.img")
    let human = try run("env", ["COLUMNS=100", Fixtures.binary, "scan", "--format", "table", image]).stdout
    let exact = try run("env", ["COLUMNS=100", Fixtures.binary, "scan", "--format", "table", "--bytes", image]).stdout
    #expect(human.contains("1 MiB") && !human.contains("1048576"))
    #expect(exact.contains("1048576") && exact.contains("(1544192)"), "\(exact)")
  }
}
