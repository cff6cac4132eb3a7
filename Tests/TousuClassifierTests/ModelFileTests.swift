import Foundation
import Testing
@testable import TousuClassifier

@Suite struct ModelFileTests {
    let bytes = try! ModelFile.encode(Fixtures.model)

    @Test func roundTripKeepsEverything() throws {
        let decoded = try ModelFile.decode(bytes)
        #expect(decoded == Fixtures.model)
        // Same counts, same bytes.
        #expect(try ModelFile.encode(decoded) == bytes)
    }

    func reason(_ damaged: [UInt8]) -> String {
        do {
            _ = try ModelFile.decode(damaged)
            return "accepted"
        } catch {
            return "\(error)"
        }
    }

    @Test func damagedFileIsRefused() {
        var damaged = bytes
        damaged[damaged.count / 2] ^= 0x40
        #expect(reason(damaged).contains("checksum"))
    }

    @Test func truncatedFileIsRefused() {
        #expect(reason(Array(bytes.prefix(bytes.count - 100))).contains("checksum"))
        #expect(reason(Array(bytes.prefix(10))) != "accepted")
        #expect(reason([]).contains("magic"))
    }

    @Test func wrongVersionIsRefused() {
        var other = bytes
        other[8] = 9  // version 9
        #expect(reason(other).contains("version 9"))
    }

    /// `train` on a corpus without one sector-labelled record (an empty file: the bundled nature
    /// corpus alone was enough to write a model) once wrote a model without sectors, and the first
    /// `classify` with it crashed. Now training refuses, and such a file is refused when read and
    /// such a model when loaded.
    @Test func aModelWithoutSectorsIsRefused() throws {
        #expect(throws: ClassifierError.emptyTrainingSet) { try Fixtures.natureTrainer.train([]) }
        var noSectors = Fixtures.model
        noSectors.counts = NaiveBayesCounts(labels: [])
        noSectors.calibrationSamples = []
        #expect(throws: ClassifierError.self) { try Classifier(model: noSectors) }
        #expect(reason(try ModelFile.encode(noSectors)).contains("no sector labels"))
    }

    @Test func otherFilesAreRefused() {
        #expect(reason(Array("{\"not\": \"a model\"}".utf8)).contains("magic"))
    }

    @Test func writesAndReadsFiles() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tousu-test-\(UUID()).tousu")
        defer { try? FileManager.default.removeItem(at: url) }
        try ModelFile.write(Fixtures.model, to: url)
        let classifier = try Classifier.load(contentsOf: url)
        #expect(try classifier.classify("健身房跑路了").sector == "prepaid")
    }
}

/// Model files of format 1 (before nature models and calibration samples) still load.
@Suite struct FormatOneTests {
    /// The bytes format 1 had: magic, version 1, header, rows, names, checksum.
    static func formatOne(_ model: Model) throws -> [UInt8] {
        struct Header: Codable {
            var taxonomy: Taxonomy, lexicon: Lexicon, tokenizer: TokenizerSettings, features: FeatureOptions
            var parameters: NaiveBayesParameters, calibration: Calibration, labels: [String], documents: [Int], totals: [Int]
        }
        let c = model.counts.canonical()
        let json = try JSONEncoder().encode(Header(
            taxonomy: model.taxonomy, lexicon: model.lexicon, tokenizer: model.tokenizer, features: model.features,
            parameters: model.parameters, calibration: model.calibration, labels: c.labels, documents: c.documents, totals: c.totals))
        var out = ModelFile.magic
        func u32(_ v: UInt32) { for i in 0..<4 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(i)))) } }
        func u64(_ v: UInt64) { for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) } }
        u32(1); u32(UInt32(json.count)); out += json
        u32(UInt32(c.featureCount))
        for (row, feature) in c.features.enumerated() {
            u64(feature)
            for l in 0..<c.labels.count { u32(UInt32(bitPattern: c.counts[row * c.labels.count + l])) }
        }
        let names = Array(c.names.joined(separator: "\u{0}").utf8)
        u32(UInt32(names.count)); out += names
        u64(ModelFile.checksum(out[...]))
        return out
    }

    @Test func formatOneLoadsAndClassifiesButIsNotAddedTo() throws {
        var old = Fixtures.model
        old.natures = nil
        let decoded = try ModelFile.decode(Self.formatOne(old))
        #expect(decoded.counts == old.counts && decoded.calibration == old.calibration)
        #expect(decoded.calibrationSamples == nil && decoded.natures == nil)
        let p = try Classifier(model: decoded).classify("健身房跑路了，卡里的钱退不了")
        #expect(p.sector == "prepaid")
        #expect(throws: ClassifierError.self) { try decoded.merged(with: Fixtures.model) }
        #expect(throws: ClassifierError.self) { try Trainer(continuing: decoded).train(Array(Fixtures.records.prefix(5)), base: decoded) }
    }
}

/// Model files of format 2 (nature models without primacy and decision rule) load and decide as
/// format 2 did; they are refitted, not rewritten unchanged.
@Suite struct FormatTwoTests {
    /// The current file turned into format 2: version 2, and the nature calibration without the
    /// keys format 3 added.
    static func formatTwo(_ bytes: [UInt8]) throws -> [UInt8] {
        let start = ModelFile.magic.count + 4
        let length = Int(bytes[start]) | Int(bytes[start + 1]) << 8 | Int(bytes[start + 2]) << 16 | Int(bytes[start + 3]) << 24
        var header = try #require(try JSONSerialization.jsonObject(with: Data(bytes[(start + 4)..<(start + 4 + length)])) as? [String: Any])
        var natures = try #require(header["natures"] as? [String: Any])
        var calibration = try #require(natures["calibration"] as? [String: Any])
        calibration["primacy"] = nil
        calibration["rule"] = nil
        natures["calibration"] = calibration
        header["natures"] = natures
        let json = Array(try JSONSerialization.data(withJSONObject: header))
        var out = ModelFile.magic
        func u32(_ v: UInt32) { for i in 0..<4 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(i)))) } }
        u32(2)
        u32(UInt32(json.count))
        out += json
        out += bytes[(start + 4 + length)..<(bytes.count - 8)]
        let sum = ModelFile.checksum(out[...])
        for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: sum >> (8 * UInt64(i)))) }
        return out
    }

    @Test func formatTwoDecidesAsBeforeAndIsRefittedWhenTrainedOn() throws {
        let old = try ModelFile.decode(Self.formatTwo(ModelFile.encode(Fixtures.model)))
        let natures = try #require(old.natures)
        #expect(natures.calibration.rule.isFormatTwo)
        #expect(natures.counts == Fixtures.model.natures?.counts)
        let text = "健身房关门了，老板联系不上，卡里还有两千"
        let p = try Classifier(model: old).classify(text)
        #expect(!p.natures.isEmpty && p.natures.allSatisfy { natures.natures.contains($0) })
        // Format 2 had no probability for "other".
        #expect(natures.calibration.probabilities(binary: Array(repeating: 0, count: 10), known: 1, evidence: Array(repeating: 0, count: 10))[9] == 0)
        #expect(throws: ClassifierError.self) { try ModelFile.encode(old) }
        let retrained = try Trainer(continuing: old).train(Array(Fixtures.records.prefix(5)), base: old)
        #expect(retrained.natures?.calibration.rule.isFormatTwo == false)
        // The refit is a function of the stored counts and samples: the calibration of a new model.
        #expect(retrained.natures?.calibration == Fixtures.model.natures?.calibration)
    }

    @Test func aFormatThreeFileWithoutItsRuleIsRefused() throws {
        var bytes = try Self.formatTwo(ModelFile.encode(Fixtures.model))
        bytes[ModelFile.magic.count] = 3
        let body = bytes[0..<(bytes.count - 8)]
        let sum = ModelFile.checksum(body)
        bytes = Array(body)
        for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: sum >> (8 * UInt64(i)))) }
        #expect(throws: ClassifierError.self) { try ModelFile.decode(bytes) }
    }
}
