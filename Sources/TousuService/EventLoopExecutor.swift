import NIOCore
import NIOPosix

extension TousuServer {
    /// Makes the event loops (one per core) Swift concurrency's global executor, so that a
    /// request is read, handled and answered on one thread instead of hopping from an event loop
    /// to the concurrency pool and back (thread switches were the largest item of the kernel's
    /// share in the profile). Call once, from the main thread, before any task runs — the
    /// process's choice, so `tousu serve` makes it, tests do not. False when not supported.
    @discardableResult
    public static func runTasksOnEventLoops() -> Bool {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
