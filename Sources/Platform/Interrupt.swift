import Glibc
import Synchronization

/// Stop requests received since `catchSIGINT()` or `catchStopSignals()`;
/// read by the handler and the work.
private let interrupts = Atomic<Int>(0)

/// Ctrl-C for long work. After `catchSIGINT()` (scans), the first SIGINT
/// only sets `requested`, which the work polls to stop cleanly, and a second
/// one ends the process as SIGINT would have. After `catchStopSignals()`
/// (repairs), SIGINT any number of times, SIGTERM, SIGHUP and SIGQUIT all
/// only set `requested`: the repair finishes the edit under way and stops.
public enum Interrupt {
  public static func catchSIGINT() {
    install([SIGINT]) { signal in
      if interrupts.wrappingAdd(1, ordering: .relaxed).oldValue > 0 {
        Glibc.signal(signal, SIG_DFL)
        raise(signal)
      }
    }
  }

  /// Turns SIGINT, SIGTERM, SIGHUP and SIGQUIT into stop requests.
  public static func catchStopSignals() {
    install([SIGINT, SIGTERM, SIGHUP, SIGQUIT]) { _ in
      interrupts.wrappingAdd(1, ordering: .relaxed)
    }
  }

  public static var requested: Bool { interrupts.load(ordering: .relaxed) > 0 }

  private static func install(
    _ signals: [Int32], _ handler: @convention(c) (Int32) -> Void
  ) {
    _ = interrupts.load(ordering: .relaxed)
    var action = sigaction()
    action.__sigaction_handler.sa_handler = handler
    // Restart interrupted reads and writes: libext2fs treats EINTR as failure.
    action.sa_flags = SA_RESTART
    sigemptyset(&action.sa_mask)
    // A parent may have started us with the signals blocked: unblock them.
    var set = sigset_t()
    sigemptyset(&set)
    for signal in signals {
      sigaction(signal, &action, nil)
      sigaddset(&set, signal)
    }
    pthread_sigmask(SIG_UNBLOCK, &set, nil)
  }
}
