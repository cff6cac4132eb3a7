import Foundation
import Testing

extension EndToEnd {
/// `tousu batch --engine-output` run as an engine's task runs it: a split on stdin, one stream on
/// stdout that holds the records, the rejects with their split's name and the summary line.
@Suite struct EngineOutputCLITests {
    static func object(_ line: Substring) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    /// The first 200 sample records with a broken line, a CSV-looking line first (a split that
    /// starts inside a CSV export's line) and an empty text.
    static func split() throws -> (lines: [String], data: Data) {
        var lines = try String(contentsOf: CLI.root.appendingPathComponent("corpora/samples/backlog.jsonl"), encoding: .utf8)
            .split(separator: "\n").prefix(200).map(String.init)
        lines.insert(#"car-1,"车门异响",2020-06-05"#, at: 0)
        lines.insert(#"{"id": "broken", "text": "#, at: 50)
        lines.insert(#"{"id": "empty", "text": " "}"#, at: 120)
        return (lines, Data((lines.joined(separator: "\n") + "\n").utf8))
    }

    @Test func oneStreamWithRejectsInPlaceAndASummary() throws {
        let scratch = try BatchCLITests.Scratch()
        defer { scratch.remove() }
        let model = try BatchCLITests.trainModel(in: scratch)
        let (lines, data) = try Self.split()
        let result = try CLI.run(
            ["batch", "--model", model, "--input", "-", "--output", "-", "--quiet", "--engine-output",
             "--source", "backlog.jsonl#7"],
            stdin: data)
        #expect(result.status == 0, "\(result.err)")
        #expect(result.err.isEmpty, "\(result.err)")
        let out = result.out.split(separator: "\n")
        #expect(out.count == lines.count + 1)
        // Rejects stand in their records' places, with the split's name and the line within it.
        let rejects = out.enumerated().filter { $0.element.hasPrefix(#"{"_tousu":"reject","#) }
        #expect(rejects.map(\.offset) == [0, 50, 120])
        for (k, reject) in rejects {
            let o = try Self.object(reject)
            #expect(o["source"] as? String == "backlog.jsonl#7")
            #expect(o["line"] as? Int == k + 1 && o["raw"] as? String == lines[k])
        }
        // Every other line is the classified record of its input line.
        for (k, line) in out.dropLast().enumerated() where !rejects.map(\.offset).contains(k) {
            let o = try Self.object(line)
            let input = try Self.object(Substring(lines[k]))
            #expect(o["id"] as? String == input["id"] as? String && o["sector"] is String)
        }
        let summary = try Self.object(out.last!)
        #expect(summary["_tousu"] as? String == "summary" && summary["source"] as? String == "backlog.jsonl#7")
        #expect(summary["read"] as? Int == lines.count && summary["written"] as? Int == lines.count - 3)
        #expect(summary["rejected"] as? Int == 3)

        // --max-rejects counts this split: exit status 3, the stream still complete.
        let limited = try CLI.run(
            ["batch", "--model", model, "--input", "-", "--output", "-", "--quiet", "--engine-output", "--max-rejects", "2"],
            stdin: data)
        #expect(limited.status == 3)
        #expect(limited.err.contains("3 records rejected in stdin, more than --max-rejects 2"), "\(limited.err)")
        #expect(limited.out.split(separator: "\n").count == lines.count + 1)
        #expect(limited.out.split(separator: "\n").last?.hasPrefix(#"{"_tousu":"summary","source":"stdin","#) == true)

        // A CSV split with its header given.
        let csv = try CLI.run(
            ["batch", "--model", model, "--input", "-", "--output", "-", "--quiet", "--engine-output",
             "--input-format", "csv", "--csv-header", "id,text,date"],
            stdin: Data("car-1,4S店拒绝三包,2020-06-05\ncar-2,\"车门异响\n刹车\",2020-06-06\n".utf8))
        #expect(csv.status == 0, "\(csv.err)")
        let rows = csv.out.split(separator: "\n")
        #expect(rows.count == 3)
        #expect(try Self.object(rows[1])["text"] as? String == "车门异响\n刹车")
    }

    /// Option combinations that cannot hold are usage errors (64), named.
    @Test(arguments: [
        (["--output", "out.jsonl"], "--engine-output writes to stdout"),
        (["--output", "-", "--rejects", "r.jsonl"], "drop --rejects"),
        (["--output", "-", "--format", "csv"], "writes JSONL"),
    ])
    func engineOutputMisuseIsAUsageError(extra: [String], message: String) throws {
        let result = try CLI.run(["batch", "--input", "-", "--engine-output"] + extra, stdin: Data())
        #expect(result.status == 64)
        #expect(result.err.contains(message), "\(result.err)")
    }

    @Test func sourceNeedsEngineOutput() throws {
        let result = try CLI.run(["batch", "--input", "-", "--output", "-", "--source", "x"], stdin: Data())
        #expect(result.status == 64)
        #expect(result.err.contains("--source names the split"), "\(result.err)")
    }
}
}
