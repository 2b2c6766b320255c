import Foundation

/// Defaults that depend on the machine.
public enum ScanDefaults {
  /// Worker threads: the number of active cores.
  public static var threads: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }
}
