/// A set of inode numbers as a bitmap: constant-time membership for the
/// per-directory-entry test of path resolution (a hash per entry costs more
/// than the directory walk itself).
public struct InodeSet: Sendable {
  private var words: [UInt64]

  /// An empty set for inode numbers up to `maxInode`.
  public init(maxInode: UInt32) {
    words = Array(repeating: 0, count: Int(maxInode) / 64 + 1)
  }

  public mutating func insert(_ inode: UInt32) {
    let index = Int(inode / 64)
    guard index < words.count else { return }
    words[index] |= 1 << UInt64(inode % 64)
  }

  public func contains(_ inode: UInt32) -> Bool {
    let index = Int(inode / 64)
    return index < words.count && words[index] & (1 << UInt64(inode % 64)) != 0
  }
}
