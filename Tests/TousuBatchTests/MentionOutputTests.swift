import Foundation
import Testing
import TousuMentions

@testable import TousuBatch

/// `BatchOptions.mentions`: a record without a merchant or region field gets the ones its text
/// names, and the output says where each came from.
@Suite struct MentionOutputTests {
    static let lexicons = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("lexicons")
    static let finder = Result { try TextMentionFinder.load(lexicons: lexicons) }

    func options(_ format: OutputFormat = .jsonl) throws -> BatchOptions {
        var o = BatchOptions()
        o.mentions = try Self.finder.get()
        o.outputFormat = format
        o.threads = 2
        return o
    }

    func objects(_ r: Run) throws -> [[String: Any]] {
        try lines(r.output).map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    }

    @Test func fieldsWinTextFillsTheRest() throws {
        let jsonl = [
            #"{"id":"1","text":"我在杭州市西湖区的丽人坊美容院办了卡，现在关门了"}"#,
            #"{"id":"2","text":"丽人坊美容院关门了","merchant":"星悦健身","region":"朝阳区"}"#,
            #"{"id":"3","text":"今天天气不错","merchant":""}"#,
            #"{"id":"4","text":"西湖区的店","merchant_source":"crm"}"#,
        ].joined(separator: "\n") + "\n"
        let r = try run(Array(jsonl.utf8), options: try options())
        #expect(r.summary.written == 4 && r.summary.rejected == 0)
        let o = try objects(r)
        #expect(o[0]["merchant"] as? String == "丽人坊美容院" && o[0]["merchant_source"] as? String == "text")
        #expect(o[0]["region"] as? String == "杭州市西湖区" && o[0]["region_source"] as? String == "text")
        #expect(o[1]["merchant"] as? String == "星悦健身" && o[1]["merchant_source"] as? String == "field")
        #expect(o[1]["region"] as? String == "朝阳区" && o[1]["region_source"] as? String == "field")
        // Nothing found: the empty input merchant stays, no source is claimed.
        #expect(o[2]["merchant"] as? String == "" && o[2]["merchant_source"] == nil && o[2]["region"] == nil)
        // An input field named like a mention field is kept under input_.
        #expect(o[3]["input_merchant_source"] as? String == "crm" && o[3]["region_source"] as? String == "text")
        for line in lines(r.output) {
            let keys = line.matches(of: #/"([^"]+)":/#).map { String($0.1) }
            #expect(Set(keys).count == keys.count, "\(keys)")
            // The mention fields come after the input's, before the tags.
            if let m = keys.firstIndex(of: "merchant_source") ?? keys.firstIndex(of: "region_source") {
                #expect(m < keys.firstIndex(of: ClassifiedSchema.sector)! && m > keys.firstIndex(of: "text")!)
            }
        }
    }

    @Test func csvHasTheMentionColumns() throws {
        let csv = "编号,投诉内容,merchant\r\n1,丽人坊美容院关门了,\r\n2,车门异响,马自达\r\n"
        var o = try options(.csv)
        o.mapping = RecordMapping(textFields: ["投诉内容"], idField: "编号")
        let r = try run(Array(csv.utf8), name: "in.csv", options: o)
        let rows = r.output.split(separator: "\n").map(String.init)
        #expect(rows[0] == "编号,投诉内容,id,text,merchant,merchant_source,region,region_source," + ClassifiedSchema.tagFields.joined(separator: ","))
        #expect(rows[1].hasPrefix("1,丽人坊美容院关门了,1,丽人坊美容院关门了,丽人坊美容院,text,,,"))
        #expect(rows[2].hasPrefix("2,车门异响,2,车门异响,马自达,field,,,"))
    }

    @Test func withoutMentionsTheOutputIsUnchanged() throws {
        let jsonl = #"{"id":"1","text":"丽人坊美容院关门了"}"# + "\n"
        let plain = try run(Array(jsonl.utf8))
        #expect(!plain.output.contains("merchant"))
        let with = try run(Array(jsonl.utf8), options: try options())
        #expect(with.output.contains(#""merchant":"丽人坊美容院","merchant_source":"text""#))
    }
}
