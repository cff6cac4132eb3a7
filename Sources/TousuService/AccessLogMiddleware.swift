import Dispatch
import Hummingbird
import Logging

/// The outermost middleware: turns every error into a problem answer (RFC 9457), then logs one
/// line per request (id, method, route, status, duration) and counts it in the metrics. For a
/// streamed answer the line is written when the body has been sent.
struct AccessLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServiceMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let start = DispatchTime.now().uptimeNanoseconds
        metrics.started()
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            var problem = Self.problem(for: error, context: context)
            if problem.kind == .notFound, let methods = Self.methods[request.uri.path] {
                problem = Problem(.methodNotAllowed, "\(request.method.rawValue) is not allowed on \(request.uri.path)")
                problem.allow = methods
            }
            response = try problem.response(from: request, context: context)
            // The body may be unread: close rather than wait for the rest of it.
            if problem.kind == .requestTimeout || problem.kind == .bodyTooLarge {
                response.body = response.body.closingConnection(of: context)
            }
        }
        let status = response.status.code
        let route = context.endpointPath ?? "unmatched"
        let method = request.method.rawValue
        let logger = context.logger
        let metrics = self.metrics
        let done: @Sendable () -> Void = {
            let nanoseconds = DispatchTime.now().uptimeNanoseconds - start
            metrics.finished()
            metrics.request(route: route, method: method, status: status, nanoseconds: nanoseconds)
            logger.info(
                "request",
                metadata: [
                    "method": "\(method)", "path": "\(request.uri.path)", "route": "\(route)", "status": "\(status)",
                    "ms": "\(Double(nanoseconds / 1000) / 1000)",
                ])
        }
        if response.body.contentLength != nil {
            done()  // a body of known length is complete: nothing left to wait for
        } else {
            let body = response.body
            response.body = ResponseBody { writer in
                defer { done() }
                try await body.write(writer)
            }
        }
        return response
    }

    /// The methods of each route, for 405 answers (kept beside `TousuServer.build`'s routes).
    static var methods: [String: String] {
        [
            "/": "GET", "/healthz": "GET", "/readyz": "GET", "/metrics": "GET", "/openapi.yaml": "GET",
            "/v1/classify": "POST", "/v1/tokenize": "POST", "/v1/batch": "POST", "/v1/hotspots": "GET", "/v1/report": "GET",
            "/v1/complaints": "POST", "/v1/admin/reload": "POST",
        ]
    }

    /// The problem an error stands for: a `Problem` as it is, Hummingbird's own errors (no route,
    /// body over the limit) by their status, anything else as an internal error (logged).
    static func problem(for error: any Error, context: Context) -> Problem {
        if let problem = error as? Problem { return problem }
        if let http = error as? any HTTPResponseError {
            switch http.status {
            case .notFound: return Problem(.notFound, "no such resource")
            case .methodNotAllowed: return Problem(.methodNotAllowed, "method not allowed")
            case .contentTooLarge: return Problem(.bodyTooLarge, "the request body is larger than the limit")
            case .requestTimeout: return Problem(.requestTimeout, "the request took too long")
            case .badRequest: return Problem(.badJSON, "bad request: \(http)")
            default: break
            }
        }
        context.logger.error("internal error", metadata: ["error": "\(error)"])
        return Problem(.internalError, "the request failed inside the service; it is logged")
    }
}
