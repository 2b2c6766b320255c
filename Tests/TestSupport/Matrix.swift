import Foundation

/// The generated-image matrix shared by the differential tests: block sizes,
/// checksums, bigalloc, extent trees in the inode and of depth ≥ 1,
/// straddling and written-beyond-EOF files, and indirect-mapped ext3 files.
public enum Matrix {
  public struct Config: Sendable, CustomStringConvertible {
    public var name: String
    public var mkfs: [String]
    public var extents: Bool
    public var description: String { name }
  }

  public static let configs: [Config] = [
    Config(name: "ext4-1k", mkfs: ["-t", "ext4", "-b", "1024"], extents: true),
    Config(name: "ext4-4k", mkfs: ["-t", "ext4", "-b", "4096"], extents: true),
    Config(
      name: "ext4-4k-nocsum", mkfs: ["-t", "ext4", "-b", "4096", "-O", "^metadata_csum"],
      extents: true),
    Config(
      name: "ext4-1k-nocsum-no64bit",
      mkfs: ["-t", "ext4", "-b", "1024", "-O", "^metadata_csum,^64bit"], extents: true),
    Config(
      name: "ext4-4k-bigalloc", mkfs: ["-t", "ext4", "-b", "4096", "-O", "bigalloc", "-C", "16384"],
      extents: true),
    Config(name: "ext3-1k", mkfs: ["-t", "ext3", "-b", "1024"], extents: false),
  ]

  /// The files every image of `config` holds (paths inside the filesystem).
  public static let files = [
    "/plain", "/keep", "/straddle", "/frag", "/cut", "/inside", "/holes", "/d/sub/nested",
  ]

  /// Builds the image of `config` in `directory`.
  public static func build(_ config: Config, in directory: TemporaryDirectory) throws -> String {
    let data = directory.path("data")
    let big = directory.path("big")
    var b = ImageBuilder(mkfsArguments: config.mkfs, sizeKiB: 16384)
    b.requests = [
      "mkdir /d", "mkdir /d/sub",
      "write \(data) /plain",
      "write \(data) /keep",
      "write /dev/null /straddle",
      "write /dev/null /frag",
      "write \(big) /cut", "sif /cut size 5000",
      "write /dev/null /inside",
      "write \(big) /holes",
      "write \(data) /d/sub/nested",
    ]
    if config.extents {
      b.requests += [
        "fallocate /keep 10 19", "fallocate /keep 100 399",
        "fallocate /straddle 0 15", "sif /straddle size 10000",
      ]
      b.requests += stride(from: 0, through: 60, by: 2).map { "fallocate /frag \($0) \($0)" }
      b.requests += [
        "sif /frag size 30000",
        "fallocate /inside 0 7", "sif /inside size 32768",
        "punch /holes 2 4",
        "fallocate /d/sub/nested 40 49",
      ]
    } else {
      b.requests += ["sif /holes size 1000", "sif /d/sub/nested size 0"]
    }
    return try b.build(in: directory, name: "\(config.name).img", dataFiles: ["data": 20000, "big": 40960])
  }
}
