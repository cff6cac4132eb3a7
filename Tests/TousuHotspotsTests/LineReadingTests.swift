import Foundation
import Testing
import TousuBatch
import TousuText

@testable import TousuHotspots

/// Reading a JSONL file line by line (`HotspotInput.readLines`) gives the records, counts and line
/// numbers the batch pipeline gives, for good and bad lines alike; files whose encoding or line
/// ends are the pipeline's to decide go back to it.
@Suite struct LineReadingTests {
    static let analyzer = try! RecordAnalyzer.load(lexicons: Paths.lexicons)

    static func file(_ bytes: [UInt8], ext: String = "jsonl") throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tousu-lines-\(UUID().uuidString).\(ext)")
        try Data(bytes).write(to: url)
        return url.path
    }

    static func reader(lines: Bool, parts: RecordAnalyzer.Parts = [.mentions, .closure]) -> HotspotInput {
        var input = HotspotInput(
            options: BatchOptions(), defaultSector: "other", analyzer: analyzer, parts: parts,
            classifier: { throw HotspotError.badDate("no model in this test") })
        input.readsLines = lines
        return input
    }

    /// Both readings of `bytes`, which must agree.
    static func expectSame(_ bytes: [UInt8], ext: String = "jsonl", sourceLocation: SourceLocation = #_sourceLocation) throws {
        let path = try file(bytes, ext: ext)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fast = try reader(lines: true).read(input: .file(path))
        let pipeline = try reader(lines: false).read(input: .file(path))
        #expect(fast.records == pipeline.records, sourceLocation: sourceLocation)
        #expect(fast.summary == pipeline.summary, sourceLocation: sourceLocation)
        #expect(fast.classified == pipeline.classified, sourceLocation: sourceLocation)
    }

    static let mixed = [
        #"{"id":"c0","date":"2024-01-09","text":"纸质很差，像盗版书","region":"北京市大兴区","sector":"other","sector_scores":{"other":0.98},"natures":["counterfeit","quality"],"confidence":0.98,"needs_review":false,"keywords":["盗版"]}"#,
        #"{"id":"c1","date":"2024-01-09","text":"健身房老板跑路了，我的年卡还剩八个月","merchant":"某健身","sector":"prepaid","natures":["refund"]}"#,
        #"{"id":"e1","date":"2024-01-10","text":"他说\"七天无理由\"\n结果不退","sector":"food","natures":"quality|fraud"}"#,
        #"{"id":"nosector","date":"2024-01-10","text":"外卖吃出头发"}"#,
        #"{"id":"bad","date":"2024-01-09"}"#,
        #"{"id":"#,
        "",
        "   \t ",
        #"{"id":"dup","text":"a","text":"b","sector":"food"}"#,
        #"{"id":"blank","text":"  ","sector":"food"}"#,
        #"{"id":5,"date":20240109,"text":"数字的编号","sector":"food","input_sector":"auto"}"#,
        #"{"text":"没有编号和日期","sector":"auto","tokens":["编号"],"natures":[]}"#,
        #"{"id":"t","text":"x","sector":"food","merchant":"","region":""}"#,
        "\u{FEFF}{\"id\":\"bom\",\"date\":\"2024-01-11\",\"text\":\"行首的BOM\",\"sector\":\"food\"}",
        "{\"id\":\"tab\",\t\"date\":\"2024-01-11\",\"text\":\"制表符\",\"sector\":\"food\"}",
        #"{"content":"别的文本字段","sector":"food"}"#,
        #"{"id":"last","date":"2024-13-01","text":"坏日期","sector":"auto","natures":["quality"]}"#,
    ]

    static func joined(_ lines: [String], _ ending: String = "\n", final: Bool = true) -> [UInt8] {
        Array((lines.joined(separator: ending) + (final ? ending : "")).utf8)
    }

    @Test func goodAndBadLinesReadAlike() throws {
        try Self.expectSame(Self.joined(Self.mixed))
        try Self.expectSame(Self.joined(Self.mixed, final: false))  // no LF after the last line
        try Self.expectSame(Self.joined(["", ""] + Self.mixed + ["", " "]))
        try Self.expectSame([])
        try Self.expectSame(Self.joined(Self.mixed), ext: "ndjson")
    }

    @Test func pipelineFilesReadAlike() throws {
        try Self.expectSame(Self.joined(Self.mixed, "\r\n"))  // CRLF
        try Self.expectSame(Self.joined(Self.mixed, "\r"))  // CR only
        try Self.expectSame(TextDecoding.utf8BOM + Self.joined(Self.mixed))
        try Self.expectSame(Self.joined(Self.mixed) + [0xFF, 0xFE, 0x0A])  // not UTF-8
        try Self.expectSame(Self.joined(Self.mixed) + Array(#"{"text":"a"#.utf8) + [0] + Array(#"","sector":"food"}"#.utf8))
        try Self.expectSame(Self.joined(Self.mixed), ext: "txt")  // format from the first line
    }

    @Test func linesOfBlocksJoinAcrossBlockEnds() {
        var splitter = LineSplitter()
        let text = Self.joined(["{\"a\":1}", "", "{\"b\":2}", "  ", "{\"c\":3}"], final: false)
        var lines: [SplitLine] = []
        for k in stride(from: 0, to: text.count, by: 3) { lines += splitter.split(Array(text[k..<min(k + 3, text.count)]), atEnd: false) }
        lines += splitter.split([], atEnd: true)
        #expect(lines.map { String(decoding: $0.bytes, as: UTF8.self) } == ["{\"a\":1}", "{\"b\":2}", "{\"c\":3}"])
        #expect(lines.map(\.line) == [1, 3, 5] && lines.map(\.ordinal) == [1, 2, 3] && lines.map(\.offset) == [0, 9, 20])
    }

    /// Blocks larger than a region (split on several cores): the same lines, numbers and offsets
    /// as one walk over the bytes, blank lines at region ends included.
    @Test func regionsOfALargeBlockNumberLinesAsOneWalk() {
        var text: [UInt8] = []
        var k = 0
        while text.count < 3 * LineSplitter.regionBytes + 1_000 {
            let shape = k % 7
            let body = shape == 3 ? "" : shape == 5 ? " \t " : "{\"n\":\(k),\"pad\":\"" + String(repeating: "x", count: (k * 37) % 300) + "\"}"
            text += Array(body.utf8) + [0x0A]
            k += 1
        }
        text += Array("{\"last\":1}".utf8)  // no LF at the end
        var expected: [(String, Int, Int, Int)] = []
        var offset = 0, ordinal = 0
        for (n, part) in text.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            if !part.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                ordinal += 1
                expected.append((String(decoding: part, as: UTF8.self), n + 1, ordinal, offset))
            }
            offset += part.count + 1
        }
        for blockSize in [100_000, LineSplitter.regionBytes, 5 * LineSplitter.regionBytes] {
            var splitter = LineSplitter()
            var lines: [SplitLine] = []
            for start in stride(from: 0, to: text.count, by: blockSize) {
                lines += splitter.split(Array(text[start..<min(start + blockSize, text.count)]), atEnd: false)
            }
            lines += splitter.split([], atEnd: true)
            #expect(lines.count == expected.count)
            #expect(zip(lines, expected).allSatisfy { l, e in
                String(decoding: l.bytes, as: UTF8.self) == e.0 && l.line == e.1 && l.ordinal == e.2 && l.offset == e.3
            })
        }
    }

    @Test func onlyFilesItCanReadGoLineByLine() throws {
        let good = try Self.file(Self.joined(Self.mixed))
        let crlf = try Self.file(Self.joined(Self.mixed, "\r\n"))
        let bom = try Self.file(TextDecoding.utf8BOM + Self.joined(Self.mixed))
        defer { for p in [good, crlf, bom] { try? FileManager.default.removeItem(atPath: p) } }
        let reader = Self.reader(lines: true)
        let model = OnceClassifier(load: { throw HotspotError.badDate("no model") })
        #expect(try reader.readLines(path: good, model: model) != nil)
        #expect(try reader.readLines(path: crlf, model: model) == nil)
        #expect(try reader.readLines(path: bom, model: model) == nil)
        #expect(reader.lineReadable(input: .file(good), classified: .discard, rejects: .discard) == good)
        #expect(reader.lineReadable(input: .file(good), classified: .file("/tmp/x.jsonl"), rejects: .discard) == nil)
        #expect(reader.lineReadable(input: .standardInput, classified: .discard, rejects: .discard) == nil)
        var mapped = reader
        mapped.options.mapping.merchantFields = ["brand", "model"]
        #expect(mapped.lineReadable(input: .file(good), classified: .discard, rejects: .discard) == nil)
    }
}
