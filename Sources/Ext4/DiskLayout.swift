import CBlkid

/// What an image holds at the block level, as libblkid sees it: a bare
/// filesystem, or a partition table (MBR with logical partitions, GPT) and
/// what each partition holds. No partition table is parsed by hand.
public struct DiskLayout: Codable, Sendable, Hashable {
  /// One partition of the table.
  public struct Partition: Codable, Sendable, Hashable {
    /// The partition number (as the kernel numbers it: 1, 2, ... 5 for the first logical).
    public var number: Int
    public var start: UInt64
    public var size: UInt64
    /// The table's type: "0x83" for MBR, the type GUID for GPT.
    public var type: String
    /// MBR: primary, logical (extended containers are not listed).
    public var logical: Bool
    /// What libblkid finds inside: "ext4", "xfs", "vfat", "swap", ... or nil.
    public var filesystem: String?
    /// The partition ends past the end of the image (a truncated disk image).
    public var pastEnd: Bool

    /// True when the partition holds an ext2/3/4 filesystem.
    public var isExt: Bool { ["ext2", "ext3", "ext4"].contains(filesystem ?? "") }
  }

  /// "dos" or "gpt"; nil for a bare filesystem (or nothing libblkid knows).
  public var table: String?
  public var partitions: [Partition]
  /// Bytes in the image or device.
  public var size: UInt64

  enum CodingKeys: String, CodingKey { case table, partitions, size }

  /// Probes `path` with libblkid (`blkid_probe_get_partitions`); a
  /// container image is probed within its media.
  public static func probe(_ path: String) -> DiskLayout {
    guard let device = ProbeDevice(path: path) else {
      return DiskLayout(table: nil, partitions: [], size: 0)
    }
    // A container's copy for libblkid holds only what was read from it:
    // each round copies the edges of the partitions found (an extended
    // partition's boot records lead to the next), until nothing is new.
    var table = PartitionList(device)
    for _ in 0..<16 {
      let grew = table.entries.map { device.include(start: $0.start, length: $0.size) }
      guard grew.contains(true) else { break }
      table = PartitionList(device)
    }
    var layout = DiskLayout(table: table.type, partitions: [], size: device.size)
    for entry in table.entries where !entry.extended {
      let pastEnd = entry.start >= layout.size || entry.size > layout.size - entry.start || entry.size == 0
      var partition = entry.partition
      partition.pastEnd = pastEnd
      partition.filesystem =
        pastEnd ? nil : BlockProbe.probe(device, offset: entry.start, size: entry.size).type
      layout.partitions.append(partition)
    }
    return layout
  }
}

/// The entries of the partition table libblkid finds on a probe device,
/// extended partitions among them.
private struct PartitionList {
  struct Entry {
    var partition: DiskLayout.Partition
    var extended: Bool
    var start: UInt64 { partition.start }
    var size: UInt64 { partition.size }
  }

  var type: String?
  var entries: [Entry] = []

  init(_ device: ProbeDevice) {
    guard let probe = blkid_new_probe() else { return }
    defer { blkid_free_probe(probe) }
    guard blkid_probe_set_device(probe, device.fd, 0, 0) == 0 else { return }
    _ = blkid_probe_enable_partitions(probe, 1)
    _ = blkid_probe_set_partitions_flags(probe, BLKID_PARTS_ENTRY_DETAILS)
    guard let list = blkid_probe_get_partitions(probe) else { return }
    if let table = blkid_partlist_get_table(list), let type = blkid_parttable_get_type(table) {
      self.type = String(cString: type)
    }
    for index in 0..<max(0, blkid_partlist_numof_partitions(list)) {
      guard let part = blkid_partlist_get_partition(list, index) else { continue }
      // Garbage tables can hold any 64-bit sector numbers: clamp, never trap.
      let typeString = blkid_partition_get_type_string(part).map { String(cString: $0) }
      let partition = DiskLayout.Partition(
        number: Int(blkid_partition_get_partno(part)),
        start: bytes(sectors: blkid_partition_get_start(part)),
        size: bytes(sectors: blkid_partition_get_size(part)),
        type: typeString ?? "0x" + String(blkid_partition_get_type(part), radix: 16),
        logical: blkid_partition_is_logical(part) != 0, filesystem: nil, pastEnd: false)
      entries.append(Entry(partition: partition, extended: blkid_partition_is_extended(part) != 0))
    }
  }
}

/// 512-byte sectors as bytes, saturating at UInt64.max.
private func bytes(sectors: Int64) -> UInt64 {
  let (product, overflow) = UInt64(max(0, sectors)).multipliedReportingOverflow(by: 512)
  return overflow ? .max : product
}
