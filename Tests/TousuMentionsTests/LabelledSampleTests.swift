import Foundation
import Testing
import TousuMentions
import TousuText

/// Merchant extraction against corpora/mentions/labelled.jsonl: real complaint texts, each with
/// the merchants it names (see corpora/mentions/README.md for how they were labelled).
@Suite struct LabelledSampleTests {
    struct Item: Decodable {
        var id: String
        var text: String
        var merchants: [String]
        var split: String
    }

    static func items(_ url: URL = Paths.labelled) throws -> [Item] {
        let data = try Data(contentsOf: url)
        return try data.split(separator: 0x0A).map { try JSONDecoder().decode(Item.self, from: Data($0)) }
    }

    /// Micro precision and recall over (text, merchant key) pairs. A found key matches a labelled
    /// one when one contains the other (丽人坊美容院 for 丽人坊美容院有限公司).
    static func score(_ items: [Item]) throws -> (p: Double, r: Double, found: Int, gold: Int, misses: [String], wrong: [String]) {
        let tokenizer = try Tokenizer.load(lexicons: Paths.lexicons)
        let extractor = try MentionExtractor.load(lexicons: Paths.lexicons)
        var tp = 0, found = 0, gold = 0
        var misses: [String] = [], wrong: [String] = []
        for item in items {
            let keys = Array(Set(extractor.mentions(in: try tokenizer.tokenize(item.text)).merchants.map(\.key)))
            let labels = try item.merchants.map { try tokenizer.normalizer.normalize($0).text }
            found += keys.count
            gold += labels.count
            for k in keys {
                if labels.contains(where: { $0.contains(k) || k.contains($0) }) { tp += 1 } else { wrong.append("\(item.id): \(k)") }
            }
            for l in labels where !keys.contains(where: { $0.contains(l) || l.contains($0) }) { misses.append("\(item.id): \(l)") }
        }
        return (found == 0 ? 0 : Double(tp) / Double(found), gold == 0 ? 0 : Double(gold - misses.count) / Double(gold), found, gold, misses, wrong)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: Paths.labelled.path)))
    func heldOutPrecisionAndRecall() throws {
        let all = try Self.items()
        let test = all.filter { $0.split == (ProcessInfo.processInfo.environment["MENTIONS_SPLIT"] ?? "test") || ProcessInfo.processInfo.environment["MENTIONS_SPLIT"] == "all" }
        let s = try Self.score(test)
        print("mentions held-out: \(test.count) texts, \(s.gold) labelled merchants, \(s.found) found, P \(s.p) R \(s.r)")
        print("missed: \(s.misses)\nwrong: \(s.wrong)")
        #expect(test.count >= 50)
        #expect(s.p >= 0.9)
        #expect(s.r >= 0.8)
    }

    /// A sample labelled by a reader who never saw the extractor's output (corpora/mentions/README.md):
    /// its file, size, and the floors its figures must keep.
    struct Sample: Sendable, CustomTestStringConvertible {
        var file: String
        var texts: Int
        var labels: Int
        var precision: Double
        var recall: Double
        var testDescription: String { file }
    }

    /// Each sample's first score was on untouched text; all then guided changes (fresh5, first
    /// P 52/72 = 0.72 R 52/62 = 0.84, since 2026-12-03: the confidence of `confidence.tsv` is
    /// fitted on all seven), so their floors are the targets (P 0.9, R 0.8), except heldout
    /// (first P 0.78 R 0.78, 9 labels) and fresh5 (fitted P 52/58 = 0.90 just under the target,
    /// R 0.84) and fresh6 (labelled blind, scored once untouched on 2026-12-03 with the confidence:
    /// P 40/52 = 0.77 R 40/52 = 0.77; main before the confidence: P 47/70 = 0.67 R 47/52 = 0.90),
    /// which keep floors against regressions, not the target.
    static let samples = [
        Sample(file: "heldout.jsonl", texts: 100, labels: 9, precision: 0.75, recall: 0.75),
        Sample(file: "fresh.jsonl", texts: 400, labels: 26, precision: 0.9, recall: 0.8),
        Sample(file: "fresh2.jsonl", texts: 500, labels: 56, precision: 0.9, recall: 0.8),
        Sample(file: "fresh3.jsonl", texts: 600, labels: 62, precision: 0.9, recall: 0.8),
        Sample(file: "fresh4.jsonl", texts: 600, labels: 73, precision: 0.9, recall: 0.8),
        Sample(file: "fresh5.jsonl", texts: 600, labels: 62, precision: 0.85, recall: 0.8),
        Sample(file: "fresh6.jsonl", texts: 600, labels: 52, precision: 0.75, recall: 0.75),
        // Labelled blind, scored once untouched (2026-12-03) with the extractor of a7c2cea, fitted
        // without it: P 40/43 = 0.93, R 40/53 = 0.75.
        Sample(file: "fresh7.jsonl", texts: 600, labels: 53, precision: 0.9, recall: 0.75),
        // Labelled blind, scored once untouched with a7c2cea: P 43/49 = 0.88, R 43/63 = 0.68.
        Sample(file: "fresh8.jsonl", texts: 600, labels: 63, precision: 0.8, recall: 0.65),
        // Labelled blind, scored once untouched with 686df8b: P 33/42 = 0.79, R 34/47 = 0.72.
        Sample(file: "fresh9.jsonl", texts: 600, labels: 47, precision: 0.75, recall: 0.7),
        // Labelled blind (all 692 eligible shopping reviews left), scored once untouched
        // (2026-12-04) with 09e4e2d: P 42/53 = 0.79, R 42/55 = 0.76 (main before, f326b2b: P 41/52, R 42/55).
        Sample(file: "fresh10.jsonl", texts: 692, labels: 55, precision: 0.75, recall: 0.75),
    ]

    @Test(arguments: samples)
    func blindSamplePrecisionAndRecall(_ sample: Sample) throws {
        let url = Paths.mentions.appendingPathComponent(sample.file)
        try #require(FileManager.default.fileExists(atPath: url.path), "missing \(url.path)")
        let items = try Self.items(url)
        let s = try Self.score(items)
        print("mentions \(sample.file): \(items.count) texts, \(s.gold) labelled merchants, \(s.found) found, P \(s.p) R \(s.r)")
        print("missed: \(s.misses)\nwrong: \(s.wrong)")
        #expect(items.count == sample.texts && s.gold == sample.labels)
        #expect(s.p >= sample.precision)
        #expect(s.r >= sample.recall)
    }

    /// With `MENTIONS_DUMP=path`: writes every sample text's candidates before the confidence
    /// threshold, with their evidence and whether they match a label, one JSON object a text
    /// (input of lexicons/mentions/fit_confidence.py).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["MENTIONS_DUMP"] != nil))
    func dumpCandidates() throws {
        struct Row: Encodable {
            struct Candidate: Encodable { var key: String; var match: Bool; var evidence: MerchantEvidence }
            var sample: String
            var id: String
            var labels: [String]
            var candidates: [Candidate]
        }
        let tokenizer = try Tokenizer.load(lexicons: Paths.lexicons)
        let extractor = try MentionExtractor.load(lexicons: Paths.lexicons)
        let files = try FileManager.default.contentsOfDirectory(atPath: Paths.mentions.path).filter { $0.hasSuffix(".jsonl") }.sorted()
        var out = Data()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for file in files {
            for item in try Self.items(Paths.mentions.appendingPathComponent(file)) {
                let labels = try item.merchants.map { try tokenizer.normalizer.normalize($0).text }
                let candidates = extractor.merchants.candidates(in: try tokenizer.tokenize(item.text)).map { c in
                    Row.Candidate(key: c.mention.key, match: labels.contains { $0.contains(c.mention.key) || c.mention.key.contains($0) }, evidence: c.evidence)
                }
                out.append(try encoder.encode(Row(sample: String(file.dropLast(6)), id: item.id, labels: labels, candidates: candidates)))
                out.append(0x0A)
            }
        }
        try out.write(to: URL(fileURLWithPath: ProcessInfo.processInfo.environment["MENTIONS_DUMP"]!))
    }
}
