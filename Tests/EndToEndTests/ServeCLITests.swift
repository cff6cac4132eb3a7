import Foundation
import Synchronization
import Testing

extension EndToEnd {
/// Runs the built `tousu serve` on a free loopback port and talks to it over HTTP with curl:
/// classify, ingest with a key, reload (good, damaged, SIGHUP), a slow client cut off, and
/// SIGTERM in the middle of a batch request, which still completes before the process exits.
@Suite(.serialized) struct ServeCLITests {
    /// A running `tousu serve` and what it wrote to stderr.
    final class Server: Sendable {
        let process: Process
        let port: Int
        let stderr = Box("")

        init(
            arguments: [String], environment: [String: String] = [:], executable: URL = CLI.binary,
            directory: URL = CLI.root
        ) throws {
            process = Process()
            process.executableURL = executable
            process.arguments = ["serve", "--host", "127.0.0.1", "--port", "0"] + arguments
            process.currentDirectoryURL = directory
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            let err = Pipe()
            process.standardError = err
            process.standardOutput = FileHandle.nullDevice
            let log = stderr
            try process.run()
            // The port from Hummingbird's start-up line ("… listening on 127.0.0.1:PORT").
            let handle = err.fileHandleForReading
            var found: Int? = nil
            let deadline = Date().addingTimeInterval(180)  // the default model may be built first
            while found == nil, Date() < deadline, process.isRunning {
                let data = handle.availableData
                if data.isEmpty { break }
                let text = String(decoding: data, as: UTF8.self)
                log.withLock { $0 += text }
                if let m = log.withLock({ $0 }).firstMatch(of: #/127\.0\.0\.1:(\d+)/#) { found = Int(m.1) }
            }
            guard let found else { throw ServeError.noPort(log.withLock { $0 }) }
            port = found
            // Keep reading stderr so the server never blocks on a full pipe.
            Thread {
                while true {
                    let data = handle.availableData
                    if data.isEmpty { break }
                    log.withLock { $0 += String(decoding: data, as: UTF8.self) }
                }
            }.start()
        }

        var url: String { "http://127.0.0.1:\(port)" }

        func stop() {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
    }

    enum ServeError: Error { case noPort(String) }

    /// A value shared with other threads under a lock.
    final class Box<T: Sendable>: Sendable {
        private let mutex: Mutex<T>
        init(_ value: T) { mutex = Mutex(value) }
        func withLock<R>(_ body: (inout T) -> R) -> R { mutex.withLock { body(&$0) } }
    }

    /// curl with arguments; returns the status code line's number and the body.
    static func curl(_ arguments: [String], stdin: Data? = nil) throws -> (status: Int, body: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-s", "-S", "--max-time", "60", "-w", "\n%{http_code}"] + arguments
        let out = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardInput = input
        process.standardError = FileHandle.nullDevice
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var text = String(decoding: data, as: UTF8.self)
        let code = text.split(separator: "\n").last.flatMap { Int($0) } ?? 0
        if let cut = text.lastIndex(of: "\n") { text = String(text[..<cut]) }
        return (code, text)
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
    }

    static let curlPresent = FileManager.default.isExecutableFile(atPath: "/usr/bin/curl")

    @Test(.enabled(if: curlPresent, "needs /usr/bin/curl"), .timeLimit(.minutes(5)))
    func servesReloadsAndDrainsOnSIGTERM() throws {
        let scratch = try BatchCLITests.Scratch()
        defer { scratch.remove() }
        let model = try BatchCLITests.trainModel(in: scratch)
        let server = try Server(
            arguments: ["--model", model, "--store", scratch.path("store.sqlite"), "--request-timeout", "1"],
            environment: ["TOUSU_API_KEYS": "k-one,k-two"])
        defer { server.stop() }

        // Classify and health.
        let classified = try Self.curl([server.url + "/v1/classify", "-H", "Content-Type: application/json", "-d", #"{"text":"健身房老板跑路了，年卡退不了"}"#])
        #expect(classified.status == 200)
        #expect(try Self.json(classified.body)["sector"] as? String == "prepaid")
        let health = try Self.json(try Self.curl([server.url + "/healthz"]).body)
        let firstId = try #require((health["model"] as? [String: Any])?["id"] as? String)

        // Ingest needs the key from $TOUSU_API_KEYS.
        let complaint = #"{"id":"e2e-1","text":"4S店拒绝三包","date":"2024-05-01"}"#
        #expect(try Self.curl([server.url + "/v1/complaints", "-d", complaint]).status == 401)
        let stored = try Self.curl([server.url + "/v1/complaints", "-H", "Authorization: Bearer k-two", "-d", complaint])
        #expect(stored.status == 200)
        #expect(try Self.json(stored.body)["stored"] as? Int == 1)

        // Reload: a damaged copy is refused, a good copy is taken, SIGHUP reloads again.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: model))
        let good = scratch.path("copy.tousu")
        try bytes.write(to: URL(fileURLWithPath: good))
        bytes[bytes.count - 3] ^= 0x55
        let damaged = scratch.path("damaged.tousu")
        try bytes.write(to: URL(fileURLWithPath: damaged))
        let auth = ["-H", "Authorization: Bearer k-one"]
        let refused = try Self.curl([server.url + "/v1/admin/reload"] + auth + ["-d", #"{"model":"\#(damaged)"}"#])
        #expect(refused.status == 409, "\(refused.body)")
        let taken = try Self.curl([server.url + "/v1/admin/reload"] + auth + ["-d", #"{"model":"\#(good)"}"#])
        #expect(taken.status == 200, "\(taken.body)")
        let model2 = try #require(try Self.json(taken.body)["model"] as? [String: Any])
        #expect(model2["path"] as? String == good)
        #expect(model2["id"] as? String == firstId)
        kill(server.process.processIdentifier, SIGHUP)
        var reloads = 0
        for _ in 0..<50 where reloads < 2 {
            Thread.sleep(forTimeInterval: 0.1)
            let metrics = try Self.curl([server.url + "/metrics"]).body
            if let m = metrics.firstMatch(of: #/tousu_model_reloads_total\{result="accepted"\} (\d+)/#) { reloads = Int(m.1)! }
        }
        #expect(reloads == 2)
        #expect(try Self.curl([server.url + "/v1/classify", "-d", #"{"text":"外卖吃出虫子"}"#]).status == 200)

        // A client that sends its body too slowly is answered 408 and cut off.
        let slow = try Self.curl([server.url + "/v1/classify", "--limit-rate", "20", "-H", "Content-Type: application/json", "-d", #"{"text":"\#(String(repeating: "慢", count: 40))"}"#])
        #expect(slow.status == 408, "\(slow.body)")

        // SIGTERM while a batch is in flight: the batch completes, then the process exits 0.
        var batch = ""
        for n in 1...30_000 { batch += #"{"id":"b\#(n)","text":"健身房老板跑路了，年卡还剩\#(n % 12)个月"}"# + "\n" }
        let answer = Box<(status: Int, body: String)?>(nil)
        let done = DispatchSemaphore(value: 0)
        let url = server.url
        let body = Data(batch.utf8)
        Thread {
            let r = try? Self.curl([url + "/v1/batch", "--data-binary", "@-", "-H", "Content-Type: application/x-ndjson"], stdin: body)
            answer.withLock { $0 = r }
            done.signal()
        }.start()
        Thread.sleep(forTimeInterval: 0.5)
        #expect(server.process.isRunning)
        server.process.terminate()  // SIGTERM
        done.wait()
        server.process.waitUntilExit()
        let result = try #require(answer.withLock { $0 })
        #expect(result.status == 200)
        let lines = result.body.split(separator: "\n")
        let summary = try #require(try Self.json(String(lines.last ?? ""))["summary"] as? [String: Any], "\(lines.last ?? "")")
        #expect(summary["read"] as? Int == 30_000)
        #expect(summary["written"] as? Int == 30_000)
        #expect(lines.count == 30_001)
        #expect(server.process.terminationStatus == 0, "\(server.stderr.withLock { $0 }.suffix(2000))")
        let log = server.stderr.withLock { $0 }
        #expect(log.contains("route=/v1/batch") && log.contains("status=200"))
    }

    /// The period report over HTTP, a batch cut off by `--batch-timeout` (its summary still adds
    /// up and says why), and `--drain-delay`: after SIGTERM /readyz is 503 while requests are
    /// still served, then the process exits 0.
    @Test(.enabled(if: curlPresent, "needs /usr/bin/curl"), .timeLimit(.minutes(5)))
    func reportsTimesOutBatchesAndDrains() throws {
        let scratch = try BatchCLITests.Scratch()
        defer { scratch.remove() }
        let model = try BatchCLITests.trainModel(in: scratch)
        let server = try Server(
            arguments: ["--model", model, "--store", scratch.path("store.sqlite"), "--batch-timeout", "3", "--drain-delay", "3", "--max-concurrent-batches", "1"],
            environment: ["TOUSU_API_KEYS": "k"])
        defer { server.stop() }

        var items: [String] = []
        for k in 0..<6 { items.append(#"{"id":"g\#(k)","text":"星光健身房老板跑路了，年卡退不了","date":"2024-05-0\#(k + 1)","merchant":"星光健身房"}"#) }
        for k in 0..<3 { items.append(#"{"id":"p\#(k)","text":"外卖吃出头发","date":"2024-04-1\#(k)"}"#) }
        let ingest = try Self.curl([server.url + "/v1/complaints", "-H", "Authorization: Bearer k", "-d", #"{"items":[\#(items.joined(separator: ","))]}"#])
        #expect(ingest.status == 200, "\(ingest.body)")
        let report = try Self.curl([server.url + "/v1/report?from=2024-05-01&to=2024-05-31"])
        #expect(report.status == 200, "\(report.body)")
        let json = try Self.json(report.body)
        #expect(json["total"] as? Int == 6)
        #expect(json["previousTotal"] as? Int == 3)
        let html = try Self.curl([server.url + "/v1/report?from=2024-05-01&to=2024-05-31", "-H", "Accept: text/html"])
        #expect(html.status == 200 && html.body.contains("星光健身房"))
        #expect(try Self.curl([server.url + "/v1/report?from=2024-05-01"]).status == 422)

        // A batch sent slowly (2 KB/s) is cut at the batch timeout: what was read is answered.
        var batch = ""
        for n in 1...2000 { batch += #"{"id":"s\#(n)","text":"健身房老板跑路了，年卡还剩\#(n % 12)个月"}"# + "\n" }
        let started = Date()
        let answer = Box<(status: Int, body: String)?>(nil)
        let done = DispatchSemaphore(value: 0)
        let url = server.url
        let slowBody = Data(batch.utf8)
        Thread {
            let r = try? Self.curl(
                [url + "/v1/batch", "--limit-rate", "2K", "--data-binary", "@-", "-H", "Content-Type: application/x-ndjson"],
                stdin: slowBody)
            answer.withLock { $0 = r }
            done.signal()
        }.start()
        // While it holds the only batch place, another batch is 429 with Retry-After.
        Thread.sleep(forTimeInterval: 1)
        let second = try Self.curl([server.url + "/v1/batch", "-i", "-d", #"{"text":"外卖吃出虫子"}"#])
        #expect(second.status == 429, "\(second.body)")
        #expect(second.body.lowercased().contains("retry-after: 1"))
        done.wait()
        let slow = try #require(answer.withLock { $0 })
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(slow.status == 200)
        let lines = slow.body.split(separator: "\n")
        let summary = try #require(try Self.json(String(lines.last ?? ""))["summary"] as? [String: Any], "\(lines.last ?? "")")
        let read = try #require(summary["read"] as? Int), written = try #require(summary["written"] as? Int)
        #expect(read > 0 && read < 2000, "\(summary)")
        #expect(read == written + (summary["rejected"] as? Int ?? -1))
        #expect(lines.count == read + 1)
        #expect((summary["error"] as? String)?.contains("batch timeout") == true, "\(summary)")

        // SIGTERM with a drain delay: /readyz 503 at once, classify still served, then exit 0.
        #expect(try Self.curl([server.url + "/readyz"]).status == 200)
        server.process.terminate()
        var ready = 200
        for _ in 0..<40 where ready == 200 {
            Thread.sleep(forTimeInterval: 0.05)
            ready = try Self.curl([server.url + "/readyz"]).status
        }
        #expect(ready == 503)
        let during = try Self.curl([server.url + "/v1/classify", "-d", #"{"text":"外卖吃出虫子"}"#])
        #expect(during.status == 200, "\(during.body)")
        #expect(server.process.isRunning)
        server.process.waitUntilExit()
        #expect(server.process.terminationStatus == 0)
        #expect(try Self.curl([server.url + "/readyz"]).status == 0)  // nothing listens any more
    }

    /// A second `serve` on a port already taken: a clear error naming the address, exit 69, not
    /// a raw NIO error with status 1.
    @Test(.timeLimit(.minutes(5)))
    func aPortInUseIsAClearError() throws {
        let scratch = try BatchCLITests.Scratch()
        defer { scratch.remove() }
        let model = try BatchCLITests.trainModel(in: scratch)
        // Stores in the scratch folder: the default store (tousu.sqlite) would land in the checkout.
        let server = try Server(arguments: ["--model", model, "--store", scratch.path("first.sqlite")])
        defer { server.stop() }
        let second = try CLI.run([
            "serve", "--host", "127.0.0.1", "--port", "\(server.port)", "--model", model, "--store", scratch.path("second.sqlite"),
        ])
        #expect(second.status == 69, "\(second.err)")
        #expect(second.err.hasPrefix("tousu: error: serve on 127.0.0.1:\(server.port): "), "\(second.err)")
        #expect(second.err.contains("in use"), "\(second.err)")
        #expect(server.process.isRunning)
    }
}
}
