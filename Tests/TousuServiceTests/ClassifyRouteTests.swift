import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TousuService

/// POST /v1/classify and /v1/tokenize: answers, and each error naming its field.
@Suite struct ClassifyRouteTests {
    @Test func singleTextGivesThePredictionWithExplanations() async throws {
        try await ServiceFixture.app().test(.router) { client in
            try await client.execute(
                uri: "/v1/classify", method: .post, headers: [.contentType: "application/json"],
                body: ServiceFixture.body(["text": "健身房老板跑路了，我的年卡还剩八个月"])
            ) { response in
                #expect(response.status == .ok)
                let p = try ServiceFixture.json(response.body)
                #expect(p["sector"] as? String == "prepaid")
                let keywords = try #require(p["keywords"] as? [[String: Any]])
                #expect(keywords.contains { ($0["original"] as? String) == "跑路" })
                let top = try #require(p["top_features"] as? [Any])
                #expect(!top.isEmpty)
                let scores = try #require(p["sector_scores"] as? [String: Double])
                #expect(abs(scores.values.reduce(0, +) - 1) < 0.01)
            }
            try await client.execute(
                uri: "/v1/classify?explain=false", method: .post, body: ServiceFixture.body(["text": "健身房老板跑路了"])
            ) { response in
                let p = try ServiceFixture.json(response.body)
                #expect((p["top_features"] as? [Any])?.isEmpty == true)
                #expect(p["sector"] as? String == "prepaid")
            }
        }
    }

    @Test func itemsKeepTheirIdsAndOrder() async throws {
        try await ServiceFixture.app().test(.router) { client in
            let items: [[String: Any]] = [
                ["id": "a", "text": "4S店拒绝三包，发动机异响"], ["id": "b", "text": "老人买的保健品号称能治高血压"],
                ["text": "外卖吃出头发"],
            ]
            try await client.execute(uri: "/v1/classify", method: .post, body: ServiceFixture.body(["items": items])) {
                response in
                #expect(response.status == .ok)
                let out = try #require(try ServiceFixture.json(response.body)["items"] as? [[String: Any]])
                #expect(out.count == 3)
                #expect(out.map { $0["id"] as? String } == ["a", "b", nil])
                let sectors = out.map { ($0["prediction"] as? [String: Any])?["sector"] as? String }
                #expect(sectors == ["auto", "elderly_health", "food"])
            }
        }
    }

    /// Each bad request answers with its status, its stable problem type and the field.
    @Test(arguments: [
        ("{not json", 400, "bad-json", nil),
        ("[1,2]", 422, "invalid-field", "(body)"),
        ("{}", 422, "invalid-field", "text"),
        (#"{"text": 5}"#, 422, "invalid-field", "text"),
        (#"{"text": null}"#, 422, "invalid-field", "text"),
        (#"{"text": "   "}"#, 422, "invalid-field", "text"),
        (#"{"items": [{"id": "x", "text": "ok"}, {"id": "y"}]}"#, 422, "invalid-field", "items[1].text"),
        (#"{"items": [{"id": 3, "text": "ok"}]}"#, 422, "invalid-field", "items[0].id"),
        (#"{"items": []}"#, 422, "invalid-field", "items"),
        (#"{"items": "x"}"#, 422, "invalid-field", "items"),
        (#"{"text": "a", "items": []}"#, 422, "invalid-field", "items"),
        (#"{"text": "a", "colour": "red"}"#, 422, "invalid-field", "colour"),
    ] as [(String, Int, String, String?)])
    func badBodiesNameTheField(body: String, status: Int, type: String, field: String?) async throws {
        try await ServiceFixture.app().test(.router) { client in
            try await client.execute(uri: "/v1/classify", method: .post, body: ByteBuffer(string: body)) { response in
                #expect(response.status.code == status, "\(body): \(String(buffer: response.body))")
                #expect(response.headers[.contentType] == "application/problem+json")
                let problem = try ServiceFixture.json(response.body)
                #expect(problem["type"] as? String == "urn:tousu:problem:\(type)")
                #expect(problem["status"] as? Int == status)
                #expect(problem["field"] as? String == field)
                #expect(!(problem["detail"] as? String ?? "").isEmpty)
            }
        }
    }

    @Test func limitsAnswerWithTheirStatus() async throws {
        let app = try ServiceFixture.app {
            $0.maxItems = 2
            $0.maxTextLength = 10
            $0.maxBodyBytes = 200
        }
        try await app.test(.router) { client in
            let three = ["items": [["text": "a"], ["text": "b"], ["text": "c"]]]
            try await client.execute(uri: "/v1/classify", method: .post, body: ServiceFixture.body(three)) { r in
                #expect(r.status.code == 422)
                let p = try ServiceFixture.json(r.body)
                #expect(p["type"] as? String == "urn:tousu:problem:too-many-items")
                #expect(p["field"] as? String == "items")
            }
            try await client.execute(
                uri: "/v1/classify", method: .post, body: ServiceFixture.body(["text": "一二三四五六七八九十十"])
            ) { r in
                #expect(r.status.code == 422)
                let p = try ServiceFixture.json(r.body)
                #expect(p["type"] as? String == "urn:tousu:problem:text-too-long")
                #expect(p["field"] as? String == "text")
            }
            try await client.execute(
                uri: "/v1/classify", method: .post, body: ServiceFixture.body(["text": String(repeating: "长", count: 100)])
            ) { r in
                #expect(r.status == .contentTooLarge)
                #expect(ServiceFixture.value(r.body, "type") as? String == "urn:tousu:problem:body-too-large")
            }
            try await client.execute(
                uri: "/v1/classify", method: .post, headers: [.contentType: "text/plain"], body: ByteBuffer(string: "x")
            ) { r in
                #expect(r.status == .unsupportedMediaType)
            }
            try await client.execute(
                uri: "/v1/classify?explain=maybe", method: .post, body: ServiceFixture.body(["text": "a"])
            ) { r in
                #expect(r.status.code == 422)
                #expect(ServiceFixture.value(r.body, "field") as? String == "explain")
            }
        }
    }

    @Test func tokenizeGivesKindsAndOffsetsInTheOriginal() async throws {
        try await ServiceFixture.app().test(.router) { client in
            try await client.execute(uri: "/v1/tokenize", method: .post, body: ServiceFixture.body(["text": "4S店拒绝三包"])) {
                response in
                #expect(response.status == .ok)
                let tokens = try #require(try ServiceFixture.json(response.body)["tokens"] as? [[String: Any]])
                #expect(tokens.map { $0["text"] as? String } == ["4s店", "拒绝", "三包"])
                #expect(tokens.first?["original"] as? String == "4S店")
                #expect(tokens.first?["kind"] as? String == "cjk")
                #expect(tokens.map { $0["start"] as? Int } == [0, 3, 5])
            }
        }
    }
}
