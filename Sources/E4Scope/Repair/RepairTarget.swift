/// What a repair changes: one kind of finding and the edit that mends it.
public enum RepairTarget: String, Sendable, CaseIterable {
  /// trim: free unwritten blocks beyond EOF.
  case unwrittenBeyondEOF
  /// trim --written-beyond-eof: free written blocks beyond EOF.
  case writtenBeyondEOF
  /// trim --zeroed: punch zero-filled written runs into holes.
  case punchZeroed
  /// convert --zeroed: flip zero-filled written runs to unwritten.
  case convertZeroed
  /// convert --unwritten-data: flip unwritten runs holding data to written.
  case convertUnwrittenData

  /// The findings this target repairs.
  public var findingKind: FindingKind {
    switch self {
    case .unwrittenBeyondEOF: return .unwrittenBeyondEOF
    case .writtenBeyondEOF: return .writtenBeyondEOF
    case .punchZeroed, .convertZeroed: return .zeroedWritten
    case .convertUnwrittenData: return .unwrittenWithData
    }
  }

  /// The scan check that finds them.
  public var check: CheckName {
    switch self {
    case .unwrittenBeyondEOF, .writtenBeyondEOF: return .beyondEOF
    case .punchZeroed, .convertZeroed: return .zeroed
    case .convertUnwrittenData: return .unwrittenData
    }
  }

  /// The action a dry run shows, and the one a repair reports.
  var plannedAction: RepairAction {
    switch self {
    case .unwrittenBeyondEOF, .writtenBeyondEOF: return .trim
    case .punchZeroed: return .punch
    case .convertZeroed, .convertUnwrittenData: return .convert
    }
  }

  var doneAction: RepairAction {
    switch self {
    case .unwrittenBeyondEOF, .writtenBeyondEOF: return .trimmed
    case .punchZeroed: return .punched
    case .convertZeroed, .convertUnwrittenData: return .converted
    }
  }

  /// True for targets that free blocks (punch), false for flag flips.
  var frees: Bool {
    switch self {
    case .unwrittenBeyondEOF, .writtenBeyondEOF, .punchZeroed: return true
    case .convertZeroed, .convertUnwrittenData: return false
    }
  }
}

/// How a repair runs.
public struct RepairOptions: Sendable {
  public var targets: [RepairTarget] = [.unwrittenBeyondEOF]
  /// Which inodes and runs: the same selection and thresholds as `scan`.
  public var scan = ScanOptions()
  /// Print the plan; write nothing.
  public var dryRun = false
  /// The e2undo file to write; nil for none.
  public var undoFile: String?
  /// Repair although quota is enabled or the superblock records errors.
  public var force = false
  /// convert --unwritten-data: raise i_size over recovered data beyond EOF
  /// (to its last non-zero byte, or to `size`).
  public var extendSize = false
  public var size: UInt64?

  public init() {}
}

/// A repair that must not run; nothing was written (exit 8).
public struct RepairRefusal: Error, Sendable, CustomStringConvertible {
  public let description: String
  public init(_ description: String) { self.description = description }
}
