import Ext4

/// One ext2/3/4 filesystem to work on: an image file or block device, where
/// the filesystem starts in it, and its partition number on a partitioned disk.
public struct FilesystemTarget: Sendable, Hashable {
  public var image: String
  public var offset: UInt64
  /// nil for a bare filesystem or an explicit `--offset`.
  public var partition: Int?

  public init(image: String, offset: UInt64 = 0, partition: Int? = nil) {
    self.image = image
    self.offset = offset
    self.partition = partition
  }

  /// "disk.img partition 2" or "disk.img".
  public var name: String { partition.map { "\(image) partition \($0)" } ?? image }
}

/// Which filesystems an image argument means: `--offset` as given; else the
/// partition table libblkid finds (every ext2/3/4 partition, or the one
/// `--partition` names); else the whole image.
public struct TargetSelection: Sendable {
  public var targets: [FilesystemTarget]
  /// Partitions passed over, one line each ("partition 2: xfs, skipped").
  public var notes: [String]
  /// The partition table, when the image has one.
  public var layout: DiskLayout?

  public static func resolve(image: String, partition: Int?, offset: UInt64?) throws
    -> TargetSelection
  {
    try ImageFile.requireImage(image)
    if let offset {
      return TargetSelection(
        targets: [FilesystemTarget(image: image, offset: offset, partition: nil)], notes: [],
        layout: nil)
    }
    let layout = DiskLayout.probe(image)
    guard layout.table != nil, !layout.partitions.isEmpty else {
      if let partition {
        throw SelectionError(description: "\(image) has no partition table; there is no partition \(partition)")
      }
      return TargetSelection(
        targets: [FilesystemTarget(image: image, offset: 0, partition: nil)], notes: [], layout: nil)
    }
    var notes: [String] = []
    var targets: [FilesystemTarget] = []
    for part in layout.partitions where partition == nil || part.number == partition {
      if part.pastEnd {
        notes.append(
          "partition \(part.number) (\(part.size) bytes from byte \(part.start)) extends past the end of the image (\(layout.size) bytes); skipped")
      } else if !part.isExt {
        notes.append("partition \(part.number): \(part.filesystem ?? "no filesystem recognised"), skipped")
      } else {
        targets.append(FilesystemTarget(image: image, offset: part.start, partition: part.number))
      }
    }
    if let partition, !layout.partitions.contains(where: { $0.number == partition }) {
      let numbers = layout.partitions.map { String($0.number) }.joined(separator: ", ")
      throw SelectionError(description: "\(image) has no partition \(partition) (partitions: \(numbers))")
    }
    if targets.isEmpty {
      throw SelectionError(
        description: "\(image): no ext2/3/4 filesystem (\(notes.joined(separator: "; ")))")
    }
    return TargetSelection(targets: targets, notes: notes, layout: layout)
  }

  /// The one filesystem a command that edits or lists one inode needs.
  public func single() throws -> FilesystemTarget {
    guard targets.count == 1, let only = targets.first else {
      let choices = targets.compactMap { t in
        t.partition.map { "--partition \($0) (offset \(t.offset))" }
      }.joined(separator: ", ")
      throw AmbiguousTarget(
        description: "\(targets.first?.image ?? "image") holds \(targets.count) ext2/3/4 filesystems; choose one: \(choices)")
    }
    return only
  }
}

/// A command that needs one filesystem was given a disk with several (exit 16).
public struct AmbiguousTarget: Error, Sendable, CustomStringConvertible {
  public let description: String
}
