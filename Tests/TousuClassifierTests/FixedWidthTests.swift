import Foundation
import Testing
import TousuText
@testable import TousuClassifier

/// The fixed-width path (`JointScorer`, `FixedNatureDecider`, `Calibration.probabilities(lanes:)`)
/// computes bit for bit what the general path computes.
struct FixedWidthTests {
    static let model = Fixtures.model
    static let texts = Array(Fixtures.natureRecords.prefix(300).map(\.text)) + Array(Fixtures.records.prefix(300).map(\.text))
        + ["", "12345", "hello world", "健身房老板跑路了，我的年卡还剩八个月"]

    static func bits(_ x: Double) -> UInt64 { x.bitPattern }

    @Test func jointSumsAreTheScorersSums() throws {
        let natures = try #require(Self.model.natures)
        let scorer = NaiveBayesScorer(counts: Self.model.counts, parameters: Self.model.parameters)
        let natureScorer = NatureScorer(counts: natures.counts, natures: natures.natures, alpha: Self.model.parameters.alpha)
        let joint = try #require(JointScorer(
            sector: scorer, sectorFeatures: Self.model.counts.features, nature: natureScorer,
            natureFeatures: natures.counts.features))
        let extractor = FeatureExtractor(options: Self.model.features)
        let tokenizer = Fixtures.classifier.tokenizer
        for text in Self.texts {
            let tokenized = try tokenizer.tokenize(text)
            let features = HeldOut.features(tokenized, extractor: extractor)
            let (scores, known) = scorer.score(features: features)
            let (binary, primary, natureKnown) = natureScorer.score(features: features)
            let sums = joint.sums(tokenized, extractor: extractor)
            #expect(sums.sectorKnown == known && sums.natureKnown == natureKnown)
            #expect(scores.indices.allSatisfy { Self.bits(sums.sector[$0]) == Self.bits(scores[$0]) })
            #expect(binary.indices.allSatisfy {
                Self.bits(natureScorer.binaryPrior[$0] + Double(sums.binary[$0])) == Self.bits(binary[$0])
                    && Self.bits(natureScorer.primaryPrior[$0] + Double(sums.primary[$0])) == Self.bits(primary[$0])
            })
        }
    }

    @Test func laneCalibrationIsTheArrayCalibration() {
        let calibration = Calibration(temperature: 3.7, lengthExponent: 0.5, lexiconWeight: 0.8, lexiconCap: 6)
        var generator = SystemRandomNumberGenerator()
        for count in [1, 2, 5, 10, 16] {
            for _ in 0..<200 {
                let scores = (0..<count).map { _ in Double.random(in: -300 ... -5, using: &generator) }
                let lexicon: [Double] = (0..<count).map { _ in [0.0, 0, 1, 3, 7.5].randomElement(using: &generator) ?? 0 }
                let known = Int.random(in: 0...80, using: &generator)
                var s = Lanes(repeating: 0), l = Lanes(repeating: 0)
                for i in 0..<count {
                    s[i] = scores[i]
                    l[i] = lexicon[i]
                }
                let array = calibration.probabilities(scores: scores, features: known, lexicon: lexicon)
                let lanes = calibration.probabilities(lanes: s, count: count, features: known, lexicon: l)
                #expect((0..<count).allSatisfy { Self.bits(array[$0]) == Self.bits(lanes[$0]) })
            }
        }
    }

    @Test func fixedNatureDecisionsAreTheRulesDecisions() throws {
        let natures = try #require(Self.model.natures)
        var variants = [natures.calibration]
        for rule in [
            NatureDecisionRule.formatTwo, NatureDecisionRule(primacyWeight: 1, multinomialWeight: 0.5, floor: 0.3, otherOverrides: true),
            .regressed(admission: 0, floor: 0.2), .regressed(admission: 0.3, floor: 2), .regressed(admission: 2, floor: 0),
        ] {
            var c = natures.calibration
            c.rule = rule
            variants.append(c)
        }
        let natureScorer = NatureScorer(counts: natures.counts, natures: natures.natures, alpha: Self.model.parameters.alpha)
        let extractor = FeatureExtractor(options: Self.model.features)
        let tokenizer = Fixtures.classifier.tokenizer
        let n = natures.natures.count
        for c in variants {
            let decider = try #require(FixedNatureDecider(c))
            for (t, text) in Self.texts.enumerated() {
                let features = HeldOut.features(try tokenizer.tokenize(text), extractor: extractor)
                let (binary, primary, known) = natureScorer.score(features: features)
                let evidence = (0..<n).map { Double(($0 * 7 + t) % 5 == 0 ? 3 : ($0 + t) % 4) }
                let general = c.choices(binary: binary, primary: primary, known: known, evidence: evidence, otherIndex: c.otherIndex)
                var b = Lanes(repeating: 0), p = Lanes(repeating: 0), e = Lanes(repeating: 0)
                for j in 0..<n {
                    b[j] = binary[j]
                    p[j] = primary[j]
                    e[j] = evidence[j]
                }
                let fixed = decider.choose(binary: b, primary: p, known: known, evidence: e)
                #expect(fixed.count == general.count)
                #expect(general.indices.allSatisfy {
                    $0 < fixed.count && fixed.natures[$0] == general[$0].nature
                        && Self.bits(fixed.probabilities[$0]) == Self.bits(general[$0].probability)
                })
            }
        }
    }
}
