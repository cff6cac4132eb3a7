import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TousuService

/// `GET /v1/report`: the period report of the stored complaints, JSON or HTML, and its errors.
@Suite struct ReportRouteTests {
    static let auth: HTTPFields = [.authorization: "Bearer \(ServiceFixture.apiKey)"]

    /// A year-ago month (3), an early record (so the store reaches back past the year before),
    /// the previous period (4) and the period (6, five of them one gym's).
    static var complaints: [[String: Any]] {
        var items: [[String: Any]] = [["id": "early", "text": "外卖吃出头发", "date": "2023-01-15"]]
        for k in 0..<3 { items.append(["id": "y\(k)", "text": "超市卖过期牛奶", "date": "2023-05-1\(k)"]) }
        for k in 0..<4 { items.append(["id": "p\(k)", "text": "餐厅卫生差，吃坏肚子", "date": "2024-04-1\(k)"]) }
        for k in 0..<5 {
            items.append(["id": "g\(k)", "text": "星光健身房老板跑路了，年卡还剩\(k + 2)个月退不了", "date": "2024-05-0\(k + 1)", "merchant": "星光健身房"])
        }
        items.append(["id": "f1", "text": "奶茶店饮料变质", "date": "2024-05-20"])
        return items
    }

    @Test func reportsThePeriodFromTheStore() async throws {
        try await ServiceFixture.app().test(.router) { client in
            try await client.execute(uri: "/v1/report?from=2024-05-01&to=2024-05-31", method: .get) { r in
                #expect(r.status == .notFound)
                #expect(ServiceFixture.value(r.body, "type") as? String == "urn:tousu:problem:no-records")
            }
            try await client.execute(
                uri: "/v1/complaints", method: .post, headers: Self.auth, body: ServiceFixture.body(["items": Self.complaints])
            ) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/report?from=2024-05-01&to=2024-05-31", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.contentType]?.hasPrefix("application/json") == true)
                let report = try ServiceFixture.json(r.body)
                #expect(report["total"] as? Int == 6)
                #expect(report["previousTotal"] as? Int == 4)
                #expect(report["yearAgoTotal"] as? Int == 3)
                #expect(report["from"] as? String == "2024-05-01")
                let sectors = try #require(report["sectors"] as? [[String: Any]])
                #expect(sectors.map { $0["count"] as? Int ?? 0 }.reduce(0, +) == 6)
                let themes = try #require(report["themes"] as? [[String: Any]])
                let gym = try #require(themes.first, "\(themes)")
                #expect(gym["merchant"] as? String == "星光健身房")
                #expect(gym["count"] as? Int == 5)
                #expect((gym["cases"] as? [Any])?.isEmpty == false)
            }
            try await client.execute(uri: "/v1/report?from=2024-05-01&to=2024-05-31&top=1", method: .get, headers: [.accept: "text/html"]) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.contentType]?.hasPrefix("text/html") == true)
                let html = String(buffer: r.body)
                #expect(html.contains("<svg") && html.contains("星光健身房"))
            }
            try await client.execute(uri: "/v1/report?from=2030-01-01&to=2030-01-31", method: .get) { r in
                #expect(r.status == .notFound)
                #expect(ServiceFixture.value(r.body, "type") as? String == "urn:tousu:problem:no-records")
            }
        }
    }

    /// Each bad query names its parameter.
    @Test(arguments: [
        ("to=2024-05-31", "from"), ("from=2024-05-01", "to"), ("from=2024-5-1x&to=2024-05-31", "from"),
        ("from=2024-06-01&to=2024-05-31", "from"), ("from=2000-01-01&to=2024-05-31", "to"),
        ("from=2024-05-01&to=2024-05-31&top=0", "top"), ("from=2024-05-01&to=2024-05-31&top=x", "top"),
    ])
    func badQueriesNameTheParameter(query: String, field: String) async throws {
        try await ServiceFixture.app().test(.router) { client in
            try await client.execute(uri: "/v1/report?\(query)", method: .get) { r in
                #expect(r.status.code == 422, "\(query): \(String(buffer: r.body))")
                #expect(ServiceFixture.value(r.body, "field") as? String == field)
                #expect(ServiceFixture.value(r.body, "type") as? String == "urn:tousu:problem:invalid-field")
            }
        }
    }
}
