import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TousuClassifier
import TousuService

/// Health, readiness, metrics, the OpenAPI document, the page, unknown routes and model reloads.
@Suite struct OperationsRouteTests {
    @Test func healthNamesVersionModelAndUptime() async throws {
        try await ServiceFixture.app().test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { r in
                #expect(r.status == .ok)
                let h = try ServiceFixture.json(r.body)
                #expect(h["version"] as? String == TousuServiceInfo.version)
                let model = try #require(h["model"] as? [String: Any])
                #expect((model["id"] as? String)?.count == 16)
                #expect(h["uptime_seconds"] is Double)
            }
            try await client.execute(uri: "/readyz", method: .get) { r in #expect(r.status == .ok) }
        }
    }

    @Test func unknownRouteIsAProblem() async throws {
        try await ServiceFixture.app().test(.router) { client in
            try await client.execute(uri: "/v1/nothing", method: .get) { r in
                #expect(r.status == .notFound)
                #expect(r.headers[.contentType] == "application/problem+json")
                #expect(ServiceFixture.value(r.body, "type") as? String == "urn:tousu:problem:not-found")
            }
        }
    }

    @Test func wrongMethodIs405WithAllow() async throws {
        try await ServiceFixture.app().test(.router) { client in
            try await client.execute(uri: "/v1/classify", method: .get) { r in
                #expect(r.status == .methodNotAllowed)
                #expect(r.headers[.allow] == "POST")
                #expect(ServiceFixture.value(r.body, "type") as? String == "urn:tousu:problem:method-not-allowed")
            }
        }
    }

    @Test func metricsCountRequestsByRouteAndStatus() async throws {
        try await ServiceFixture.app().test(.router) { client in
            try await client.execute(uri: "/v1/classify", method: .post, body: ServiceFixture.body(["text": "外卖吃出虫子"])) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/v1/classify", method: .post, body: ByteBuffer(string: "{")) {
                #expect($0.status == .badRequest)
            }
            try await client.execute(uri: "/metrics", method: .get) { r in
                #expect(r.status == .ok)
                let text = String(buffer: r.body)
                #expect(text.contains(#"tousu_http_requests_total{route="/v1/classify",method="POST",status="200"} 1"#))
                #expect(text.contains(#"tousu_http_requests_total{route="/v1/classify",method="POST",status="400"} 1"#))
                #expect(text.contains(#"tousu_records_classified_total{sector="food"} 1"#))
                #expect(text.contains("tousu_http_request_duration_seconds_bucket"))
            }
        }
    }

    @Test func servesTheOpenAPIDocumentAndThePage() async throws {
        try await ServiceFixture.app().test(.router) { client in
            try await client.execute(uri: "/openapi.yaml", method: .get) { r in
                #expect(r.status == .ok)
                #expect(String(buffer: r.body).hasPrefix("openapi: 3.1"))
            }
            try await client.execute(uri: "/", method: .get) { r in
                #expect(r.status == .ok)
                let html = String(buffer: r.body)
                #expect(html.contains("<textarea"))
                #expect(html.contains("/v1/classify"))
                #expect(!html.contains("<script src"))
                #expect(!html.contains("@import") && !html.contains("url("))
            }
        }
    }

    @Test func reloadRefusesADamagedModelAndKeepsServing() async throws {
        let damaged = ServiceFixture.directory.appendingPathComponent("damaged-\(UUID().uuidString).tousu")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: try ServiceFixture.modelPath.get()))
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: damaged)
        let auth: HTTPFields = [.authorization: "Bearer \(ServiceFixture.apiKey)"]
        try await ServiceFixture.app().test(.router) { client in
            let before = try await client.execute(uri: "/healthz", method: .get) { r in
                try #require((try ServiceFixture.json(r.body)["model"] as? [String: Any])?["id"] as? String)
            }
            try await client.execute(uri: "/v1/admin/reload", method: .post, body: ServiceFixture.body(["model": "/x"])) {
                #expect($0.status == .unauthorized)
                #expect($0.headers[.wwwAuthenticate] == "Bearer")
            }
            try await client.execute(
                uri: "/v1/admin/reload", method: .post, headers: auth, body: ServiceFixture.body(["model": damaged.path])
            ) { r in
                #expect(r.status == .conflict)
                #expect(ServiceFixture.value(r.body, "type") as? String == "urn:tousu:problem:model-refused")
            }
            try await client.execute(uri: "/v1/classify", method: .post, body: ServiceFixture.body(["text": "外卖吃出虫子"])) {
                #expect($0.status == .ok)
            }
            try await client.execute(uri: "/v1/admin/reload", method: .post, headers: auth) { r in
                #expect(r.status == .ok)
                let model = try #require(try ServiceFixture.json(r.body)["model"] as? [String: Any])
                #expect(model["id"] as? String == before)
            }
            try await client.execute(uri: "/metrics", method: .get) { r in
                let text = String(buffer: r.body)
                #expect(text.contains(#"tousu_model_reloads_total{result="refused"} 1"#))
                #expect(text.contains(#"tousu_model_reloads_total{result="accepted"} 1"#))
            }
        }
    }
}
