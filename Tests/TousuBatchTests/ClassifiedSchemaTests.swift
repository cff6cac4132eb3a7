import Foundation
import Testing
import TousuClassifier

@testable import TousuBatch

/// The classified-record schema: named fields mapped into canonical fields, input fields kept, the
/// tags written under `ClassifiedSchema`'s names and read back by `previousTags`.
@Suite struct ClassifiedSchemaTests {
    @Test func namedFieldsGoUnderCanonicalNamesAndInputFieldsStay() throws {
        let jsonl = #"{"编号":7,"日期":"2020-06-05","品牌":"马自达","车型":"阿特兹","date":"old","内容":"车门异响"}"# + "\n"
        var options = BatchOptions()
        options.mapping = RecordMapping(
            textFields: ["内容"], idField: "编号", dateField: "日期", merchantFields: ["品牌", "车型"])
        let r = try run(Array(jsonl.utf8), options: options)
        let out = try #require(try JSONSerialization.jsonObject(with: Data(lines(r.output)[0].utf8)) as? [String: Any])
        #expect(out["编号"] as? Int == 7 && out["id"] as? String == "7")
        #expect(out["日期"] as? String == "2020-06-05" && out["date"] as? String == "2020-06-05")
        // The input's own "date" is not the named one: kept as input_date, no key twice.
        #expect(out["input_date"] as? String == "old")
        #expect(out["merchant"] as? String == "马自达阿特兹" && out["品牌"] as? String == "马自达")
        #expect(out["text"] as? String == "车门异响" && out["内容"] as? String == "车门异响")
        #expect(out["region"] == nil)  // no region field in the input: none written
        #expect(out[ClassifiedSchema.sector] as? String == "auto")
        let keys = lines(r.output)[0].matches(of: #/"([^"]+)":/#).map { String($0.1) }
        #expect(Set(keys).count == keys.count, "\(keys)")
    }

    @Test func csvColumnsFollowTheSameRule() throws {
        let csv = "编号,投诉内容,text\r\n1,办卡跑路,旧\r\n"
        var options = BatchOptions()
        options.mapping = RecordMapping(textFields: ["投诉内容"], idField: "编号")
        options.outputFormat = .csv
        let r = try run(Array(csv.utf8), name: "in.csv", options: options)
        let rows = r.output.split(separator: "\n")
        #expect(rows[0] == "编号,投诉内容,input_text,id,text," + ClassifiedSchema.tagFields.joined(separator: ","))
        #expect(rows[1].hasPrefix("1,办卡跑路,旧,1,办卡跑路,prepaid,"))
    }

    /// Batch's output read again: the earlier tags come back, renamed input fields included.
    @Test func previousTagsRoundTrip() throws {
        let jsonl = #"{"id":"a","text":"我的车坏了"}"# + "\n" + #"{"id":"b","text":"办卡"}"# + "\n"
        let first = try run(Array(jsonl.utf8))
        let again = try run(Array(first.output.utf8))
        #expect(again.summary.written == 2)
        let second = try #require(try JSONSerialization.jsonObject(with: Data(lines(again.output)[1].utf8)) as? [String: Any])
        #expect(second["input_sector"] as? String == "prepaid" && second["input_keywords"] as? [String] == ["卡"])

        let fields = try #require(JSONObjectParser.parse(lines(again.output)[1]).get() as [BatchField]?)
        let record = BatchRecord(ordinal: 1, line: 1, offset: 0, fields: fields, text: "办卡")
        let tags = try #require(ClassifiedSchema.previousTags(record))
        let expected = try fakeClassify(record)
        #expect(tags.sector == expected.sector && tags.natures == expected.natures)
        #expect(tags.confidence == (expected.confidence * 10_000).rounded() / 10_000)
        #expect(tags.keywords.map(\.phrase) == ["卡"])
        #expect(ClassifiedSchema.previousTags(BatchRecord(ordinal: 1, line: 1, offset: 0, fields: [], text: "x")) == nil)
    }

    @Test func classifiedStreamKeepsInputOrder() throws {
        let dir = try tempDir()
        let input = dir.appendingPathComponent("in.jsonl")
        let texts = (0..<500).map { #"{"id":"\#($0)","text":"第\#($0)辆车"}"# }
        try Data((texts.joined(separator: "\n") + "\n{broken\n").utf8).write(to: input)
        var options = BatchOptions()
        options.threads = 2
        options.chunkSize = 37
        let stream = ClassifiedStream<String>(options: options) { record in (try fakeClassify(record), record.id ?? "") }
        let (items, summary) = try stream.run(input: .file(input.path))
        #expect(items == (0..<500).map(String.init))
        #expect(summary.read == 501 && summary.written == 500 && summary.rejected == 1)
    }
}
