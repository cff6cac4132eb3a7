import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TousuService

/// POST /v1/batch: classified lines in input order, rejects in place and marked, a summary whose
/// counts add up.
@Suite struct BatchRouteTests {
    static func lines(_ buffer: ByteBuffer) throws -> [[String: Any]] {
        try String(buffer: buffer).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any], "\($0)")
        }
    }

    @Test func jsonlInGivesClassifiedLinesInOrderWithRejectsInPlace() async throws {
        var body = ""
        var expected: [String] = []
        for n in 1...3000 {
            switch n % 1000 {
            case 7: body += #"{"id": "r\#(n)", "text": "坏的"# + "\n"; expected.append("reject")
            case 8: body += #"{"id": "r\#(n)", "text": "  "}"# + "\n"; expected.append("reject")
            default: body += #"{"id": "r\#(n)", "text": "健身房老板跑路了 \#(n)"}"# + "\n"; expected.append("r\(n)")
            }
        }
        let input = ByteBuffer(string: body)
        let order = expected
        try await ServiceFixture.app().test(.router) { client in
            try await client.execute(uri: "/v1/batch", method: .post, body: input) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.contentType]?.hasPrefix("application/x-ndjson") == true)
                let lines = try Self.lines(r.body)
                #expect(lines.count == 3001)
                let got = lines.dropLast().map { $0["reject"] as? Bool == true ? "reject" : ($0["id"] as? String ?? "?") }
                #expect(got == order)
                let reject = try #require(lines.first { $0["reject"] as? Bool == true })
                #expect(reject["line"] as? Int == 7)
                #expect((reject["reason"] as? String)?.hasPrefix("malformed JSON") == true)
                #expect((reject["raw"] as? String)?.contains("坏的") == true)
                #expect(lines[0]["sector"] as? String == "prepaid")
                let summary = try #require(lines.last?["summary"] as? [String: Any])
                #expect(summary["read"] as? Int == 3000)
                #expect(summary["written"] as? Int == 2994)
                #expect(summary["rejected"] as? Int == 6)
            }
        }
    }

    @Test func csvWithATextFieldOption() async throws {
        let body = "编号,投诉内容\n1,外卖吃出虫子\n2,\"4S店拒绝三包, 发动机异响\"\n3\n"
        try await ServiceFixture.app().test(.router) { client in
            try await client.execute(
                uri: "/v1/batch?format=csv&text_field=%E6%8A%95%E8%AF%89%E5%86%85%E5%AE%B9&id_field=%E7%BC%96%E5%8F%B7",
                method: .post, body: ByteBuffer(string: body)
            ) { r in
                let lines = try Self.lines(r.body)
                #expect(lines.count == 4)
                #expect(lines[0]["sector"] as? String == "food")
                #expect(lines[1]["sector"] as? String == "auto")
                #expect(lines[2]["reject"] as? Bool == true)
                #expect((lines[2]["reason"] as? String)?.hasPrefix("wrong number of fields") == true)
                let summary = try #require(lines[3]["summary"] as? [String: Any])
                #expect(summary["read"] as? Int == 3)
            }
            try await client.execute(uri: "/v1/batch?format=xml", method: .post, body: ByteBuffer(string: body)) { r in
                #expect(r.status.code == 422)
                #expect(ServiceFixture.value(r.body, "field") as? String == "format")
            }
        }
    }

    /// No body is 400; an empty document is an empty batch: a summary line of zeros.
    @Test func emptyBodyIsAnEmptyBatch() async throws {
        try await ServiceFixture.app().test(.router) { client in
            try await client.execute(uri: "/v1/batch", method: .post, headers: [.contentLength: "0"]) { r in
                #expect(r.status == .badRequest)  // no body at all (no media type either)
                #expect(ServiceFixture.value(r.body, "type") as? String == "urn:tousu:problem:bad-batch")
            }
            try await client.execute(
                uri: "/v1/batch?text_field=&id_field=", method: .post,
                headers: [.contentLength: "0", .contentType: "application/x-ndjson"]
            ) { r in
                #expect(r.status == .ok)
                let summary = try #require(ServiceFixture.value(r.body, "summary") as? [String: Any])
                #expect(summary["read"] as? Int == 0 && summary["written"] as? Int == 0 && summary["rejected"] as? Int == 0)
            }
        }
    }

    @Test func bodyOverTheBatchLimitIs413() async throws {
        try await ServiceFixture.app { $0.maxBatchBytes = 100 }.test(.router) { client in
            let body = String(repeating: #"{"text": "外卖吃出虫子"}"# + "\n", count: 20)
            try await client.execute(uri: "/v1/batch", method: .post, body: ByteBuffer(string: body)) { r in
                #expect(r.status == .contentTooLarge)
            }
        }
    }
}
