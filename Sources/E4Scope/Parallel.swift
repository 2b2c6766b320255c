import Dispatch

/// Runs independent pieces of work on all cores and keeps their results in
/// input order, so the output does not depend on the thread count.
enum Parallel {
  static func map<T: Sendable, R: Sendable>(
    _ items: [T], _ body: @Sendable (_ index: Int, _ item: T) throws -> R
  ) throws -> [R] {
    let slots = Slots<R>(count: items.count)
    DispatchQueue.concurrentPerform(iterations: items.count) { index in
      slots[index] = Result { try body(index, items[index]) }
    }
    return try slots.results.map { try $0.get() }
  }

  /// Splits `items` into at most `parts` contiguous, near-equal chunks.
  static func chunks<T>(_ items: [T], into parts: Int) -> [ArraySlice<T>] {
    let parts = max(1, min(parts, items.count))
    var result: [ArraySlice<T>] = []
    var start = 0
    for index in 0..<parts {
      let end = start + items.count / parts + (index < items.count % parts ? 1 : 0)
      result.append(items[start..<end])
      start = end
    }
    return result
  }
}

/// One result slot per work item; each worker writes only its own slot.
private final class Slots<R>: @unchecked Sendable {
  private let storage: UnsafeMutableBufferPointer<Result<R, any Error>?>

  init(count: Int) {
    storage = .allocate(capacity: count)
    storage.initialize(repeating: nil)
  }

  deinit {
    storage.deinitialize()
    storage.deallocate()
  }

  subscript(index: Int) -> Result<R, any Error>? {
    get { storage[index] }
    set { storage[index] = newValue }
  }

  /// Every slot's result (all slots are filled once the work has run).
  var results: [Result<R, any Error>] {
    storage.map { $0 ?? .failure(CancellationError()) }
  }
}
