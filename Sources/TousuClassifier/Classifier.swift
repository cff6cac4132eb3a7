import Foundation
import TousuText

/// Tags complaints by sector and nature: lexicon evidence plus the naive-Bayes posterior, combined
/// by the rule documented on `Calibration`. Immutable and `Sendable`: share one across threads.
public struct Classifier: Sendable {
    public let model: Model
    public let tokenizer: Tokenizer
    private let matcher: LexiconMatcher
    private let extractor: FeatureExtractor
    private let scorer: NaiveBayesScorer
    /// For each NB label, its index among lexicon sectors (nil: no lexicon for it).
    private let sectorOfLabel: [String: Int]
    private let natureIds: [String]
    /// Scores natures when the model has a nature model.
    private let natureScorer: NatureScorer?
    /// Below this confidence a prediction needs review.
    public var reviewThreshold = 0.6
    /// How many naive-Bayes features explain each prediction (0: none, which saves about a
    /// quarter of the work of a classification — batch output does not carry them).
    public var explanationLimit = 5

    public init(model: Model) throws {
        self.model = model
        tokenizer = try model.tokenizer.makeTokenizer()
        matcher = try LexiconMatcher(lexicon: model.lexicon, normalizer: tokenizer.normalizer)
        extractor = FeatureExtractor(options: model.features)
        scorer = NaiveBayesScorer(counts: model.counts, parameters: model.parameters)
        var map: [String: Int] = [:]
        for (i, label) in model.counts.labels.enumerated() { map[label] = i }
        sectorOfLabel = map
        natureIds = model.natures?.natures ?? model.taxonomy.natures.map(\.id)
        natureScorer = model.natures.map { NatureScorer(counts: $0.counts, natures: $0.natures, alpha: model.parameters.alpha) }
    }

    /// Reads a model file and builds its classifier.
    public static func load(contentsOf url: URL) throws -> Classifier {
        try Classifier(model: ModelFile.read(url))
    }

    /// Classifies one complaint.
    @inline(never)  // a stage of Benchmarks/callgrind.sh
    public func classify(_ text: String) throws -> Prediction {
        let tokenized = try tokenizer.tokenize(text)
        return classify(tokenized)
    }

    /// Classifies an already tokenized complaint.
    @inline(never)  // a stage of Benchmarks/callgrind.sh
    public func classify(_ text: TokenizedText) -> Prediction {
        let labels = scorer.labels
        let features = HeldOut.features(text, extractor: extractor)
        let (scores, known) = scorer.score(features: features)
        let matches = matcher.matches(in: text.normalized.units)

        // Lexicon evidence: each distinct phrase counts once per label.
        var evidence = [Double](repeating: 0, count: labels.count)
        var strong = Set<String>()
        var counted: [LexiconMatcher.Match] = []
        for match in matches where match.kind == .sector && !counted.contains(where: {
            $0.label == match.label && $0.phrase == match.phrase
        }) {
            counted.append(match)
            if let i = sectorOfLabel[match.label] { evidence[i] += match.weight }
            if match.weight >= Lexicon.strongWeight { strong.insert(match.label) }
        }
        var probabilities = model.calibration.probabilities(scores: scores, features: known, lexicon: evidence)
        if known == 0 && evidence.allSatisfy({ $0 == 0 }), let other = labels.firstIndex(of: "other") {
            // No evidence at all: "other", flagged for review.
            probabilities = labels.indices.map { $0 == other ? 1 : 0 }
        }
        var best = 0
        for i in probabilities.indices where probabilities[i] > probabilities[best] { best = i }
        var second = best == 0 ? min(1, labels.count - 1) : 0
        for i in probabilities.indices where i != best && probabilities[i] > probabilities[second] { second = i }

        let sector = labels[best]
        let confidence = probabilities[best]
        let conflicting = !strong.isEmpty && !strong.contains(sector)
        let needsReview = confidence < reviewThreshold || conflicting || (known == 0 && matches.isEmpty)
        let natureScores = natures(features: features, matches: matches, anyEvidence: known > 0 || !matches.isEmpty)

        var scoreMap = [String: Double](minimumCapacity: labels.count)
        for (i, label) in labels.enumerated() { scoreMap[label] = (probabilities[i] * 10000).rounded() / 10000 }

        let originals = text.normalized.originalTexts(matches.map { $0.start..<$0.end })
        let keywords = zip(matches, originals).map { match, original -> KeywordHit in
            let range = text.normalized.originalRange(start: match.start, end: match.end)
            return KeywordHit(
                phrase: match.phrase, label: match.label, weight: match.weight, start: range.lowerBound,
                end: range.upperBound, original: original)
        }
        let top = labels.count > 1 && explanationLimit > 0
            ? scorer.topFeatures(text, extractor: extractor, label: best, other: second, limit: explanationLimit) : []
        return Prediction(
            sector: sector, sectorName: model.taxonomy.sectorName(sector), scores: scoreMap,
            confidence: (confidence * 10000).rounded() / 10000, natures: natureScores.map(\.nature), needsReview: needsReview,
            keywords: keywords, topFeatures: top, natureScores: natureScores)
    }

    /// The natures of a text, primary first: from the nature model when the model has one, else
    /// every nature whose lexicon evidence reaches 1 (in taxonomy order); ["other"] when none.
    @inline(never)  // a stage of Benchmarks/callgrind.sh
    private func natures(features: [UInt64], matches: [LexiconMatcher.Match], anyEvidence: Bool) -> [NatureScore] {
        let evidence = NatureEvidence.vector(matches, natures: natureIds)
        func rounded(_ p: Double) -> Double { (p * 10000).rounded() / 10000 }
        guard let natureScorer, let calibration = model.natures?.calibration, anyEvidence else {
            let found = natureIds.indices.filter { natureIds[$0] != "other" && evidence[$0] >= 1 }
            return found.isEmpty ? [NatureScore(nature: "other", probability: 1)] : found.map {
                NatureScore(nature: natureIds[$0], probability: 1)
            }
        }
        let (binary, primary, known) = natureScorer.score(features: features)
        return calibration.decide(binary: binary, primary: primary, known: known, evidence: evidence).map { found in
            let top = explanationLimit > 0 && natureIds[found.nature] != "other"
                ? natureScorer.topFeatures(features, nature: found.nature, limit: explanationLimit) : []
            return NatureScore(nature: natureIds[found.nature], probability: rounded(found.probability), topFeatures: top)
        }
    }
}
