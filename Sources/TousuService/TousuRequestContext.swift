import Hummingbird
import NIOCore

/// The service's request context: Hummingbird's core context plus the connection, so that an
/// answer given before the request body was read to its end (408, 413, a batch cut off by its
/// timeout) can close the connection instead of waiting for the rest of the body — a client
/// that dribbles its body cannot hold the connection after it has been answered.
struct TousuRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}

/// Closes the request's connection (when the context has one) once what was written has gone.
func closeConnection(of context: some RequestContext) {
    (context as? TousuRequestContext)?.channel.close(mode: .all, promise: nil)
}

extension ResponseBody {
    /// This body, then the connection closed.
    func closingConnection(of context: some RequestContext) -> ResponseBody {
        let body = self
        return ResponseBody(contentLength: contentLength) { writer in
            defer { closeConnection(of: context) }
            try await body.write(writer)
        }
    }
}
