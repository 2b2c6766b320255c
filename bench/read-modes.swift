// Read-mode micro-benchmark: the data scan's reads, replayed with the tool's
// own zero test (Sources/E4Scope/Data/ZeroTest.swift) on every 4 KiB block, through
// pread into a per-thread buffer (what the scan does) or straight from an
// mmap of the image (no copy out of the page cache).
//
//   strace -f -qq -o /tmp/st.txt -e trace=pread64 \
//       .build/release/e4scope scan --checks zeroed --no-paths --threads 1 IMAGE > /dev/null
//   bench/preads.py /tmp/st.txt --dump 4 > /tmp/reads.txt     # "offset count" lines
//   swiftc -O -wmo -parse-as-library Sources/E4Scope/Data/ZeroTest.swift \
//       bench/read-modes.swift -o /tmp/read-modes
//   /tmp/read-modes IMAGE /tmp/reads.txt [--coalesce BYTES] [--reps 3]
//
// --coalesce reads through forward gaps of at most BYTES (reads up to 8 MiB),
// as a scan could. Each mode runs on 1 and 2 threads taking reads from a
// shared counter; the best of --reps repetitions is printed, in GB/s of the
// bytes the reads cover. Run it on a warm page cache (cat IMAGE > /dev/null).
import Dispatch
import Glibc
import Synchronization


struct Read {
  var offset: Int
  var count: Int
}

func loadReads(_ path: String, coalesce: Int) -> [Read] {
  guard let f = fopen(path, "r") else { fatalError("cannot open \(path)") }
  defer { fclose(f) }
  var reads: [Read] = []
  var line: UnsafeMutablePointer<CChar>? = nil
  var capacity = 0
  defer { free(line) }
  while getline(&line, &capacity, f) > 0, let text = line {
    var end: UnsafeMutablePointer<CChar>? = nil
    let offset = strtol(text, &end, 10)
    guard let rest = end else { continue }
    let count = strtol(rest, nil, 10)
    guard count > 0 else { continue }
    if coalesce >= 0, let last = reads.last, last.offset + last.count <= offset,
      offset <= last.offset + last.count + coalesce, offset + count - last.offset <= 8 << 20
    {
      reads[reads.count - 1].count = offset + count - last.offset
    } else {
      reads.append(Read(offset: offset, count: count))
    }
  }
  return reads
}

func now() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_MONOTONIC, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Runs `work(read, buffer)` over all reads on `threads` threads; returns
/// the zero blocks seen (so the tests cannot be optimized away).
func run(_ reads: [Read], threads: Int, work: @Sendable (Read, UnsafeMutableRawPointer) -> Int) -> Int {
  let next = Atomic<Int>(0)
  let zeros = Atomic<Int>(0)
  DispatchQueue.concurrentPerform(iterations: threads) { _ in
    let buffer = UnsafeMutableRawPointer.allocate(byteCount: 8 << 20, alignment: 4096)
    defer { buffer.deallocate() }
    var local = 0
    while true {
      let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
      guard i < reads.count else { break }
      local += work(reads[i], buffer)
    }
    zeros.wrappingAdd(local, ordering: .relaxed)
  }
  return zeros.load(ordering: .relaxed)
}

func zeroBlocks(_ base: UnsafeRawPointer, _ count: Int) -> Int {
  var n = 0
  var offset = 0
  while offset + 4096 <= count {
    if ZeroTest.isZero(UnsafeRawBufferPointer(start: base + offset, count: 4096)) { n += 1 }
    offset += 4096
  }
  return n
}

@main
struct ReadModes {
  static func main() {
    let args = CommandLine.arguments
    guard args.count >= 3 else {
      print("usage: read-modes IMAGE READS [--coalesce BYTES] [--reps N]")
      exit(2)
    }
    var coalesce = -1
    var reps = 3
    var i = 3
    while i + 1 < args.count {
      if args[i] == "--coalesce" { coalesce = Int(args[i + 1]) ?? -1 }
      if args[i] == "--reps" { reps = Int(args[i + 1]) ?? 3 }
      i += 2
    }
    let reads = loadReads(args[2], coalesce: coalesce)
    let bytes = reads.reduce(0) { $0 + $1.count }
    let fd = open(args[1], O_RDONLY)
    guard fd >= 0 else { fatalError("cannot open \(args[1])") }
    var st = stat()
    fstat(fd, &st)
    let size = Int(st.st_size)
    print("read-modes reads=\(reads.count) bytes=\(bytes) coalesce=\(coalesce)")
    for threads in [1, 2] {
      for mode in ["pread", "mmap"] {
        var best = Double.infinity
        var zeros = 0
        for _ in 0..<reps {
          let t0 = now()
          if mode == "pread" {
            zeros = run(reads, threads: threads) { r, buffer in
              var done = 0
              while done < r.count {
                let n = pread(fd, buffer + done, r.count - done, off_t(r.offset + done))
                if n <= 0 { break }
                done += n
              }
              return zeroBlocks(buffer, done)
            }
          } else {
            // A fresh mapping each repetition: its page faults are part of the cost.
            guard let map = mmap(nil, size, PROT_READ, MAP_SHARED, fd, 0), map != MAP_FAILED else {
              fatalError("mmap failed")
            }
            let baseBits = Int(bitPattern: map)
            zeros = run(reads, threads: threads) { r, _ in
              zeroBlocks(UnsafeRawPointer(bitPattern: baseBits + r.offset)!, r.count)
            }
            munmap(map, size)
          }
          best = min(best, now() - t0)
        }
        print(
          "read-modes mode=\(mode) threads=\(threads) best_s=\(best) gbps=\(Double(bytes) / best / 1e9) zero_blocks=\(zeros)"
        )
      }
    }
  }
}
