import Glibc

/// Facts about the machine the scan runs on.
public enum Machine {
  /// Online processor cores (`sysconf(_SC_NPROCESSORS_ONLN)`), at least 1.
  public static var onlineCores: Int { max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
}
