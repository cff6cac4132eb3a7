import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import ServiceLifecycle
import Testing
@testable import TousuService

/// The service group as a process runs it, over a real loopback port: graceful shutdown makes
/// /readyz answer 503 `draining` while requests are still served for `drain-delay`, then the
/// group ends; and the idle timeout closes a connection that sends nothing.
@Suite struct LifecycleTests {
    @Test(.timeLimit(.minutes(2))) func readyzAnswers503WhileDraining() async throws {
        var logger = Logger(label: "tousu-test")
        logger.logLevel = .warning
        let configuration = try ServiceFixture.configuration {
            $0.port = 0
            // Long enough that the checks below finish inside it on a loaded machine.
            $0.drainDelay = 10
        }
        let (ports, found) = AsyncStream<Int>.makeStream()
        let group = try TousuServer.serviceGroup(
            configuration: configuration, logger: logger, shutdownSignals: [], onRunning: { found.yield($0) })
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var port = 0
            for await p in ports {
                port = p
                break
            }
            try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
                #expect(try await client.get("/readyz").status == .ok)
                await group.triggerGracefulShutdown()
                var answer = try await client.get("/readyz")
                for _ in 0..<50 where answer.status == .ok {
                    try await Task.sleep(for: .milliseconds(20))
                    answer = try await client.get("/readyz")
                }
                #expect(answer.status == .serviceUnavailable)
                #expect(ServiceFixture.value(answer.body ?? ByteBuffer(), "type") as? String == "urn:tousu:problem:draining")
                // Still serving while it drains.
                let classified = try await client.post("/v1/classify", body: ServiceFixture.body(["text": "外卖吃出虫子"]))
                #expect(classified.status == .ok)
            }
            let started = ContinuousClock.now
            try await tasks.next()  // the group ends after the delay
            #expect(ContinuousClock.now - started < .seconds(60))
        }
    }

    /// A connection that sends nothing is closed after the idle timeout.
    @Test(.timeLimit(.minutes(2))) func idleConnectionIsClosed() async throws {
        // 2 s, not less: the first answer comes from a pool thread, and parallel tests that wait
        // on child processes can keep both threads of a 2-core machine busy for a while.
        try await ServiceFixture.app { $0.idleTimeout = 2 }.test(.live) { client in
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            try await Task.sleep(for: .seconds(5))
            await #expect(throws: (any Error).self) { _ = try await client.execute(uri: "/healthz", method: .get) }
        }
    }

    /// The deadline itself, timed without a real request: work still running when the time is
    /// up is cancelled and answered 503 `deadline-exceeded`; a problem the work raised itself when
    /// cancelled (408 while its body was still arriving) is the answer instead; work done in time
    /// gives its result.
    @Test func workPastTheTimeoutIsCancelledAndAnswered() async throws {
        func state(timeout: Double) throws -> ServiceState {
            let configuration = try ServiceFixture.configuration { $0.requestTimeout = timeout }
            return try ServiceState(configuration: configuration, metrics: ServiceMetrics(), logger: Logger(label: "tousu-test"))
        }
        // In time. The timeout is an hour: what is checked is that finished work gives its result,
        // and the end-to-end tests, which wait on child processes on pool threads, kept this
        // task from a thread for over 120 s in one full run on a quiet 2-core machine.
        #expect(try await state(timeout: 3600).withinDeadline { 42 } == 42)
        let state = try state(timeout: 0.2)
        do {
            _ = try await state.withinDeadline { try await Task.sleep(for: .seconds(60)); return 0 }
            Issue.record("work past the timeout was not cut off")
        } catch let problem as Problem {
            #expect(problem.kind == .deadlineExceeded)
        }
        do {
            _ = try await state.withinDeadline {
                do { try await Task.sleep(for: .seconds(60)) } catch { throw Problem(.requestTimeout, "body not received") }
                return 0
            }
            Issue.record("work past the timeout was not cut off")
        } catch let problem as Problem {
            #expect(problem.kind == .requestTimeout)
        }
    }

    /// A real request not done within the request timeout (100 long texts take longer to
    /// classify than the timeout) is cut off: 503 `deadline-exceeded` with Retry-After, or — when
    /// a busy machine has not yet handed the whole body over when the timer fires — 408
    /// `request-timeout`. Which of the two is decided by `withinDeadline`, tested above.
    @Test func slowRequestIsCutOffAtTheTimeout() async throws {
        let text = String(repeating: "健身房老板跑路了，我的年卡还剩八个月退不了，", count: 900)
        let items = (0..<100).map { ["id": "\($0)", "text": text] }
        try await ServiceFixture.app {
            $0.requestTimeout = 1.5
            $0.maxBodyBytes = 16 << 20
        }.test(.router) { client in
            try await client.execute(uri: "/v1/classify", method: .post, body: ServiceFixture.body(["items": items])) { r in
                let type = ServiceFixture.value(r.body, "type") as? String
                if r.status == .serviceUnavailable {
                    #expect(r.headers[.retryAfter] == "1")
                    #expect(type == "urn:tousu:problem:deadline-exceeded")
                } else {
                    #expect(r.status == .requestTimeout, "\(String(buffer: r.body).prefix(300))")
                    #expect(type == "urn:tousu:problem:request-timeout")
                }
            }
        }
    }
}
