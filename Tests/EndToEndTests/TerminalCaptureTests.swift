import Foundation
import Testing
import TestSupport

/// What a user sees on a real terminal (a tmux pane of 80 and 40 columns):
/// no line wider than the pane, the repair's plan before its question, and a
/// progress line that stays one line and leaves nothing behind.
@Suite(.enabled(if: TerminalPane.available, "tmux is not installed: skipping the terminal captures"))
struct TerminalCaptureTests {
  static func expectFits(_ lines: [String], _ width: Int, _ what: String) {
    for line in lines { #expect(line.count <= width, "\(what): wider than \(width) columns: \(line)") }
  }

  static func demo(in dir: TemporaryDirectory) throws -> String {
    try dir.gunzip(Fixtures.images.appendingPathComponent("demo.img.gz"), as: "demo.img")
  }

  @Test(arguments: [80, 40])
  func scanTableFitsThePane(_ width: Int) throws {
    let dir = try TemporaryDirectory()
    _ = try Self.demo(in: dir)
    let pane = try TerminalPane(width: width, command: "'\(Fixtures.binary)' scan demo.img", in: dir.url.path)
    let (status, screen) = try pane.exit()
    #expect(status == 4)
    Self.expectFits(screen, width, "scan")
    // Heading and footer wrap at word boundaries on narrow panes.
    #expect(screen.first?.hasPrefix("demo.img: 4096-byte blocks") == true)
    #expect(screen.contains { $0.hasPrefix("9 findings:") })
    #expect(screen.filter { $0.contains("unwritten_beyond_eof") }.count == 10)
  }

  /// The plan and its totals come first, then the question; "n" writes
  /// nothing, "y" repairs and e2fsck agrees.
  @Test(arguments: [80, 40])
  func interactiveTrimShowsThePlanThenAsks(_ width: Int) throws {
    let dir = try TemporaryDirectory()
    let image = try Self.demo(in: dir)
    let before = try sha256(image)
    // At 40 columns the undo file's message would wrap: none is written there.
    let undo = width >= 80 ? "--undo u.e2undo" : "--no-undo"
    let trim = "'\(Fixtures.binary)' trim \(undo) demo.img"

    let declined = try TerminalPane(width: width, command: trim, in: dir.url.path)
    let asked = try declined.wait { $0.last?.contains("? [y/N]") == true }
    Self.expectFits(asked, width, "plan")
    #expect(asked.first == "demo.img: plan, nothing written yet")
    let footer = asked.firstIndex { $0.hasPrefix("9 planned (1.5 MiB; would free 1.5 MiB)") }
    #expect(footer != nil && footer! < asked.count - 1, "the plan's totals come before the question")
    #expect(asked.filter { $0.hasPrefix("trim ") && $0.contains("unwritten_beyond_eof") }.count == 9)
    let question = (asked.last ?? "").trimmingCharacters(in: .whitespaces)
    #expect(
      question
        == (width >= 80
          ? "e4scope: trim 9 ranges in 9 files, 1.5 MiB (undo file u.e2undo)? [y/N] "
          : "trim 9 ranges, 1.5 MiB? [y/N] ").trimmingCharacters(in: .whitespaces))
    try declined.type("n")
    let (noStatus, noScreen) = try declined.exit()
    #expect(noStatus == 4)
    #expect(noScreen.last == "e4scope: not confirmed; nothing written")
    Self.expectFits(noScreen, width, "declined")
    #expect(try sha256(image) == before)
    #expect(!FileManager.default.fileExists(atPath: dir.path("u.e2undo")))

    let confirmed = try TerminalPane(width: width, command: trim, in: dir.url.path)
    try confirmed.wait { $0.last?.contains("? [y/N]") == true }
    try confirmed.type("y")
    let (yesStatus, yesScreen) = try confirmed.exit()
    #expect(yesStatus == 1)
    Self.expectFits(yesScreen, width, "confirmed")
    let question2 = yesScreen.firstIndex { $0.contains("? [y/N] y") }
    let report = yesScreen.firstIndex { $0.hasPrefix("demo.img: repair") }
    #expect(question2 != nil && report != nil && question2! < report!, "the report follows the answer")
    #expect(yesScreen.contains { $0.hasPrefix("9 repaired (1.5 MiB), 0 left (0 B)") })
    #expect(try Fsck.check(image).status == 0)
    #expect(try run(Fixtures.binary, ["scan", "-q", image]).status == 0)
  }

  /// "1 range in 1 file", "2 ranges in 2 files".
  @Test(arguments: [(["--inode", "22"], "1 range in 1 file, 1 MiB"), (["--inode", "22", "--inode", "24"], "2 ranges in 2 files, 1 MiB")])
  func questionCountsInTheRightNumber(_ selection: [String], _ totals: String) throws {
    let dir = try TemporaryDirectory()
    _ = try Self.demo(in: dir)
    let command = "'\(Fixtures.binary)' trim --no-undo \(selection.joined(separator: " ")) demo.img"
    let pane = try TerminalPane(width: 80, command: command, in: dir.url.path)
    let asked = try pane.wait { $0.last?.contains("? [y/N]") == true }
    #expect(asked.last?.hasPrefix("e4scope: trim \(totals)") == true, "\(asked.last ?? "")")
    try pane.type("n")
    #expect(try pane.exit().status == 4)
  }

  /// `convert --unwritten-data` repeats its warning right before the question.
  @Test func convertWarnsRightBeforeTheQuestion() throws {
    let dir = try TemporaryDirectory()
    _ = try dir.gunzip(Fixtures.images.appendingPathComponent("data.img.gz"), as: "data.img")
    let command = "'\(Fixtures.binary)' convert --unwritten-data --no-undo --path /unwritten/inside data.img"
    let pane = try TerminalPane(width: 80, command: command, in: dir.url.path)
    let asked = try pane.wait { $0.last?.contains("? [y/N]") == true }
    #expect(asked.count >= 2)
    #expect(
      asked[asked.count - 2].hasPrefix("e4scope: warning: inode 25 (/unwritten/inside) logical blocks 4-6 lie inside i_size"),
      "\(asked.suffix(3))")
    #expect(asked.last?.hasPrefix("e4scope: convert ") == true)
    try pane.type("n")
    #expect(try pane.exit().status == 4)
  }

  /// A 4 GiB image with 3.5 GiB of unwritten extents to read (through the
  /// page cache, which takes a while for the image's holes): the progress
  /// line at 40 columns is one line, redrawn in place, and gone at the end.
  @Test(arguments: ["xterm", "dumb"])
  func progressLineStaysOneLineAndLeavesNothing(_ term: String) throws {
    let dir = try TemporaryDirectory()
    var b = ImageBuilder(mkfsArguments: ["-t", "ext4", "-b", "4096"], sizeKiB: 4 << 20)
    b.requests = ["write /dev/null big", "fallocate big 0 917503"]
    _ = try b.build(in: dir, name: "big.img")
    let command = "TERM=\(term) '\(Fixtures.binary)' scan --checks unwritten-data --keep-cache --threads 1 big.img"
    let pane = try TerminalPane(width: 40, command: command, in: dir.url.path)
    var drawn: [[String]] = []
    while true {
      let lines = try pane.screen()
      if lines.contains(where: { $0.hasPrefix("EXIT:") }) { break }
      if lines.contains(where: { $0.contains("%") }) { drawn.append(lines) }
      usleep(30_000)
    }
    #expect(!drawn.isEmpty, "no progress line was seen")
    for lines in drawn {
      let progress = lines.filter { $0.hasPrefix("scan ") && $0.contains("%") }
      #expect(progress.count == 1 && lines.count == 1, "one line: \(lines)")
      Self.expectFits(lines, 39, "progress")
      #expect(progress.first?.contains("[") == true && progress.first?.contains("ETA") == true, "\(progress)")
    }
    let (status, screen) = try pane.exit()
    #expect(status == 0)
    #expect(screen.first?.hasPrefix("big.img: 4096-byte blocks") == true, "the report starts where the line was: \(screen)")
    #expect(!screen.contains { $0.contains("%") || $0.contains("ETA") }, "leftovers: \(screen)")
    let raw = pane.raw()
    #expect(raw.contains(UInt8(ascii: "\r")))
    if term == "dumb" {
      #expect(!raw.contains(0x1B), "TERM=dumb: no escape sequence")
    } else {
      #expect(raw.range(of: Data("\r\u{1B}[K".utf8)) != nil)
    }
  }
}
