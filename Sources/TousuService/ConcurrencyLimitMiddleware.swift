import Hummingbird
import Synchronization

/// Answers 429 (with Retry-After) when `limit` requests are already being handled, instead of
/// queueing work the service cannot do in time. The count drops when the handler returns (a
/// streamed batch is limited by its own gate, `BatchRoute`).
struct ConcurrencyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    let gate: Gate

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard gate.enter() else {
            throw Problem(.overloaded, "more than \(gate.limit) requests in flight")
        }
        defer { gate.leave() }
        return try await next(request, context)
    }
}

/// A counter of work in flight with a ceiling.
final class Gate: Sendable {
    let limit: Int
    private let count = Atomic<Int>(0)

    init(limit: Int) { self.limit = limit }

    /// Takes a place; false when all are taken.
    func enter() -> Bool {
        if count.wrappingAdd(1, ordering: .acquiringAndReleasing).newValue > limit {
            count.wrappingSubtract(1, ordering: .acquiringAndReleasing)
            return false
        }
        return true
    }

    func leave() { count.wrappingSubtract(1, ordering: .acquiringAndReleasing) }

    var inUse: Int { count.load(ordering: .relaxed) }
}
