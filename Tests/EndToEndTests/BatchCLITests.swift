import Foundation
import Testing

extension EndToEnd {
/// Runs the built `tousu batch` on real files: a run killed with SIGKILL and resumed, and a GB18030
/// CSV export with broken lines.
@Suite struct BatchCLITests {
    /// A fresh temporary directory, removed by `remove()`.
    struct Scratch {
        let url: URL
        init() throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("tousu-e2e-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }
        func path(_ name: String) -> String { url.appendingPathComponent(name).path }
        func remove() { try? FileManager.default.removeItem(at: url) }
    }

    /// Trains a sector model with the built binary on the bundled corpus.
    static func trainModel(in scratch: Scratch) throws -> String {
        let model = scratch.path("model.tousu")
        let result = try CLI.run(["train", "corpora/sectors/train.jsonl", "-o", model])
        try #require(result.status == 0, "\(result.err)")
        return model
    }

    /// The counts of the summary line "read N = written W + rejected R".
    static func counts(_ stderr: String) throws -> (read: Int, written: Int, rejected: Int) {
        let match = try #require(stderr.firstMatch(of: #/read (\d+) = written (\d+) \+ rejected (\d+)/#), "\(stderr)")
        return (Int(match.1)!, Int(match.2)!, Int(match.3)!)
    }

    static func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    static func lineCount(_ path: String) throws -> Int { try bytes(path).reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } }

    /// `count` records: the bundled sample backlog over and over, each copy with its own ids, and
    /// every 4,999th record broken (alternately malformed JSON and an empty text). Returns how many
    /// records are broken.
    static func writeBacklog(to path: String, count: Int) throws -> Int {
        let sample = try String(contentsOf: CLI.root.appendingPathComponent("corpora/samples/backlog.jsonl"), encoding: .utf8)
            .split(separator: "\n")
        var out = ""
        var broken = 0
        for n in 1...count {
            if n % 4999 == 0 {
                broken += 1
                out += broken % 2 == 1 ? #"{"id": "x-\#(n)", "text": "车门异响"# : #"{"id": "x-\#(n)", "text": " "}"#
            } else {
                let line = sample[(n - 1) % sample.count]
                // Every sample line starts with {"id": "...": make the ids distinct across copies.
                out += #"{"id": "\#((n - 1) / sample.count)-"# + line.dropFirst(8)
            }
            out += "\n"
        }
        try Data(out.utf8).write(to: URL(fileURLWithPath: path))
        return broken
    }

    @Test(.timeLimit(.minutes(4)))  // the machine is shared with the other end-to-end suites
    func killedRunResumesToTheSameBytes() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let model = try Self.trainModel(in: scratch)
        let input = scratch.path("backlog.jsonl")
        let total = 20_000
        let broken = try Self.writeBacklog(to: input, count: total)

        // An uninterrupted run.
        let whole = scratch.path("whole.jsonl")
        let first = try CLI.run(["batch", "--model", model, "--input", input, "--output", whole, "--threads", "2"])
        #expect(first.status == 0, "\(first.err)")
        let wholeCounts = try Self.counts(first.err)
        #expect(wholeCounts == (total, total - broken, broken))

        // The same run, killed with SIGKILL after at least three checkpoints (of 2,048 records).
        let output = scratch.path("killed.jsonl")
        let checkpoint = output + ".checkpoint.json"
        let arguments = ["batch", "--model", model, "--input", input, "--output", output, "--threads", "2", "--quiet"]
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = arguments
        process.currentDirectoryURL = CLI.root
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
        }
        var readAtKill = 0
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning, Date() < deadline {
            if let data = try? Self.bytes(checkpoint),
                let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                let read = object["read"] as? Int, read >= 3 * 2048,
                let size = try? FileManager.default.attributesOfItem(atPath: output + ".partial")[.size] as? Int, size > 0
            {
                readAtKill = read
                break
            }
            usleep(2_000)
        }
        try #require(process.isRunning && readAtKill > 0, "the run ended (or never checkpointed) before the kill")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL)
        #expect(readAtKill < total)
        // The kill most often lands between chunks; make sure a torn last line (a kill during a
        // write) is also cut away on resume.
        // Until a run ends, its outputs are written beside their targets (OUTPUT.partial).
        #expect(!FileManager.default.fileExists(atPath: output))
        for path in [output + ".partial", output + ".rejects.jsonl.partial"] {
            let handle = try #require(FileHandle(forWritingAtPath: path))
            _ = try handle.seekToEnd()
            try handle.write(contentsOf: Data(#"{"id": "half a li"#.utf8))
            try handle.close()
        }
        #expect(FileManager.default.fileExists(atPath: checkpoint))

        // Resumed to the end: the same bytes, the same counts, no checkpoint left.
        let resumed = try CLI.run(Array(arguments.dropLast()) + ["--resume"])
        #expect(resumed.status == 0, "\(resumed.err)")
        let counts = try Self.counts(resumed.err)
        #expect(counts == wholeCounts)
        #expect(counts.read == counts.written + counts.rejected)
        #expect(try Self.bytes(output) == Self.bytes(whole))
        #expect(try Self.bytes(output + ".rejects.jsonl") == Self.bytes(whole + ".rejects.jsonl"))
        #expect(try Self.lineCount(output) == total - broken)
        #expect(try Self.lineCount(output + ".rejects.jsonl") == broken)
        #expect(!FileManager.default.fileExists(atPath: checkpoint))
    }

    @Test func mapperReadsStdinAndWritesStdout() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let model = try Self.trainModel(in: scratch)
        var lines = try String(contentsOf: CLI.root.appendingPathComponent("corpora/samples/backlog.jsonl"), encoding: .utf8)
            .split(separator: "\n").prefix(100).map(String.init)
        lines.insert(#"{"id": "broken", "text": "#, at: 40)
        let result = try CLI.run(
            ["batch", "--model", model, "--input", "-", "--output", "-", "--quiet"],
            stdin: Data((lines.joined(separator: "\n") + "\n").utf8))
        #expect(result.status == 0, "\(result.err)")
        let out = try result.out.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let ids = lines.filter { !$0.contains("broken") }.map {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["id"] as? String
        }
        #expect(out.map { $0["id"] as? String } == ids)
        #expect(out.allSatisfy { $0["sector"] is String })
        // The reject goes to stderr as one JSON line; nothing is written beside the model.
        let rejects = result.err.split(separator: "\n")
        #expect(rejects.count == 1)
        let reject = try #require(try JSONSerialization.jsonObject(with: Data(rejects[0].utf8)) as? [String: Any])
        #expect(reject["line"] as? Int == 41)
        #expect((reject["reason"] as? String)?.hasPrefix("malformed JSON") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path) == ["model.tousu"])
    }

    @Test func gb18030ExportWithBrokenLines() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let model = try Self.trainModel(in: scratch)

        // Rows of a GB18030 CSV export (CRLF), some broken; `expected` holds the broken rows'
        // line numbers and reasons as the rejects file must name them.
        let texts = [
            "我在健身房办的预付卡，老板跑路了，还剩八个月", "4S店拒绝三包，发动机异响", "外卖送来的饭菜是馊的，吃完拉肚子",
            "老年人保健品说能治高血压，花了两万", "美容院的会员卡余额不给退", "网购的手机屏幕有坏点，客服不处理",
        ]
        var rows: [[UInt8]] = []
        var expected: [(line: Int, record: Int, reason: String)] = []
        var line = 2, record = 0
        // GB18030 (CoreFoundation's kCFStringEncodingGB_18030_2000 as an NSStringEncoding).
        func gb(_ s: String) -> [UInt8] { Array(s.data(using: String.Encoding(rawValue: 0x8000_0632))!) }
        for i in 1...60 {
            record += 1
            let text = texts[i % texts.count]
            var row: [UInt8]
            switch i {
            case 7:  // a quoted text over two lines, with a quote and a comma inside
                row = gb("\(i),2024-03-07,某某汽车销售,\"\(text)\r\n又说\"\"不在三包范围\"\"，拒绝维修\"")
                line += 1
            case 13:  // an invalid GB18030 sequence inside the text
                row = gb("\(i),2024-03-13,某某健身,\(text.prefix(5))") + [0x81, 0x20] + gb(String(text.dropFirst(5)))
                expected.append((line, record, "undecodable bytes: not valid gb18030"))
            case 25:
                row = gb("\(i),2024-03-25,某某美容,")
                expected.append((line, record, "empty text"))
            case 31:  // only an ideographic space
                row = gb("\(i),2024-03-31,某某美容,\u{3000}")
                expected.append((line, record, "empty text"))
            case 44:
                row = gb("\(i),2024-04-13,某某外卖,\(text),多余的一列")
                expected.append((line, record, "wrong number of fields: expected 4, found 5"))
            case 52:  // a quote that never closes (no quote follows in the file)
                row = gb("\(i),2024-04-21,某某保健品,\"\(text)")
                expected.append((line, record, "unterminated quoted field"))
            default:
                row = gb("\(i),2024-03-\(String(format: "%02d", i % 28 + 1)),商家\(i % 5),\(text)")
            }
            rows.append(row)
            line += 1
        }
        #expect(!rows[(52 - 1)...].dropFirst().contains { $0.contains(0x22) })
        var file = gb("投诉编号,投诉日期,被投诉方,投诉内容\r\n")
        var starts: [Int] = []
        for row in rows {
            starts.append(file.count)
            file += row + [0x0D, 0x0A]
        }
        #expect(String(data: Data(file), encoding: .utf8) == nil)  // not UTF-8: detection must find GB18030
        let input = scratch.path("export.csv")
        try Data(file).write(to: URL(fileURLWithPath: input))

        let output = scratch.path("classified.jsonl")
        let rejects = scratch.path("rejects.jsonl")
        let arguments = [
            "batch", "--model", model, "--input", input, "--output", output, "--rejects", rejects,
            "--text-field", "投诉内容", "--id-field", "投诉编号", "--date-field", "投诉日期", "--merchant-field", "被投诉方",
        ]
        let result = try CLI.run(arguments)
        #expect(result.status == 0, "\(result.err)")
        let counts = try Self.counts(result.err)
        #expect(counts == (60, 60 - expected.count, expected.count))

        let rejected = try String(contentsOfFile: rejects, encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(rejected.map { $0["line"] as? Int } == expected.map(\.line))
        #expect(rejected.map { $0["record"] as? Int } == expected.map(\.record))
        #expect(rejected.map { $0["reason"] as? String } == expected.map(\.reason))
        #expect(rejected.map { $0["offset"] as? Int } == expected.map { starts[$0.record - 1] })
        #expect((rejected[0]["raw"] as? String)?.hasPrefix("13,2024-03-13,某某健身,") == true)

        let written = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(written.count == counts.written)
        let brokenIDs = Set(expected.map { String($0.record) })
        #expect(written.map { $0["投诉编号"] as? String } == (1...60).map(String.init).filter { !brokenIDs.contains($0) })
        #expect(written.allSatisfy { $0["sector"] is String && $0["confidence"] != nil })
        let quoted = try #require(written.first { $0["投诉编号"] as? String == "7" })
        #expect(quoted["投诉内容"] as? String == "\(texts[1])\r\n又说\"不在三包范围\"，拒绝维修")
        #expect(quoted["被投诉方"] as? String == "某某汽车销售")

        // The same export with --max-rejects below the number of broken lines: it still finishes,
        // and fails with exit status 3.
        let strict = try CLI.run(arguments + ["--max-rejects", "\(expected.count - 1)", "--quiet"])
        #expect(strict.status == 3)
        #expect(try Self.lineCount(output) == counts.written)
    }
}
}
