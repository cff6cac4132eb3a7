import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TousuService

/// Ingest (API key, idempotent by id) and hotspots from the store.
@Suite struct ComplaintRouteTests {
    static let auth: HTTPFields = [.authorization: "Bearer \(ServiceFixture.apiKey)"]

    @Test func ingestNeedsAValidKey() async throws {
        try await ServiceFixture.app().test(.router) { client in
            let body = try ServiceFixture.body(["id": "1", "text": "外卖吃出虫子"])
            try await client.execute(uri: "/v1/complaints", method: .post, body: body) { #expect($0.status == .unauthorized) }
            try await client.execute(
                uri: "/v1/complaints", method: .post, headers: [.authorization: "Bearer test-key-012345678"], body: body
            ) { #expect($0.status == .unauthorized) }
            try await client.execute(
                uri: "/v1/complaints", method: .post, headers: [.authorization: "Basic dGVzdA=="], body: body
            ) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/v1/complaints", method: .post, headers: Self.auth, body: body) {
                #expect($0.status == .ok)
            }
        }
    }

    @Test func keysCompareWholly() {
        let keys = [Array("alpha".utf8), Array("beta-key".utf8)]
        #expect(APIKeyCheck.matches("alpha", keys))
        #expect(APIKeyCheck.matches("beta-key", keys))
        #expect(!APIKeyCheck.matches("alph", keys))
        #expect(!APIKeyCheck.matches("alphaa", keys))
        #expect(!APIKeyCheck.matches("", keys))
        #expect(!APIKeyCheck.matches("alpha", []))
    }

    @Test func ingestIsIdempotentById() async throws {
        try await ServiceFixture.app().test(.router) { client in
            let items: [[String: Any]] = [
                ["id": "c1", "text": "健身房老板跑路了，年卡退不了", "date": "2024-05-01", "region": "朝阳区"],
                ["id": "c2", "text": "4S店拒绝三包", "date": "2024-05-01", "merchant": "某4S店"],
            ]
            try await client.execute(uri: "/v1/complaints", method: .post, headers: Self.auth, body: ServiceFixture.body(["items": items])) { r in
                let a = try ServiceFixture.json(r.body)
                #expect(a["stored"] as? Int == 2)
                #expect(a["duplicates"] as? Int == 0)
            }
            try await client.execute(uri: "/v1/complaints", method: .post, headers: Self.auth, body: ServiceFixture.body(["items": items])) { r in
                let a = try ServiceFixture.json(r.body)
                #expect(a["stored"] as? Int == 0)
                #expect(a["duplicates"] as? Int == 2)
                let statuses = (a["items"] as? [[String: Any]])?.map { $0["status"] as? String }
                #expect(statuses == ["duplicate", "duplicate"])
            }
            try await client.execute(
                uri: "/v1/complaints", method: .post, headers: Self.auth,
                body: ServiceFixture.body(["items": [["id": "d", "text": "x", "date": "2024-13-40"]]])
            ) { r in
                #expect(r.status.code == 422)
                #expect(ServiceFixture.value(r.body, "field") as? String == "items[0].date")
            }
            try await client.execute(
                uri: "/v1/complaints", method: .post, headers: Self.auth,
                body: ServiceFixture.body(["items": [["id": "e", "text": "x"], ["id": "e", "text": "y"]]])
            ) { r in
                #expect(r.status.code == 422)
                #expect(ServiceFixture.value(r.body, "field") as? String == "items[1].id")
            }
        }
    }

    /// A burst of one merchant's complaints on the last day against a quiet month.
    @Test func hotspotsComeFromTheStore() async throws {
        try await ServiceFixture.app().test(.router) { client in
            try await client.execute(uri: "/v1/hotspots", method: .get) { r in
                #expect(r.status == .notFound)
                #expect(ServiceFixture.value(r.body, "type") as? String == "urn:tousu:problem:no-records")
            }
            var items: [[String: Any]] = []
            let quiet = ["外卖吃出头发", "超市卖过期牛奶", "餐厅卫生差", "奶茶店饮料变质"]
            for day in 1...30 {
                for k in 0..<4 {
                    items.append(["id": "q\(day)-\(k)", "text": quiet[(day + k) % 4], "date": String(format: "2024-04-%02d", day), "merchant": "店\(k)"])
                }
            }
            for k in 0..<25 {
                items.append(["id": "b\(k)", "text": "星光健身房老板跑路了，年卡\(k)个月退不了", "date": "2024-05-01", "merchant": "星光健身房"])
            }
            for from in stride(from: 0, to: items.count, by: 100) {
                let slice = Array(items[from..<min(from + 100, items.count)])
                try await client.execute(uri: "/v1/complaints", method: .post, headers: Self.auth, body: ServiceFixture.body(["items": slice])) {
                    #expect($0.status == .ok)
                }
            }
            try await client.execute(uri: "/v1/hotspots?window=day&as_of=2024-05-01", method: .get) { r in
                #expect(r.status == .ok)
                let report = try ServiceFixture.json(r.body)
                #expect(report["windowRecords"] as? Int == 25)
                let hotspots = try #require(report["hotspots"] as? [[String: Any]])
                #expect(hotspots.contains { ($0["key"] as? String) == "星光健身房" }, "\(hotspots.map { $0["title"] ?? "" })")
            }
            try await client.execute(uri: "/v1/hotspots", method: .get, headers: [.accept: "text/html"]) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(String(buffer: r.body).contains("星光健身房"))
            }
            try await client.execute(uri: "/v1/hotspots?window=month", method: .get) { r in
                #expect(r.status.code == 422)
                #expect(ServiceFixture.value(r.body, "field") as? String == "window")
            }
        }
    }
}
