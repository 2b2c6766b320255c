import Dispatch

/// Runs independent pieces of work on all cores and keeps their results in
/// input order, so the output does not depend on the thread count.
enum Parallel {
  /// `body` over every item, concurrently; throws the first item's error
  /// (in input order) when any fails, and never when `body` cannot.
  static func map<T: Sendable, R: Sendable, Failure: Error>(
    _ items: [T], _ body: @Sendable (_ index: Int, _ item: T) throws(Failure) -> R
  ) throws(Failure) -> [R] {
    let slots = Slots<R, Failure>(count: items.count)
    DispatchQueue.concurrentPerform(iterations: items.count) { index in
      do throws(Failure) {
        slots[index] = .success(try body(index, items[index]))
      } catch {
        slots[index] = .failure(error)
      }
    }
    var results: [R] = []
    results.reserveCapacity(items.count)
    for index in items.indices {
      guard let slot = slots[index] else { continue }
      results.append(try slot.get())
    }
    return results
  }

  /// Runs `first` on this thread while `second` runs on another; returns
  /// both results once both are done, or throws `first`'s error (after
  /// `second` is done). `second` gets a thread of its own, not a
  /// `concurrentPerform` slot: libdispatch runs a `concurrentPerform`
  /// nested in another one serially, and each side may use `map`.
  static func both<A, B: Sendable>(
    _ first: () throws -> A, _ second: @escaping @Sendable () -> B
  ) throws -> (A, B) {
    let slot = Slots<B, Never>(count: 1)
    let group = DispatchGroup()
    DispatchQueue.global().async(group: group) { slot[0] = .success(second()) }
    let a: A
    do {
      a = try first()
    } catch {
      group.wait()
      throw error
    }
    group.wait()
    guard case .success(let b) = slot[0] else {
      preconditionFailure("the second task ends before group.wait returns")
    }
    return (a, b)
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
private final class Slots<R, Failure: Error>: @unchecked Sendable {
  private let storage: UnsafeMutableBufferPointer<Result<R, Failure>?>

  init(count: Int) {
    storage = .allocate(capacity: count)
    storage.initialize(repeating: nil)
  }

  deinit {
    storage.deinitialize()
    storage.deallocate()
  }

  subscript(index: Int) -> Result<R, Failure>? {
    get { storage[index] }
    set { storage[index] = newValue }
  }

}
