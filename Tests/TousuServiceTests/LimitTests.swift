import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing
@testable import TousuService

/// The 429 gate and the configuration's names, values and errors.
@Suite struct LimitTests {
    /// With one place and one request holding it, the next request is 429 with Retry-After, and
    /// the place is free again once the first has finished.
    @Test func concurrentRequestsOverTheLimitGet429() async throws {
        let entered = AsyncStream<Void>.makeStream()
        let release = AsyncStream<Void>.makeStream()
        let router = Router()
        router.add(middleware: AccessLogMiddleware(metrics: ServiceMetrics()))
        router.add(middleware: ConcurrencyLimitMiddleware(gate: Gate(limit: 1)))
        router.get("/hold") { _, _ -> String in
            entered.continuation.yield()
            for await _ in release.stream { break }
            return "done"
        }
        router.get("/quick") { _, _ in "quick" }
        try await Application(router: router).test(.router) { client in
            async let held = client.execute(uri: "/hold", method: .get)
            for await _ in entered.stream { break }
            try await client.execute(uri: "/quick", method: .get) { r in
                #expect(r.status == .tooManyRequests)
                #expect(r.headers[.retryAfter] == "1")
                #expect(ServiceFixture.value(r.body, "type") as? String == "urn:tousu:problem:overloaded")
            }
            release.continuation.yield()
            #expect(try await held.status == .ok)
            try await client.execute(uri: "/quick", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test func settingsHaveOneNameEverywhere() throws {
        #expect(ServiceConfiguration.environmentName("max-body-bytes") == "TOUSU_MAX_BODY_BYTES")
        var c = ServiceConfiguration(model: "m", lexicons: "l")
        try c.set("max-items", to: "7")
        try c.set("api-keys", to: "a, b,,c")
        try c.set("protect-reads", to: "true")
        try c.set("request-timeout", to: "2.5")
        #expect(c.maxItems == 7)
        #expect(c.apiKeys == ["a", "b", "c"])
        #expect(c.protectReads)
        #expect(c.requestTimeout == 2.5)
        #expect(throws: ConfigurationError.badValue(name: "port", value: "http", expected: "an integer in 0...65535")) {
            try c.set("port", to: "http")
        }
        #expect(throws: ConfigurationError.unknownSetting("colour")) { try c.set("colour", to: "red") }
        #expect(throws: ConfigurationError.self) { try c.set("request-timeout", to: "-1") }
        #expect(throws: ConfigurationError.self) { try c.set("log-level", to: "loud") }
        for name in ServiceConfiguration.names where !["api-keys"].contains(name) {
            // Every name is known to `set` (a value error, never "unknown setting").
            do { try c.set(name, to: "1") } catch { #expect(error as? ConfigurationError != .unknownSetting(name)) }
        }
    }

    @Test func configurationFileUsesTheSameNames() throws {
        let file = ServiceFixture.directory.appendingPathComponent("serve-\(UUID().uuidString).json")
        try Data(#"{"port": 9000, "api-keys": ["k1", "k2"], "protect-reads": true, "store": "/tmp/x.sqlite"}"#.utf8).write(to: file)
        let settings = try ServiceConfiguration.settings(fromFile: file.path)
        var c = ServiceConfiguration(model: "m", lexicons: "l")
        for (name, value) in settings { try c.set(name, to: value) }
        #expect(c.port == 9000)
        #expect(c.apiKeys == ["k1", "k2"])
        #expect(c.protectReads)
        #expect(c.store == "/tmp/x.sqlite")
        try Data(#"{"prot": 1}"#.utf8).write(to: file)
        #expect(throws: ConfigurationError.self) { try ServiceConfiguration.settings(fromFile: file.path) }
        try Data("port: 1".utf8).write(to: file)
        #expect(throws: ConfigurationError.self) { try ServiceConfiguration.settings(fromFile: file.path) }
    }

    @Test func protectedReadsNeedAKey() async throws {
        try await ServiceFixture.app { $0.protectReads = true }.test(.router) { client in
            let body = try ServiceFixture.body(["text": "外卖吃出虫子"])
            try await client.execute(uri: "/v1/classify", method: .post, body: body) { #expect($0.status == .unauthorized) }
            try await client.execute(
                uri: "/v1/classify", method: .post, headers: [.authorization: "Bearer \(ServiceFixture.apiKey)"], body: body
            ) { #expect($0.status == .ok) }
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
        }
    }
}
