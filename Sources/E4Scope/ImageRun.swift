import Platform

/// A command's run over its image arguments: the filesystems each image
/// holds (every ext2/3/4 partition, or the one `--partition` or `--offset`
/// names), an error per image or filesystem that fails, named after it and
/// reported while the rest goes on, and a stop at SIGINT.
public struct ImageRun {
  public var partition: Int?
  public var offset: UInt64?
  /// Lines about partitions passed over ("partition 6: swap, skipped").
  public var note: (String) -> Void
  /// An image or filesystem that failed; the run goes on with the next.
  public var failure: (ImageFailure) -> Void

  public init(
    partition: Int?, offset: UInt64?, note: @escaping (String) -> Void,
    failure: @escaping (ImageFailure) -> Void
  ) {
    self.partition = partition
    self.offset = offset
    self.note = note
    self.failure = failure
  }

  /// What came of a run.
  public struct Outcome<Result> {
    public var results: [Result] = []
    /// True when an image or filesystem failed (each was reported).
    public var failed = false
    /// True when SIGINT stopped the run: the results cover what was done.
    public var interrupted = false
  }

  /// The filesystems `image` holds.
  public func targets(of image: String) throws -> TargetSelection {
    try ImageFailure.naming(image) {
      try TargetSelection.resolve(image: image, partition: partition, offset: offset)
    }
  }

  /// The one filesystem a command that edits or lists one inode needs.
  public func single(_ image: String) throws -> FilesystemTarget {
    try ImageFailure.naming(image) { try targets(of: image).single() }
  }

  /// `body` once per image, with the filesystems it holds.
  public func overImages<Result>(
    _ images: [String], _ body: (String, TargetSelection) throws -> Result
  ) -> Outcome<Result> {
    var outcome = Outcome<Result>()
    for image in images where !stopped(&outcome) {
      attempt(image, &outcome) { try body(image, try targets(of: image)) }
    }
    return outcome
  }

  /// `body` once per filesystem of every image.
  public func overFilesystems<Result>(
    _ images: [String], _ body: (FilesystemTarget) throws -> Result
  ) -> Outcome<Result> {
    var outcome = Outcome<Result>()
    for image in images where !stopped(&outcome) {
      let selection: TargetSelection
      do {
        selection = try targets(of: image)
      } catch {
        report(error, naming: image, &outcome)
        continue
      }
      selection.notes.forEach { note("\(image): \($0)") }
      for target in selection.targets where !stopped(&outcome) {
        attempt(target.name, &outcome) { try body(target) }
      }
    }
    _ = stopped(&outcome)
    return outcome
  }

  private func stopped<Result>(_ outcome: inout Outcome<Result>) -> Bool {
    if Interrupt.requested { outcome.interrupted = true }
    return outcome.interrupted
  }

  private func attempt<Result>(
    _ name: String, _ outcome: inout Outcome<Result>, _ body: () throws -> Result
  ) {
    do {
      outcome.results.append(try ImageFailure.naming(name, body))
    } catch {
      report(error, naming: name, &outcome)
    }
  }

  private func report<Result>(_ error: any Error, naming name: String, _ outcome: inout Outcome<Result>) {
    let (status, message) = ExitStatus.of(error)
    failure(error as? ImageFailure ?? ImageFailure(image: name, message: message, exitStatus: status))
    outcome.failed = true
  }
}
