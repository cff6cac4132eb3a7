import Foundation
import Synchronization

/// `items.map(transform)` on all cores, keeping order. The first error thrown is rethrown.
public func parallelMap<T: Sendable, R: Sendable>(
    _ items: [T], _ transform: @escaping @Sendable (T) throws -> R
) throws -> [R] {
    let slots = ResultSlots<R>(count: items.count)
    let parts = max(1, min(items.count, ProcessInfo.processInfo.activeProcessorCount * 4))
    DispatchQueue.concurrentPerform(iterations: parts) { part in
        var i = part
        while i < items.count {
            slots.set(i, Result { try transform(items[i]) })
            i += parts
        }
    }
    return try slots.values()
}

/// Slots written by concurrent workers, one per index, read once all are done.
private final class ResultSlots<T: Sendable>: Sendable {
    private let slots: Mutex<[Result<T, Error>?]>

    init(count: Int) { slots = Mutex(Array(repeating: nil, count: count)) }

    func set(_ i: Int, _ value: sending Result<T, Error>) {
        slots.withLock { $0[i] = value }
    }

    func values() throws -> [T] { try slots.withLock { $0 }.map { try $0!.get() } }
}
