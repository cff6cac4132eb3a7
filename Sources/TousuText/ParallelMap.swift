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

/// `items.map(transform)` on all cores, `chunk` items a task, keeping order; on the calling
/// thread alone when the items fit in one chunk (small inputs are not worth a dispatch).
public func parallelMap<T: Sendable, R: Sendable>(
    _ items: [T], chunk: Int, _ transform: @escaping @Sendable (T) -> R
) -> [R] {
    let size = max(1, chunk)
    guard items.count > size else { return items.map(transform) }
    let chunks = stride(from: 0, to: items.count, by: size).map { items[$0..<min($0 + size, items.count)] }
    return ((try? parallelMap(chunks) { $0.map(transform) }) ?? []).flatMap { $0 }
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
