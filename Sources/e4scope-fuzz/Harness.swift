import E4Scope
import Foundation

/// Runs every read-only path of e4scope on one image file: partition
/// probing, `info`, `extents` (by inode and by path), and `scan --checks all`
/// with sector granularity and evidence, rendered as ndjson. Errors are
/// expected on damaged input; crashes, traps and hangs are what the fuzzer
/// looks for.
enum Harness {
  static func exercise(_ image: String) {
    let selection = try? TargetSelection.resolve(image: image, partition: nil, offset: nil)
    if let selection { _ = try? InfoReport(selection, image: image) }
    for target in selection?.targets ?? [FilesystemTarget(image: image)] {
      _ = try? ExtentsReport(target: target, inode: 12, path: nil)
      _ = try? ExtentsReport(target: target, inode: nil, path: "/a/b")
      var options = ScanOptions()
      options.checks = [.all]
      options.granularity = .sector
      options.evidence = true
      options.threads = 1
      if let result = try? FilesystemScan(target: target, options: options).run() {
        _ = ReportRenderer.render([result], as: .ndjson)
        _ = ReportRenderer.render([result], as: .table)
      }
    }
  }
}

#if FUZZING
  /// Where each input is written: libext2fs opens images by path.
  private let inputPath = "/dev/shm/e4scope-fuzz-\(ProcessInfo.processInfo.processIdentifier).img"

  /// One fuzzer input.
  private let fuzzOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt = { data, size in
    guard let data,
      (try? Data(bytes: data, count: size).write(to: URL(fileURLWithPath: inputPath))) != nil
    else { return 0 }
    Harness.exercise(inputPath)
    return 0
  }

  @_silgen_name("LLVMFuzzerRunDriver")
  private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
  ) -> CInt

  /// The program's entry (SwiftPM names an executable's main after its
  /// module): hands over to libFuzzer's driver.
  @_cdecl("e4scope_fuzz_main")
  func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    var count = argc
    var vector = argv
    return LLVMFuzzerRunDriver(&count, &vector, fuzzOneInput)
  }
#else
  /// Without libFuzzer: replays the harness on each image named on the
  /// command line (crash reproducers, the damaged-image corpus).
  @main
  struct Replay {
    static func main() {
      for path in CommandLine.arguments.dropFirst() {
        Harness.exercise(path)
        print("ok \(path)")
      }
    }
  }
#endif
