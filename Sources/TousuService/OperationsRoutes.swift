import Dispatch
import Foundation
import Hummingbird
import TousuText

/// `GET /healthz`, `GET /readyz` (503 while draining), `GET /metrics`, `GET /openapi.yaml` and
/// `POST /v1/admin/reload` (the same reload as SIGHUP).
extension ServiceState {
    struct Health: Encodable {
        struct ModelInfo: Encodable {
            var id: String
            var path: String
            var loadedAt: String
            enum CodingKeys: String, CodingKey { case id, path, loadedAt = "loaded_at" }
        }
        var status = "ok"
        var version: String
        var model: ModelInfo
        var uptimeSeconds: Double
        enum CodingKeys: String, CodingKey { case status, version, model, uptimeSeconds = "uptime_seconds" }
    }

    var health: Health {
        let live = model.current
        return Health(
            version: TousuServiceInfo.version,
            model: .init(id: live.id, path: live.path, loadedAt: ISO8601DateFormatter().string(from: live.loadedAt)),
            uptimeSeconds: (Date().timeIntervalSince(started) * 1000).rounded() / 1000)
    }

    func healthz(_ request: Request, context: some RequestContext) async throws -> Response {
        try Self.json(health)
    }

    /// Ready: not draining, and the store answers. While the service drains (SIGTERM, for
    /// `drain-delay` seconds before it stops accepting) the answer is 503 `draining`, so that a
    /// load balancer sends new work elsewhere while the requests in flight finish.
    func readyz(_ request: Request, context: some RequestContext) async throws -> Response {
        if draining.load(ordering: .relaxed) { throw Problem(.draining, "the service is draining before it shuts down") }
        guard await store.ping() else { throw Problem(.unavailable, "the record store does not answer") }
        return try Self.json(["status": "ready"])
    }

    func metricsText(_ request: Request, context: some RequestContext) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: metrics.render())))
    }

    func openAPIDocument(_ request: Request, context: some RequestContext) async throws -> Response {
        guard let openapi else { throw Problem(.notFound, "no OpenAPI document configured") }
        return Response(
            status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: openapi)))
    }

    struct ReloadRequest: Decodable {
        var model: String?

        enum CodingKeys: String, CodingKey { case model }

        init(from decoder: any Decoder) throws {
            try UnknownFields.refuse(in: decoder, known: ["model"])
            model = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(String.self, forKey: .model)
        }
    }

    func reload(_ request: Request, context: some RequestContext) async throws -> Response {
        let body = try await withinDeadline { try await JSONBody.collect(request, limit: 64 * 1024) }
        let path = body.readableBytes == 0 ? nil : try JSONBody.decode(ReloadRequest.self, from: body, limits: limits).model
        try await reloadModel(path: path)
        return try Self.json(health)
    }

    /// Loads the model off the concurrency pool; a refused file is a 422 and changes nothing.
    func reloadModel(path: String?) async throws {
        let model = self.model
        let result: Result<LiveModel.Loaded, any Error> = await withCheckedContinuation { done in
            DispatchQueue.global().async { done.resume(returning: Result { try model.reload(path: path) }) }
        }
        switch result {
        case .success(let loaded):
            metrics.reload(accepted: true)
            logger.notice("model reloaded", metadata: ["model": "\(loaded.id)", "path": "\(loaded.path)"])
        case .failure(let error):
            metrics.reload(accepted: false)
            logger.error("model refused; the current one keeps serving", metadata: ["error": "\(error)"])
            throw Problem(.modelRefused, "\(error)")
        }
    }
}

/// The service's version, as /healthz reports it: tousu's own.
public enum TousuServiceInfo {
    public static var version: String { TousuVersion.string }
}
