import Synchronization

/// A value shared between threads, reached only through its lock (one generic box instead of a
/// hand-made `@unchecked Sendable` class per piece of shared state; the compiler checks it).
final class Locked<Value>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: sending Value) { mutex = Mutex(value) }

    /// Runs `body` with the value while holding the lock.
    func withLock<Result>(_ body: (inout sending Value) throws -> sending Result) rethrows -> sending Result {
        try mutex.withLock(body)
    }
}
