/// Seconds on a monotonic clock, for elapsed times and progress rates.
enum MonotonicClock {
  private static let origin = ContinuousClock.now

  static var now: Double {
    let elapsed = ContinuousClock.now - origin
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
  }
}
