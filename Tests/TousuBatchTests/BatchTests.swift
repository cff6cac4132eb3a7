import Foundation
import Testing
import TousuClassifier
import TousuText

@testable import TousuBatch

/// A deterministic stand-in for the classifier: "车" → auto, "卡" → prepaid, else other.
let fakeClassify: @Sendable (BatchRecord) throws -> Prediction = { record in
    if record.text.contains("boom") { throw FakeError.boom }
    let sector = record.text.contains("车") ? "auto" : record.text.contains("卡") ? "prepaid" : "other"
    let confidence = 0.5 + Double(record.text.unicodeScalars.count % 50) / 100
    return Prediction(
        sector: sector, sectorName: sector.uppercased(),
        scores: [sector: confidence, "zz": 1 - confidence], confidence: confidence, natures: ["refund"],
        needsReview: confidence < 0.6,
        keywords: record.text.contains("卡")
            ? [KeywordHit(phrase: "卡", label: "prepaid", weight: 3, start: 0, end: 1, original: "卡")] : [],
        topFeatures: [])
}

enum FakeError: Error { case boom }

/// A fresh temporary directory.
func tempDir() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tousu-batch-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

struct Run {
    var summary: BatchSummary
    var output: String
    var rejects: [[String: Any]]
    var outputBytes: [UInt8]
    var rejectsBytes: [UInt8]
}

func run(
    _ bytes: [UInt8], name: String = "in.jsonl", options: BatchOptions = BatchOptions(), dir: URL? = nil
) throws -> Run {
    let dir = try dir ?? tempDir()
    let input = dir.appendingPathComponent(name)
    try Data(bytes).write(to: input)
    let out = dir.appendingPathComponent("out")
    let rej = dir.appendingPathComponent("rejects.jsonl")
    let summary = try BatchPipeline(options: options, classify: fakeClassify).run(
        input: .file(input.path), output: .file(out.path), rejects: .file(rej.path))
    let outBytes = [UInt8](try Data(contentsOf: out))
    let rejectsBytes = [UInt8](try Data(contentsOf: rej))
    let rejects = try String(contentsOf: rej, encoding: .utf8).split(separator: "\n").map {
        try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
    }
    return Run(summary: summary, output: String(decoding: outBytes, as: UTF8.self), rejects: rejects, outputBytes: outBytes,
        rejectsBytes: rejectsBytes)
}

func lines(_ s: String) -> [String] { s.split(separator: "\n").map(String.init) }

@Suite struct ParsingTests {
    @Test func jsonObjectKeepsOrderAndRawValues() throws {
        let fields = try JSONObjectParser.parse(#" {"z":"a\"b\u4e2d\ud83d\ude00","n":-1.5e3,"o":{"k":[1,true,null]},"t":"x\ny"} "#).get()
        #expect(fields.map(\.name) == ["z", "n", "o", "t"])
        #expect(fields[0].value == "a\"b中😀")
        #expect(fields[1] == BatchField(name: "n", value: "-1.5e3", isJSON: true))
        #expect(fields[2].value == #"{"k":[1,true,null]}"#)
        #expect(fields[3].value == "x\ny")
        for bad in [#"{"a":1"#, #"{"a" 1}"#, "[1]", #"{"a":01}"#, #"{"a":"b"} x"#, #"{"a":tru}"#] {
            #expect(throws: RejectReason.self) { try JSONObjectParser.parse(bad).get() }
        }
    }

    @Test func csvFields() throws {
        #expect(try DelimitedFields.parse(#"a,"b,""c""",,"d""#, delimiter: 0x2C).get() == ["a", "b,\"c\"", "", "d"])
        #expect(try DelimitedFields.parse("a,", delimiter: 0x2C).get() == ["a", ""])
        #expect(try DelimitedFields.parse("\"x\ny\"\tz", delimiter: 0x09).get() == ["x\ny", "z"])
        #expect(throws: RejectReason.self) { try DelimitedFields.parse(#""a"b,c"#, delimiter: 0x2C).get() }
    }

    @Test func icuRoundTripAndDetection() throws {
        let text = "我在健身房办的预付卡，老板跑路了。4S店拒绝三包！"
        let gb = try ICU.convert(Array(text.utf8), from: .utf8, to: .gb18030)
        #expect(gb.count < text.utf8.count)
        #expect(TextDecoding.decode(gb[...], as: .gb18030) == text)
        #expect(TextDecoding.decode(gb[...], as: .utf8) == nil)
        let sample = Array(repeating: gb, count: 20).joined()
        #expect(TextDecoding.detect(ArraySlice(sample), complete: true) == .gb18030)
        #expect(TextDecoding.decode([0x81, 0x20][...], as: .gb18030) == nil)
        let utf16 = try ICU.convert(Array(text.utf8), from: .utf8, to: .utf16BE)
        #expect(TextDecoding.decode(utf16[...], as: .utf16be) == text)
        // A UTF-8 sample cut in the middle of a character is still UTF-8.
        #expect(TextDecoding.detect(ArraySlice(Array(text.utf8).dropLast(1)), complete: false) == .utf8)
    }
}

@Suite struct PipelineTests {
    @Test func jsonlPassesFieldsThroughAndRejectsBadLines() throws {
        let input = """
            {"id":1,"text":"我的车坏了","city":"北京"}
            {"id":2,"text":"预付卡"

            {"id":3,"content":"办卡"}
            {"id":4,"text":"  "}
            {"id":5}
            {"id":6,"text":"boom"}
            """
        let r = try run(Array(input.utf8))
        #expect(r.summary.read == 6 && r.summary.written == 2 && r.summary.rejected == 4)
        let out = lines(r.output)
        #expect(out.count == 2)
        #expect(out[0].hasPrefix(#"{"id":1,"text":"我的车坏了","city":"北京","sector":"auto","sector_name":"AUTO","sector_scores":{"#))
        #expect(out[0].contains(#""natures":["refund"],"confidence":"#))
        // A text from another field than "text" is also written as the canonical "text".
        #expect(out[1].contains(#""content":"办卡","text":"办卡","sector":"prepaid""#) && out[1].hasSuffix(#""keywords":["卡"]}"#))
        let second = input.utf8.split(separator: 0x0A, omittingEmptySubsequences: false)
        #expect(r.rejects.map { $0["line"] as! Int } == [2, 5, 6, 7])
        #expect(r.rejects[0]["offset"] as! Int == second[0].count + 1)
        #expect((r.rejects[0]["reason"] as! String).hasPrefix("malformed JSON"))
        #expect(r.rejects[0]["raw"] as! String == #"{"id":2,"text":"预付卡""#)
        #expect(r.rejects.map { $0["reason"] as! String }.dropFirst() == [
            "empty text", "missing text field text", "classification failed: boom",
        ])
        #expect(r.rejects.map { $0["record"] as! Int } == [2, 4, 5, 6])
    }

    @Test func csvWithBOMCRLFAndQuotedNewlines() throws {
        let csv = "\u{FEFF}id,内容,地区\r\n1,\"我的车\r\n坏了，\"\"急\"\"\",北京\r\n2,办卡,上海\r\n3,多,余,字段\r\n\r\n4,\"第二行\n的卡\",广州"
        var options = BatchOptions()
        options.mapping.regionFields = ["地区"]
        options.outputFormat = .csv
        options.excel = true
        let r = try run(Array(csv.utf8), name: "in.csv", options: options)
        #expect(r.summary.format == .csv && r.summary.encoding == .utf8)
        #expect(r.summary.read == 4 && r.summary.written == 3 && r.summary.rejected == 1)
        #expect(r.outputBytes.starts(with: [0xEF, 0xBB, 0xBF]))
        let body = String(decoding: r.outputBytes.dropFirst(3), as: UTF8.self)
        // The mapped text and region also go under the canonical names text and region.
        #expect(body.hasPrefix("id,内容,地区,text,region,sector,sector_name,sector_scores,natures,confidence,needs_review,keywords\r\n"))
        #expect(body.contains("1,\"我的车\r\n坏了，\"\"急\"\"\",北京,\"我的车\r\n坏了，\"\"急\"\"\",北京,auto,AUTO,\"{\"\"auto\"\":"))
        #expect(r.rejects.count == 1)
        #expect(r.rejects[0]["line"] as! Int == 5)
        #expect(r.rejects[0]["reason"] as! String == "wrong number of fields: expected 3, found 4")
        let offset = r.rejects[0]["offset"] as! Int
        #expect(Array(csv.utf8)[offset...].starts(with: Array("3,多".utf8)))
    }

    @Test func gb18030CSVWithBrokenLines() throws {
        var rows = ["编号,投诉内容,商家"]
        for i in 1...200 { rows.append("\(i),第\(i)条投诉：我在健身房办的预付卡，老板跑路了,某某健身\(i % 7)") }
        var bytes = try ICU.convert(Array((rows.joined(separator: "\r\n") + "\r\n").utf8), from: .utf8, to: .gb18030)
        // Break records 50 and 120: a lead byte followed by an invalid trail byte, and a lone lead byte.
        let lineStarts = [0] + bytes.indices.filter { bytes[$0] == 0x0A }.map { $0 + 1 }
        bytes.insert(contentsOf: [0x81, 0x20], at: lineStarts[50] + 3)
        bytes.insert(0xFF, at: lineStarts[120] + 5)
        var options = BatchOptions()
        options.threads = 2
        options.chunkSize = 16
        options.mapping.merchantFields = ["商家"]
        let r = try run(bytes, name: "export.csv", options: options)
        #expect(r.summary.encoding == .gb18030)
        #expect(r.summary.read == 200 && r.summary.written == 198 && r.summary.rejected == 2)
        #expect(r.summary.read == r.summary.written + r.summary.rejected)
        #expect(r.rejects.map { $0["line"] as! Int } == [51, 121])
        #expect(r.rejects.map { $0["record"] as! Int } == [50, 120])
        #expect(r.rejects.allSatisfy { $0["reason"] as! String == "undecodable bytes: not valid gb18030" })
        #expect((r.rejects[0]["raw"] as! String).contains("预付卡"))
        let out = lines(r.output)
        #expect(out.count == 198)
        #expect(out[0].hasPrefix(#"{"编号":"1","投诉内容":"第1条投诉：我在健身房办的预付卡，老板跑路了","商家":"某某健身1","text":"第1条投诉：我在健身房办的预付卡，老板跑路了","merchant":"某某健身1","sector":"prepaid""#))
    }

    @Test func utf16WithBOM() throws {
        let jsonl = "{\"id\":\"a\",\"text\":\"汽车召回😀\"}\r\n{\"id\":\"b\",\"text\":\"预付卡\"}\n"
        for (charset, bom) in [(ICUCharset.utf16LE, [UInt8]([0xFF, 0xFE])), (.utf16BE, [0xFE, 0xFF])] {
            var bytes = bom + (try ICU.convert(Array(jsonl.utf8), from: .utf8, to: charset))
            bytes += [0x41]  // an odd trailing byte: a broken last record
            let r = try run(bytes, name: "in.txt")
            #expect(r.summary.encoding == (charset == .utf16LE ? .utf16le : .utf16be))
            #expect(r.summary.format == .jsonl)
            #expect(r.summary.written == 2 && r.summary.rejected == 1)
            #expect(lines(r.output)[0].hasPrefix(#"{"id":"a","text":"汽车召回😀","sector":"auto""#))
            #expect(r.rejects[0]["reason"] as! String == "undecodable bytes: not valid \(r.summary.encoding.rawValue)")
            #expect(r.rejects[0]["line"] as! Int == 3)
            #expect(r.rejects[0]["offset"] as! Int == bytes.count - 1)
        }
    }

    @Test func validationLimits() throws {
        var options = BatchOptions()
        options.maxTextLength = 5
        options.mapping.textFields = ["title", "body"]
        options.maxRejects = 1
        let input = """
            {"title":"车","body":"坏了"}
            {"title":"车","body":"坏了坏了坏了"}
            {"title":"车"}
            {"title":"","body":""}
            """
        let r = try run(Array(input.utf8), options: options)
        #expect(r.summary.written == 1 && r.summary.rejected == 3 && r.summary.exceededMaxRejects)
        #expect(r.rejects.map { $0["reason"] as! String } == [
            "text over length limit", "missing text field body", "empty text",
        ])
    }

    @Test func unterminatedQuoteOnlyCostsItsLine() throws {
        var rows = ["id,text", "1,\"车坏了"]
        for i in 2...30 { rows.append("\(i),预付卡\(i)") }
        var options = BatchOptions()
        options.maxRecordBytes = 64
        let r = try run(Array(rows.joined(separator: "\n").utf8), name: "x.csv", options: options)
        #expect(r.summary.read == 30 && r.summary.rejected == 1)
        #expect(r.rejects[0]["reason"] as! String == "unterminated quoted field" && r.rejects[0]["line"] as! Int == 2)
    }

    /// Chunks of one batch of 16 records and of several (the last one partial).
    @Test(arguments: [7, 100])
    func orderIsKeptWithSeveralThreads(chunkSize: Int) throws {
        let n = 1000
        let input = (1...n).map { #"{"id":\#($0),"text":"第\#($0)条 \#(String(repeating: "车", count: $0 % 37))"}"# }
            .joined(separator: "\n")
        var options = BatchOptions()
        options.threads = 4
        options.chunkSize = chunkSize
        let r = try run(Array(input.utf8), options: options)
        #expect(r.summary.written == n)
        let ids = lines(r.output).map { line -> Int in
            let obj = try! JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            return obj["id"] as! Int
        }
        #expect(ids == Array(1...n))
        var single = options
        single.threads = 1
        #expect(try run(Array(input.utf8), options: single).outputBytes == r.outputBytes)
    }

    @Test(arguments: [OutputFormat.jsonl, .csv])
    func resumeIsByteIdentical(format: OutputFormat) throws {
        var rows = ["id,投诉内容"]
        for i in 1...500 {
            rows.append(i % 41 == 0 ? "\(i),\"多\",\"余\"" : "\(i),\"第\(i)条\n我的\(i % 3 == 0 ? "车" : "卡")\"")
        }
        var bytes = try ICU.convert(Array(rows.joined(separator: "\r\n").utf8), from: .utf8, to: .gb18030)
        bytes.insert(0x80, at: bytes.count / 2)
        var options = BatchOptions()
        options.chunkSize = 23
        options.threads = 2
        options.outputFormat = format
        let whole = try run(bytes, name: "in.csv", options: options)
        #expect(whole.summary.read == 500 && whole.summary.rejected >= 12)

        let dir = try tempDir()
        let input = dir.appendingPathComponent("in.csv").path
        let out = dir.appendingPathComponent("out").path
        let rej = dir.appendingPathComponent("rejects.jsonl").path
        try Data(bytes).write(to: URL(fileURLWithPath: input))
        var first = options
        first.chunkLimit = 5
        let partial = try BatchPipeline(options: first, classify: fakeClassify).run(
            input: .file(input), output: .file(out), rejects: .file(rej))
        #expect(partial.interrupted && partial.read == 5 * 23)
        #expect(FileManager.default.fileExists(atPath: out + ".checkpoint.json"))
        // Until the run ends, the outputs are written beside their targets.
        #expect(!FileManager.default.fileExists(atPath: out) && !FileManager.default.fileExists(atPath: rej))
        // A kill in the middle of the next chunk leaves partial lines behind.
        for path in [out + ".partial", rej + ".partial"] {
            let h = FileHandle(forWritingAtPath: path)!
            _ = try h.seekToEnd()
            try h.write(contentsOf: Data("{\"half a li".utf8))
            try h.close()
        }
        var second = options
        second.resume = true
        let resumed = try BatchPipeline(options: second, classify: fakeClassify).run(
            input: .file(input), output: .file(out), rejects: .file(rej))
        #expect(resumed.resumed && !resumed.interrupted)
        #expect(resumed.read == 500 && resumed.written == whole.summary.written && resumed.rejected == whole.summary.rejected)
        #expect(resumed.recordsThisRun == 500 - 5 * 23)
        #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: out))) == whole.outputBytes)
        #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: rej))) == whole.rejectsBytes)
        #expect(!FileManager.default.fileExists(atPath: out + ".checkpoint.json"))
        #expect(!FileManager.default.fileExists(atPath: out + ".partial"))
    }

    @Test func resumeNeedsFilesAndTheSameInput() throws {
        var options = BatchOptions()
        options.resume = true
        #expect(throws: BatchError.resumeUnavailable("the input is stdin")) {
            try BatchPipeline(options: options, classify: fakeClassify).run(
                input: .standardInput, output: .standardOutput)
        }
        let dir = try tempDir()
        let input = dir.appendingPathComponent("in.jsonl").path
        let out = dir.appendingPathComponent("out.jsonl").path
        try Data((1...100).map { #"{"text":"车\#($0)"}"# }.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: input))
        var first = BatchOptions()
        first.chunkSize = 10
        first.chunkLimit = 2
        _ = try BatchPipeline(options: first, classify: fakeClassify).run(input: .file(input), output: .file(out))
        var changed = options
        changed.chunkSize = 10
        changed.mapping.idField = "other"
        #expect(throws: BatchError.self) {
            try BatchPipeline(options: changed, classify: fakeClassify).run(input: .file(input), output: .file(out))
        }
    }
}

@Suite struct WriterTests {
    @Test func numbersAreWrittenAsSwiftWritesTheRoundedValue() {
        var values: [Double] = [0, 1, 0.5, 0.25, 0.1, 0.0001, 0.00005, 0.00004, 0.99995, 0.99994, 1.5, 12.34567, 2.0, 10, 100.25, 123456.7, -0.5, -0.00004, 1e9, 3e12, 1e300]
        var generator = SystemRandomNumberGenerator()
        for k in 0...10_000 { values.append(Double(k) / 10_000) }
        for _ in 0..<20_000 { values.append(Double.random(in: 0...2, using: &generator)) }
        for _ in 0..<2_000 { values.append(Double.random(in: 0...1e6, using: &generator)) }
        for x in values {
            let r = (x * 10_000).rounded() / 10_000
            #expect(RecordWriter.number(x) == (r == 0 ? "0" : String(r)), "\(x)")
        }
        #expect(RecordWriter.number(.nan) == "null" && RecordWriter.number(.infinity) == "null")
    }

    @Test func jsonStringsEscapeOnlyWhatTheyMust() {
        var out: [UInt8] = []
        RecordWriter.appendJSONString("a\"b\\c\nd\re\tf\u{1}g中文😀/", to: &out)
        #expect(String(decoding: out, as: UTF8.self) == #""a\"b\\c\nd\re\tf\u0001g中文😀/""#)
        out = []
        RecordWriter.appendJSONString("", to: &out)
        #expect(out == Array(#""""#.utf8))
    }

    @Test func keywordsOnceEachInOrder() {
        let hits = ["预付卡", "跑路", "预付卡", "退款", "跑路"].map {
            KeywordHit(phrase: $0, label: "prepaid", weight: 1, start: 0, end: 1, original: $0)
        }
        #expect(RecordWriter.uniquePhrases(hits) == ["预付卡", "跑路", "退款"])
    }
}
