import Glibc
import Synchronization

/// SIGINTs received since `catchSIGINT()`; read by the handler and the work.
private let interrupts = Atomic<Int>(0)

/// Ctrl-C for long work: after `catchSIGINT()`, the first SIGINT only sets
/// `requested`, which scans and repairs poll to stop cleanly; a second one
/// ends the process as SIGINT would have.
public enum Interrupt {
  public static func catchSIGINT() {
    _ = interrupts.load(ordering: .relaxed)
    var action = sigaction()
    action.__sigaction_handler.sa_handler = { signal in
      if interrupts.wrappingAdd(1, ordering: .relaxed).oldValue > 0 {
        Glibc.signal(signal, SIG_DFL)
        raise(signal)
      }
    }
    // Restart interrupted reads and writes: libext2fs treats EINTR as failure.
    action.sa_flags = SA_RESTART
    sigemptyset(&action.sa_mask)
    sigaction(SIGINT, &action, nil)
    // A parent may have started us with SIGINT blocked: unblock it.
    var set = sigset_t()
    sigemptyset(&set)
    sigaddset(&set, SIGINT)
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
  }

  public static var requested: Bool { interrupts.load(ordering: .relaxed) > 0 }
}
