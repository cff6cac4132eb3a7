import Foundation
import Testing
import TousuText
@testable import TousuClassifier

@Suite struct LabelSpreadTests {
    @Test func evenWordsWeighNothingAndOwnedWordsNearlyAll() {
        let totals = [10_000, 10_000, 10_000]
        let even = LabelSpread.weight(row: [50, 50, 50], totals: totals, vocabulary: 1000)
        let owned = LabelSpread.weight(row: [3000, 0, 0], totals: totals, vocabulary: 1000)
        let once = LabelSpread.weight(row: [1, 0, 0], totals: totals, vocabulary: 1000)
        #expect(abs(even) < 1e-9)
        #expect(owned > 0.9)
        // Seen once: Laplace smoothing keeps it far from decisive.
        #expect(once < 0.1)
    }

    @Test func ratesNotCountsDecide() {
        // The big label uses the word 10 times as often in absolute terms, at the same rate.
        let w = LabelSpread.weight(row: [1000, 100], totals: [100_000, 10_000], vocabulary: 1000)
        #expect(w < 0.01)
    }

    @Test func sharedWordsLoseWeightAgainstOwnedOnes() throws {
        // Label a owns 蒙牛; both labels use the filler words, b a little more often.
        var records: [LabelledRecord] = []
        for i in 0..<40 { records.append(LabelledRecord(id: "a\(i)", text: "蒙牛牛奶 学校\(i)", label: "a")) }
        for i in 0..<40 { records.append(LabelledRecord(id: "b\(i)", text: "学校 回家\(i)", label: "b")) }
        for i in 0..<20 { records.append(LabelledRecord(id: "c\(i)", text: "回家 吃饭\(i)", label: "a")) }
        func model(_ spread: Bool) throws -> Model {
            try Trainer(
                taxonomy: Taxonomy(sectors: [], natures: []), lexicon: Lexicon(labels: []),
                tokenizer: TokenizerSettings(options: .init(), dictionary: [], stopwords: []),
                features: FeatureOptions(charBigrams: false),
                parameters: NaiveBayesParameters(alpha: 0.03, spreadWeighting: spread)
            ).train(records)
        }
        func gap(_ m: Model, _ word: String) throws -> Double {
            let classifier = try Classifier(model: m)
            let scorer = NaiveBayesScorer(counts: m.counts, parameters: m.parameters)
            let s = scorer.score(try classifier.tokenizer.tokenize(word), extractor: FeatureExtractor(options: m.features)).scores
            return abs(s[0] - s[1])
        }
        let plain = try model(false), weighted = try model(true)
        let plainRatio = try gap(plain, "学校") / gap(plain, "蒙牛")
        let weightedRatio = try gap(weighted, "学校") / gap(weighted, "蒙牛")
        #expect(weightedRatio < plainRatio / 2, "\(weightedRatio) vs \(plainRatio)")
        // The model file keeps the setting.
        #expect(try ModelFile.decode(ModelFile.encode(weighted)).parameters.spreadWeighting)
    }

    @Test func olderModelHeadersDoNotWeight() throws {
        let json = #"{"alpha": 0.3, "complement": false, "uniformPrior": true}"#
        let parameters = try JSONDecoder().decode(NaiveBayesParameters.self, from: Data(json.utf8))
        #expect(!parameters.spreadWeighting)
    }
}
