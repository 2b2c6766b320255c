import Ext2Shim

/// Ctrl-C for long work: after `catchSIGINT()`, the first SIGINT only sets
/// `requested`, which scans poll to stop cleanly; a second one kills at once.
public enum Interrupt {
  public static func catchSIGINT() { e4_catch_sigint() }
  public static var requested: Bool { e4_sigint_received() != 0 }
}
