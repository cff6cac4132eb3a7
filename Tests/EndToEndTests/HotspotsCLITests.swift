import Foundation
import Testing

extension EndToEnd {
/// Runs the built `tousu hotspots --model` on raw (unclassified) records: they are classified on
/// the fly, and records without a date or without text are counted and reported, not dropped.
@Suite struct HotspotsCLITests {
    static let carStream = CLI.root.deletingLastPathComponent().appendingPathComponent("shared/data/car_complaints_12365auto.jsonl")

    /// The first day of the real car stream as raw records (no sector), plus three undated
    /// complaints, one record without text and one broken line.
    static func rawInput(to path: String) throws -> (dated: Int, undated: Int, broken: Int) {
        var lines: [String] = []
        let content = try String(contentsOf: carStream, encoding: .utf8)
        for line in content.split(separator: "\n") where line.contains("\"date\": \"2020-06-05\"") {
            lines.append(String(line))
        }
        let dated = lines.count
        lines.append(#"{"id": "u1", "text": "健身房老板跑路了，我的年卡还剩八个月"}"#)
        lines.append(#"{"id": "u2", "date": "last week", "text": "老人听讲座花了八千买保健品，要求退货"}"#)
        lines.append(#"{"id": "u3", "date": null, "text": "外卖吃出头发，商家拒绝退款"}"#)
        lines.append(#"{"id": "n1", "date": "2020-06-05", "brand": "一汽马自达", "model": "阿特兹"}"#)
        lines.append(#"{"id": "b1", "date": "2020-06-05", "text": "#)
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return (dated, 3, 2)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: carStream.path), "needs ../shared/data/car_complaints_12365auto.jsonl"))
    func classifiesRawRecordsAndCountsTheUndated() throws {
        let scratch = try BatchCLITests.Scratch()
        defer { scratch.remove() }
        let model = try BatchCLITests.trainModel(in: scratch)
        let input = scratch.path("raw.jsonl")
        let (dated, undated, broken) = try Self.rawInput(to: input)
        let classified = scratch.path("classified.jsonl"), rejects = scratch.path("rejects.jsonl")
        let result = try CLI.run([
            "hotspots", "--model", model, "--input", input, "--merchant-field", "brand,model",
            "--format", "json", "--classified", classified, "--rejects", rejects,
        ])
        #expect(result.status == 0, "\(result.err)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        // Every line is accounted for: dated records in the window, undated ones counted, the
        // record without text and the broken line rejected.
        #expect(report["windowRecords"] as? Int == dated)
        #expect(report["recordsRead"] as? Int == dated + undated)
        #expect(report["undatedRecords"] as? Int == undated)
        #expect(report["malformedLines"] as? Int == broken)
        #expect(result.err.contains("\(undated) without a usable date"), "\(result.err)")
        #expect(result.err.contains("\(broken) record(s) that could not be read"), "\(result.err)")
        #expect(try String(contentsOfFile: rejects, encoding: .utf8).split(separator: "\n").count == broken)
        // The classified records are batch's output: the input fields plus sector and natures.
        let out = try String(contentsOfFile: classified, encoding: .utf8).split(separator: "\n")
        #expect(out.count == dated + undated)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(out[0].utf8)) as? [String: Any])
        #expect(first["sector"] as? String == "auto" && first["brand"] != nil && first["natures"] != nil)
        // Classified on the fly, the first day of the stream still shows the Atenza's B-pillar
        // wave (26 of 148 complaints; RealStreamTests finds it with the sector given).
        let hotspots = try #require(report["hotspots"] as? [[String: Any]])
        let top = try #require(hotspots.first, "\(result.out.prefix(2000))")
        #expect(top["key"] as? String == "一汽马自达阿特兹" && top["sector"] as? String == "auto")
        #expect((top["count"] as? Int ?? 0) >= 20)
    }

    /// Records that carry a sector keep it; the others get --default-sector (no model needed).
    @Test func recordsWithASectorKeepIt() throws {
        let scratch = try BatchCLITests.Scratch()
        defer { scratch.remove() }
        let input = scratch.path("mixed.jsonl")
        var lines: [String] = []
        for day in 1...20 {
            let date = String(format: "2020-06-%02d", day)
            lines.append(#"{"id": "f\#(day)", "date": "\#(date)", "text": "外卖吃出头发", "sector": "food", "natures": ["quality"]}"#)
            lines.append(#"{"id": "a\#(day)", "date": "\#(date)", "text": "车门异响，4S店不管"}"#)
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: input, atomically: true, encoding: .utf8)
        let classified = scratch.path("classified.jsonl")
        let result = try CLI.run([
            "hotspots", "--input", input, "--default-sector", "auto", "--format", "json", "--classified", classified,
        ])
        #expect(result.status == 0, "\(result.err)")
        let out = try String(contentsOfFile: classified, encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(out.count == 40)
        #expect(out.filter { $0["sector"] as? String == "food" }.count == 20)
        #expect(out.filter { $0["sector"] as? String == "auto" }.count == 20)
        // The earlier tags pass through under input_ names, no key twice.
        #expect(out[0]["input_sector"] as? String == "food" && out[0]["natures"] as? [String] == ["quality"])
    }
}
}
