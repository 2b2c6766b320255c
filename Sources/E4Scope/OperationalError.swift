import Ext4

/// An error that ends a command: one line naming the cause, and the exit
/// status it stands for (8 unless it says otherwise).
public protocol OperationalError: Error, CustomStringConvertible {
  var exitStatus: Int32 { get }
}

extension OperationalError {
  public var exitStatus: Int32 { ExitStatus.operationalError }
}

extension OpenError: OperationalError {}
extension Ext2Error: OperationalError {}
extension ExtentTreeError: OperationalError {}
extension ImageReader.Failure: OperationalError {}
extension PathIndex.Unresolved: OperationalError {}
extension SelectionError: OperationalError {}
extension RepairRefusal: OperationalError {}
extension AmbiguousTarget: OperationalError {
  public var exitStatus: Int32 { ExitStatus.usageError }
}
