import Hummingbird
import NIOCore
import NIOPosix
import Synchronization

/// The request timeout of the JSON routes: the whole request — receiving the body, decoding,
/// classifying, the store — must be done within `request-timeout` seconds. When the time is up
/// the work is cancelled (it stops at its next check: the body read, the next item), its late
/// answer is dropped, and the answer is 408 when the body had not arrived yet
/// (`JSONBody.collect`), else 503 `deadline-exceeded` with Retry-After. (An ingest cut off
/// while the store writes may have stored its records: a retry reports them as duplicates.)
///
/// The timer is a task scheduled on an event loop (a heap entry, cancelled when the work is
/// done), not a sleeping child task: `Task.sleep` per request cost as much as the JSON encoding
/// in the profile, through the dispatch timer thread it wakes.
extension ServiceState {
    func withinDeadline<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let seconds = configuration.requestTimeout
        let task = Task { try await work() }
        let expired = Atomic<Bool>(false)
        let timer = MultiThreadedEventLoopGroup.singleton.any().scheduleTask(in: .nanoseconds(Int64(seconds * 1e9))) {
            expired.store(true, ordering: .sequentiallyConsistent)
            task.cancel()
        }
        defer { timer.cancel() }
        let result = await withTaskCancellationHandler { await task.result } onCancel: { task.cancel() }
        if !expired.load(ordering: .sequentiallyConsistent) { return try result.get() }
        // Time is up: the work's own problem (408 while the body was arriving) beats ours.
        if case .failure(let problem as Problem) = result { throw problem }
        throw Problem(.deadlineExceeded, "the request was not done within \(seconds) s")
    }
}
