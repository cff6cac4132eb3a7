import Foundation
import Testing
import TousuClassifier

@testable import TousuBatch

/// The engine stream (`tousu batch --engine-output`): records and rejects in one stream, each
/// reject in its place with its split's name, a summary line last; the same bytes as the batch
/// pipeline's output and rejects files.
@Suite struct EngineStreamTests {
    struct Streamed {
        var summary: BatchSummary
        var lines: [String]
        var bytes: [UInt8]
        var emits: Int
    }

    /// Runs the engine stream over `bytes` as if they came on stdin (a split of a larger input).
    static func stream(
        _ bytes: [UInt8], source: String = "backlog.jsonl#3", options: BatchOptions = BatchOptions()
    ) throws -> Streamed {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("split").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let handle = try #require(FileHandle(forReadingAtPath: path))
        defer { try? handle.close() }
        var out: [UInt8] = []
        var emits = 0
        let summary = try EngineStream(options: options, source: source, classify: fakeClassify).run(
            handle: handle, input: .standardInput
        ) {
            out += $0
            emits += 1
        }
        return Streamed(summary: summary, lines: lines(String(decoding: out, as: UTF8.self)), bytes: out, emits: emits)
    }

    static func object(_ line: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    static let split = [
        #"{"id":"a","text":"车门异响"}"#,
        #"{"id":"b","text":"#,  // broken JSON
        "",  // blank: not a record
        #"{"id":"c","text":"预付卡跑路"}"#,
        #"{"id":"d","text":"  "}"#,  // empty text
        #"{"id":"e","text":"boom"}"#,  // the classifier throws
        #"{"id":"f","text":"外卖"}"#,
    ].joined(separator: "\n") + "\n"

    @Test func recordsAndRejectsInPlaceWithTheSourceThenTheSummary() throws {
        let s = try Self.stream(Array(Self.split.utf8))
        #expect(s.lines.count == 7)  // 6 records + summary
        let ids = try s.lines.prefix(6).map { line -> String in
            let o = try Self.object(line)
            if line.hasPrefix(EngineLine.rejectMarker) {
                #expect(o["source"] as? String == "backlog.jsonl#3")
                return "reject:\(o["line"] as! Int)"
            }
            #expect(o["_tousu"] == nil && o["sector"] is String)
            return o["id"] as! String
        }
        #expect(ids == ["a", "reject:2", "c", "reject:5", "reject:6", "f"])
        let broken = try Self.object(s.lines[1])
        #expect(broken["raw"] as? String == #"{"id":"b","text":"#)
        #expect((broken["reason"] as? String)?.hasPrefix("malformed JSON") == true)
        #expect(broken["record"] as? Int == 2 && broken["offset"] as? Int == 33)
        #expect(try Self.object(s.lines[3])["reason"] as? String == "empty text")
        #expect((try Self.object(s.lines[4])["reason"] as? String)?.hasPrefix("classification failed") == true)

        #expect(s.lines[6].hasPrefix(EngineLine.summaryMarker))
        let summary = try Self.object(s.lines[6])
        #expect(summary["source"] as? String == "backlog.jsonl#3")
        #expect(summary["read"] as? Int == 6 && summary["written"] as? Int == 3 && summary["rejected"] as? Int == 3)
        #expect((s.summary.read, s.summary.written, s.summary.rejected) == (6, 3, 3))
    }

    /// The stream is the batch pipeline's output and rejects, merged in input order: every record
    /// line byte for byte, every reject line the rejects file's line with the marker and source.
    @Test func sameBytesAsTheBatchPipeline() throws {
        var text = ""
        for n in 0..<5000 {
            text += n % 97 == 0 ? #"{"id":"\#(n)","text":"#
                : #"{"id":"\#(n)","merchant":"m\#(n % 7)","text":"第\#(n)个预付卡\#(n % 3 == 0 ? "车" : "")"}"#
            text += n % 11 == 0 ? "\r\n" : "\n"
        }
        var options = BatchOptions()
        options.chunkSize = 300
        options.threads = 3
        options.format = .jsonl
        let s = try Self.stream(Array(text.utf8), source: "s", options: options)
        #expect(s.emits == (5000 + 299) / 300 + 1)  // one per chunk, then the summary
        let batch = try run(Array(text.utf8), options: options)
        let prefix = #"{"_tousu":"reject","source":"s","#
        let records = s.lines.dropLast().filter { !$0.hasPrefix(EngineLine.rejectMarker) }
        let rejects = s.lines.dropLast().filter { $0.hasPrefix(EngineLine.rejectMarker) }
        #expect(records == lines(batch.output))
        #expect(rejects == lines(String(decoding: batch.rejectsBytes, as: UTF8.self)).map { prefix + $0.dropFirst() })
        #expect(rejects.count == 52 && batch.summary.rejected == 52)
    }

    /// A split says nothing about the format: stdin is JSONL even when the first line looks like
    /// CSV (the split started inside a CSV-looking line), and that line is a reject.
    @Test func aSplitStartingWithACSVLookingLineIsStillJSONL() throws {
        let split = "车门,异响,\"三包\"\n" + #"{"id":"a","text":"车门异响"}"# + "\n"
        let s = try Self.stream(Array(split.utf8))
        #expect(s.lines.count == 3)
        #expect(s.lines[0].hasPrefix(EngineLine.rejectMarker))
        #expect(try Self.object(s.lines[0])["raw"] as? String == "车门,异响,\"三包\"")
        #expect(try Self.object(s.lines[1])["id"] as? String == "a")
        #expect(s.summary.format == .jsonl)
    }

    /// CSV on stdin needs its header; given, the rows are records.
    @Test func csvOnStdinNeedsItsHeader() throws {
        var options = BatchOptions()
        options.format = .csv
        #expect(throws: BatchError.self) { try Self.stream(Array("a,车门异响\n".utf8), options: options) }
        options.csvHeader = ["id", "text"]
        let s = try Self.stream(Array("a,车门异响\nb,\"x\",y\n".utf8), options: options)
        #expect(try Self.object(s.lines[0])["id"] as? String == "a")
        #expect(try Self.object(s.lines[1])["reason"] as? String == "wrong number of fields: expected 2, found 3")
        #expect((s.summary.read, s.summary.written, s.summary.rejected) == (2, 1, 1))
    }

    /// An input field named like the marker cannot make a record look like a control line.
    @Test func anInputFieldNamedTheMarkerIsRenamed() throws {
        let s = try Self.stream(Array((#"{"_tousu":"reject","text":"车门异响"}"# + "\n").utf8))
        #expect(!s.lines[0].hasPrefix(#"{"_tousu""#))
        let o = try Self.object(s.lines[0])
        #expect(o["input__tousu"] as? String == "reject" && o["_tousu"] == nil && o["sector"] as? String == "auto")
        #expect(s.lines[1].hasPrefix(EngineLine.summaryMarker))
    }

    /// Bytes that are not UTF-8: a reject whose raw_base64 holds them exactly.
    @Test func undecodableBytesKeepTheirRawBytes() throws {
        var options = BatchOptions()
        options.encoding = .utf8
        let bad: [UInt8] = Array(#"{"text":""#.utf8) + [0xFF, 0xFE] + Array("\"}\n".utf8)
        let s = try Self.stream(bad, options: options)
        let o = try Self.object(s.lines[0])
        #expect(o["reason"] as? String == "undecodable bytes: not valid utf-8")
        #expect(Data(base64Encoded: o["raw_base64"] as? String ?? "").map(Array.init) == Array(bad.dropLast()))
    }

    /// An empty split: only the summary, with zero counts.
    @Test func anEmptySplitGivesOnlyTheSummary() throws {
        let s = try Self.stream([])
        #expect(s.lines == [#"{"_tousu":"summary","source":"backlog.jsonl#3","read":0,"written":0,"rejected":0}"#])
    }

    /// More rejects than the limit: the stream is written to its end and the summary says so.
    @Test func maxRejectsCountsThisSplit() throws {
        var options = BatchOptions()
        options.maxRejects = 2
        let s = try Self.stream(Array(Self.split.utf8), options: options)
        #expect(s.summary.exceededMaxRejects && s.lines.count == 7)
        options.maxRejects = 3
        #expect(try !Self.stream(Array(Self.split.utf8), options: options).summary.exceededMaxRejects)
    }
}
