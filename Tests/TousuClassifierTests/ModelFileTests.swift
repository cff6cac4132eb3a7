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
