/// The EOF block `E = ceil(i_size / B)`: the first logical block wholly past
/// EOF, the line every finding rule draws. Blocks below it hold the file;
/// the one just below it may be used only in part (`i_size mod B` bytes).
public struct EOFBlock: Sendable, Hashable {
  public let iSize: UInt64
  public let blockSize: Int

  public init(iSize: UInt64, blockSize: Int) {
    self.iSize = iSize
    self.blockSize = blockSize
  }

  /// E, the first logical block wholly past EOF.
  public var block: UInt64 {
    let b = UInt64(blockSize)
    return iSize / b + (iSize % b == 0 ? 0 : 1)
  }

  /// Bytes of the file in the last block below E: B, or `i_size mod B`.
  public var bytesInLastBlock: Int {
    let tail = Int(iSize % UInt64(blockSize))
    return tail == 0 ? blockSize : tail
  }

  /// Bytes of logical block `logical` that count as the file's: the first
  /// `i_size mod B` of a partly used last block, else the whole block
  /// (blocks wholly past EOF count whole: their bytes are what is on disk).
  public func bytesInFile(block logical: UInt64) -> Int {
    logical + 1 == block ? bytesInLastBlock : blockSize
  }
}
