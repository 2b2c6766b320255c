import Ext4

/// The e4scope release.
public enum E4ScopeVersion {
  public static let string = "0.1.0"

  /// "e4scope 0.1.0 (libext2fs 1.47.0, libblkid 2.38.1)", with the
  /// libraries' versions as they are at run time.
  public static var full: String {
    "e4scope \(string) (libext2fs \(Filesystem.libraryVersion.text), libblkid \(BlockProbe.libraryVersion))"
  }
}
