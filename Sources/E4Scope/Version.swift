/// The e4scope release.
public enum E4ScopeVersion {
  public static let string = "0.1.0"
}
