import Foundation
import Testing

extension EndToEnd {
/// Every subcommand run as a newcomer runs it: in a fresh folder with only the binary,
/// `lexicons/` and `corpora/`, no model yet.
@Suite(.serialized) struct NewcomerTests {
    /// The version constant as written in the library.
    static var version: String {
        get throws {
            let source = try String(
                contentsOf: CLI.root.appendingPathComponent("Sources/TousuText/Version.swift"), encoding: .utf8)
            return String(try #require(source.firstMatch(of: #/string = "([^"]+)"/#)).1)
        }
    }

    @Test(.timeLimit(.minutes(5)))
    func everyCommandOnFirstUse() throws {
        let me = try Newcomer()
        defer { me.remove() }

        let version = try me.run(["--version"])
        let expected = try Self.version
        #expect(version.status == 0 && version.out == expected + "\n", "\(version)")

        let tokens = try me.run(["tokenize", "我在健身房办的預付卡，老闆跑路了"])
        #expect(tokens.status == 0 && tokens.out == "我在 健身房 办的 预付卡 老板 跑路 了\n", "\(tokens)")

        // classify with no model: the default model is built from the bundled corpus, once.
        let first = try me.run(["classify", "健身房老板跑路了，我的年卡还剩八个月"])
        #expect(first.status == 0, "\(first.err)")
        #expect(try Newcomer.object(first.out)["sector"] as? String == "prepaid")
        #expect(first.err.contains("built the default model"), "\(first.err)")
        #expect(FileManager.default.fileExists(atPath: me.path("models/sectors.tousu")))
        let again = try me.run(["classify", "老人听讲座花八千买保健品"])
        #expect(again.status == 0 && again.err.isEmpty, "\(again.err)")
        #expect(try Newcomer.object(again.out)["sector"] as? String == "elderly_health")

        let eval = try me.run(["eval", "corpora/sectors/dev.jsonl", "--format", "json"])
        #expect(eval.status == 0, "\(eval.err)")
        let macroF1 = try #require(try Newcomer.object(eval.out)["macroF1"] as? Double, "\(eval.out.prefix(400))")
        #expect(macroF1 > 0.9)

        let train = try me.run(["train", "corpora/sectors/dev.jsonl", "-o", "dev.tousu", "--quiet"])
        #expect(train.status == 0 && train.err.isEmpty, "\(train.err)")
        let merge = try me.run(["merge", "models/sectors.tousu", "dev.tousu", "-o", "all.tousu"])
        #expect(merge.status == 0, "\(merge.err)")
        let merged = try me.run(["classify", "--model", "all.tousu", "外卖吃出头发，商家拒绝退款"])
        #expect(try Newcomer.object(merged.out)["sector"] as? String == "food", "\(merged)")

        // batch JSONL with no --model: the default model.
        let batch = try me.run(["batch", "--input", "corpora/samples/backlog.jsonl", "-o", "classified.jsonl"])
        #expect(batch.status == 0, "\(batch.err)")
        let counts = try BatchCLITests.counts(batch.err)
        let records = try String(contentsOfFile: me.path("corpora/samples/backlog.jsonl"), encoding: .utf8)
            .split(separator: "\n").count
        #expect(counts == (records, records, 0))
        #expect(try BatchCLITests.lineCount(me.path("classified.jsonl")) == records)

        // hotspots on batch's output and on the raw records give the same hotspots.
        let arguments = ["--merchant-field", "brand,model", "--window", "week", "--as-of", "2020-06-07", "--format", "json"]
        let classified = try me.run(["hotspots", "--input", "classified.jsonl"] + arguments)
        #expect(classified.status == 0, "\(classified.err)")
        let raw = try me.run(["hotspots", "--input", "corpora/samples/backlog.jsonl"] + arguments)
        #expect(raw.status == 0, "\(raw.err)")
        #expect(raw.err.contains("classified"), "\(raw.err)")
        let fromClassified = try #require(try Newcomer.object(classified.out)["hotspots"] as? [[String: Any]])
        let fromRaw = try #require(try Newcomer.object(raw.out)["hotspots"] as? [[String: Any]])
        #expect(fromClassified.map { $0["key"] as? String } == fromRaw.map { $0["key"] as? String })
        // The week of the real Mazda Atenza B-pillar wave.
        #expect(fromRaw.first?["key"] as? String == "一汽马自达阿特兹" && fromRaw.first?["sector"] as? String == "auto")

        let completion = try me.run(["--generate-completion-script", "bash"])
        #expect(completion.status == 0 && completion.out.contains("_tousu") && completion.out.contains("hotspots"))
    }

    /// A Chinese-header GB18030 CSV export, mapped with the field options into canonical fields.
    @Test func gb18030CSVMappedWithTheFieldOptions() throws {
        let me = try Newcomer()
        defer { me.remove() }
        let result = try me.run([
            "batch", "--input", "corpora/samples/export_gb18030.csv", "--encoding", "gb18030",
            "--text-field", "投诉内容", "--id-field", "编号", "--date-field", "日期", "--merchant-field", "品牌",
            "--merchant-field", "车型", "-o", "export.jsonl",
        ])
        #expect(result.status == 0, "\(result.err)")
        #expect(try BatchCLITests.counts(result.err) == (300, 300, 0))
        let lines = try String(contentsOfFile: me.path("export.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 300)
        let first = try Newcomer.object(lines[0])
        // Input fields pass through; the named ones are also under the canonical names.
        #expect(first["编号"] as? String == "car-480795" && first["id"] as? String == "car-480795")
        #expect(first["日期"] as? String == "2020-06-05" && first["date"] as? String == "2020-06-05")
        #expect(first["品牌"] as? String == "东风日产" && first["merchant"] as? String == "东风日产逍客")
        #expect(first["text"] as? String == first["投诉内容"] as? String && first["sector"] as? String == "auto")
        // Written to the canonical names, the records need no field options in hotspots.
        let hotspots = try me.run(["hotspots", "--input", "export.jsonl", "--format", "json"])
        #expect(hotspots.status == 0, "\(hotspots.err)")
        #expect(try Newcomer.object(hotspots.out)["recordsRead"] as? Int == 300)
    }

    /// Every example in every help text runs as written (each command's examples in order, in one
    /// fresh folder, as a reader would type them).
    @Test(.timeLimit(.minutes(10)), arguments: ["", "tokenize", "classify", "eval", "train", "merge", "batch", "hotspots"])
    func helpExamplesRun(command: String) throws {
        let me = try Newcomer()
        defer { me.remove() }
        let help = try me.run(command.isEmpty ? ["--help"] : ["help", command])
        #expect(help.status == 0)
        let examples = Newcomer.examples(inHelp: help.out)
        #expect(!examples.isEmpty, "no examples in the help of \(command)")
        for example in examples {
            let result = try me.shell(example)
            #expect(result.status == 0, "\(example): \(result.err)")
        }
    }

    /// Eight processes start at once on a missing default model: all succeed, one builds it, and
    /// the model left is whole.
    @Test(.timeLimit(.minutes(5)))
    func eightProcessesBuildOneDefaultModel() throws {
        let me = try Newcomer()
        defer { me.remove() }
        let running = try (0..<8).map { _ in try me.start(["./tousu", "classify", "4S店拒绝三包，车门异响"]) }
        let results = running.map { $0.wait() }
        for result in results {
            #expect(result.status == 0, "\(result.err)")
            #expect(try Newcomer.object(result.out)["sector"] as? String == "auto")
        }
        #expect(results.filter { $0.err.contains("built the default model") }.count == 1, "\(results.map(\.err))")
        let left = try FileManager.default.contentsOfDirectory(atPath: me.path("models")).sorted()
        #expect(left == ["sectors.tousu", "sectors.tousu.lock"], "\(left)")
        let check = try me.run(["eval", "--model", "models/sectors.tousu", "corpora/sectors/dev.jsonl"])
        #expect(check.status == 0, "\(check.err)")
    }
}
}
