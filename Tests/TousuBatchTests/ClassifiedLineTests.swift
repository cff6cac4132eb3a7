import Testing
import TousuClassifier

@testable import TousuBatch

/// `ClassifiedLine`: a plain line of batch's classified output gives exactly what the pipeline's
/// own reading (`jsonLineRecord`, then `ClassifiedSchema.previousTags`) gives; any other line gives
/// nil.
@Suite struct ClassifiedLineTests {
    static func bytes(_ line: String) -> [UInt8] { Array(line.utf8) }

    static let plain = [
        #"{"id":"c0","date":"2024-01-09","text":"纸质很差，像盗版书","region":"北京市大兴区","sector":"other","sector_name":"其他","sector_scores":{"auto":0,"food":0.0123,"other":0.9869},"natures":["counterfeit","quality"],"confidence":0.9869,"needs_review":false,"keywords":["盗版"]}"#,
        #"{ "id" : "c1" , "text" : "还没用，包装不好都漏了", "merchant" : "金美商城", "sector" : "food", "natures" : [ ] , "extra": [1, {"a": null}, true] }"#,
        #"{"text":"x","sector":"auto","merchant":"","region":"","date":"","id":""}"#,
        #"{"text":"没有日期","sector":"auto","natures":[ "quality" , "fraud" ]}"#,
    ]

    static let notPlain = [
        #"{"id":"e","text":"他说\"退款\"","sector":"food"}"#,  // an escape
        #"{"id":"n","text":"a","sector":"food","natures":"quality|fraud"}"#,  // natures as text
        #"{"id":"n","text":"a","sector":"food","natures":[1]}"#,
        #"{"id":"n","text":"a","sector":"food","natures":null}"#,
        #"{"id":7,"text":"a","sector":"food"}"#,  // a number id
        #"{"date":20240101,"text":"a","sector":"food"}"#,
        #"{"text":"a","sector":"food","text":"b"}"#,  // a key twice
        #"{"text":"a","sector":"food","input_sector":"auto"}"#,
        #"{"text":"a","sector":"food","tokens":["a"]}"#,
        #"{"content":"a","text":"b","sector":"food"}"#,  // another text field
        #"{"text":"a","sector":""}"#,
        #"{"text":"a"}"#,
        #"{"text":"   ","sector":"food"}"#,
        #"{"text":"","sector":"food"}"#,
        #"{"text":5,"sector":"food"}"#,
        #"{"text":"a","sector":"food","x":01}"#,  // a bad number
        #"{"text":"a","sector":"food"} x"#,
        #"{"text":"a","sector":"food""#,
        #"{"text":"a","sector":"food",}"#,
        "{\"text\":\"a\tb\",\"sector\":\"food\"}",  // a control character
        "\u{FEFF}{\"text\":\"a\",\"sector\":\"food\"}",  // a BOM starting the line
        #"[1]"#,
        "{}",
        "",
    ]

    @Test func plainLinesReadAsThePipelineReadsThem() throws {
        let options = BatchOptions()
        for (k, line) in Self.plain.enumerated() {
            let read = try #require(ClassifiedLine(plain: Self.bytes(line), maxTextLength: options.maxTextLength), "\(line)")
            let record = try options.jsonLineRecord(Self.bytes(line), ordinal: k + 1, line: k + 1, offset: 0).get()
            let tags = try #require(ClassifiedSchema.previousTags(record, scoresAndKeywords: false))
            #expect(read.id == record.id && read.date == record.date && read.text == record.text)
            #expect(read.merchant == record.merchant && read.region == record.region)
            #expect(read.sector == tags.sector && read.natures == tags.natures)
        }
        let first = try #require(ClassifiedLine(plain: Self.bytes(Self.plain[0]), maxTextLength: 100))
        #expect(first.natures == ["counterfeit", "quality"] && first.region == "北京市大兴区" && first.merchant == nil)
        #expect(ClassifiedLine(plain: Self.bytes(Self.plain[1]), maxTextLength: 100)?.natures == ["other"])
    }

    @Test func otherLinesAreNotPlain() {
        for line in Self.notPlain { #expect(ClassifiedLine(plain: Self.bytes(line), maxTextLength: 100) == nil, "\(line)") }
        #expect(ClassifiedLine(plain: [0x7B, 0xFF, 0x7D], maxTextLength: 100) == nil)  // not UTF-8
        #expect(ClassifiedLine(plain: Self.bytes(#"{"text":"abcdef","sector":"food"}"#), maxTextLength: 5) == nil)
    }

    @Test func lineRecordsRejectAsThePipelineDoes() {
        let options = BatchOptions()
        func reason(_ line: [UInt8]) -> RejectReason? {
            if case .failure(let r) = options.jsonLineRecord(line, ordinal: 1, line: 1, offset: 0) { return r }
            return nil
        }
        #expect(reason(Self.bytes(#"{"text":"a","text":"b"}"#)) == .duplicateKey("text"))
        #expect(reason(Self.bytes(#"{"id":"x"}"#)) == .missingTextField("text"))
        #expect(reason(Self.bytes(#"{"text":"  "}"#)) == .emptyText)
        #expect(reason([0x7B, 0xFF, 0x7D]) == .undecodableBytes(.utf8))
        #expect(reason(Self.bytes(#"{"text":"他说\"退款\"","sector":"food"}"#)) == nil)
    }
}
