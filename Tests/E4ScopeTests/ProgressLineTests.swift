import Testing

@testable import E4Scope

/// The progress line fits every width without wrapping, reads its ETA from
/// the bytes still to read, and erases itself without escapes on a dumb terminal.
@Suite struct ProgressLineTests {
  static let gib: UInt64 = 1 << 30

  /// Half the groups scanned, 1 GiB planned so far (2 GiB expected), 512 MiB read in 2 s.
  static let reading = ScanProgress.Snapshot(
    groupsDone: 8, groupsTotal: 16, inodesScanned: 5000, bytesDone: gib / 2, bytesTotal: 3 * gib,
    bytesPlanned: gib, elapsed: 2)

  static let metadataOnly = ScanProgress.Snapshot(
    groupsDone: 30, groupsTotal: 120, inodesScanned: 90000, bytesDone: 0, bytesTotal: 0,
    bytesPlanned: 0, elapsed: 3)

  @Test(arguments: Array(1...200))
  func lineNeverReachesTheLastColumn(_ width: Int) {
    for s in [Self.reading, Self.metadataOnly] {
      let line = ProgressLine.text(s, width: width)
      #expect(line.count <= max(1, width - 1), "width \(width): \(line)")
      #expect(!line.contains("\n") && !line.contains("\r"))
    }
  }

  @Test func etaComesFromTheBytesStillToRead() {
    // 2 GiB expected, 0.5 GiB read at 256 MiB/s: 1.5 GiB left, 6 s.
    #expect(Self.reading.bytesExpected == 2 * Self.gib)
    #expect(Self.reading.secondsLeft == 6)
    #expect(Self.reading.fraction == 0.25)
    let line = ProgressLine.text(Self.reading, width: 80)
    #expect(line == "scan  25% [####-------------] 512 MiB of about 2 GiB, 256 MiB/s, ETA 6 s")
    // Without data, the groups give the fraction and the rate: 30 of 120 in 3 s.
    #expect(Self.metadataOnly.secondsLeft == 9)
    #expect(ProgressLine.text(Self.metadataOnly, width: 80) == "scan  25% [####-------------] groups 30/120, ETA 9 s")
    #expect(ProgressLine.text(Self.reading, width: 140).hasSuffix("] groups 8/16, 512 MiB of about 2 GiB, 256 MiB/s, ETA 6 s"))
  }

  @Test func narrowLinesKeepThePercentageAndDropDetailsFirst() {
    #expect(ProgressLine.text(Self.reading, width: 40) == "scan  25% [##--------] ETA 6 s")
    #expect(ProgressLine.text(Self.reading, width: 12) == "scan  25%")
  }

  @Test func dumbTerminalsGetSpacesInsteadOfEscapes() {
    let drawn = ProgressLine.finished("scan 5%", width: 20, escapes: false)
    #expect(drawn == "scan 5%" + String(repeating: " ", count: 12))
    #expect(ProgressLine.erase(width: 20, escapes: false) == "\r" + String(repeating: " ", count: 19) + "\r")
    #expect(ProgressLine.finished("scan 5%", width: 20, escapes: true) == "scan 5%\u{1B}[K")
    #expect(ProgressLine.erase(width: 20, escapes: true) == "\r\u{1B}[K")
  }

  @Test func feedLinesArePhaseDoneTotalUnit() {
    #expect(ProgressFeed.lines(Self.reading) == "scan 8 16 groups\ndata 536870912 2147483648 bytes\n")
    #expect(ProgressFeed.lines(Self.metadataOnly) == "scan 30 120 groups\n")
  }

  @Test func repairLineCountsInodes() {
    let s = RepairProgress.Snapshot(inodesDone: 3, inodesTotal: 9, elapsed: 2)
    #expect(ProgressLine.text(s, width: 80) == "repair  33% [#####------------] inodes 3/9, ETA 4 s")
    #expect(ProgressFeed.lines(s) == "repair 3 9 inodes\n")
    for width in 1...120 { #expect(ProgressLine.text(s, width: width).count <= max(1, width - 1)) }
  }

  @Test func durationsReadNaturally() {
    #expect(ProgressLine.duration(0.2) == "1 s")
    #expect(ProgressLine.duration(59) == "59 s")
    #expect(ProgressLine.duration(185) == "3 min 5 s")
    #expect(ProgressLine.duration(7800) == "2 h 10 min")
  }
}
