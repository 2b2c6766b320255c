// Zero-test micro-benchmark: ZeroTest.isZero (Sources/E4Scope/Data/ZeroTest.swift)
// against memcmp with a static zero page, over 4 KiB blocks of all-zero data
// (the worst case: every byte is examined).
//
// Compiled together with the tool's source file, whole-module optimized like
// `swift build -c release` (bench/bench.sh --only zero-test does this):
//
//   swiftc -O -wmo -parse-as-library Sources/E4Scope/Data/ZeroTest.swift \
//       bench/zero-test.swift -o /tmp/e4scope-zero-test
//   /tmp/e4scope-zero-test [--big-mib 1024] [--small-mib 4] [--reps 5]
//
// Two buffers:
//   big:   1 GiB, written (so every page is a real page, not the shared zero
//          page), one pass per repetition: memory-bandwidth bound.
//   small: 4 MiB, passed over again and again until 1 GiB has been examined
//          per repetition: cache-resident.
// Each measurement is repeated (--reps) and the best repetition is reported.
// Output: one line per measurement, `zero-test method=M buffer=B gbps=G ...`
// (GB = 10^9 bytes), then a `zero-test faster on B: ...` line per buffer.
import Glibc

let blockSize = 4096

/// A page of zeros, allocated once and never written again.
let zeroPage: UnsafeMutableRawPointer = {
  let p = UnsafeMutableRawPointer.allocate(byteCount: blockSize, alignment: blockSize)
  memset(p, 0, blockSize)
  return p
}()

@inline(never)
func countZeroBlocksZeroTest(_ buffer: UnsafeRawBufferPointer) -> Int {
  var zero = 0
  var offset = 0
  while offset + blockSize <= buffer.count {
    if ZeroTest.isZero(UnsafeRawBufferPointer(rebasing: buffer[offset..<offset + blockSize])) {
      zero += 1
    }
    offset += blockSize
  }
  return zero
}

@inline(never)
func countZeroBlocksMemcmp(_ buffer: UnsafeRawBufferPointer) -> Int {
  guard let base = buffer.baseAddress else { return 0 }
  var zero = 0
  var offset = 0
  while offset + blockSize <= buffer.count {
    if memcmp(base + offset, zeroPage, blockSize) == 0 { zero += 1 }
    offset += blockSize
  }
  return zero
}

func seconds() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_MONOTONIC, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

struct Result {
  var method: String
  var buffer: String
  var gbps: Double
  var bestSeconds: Double
  var bytes: Int
}

/// Runs `body` over `buffer` `passes` times per repetition; best of `reps`.
func measure(
  _ method: String, _ bufferName: String, _ buffer: UnsafeMutableRawBufferPointer, passes: Int,
  reps: Int, _ body: (UnsafeRawBufferPointer) -> Int
) -> Result {
  let expected = buffer.count / blockSize * passes
  var best = Double.infinity
  for _ in 0..<reps {
    let t0 = seconds()
    var zero = 0
    for pass in 0..<passes {
      // A store (of zero) before each pass: the buffer may have changed as far
      // as the optimizer knows, so a pass cannot be hoisted out of the loop.
      buffer.storeBytes(of: 0, toByteOffset: (pass &* 4099) % buffer.count, as: UInt8.self)
      zero += body(UnsafeRawBufferPointer(buffer))
    }
    let t = seconds() - t0
    // The count is checked, so the work cannot be optimized away.
    if zero != expected {
      fputs("zero-test: \(method) found \(zero) zero blocks, expected \(expected)\n", stderr)
      exit(1)
    }
    best = min(best, t)
  }
  let bytes = buffer.count * passes
  return Result(
    method: method, buffer: bufferName, gbps: Double(bytes) / best / 1e9, bestSeconds: best,
    bytes: bytes)
}

func format(_ value: Double, _ decimals: Int) -> String {
  var scale = 1.0
  for _ in 0..<decimals { scale *= 10 }
  let r = (value * scale).rounded() / scale
  var s = "\(r)"
  if let dot = s.firstIndex(of: ".") {
    let have = s.distance(from: dot, to: s.endIndex) - 1
    if have < decimals { s += String(repeating: "0", count: decimals - have) }
  }
  return s
}

func allocateZeroed(mib: Int) -> UnsafeMutableRawBufferPointer {
  let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: mib << 20, alignment: blockSize)
  // Write every page: untouched anonymous memory reads as the kernel's single
  // shared zero page, which would sit in L1 and flatter both methods.
  memset(buffer.baseAddress!, 0xA5, buffer.count)
  memset(buffer.baseAddress!, 0, buffer.count)
  return buffer
}

@main
struct ZeroTestBench {
  static func main() {
    var bigMiB = 1024
    var smallMiB = 4
    var reps = 5
    var args = CommandLine.arguments.dropFirst()
    while let arg = args.popFirst() {
      switch arg {
      case "--big-mib": bigMiB = Int(args.popFirst() ?? "") ?? bigMiB
      case "--small-mib": smallMiB = Int(args.popFirst() ?? "") ?? smallMiB
      case "--reps": reps = Int(args.popFirst() ?? "") ?? reps
      default:
        fputs("usage: zero-test [--big-mib N] [--small-mib N] [--reps N]\n", stderr)
        exit(2)
      }
    }

    var results: [Result] = []
    let big = allocateZeroed(mib: bigMiB)
    let bigName = "\(bigMiB)MiBx1"
    results.append(
      measure("ZeroTest.isZero", bigName, big, passes: 1, reps: reps) {
        countZeroBlocksZeroTest($0)
      })
    results.append(
      measure("memcmp", bigName, big, passes: 1, reps: reps) {
        countZeroBlocksMemcmp($0)
      })
    big.deallocate()

    let small = allocateZeroed(mib: smallMiB)
    let passes = max(1, 1024 / smallMiB)
    let smallName = "\(smallMiB)MiBx\(passes)"
    results.append(
      measure("ZeroTest.isZero", smallName, small, passes: passes, reps: reps) {
        countZeroBlocksZeroTest($0)
      })
    results.append(
      measure("memcmp", smallName, small, passes: passes, reps: reps) {
        countZeroBlocksMemcmp($0)
      })
    small.deallocate()

    for r in results {
      print(
        "zero-test method=\(r.method) buffer=\(r.buffer) gbps=\(format(r.gbps, 2)) best_s=\(format(r.bestSeconds, 4)) bytes=\(r.bytes) reps=\(reps)"
      )
    }
    let label = [
      bigName: "\(bigMiB) MiB x 1 pass", smallName: "\(smallMiB) MiB x \(passes) passes",
    ]
    for name in [bigName, smallName] {
      let pair = results.filter { $0.buffer == name }
      guard pair.count == 2 else { continue }
      let (a, b) = (pair[0], pair[1])
      let (fast, slow) = a.gbps >= b.gbps ? (a, b) : (b, a)
      print(
        "zero-test faster on \(label[name] ?? name): \(fast.method), \(format(fast.gbps, 2)) GB/s = \(format(fast.gbps / slow.gbps, 2)) x \(slow.method) (\(format(slow.gbps, 2)) GB/s)"
      )
    }
  }
}
