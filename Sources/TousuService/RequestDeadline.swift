import Hummingbird

/// The request timeout of the JSON routes: the whole request — receiving the body, decoding,
/// classifying, the store — must be done within `request-timeout` seconds. When the time is up
/// the work is cancelled (it stops at its next check: the body read, the next item), its late
/// answer is dropped, and the answer is 408 when the body had not arrived yet
/// (`JSONBody.collect`), else 503 `deadline-exceeded` with Retry-After. (An ingest cut off
/// while the store writes may have stored its records: a retry reports them as duplicates.)
extension ServiceState {
    func withinDeadline<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let seconds = configuration.requestTimeout
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await work() }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                return nil
            }
            // The first to finish: the answer, or the timer (nil).
            let first = try await group.next()
            group.cancelAll()
            if let value = first.flatMap({ $0 }) { return value }
            // Time is up: the work's own problem (408 while the body was arriving) beats ours.
            do {
                while try await group.next() != nil {}
            } catch let problem as Problem {
                throw problem
            } catch {}
            throw Problem(.deadlineExceeded, "the request was not done within \(seconds) s")
        }
    }
}
