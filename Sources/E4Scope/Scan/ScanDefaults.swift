import Ext4
import Platform

/// Defaults that depend on the machine.
public enum ScanDefaults {
  /// Worker threads: the number of online cores.
  public static var threads: Int { Machine.onlineCores }
}
