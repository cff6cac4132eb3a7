import Foundation
import TousuText

/// Tags complaints by sector and nature: lexicon evidence plus the naive-Bayes posterior, combined
/// by the rule documented on `Calibration`. Immutable and `Sendable`: share one across threads.
public struct Classifier: Sendable {
    public let model: Model
    public let tokenizer: Tokenizer
    let matcher: LexiconMatcher
    let extractor: FeatureExtractor
    let scorer: NaiveBayesScorer
    let natureIds: [String]
    /// Scores natures when the model has a nature model.
    let natureScorer: NatureScorer?
    /// Both models' sums in one pass (nil: a model too wide for it; then each scorer scores).
    private let joint: JointScorer?
    /// Lexicon labels (`LexiconMatcher.labels`) → NB label of a sector, index of a nature (-1: none).
    let sectorOfLexiconLabel: [Int]
    let natureOfLexiconLabel: [Int]
    /// NB label → its sector label in the lexicon (-1: none).
    let lexiconLabelOfSector: [Int]
    /// NB labels in the order of their UTF-8 bytes (`Prediction.sectorScores`).
    let labelOrder: [Int]
    let otherLabel: Int?
    private let otherNature: Int?
    let sectorNames: [String]
    /// The nature decision on vectors (`FixedWidthClassify.swift`; nil: no nature model, or too wide).
    let natureDecider: FixedNatureDecider?
    /// Whether `classifyFixed` classifies (at most 8 sectors, 16 natures, 64 lexicon labels).
    private let isFixedWidth: Bool
    /// Below this confidence a prediction needs review.
    public var reviewThreshold = 0.6
    /// How many naive-Bayes features explain each prediction (0: none, which saves about a
    /// quarter of the work of a classification — batch output does not carry them).
    public var explanationLimit = 5
    /// Whether keyword hits carry their text as it stands in the original (`KeywordHit.original`;
    /// false: empty, which saves a walk over the text — batch output writes only the phrases).
    public var keywordOriginals = true

    public init(model: Model) throws {
        guard !model.counts.labels.isEmpty else {
            throw ClassifierError.modelFile(path: "<model>", reason: "the model has no sector labels; retrain it on labelled records")
        }
        self.model = model
        tokenizer = try model.tokenizer.makeTokenizer()
        matcher = try LexiconMatcher(lexicon: model.lexicon, normalizer: tokenizer.normalizer)
        extractor = FeatureExtractor(options: model.features)
        scorer = NaiveBayesScorer(counts: model.counts, parameters: model.parameters)
        let labels = model.counts.labels
        let natureIds = model.natures?.natures ?? model.taxonomy.natures.map(\.id)
        self.natureIds = natureIds
        let natureScorer = model.natures.map { NatureScorer(counts: $0.counts, natures: $0.natures, alpha: model.parameters.alpha) }
        self.natureScorer = natureScorer
        joint = JointScorer(
            sector: scorer, sectorFeatures: model.counts.features, nature: natureScorer,
            natureFeatures: model.natures?.counts.features ?? [])
        let lexiconLabels = matcher.labels
        sectorOfLexiconLabel = lexiconLabels.map { $0.kind == .sector ? labels.firstIndex(of: $0.label) ?? -1 : -1 }
        natureOfLexiconLabel = lexiconLabels.map { $0.kind == .nature ? natureIds.firstIndex(of: $0.label) ?? -1 : -1 }
        lexiconLabelOfSector = labels.map { label in
            lexiconLabels.firstIndex { $0.kind == .sector && $0.label == label } ?? -1
        }
        labelOrder = labels.indices.sorted { labels[$0].utf8.lexicographicallyPrecedes(labels[$1].utf8) }
        otherLabel = labels.firstIndex(of: "other")
        otherNature = model.natures?.calibration.otherIndex
        sectorNames = labels.map { model.taxonomy.sectorName($0) }
        let decider = model.natures.flatMap { FixedNatureDecider($0.calibration) }
        natureDecider = decider
        let naturesFit = model.natures.map { natures in
            decider != nil && natures.calibration.natures == natures.natures && natures.natures == natureIds
        } ?? true
        isFixedWidth = joint != nil && natureIds.count <= 16 && lexiconLabels.count <= 64 && naturesFit
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
        if isFixedWidth, let joint { return classifyFixed(text, joint: joint) }
        // The general path, for models too wide for the fixed-width one (`FixedWidthClassify.swift`).
        let labels = scorer.labels
        let features = HeldOut.features(text, extractor: extractor)
        let (scores, known) = scorer.score(features: features)
        let matches = matcher.matches(in: text.normalized.units)

        // Lexicon evidence: each distinct phrase counts once per label (sectors here, natures for
        // `natures`), the same sums in the same order as `NatureEvidence.vector`.
        var evidence = [Double](repeating: 0, count: labels.count)
        var natureEvidence = [Double](repeating: 0, count: natureIds.count)
        var strong: [Int32] = []
        var counted: [Int64] = []
        for match in matches where !counted.contains(match.key) {
            counted.append(match.key)
            let label = Int(match.labelIndex)
            if match.kind == .sector {
                let i = sectorOfLexiconLabel[label]
                if i >= 0 { evidence[i] += match.weight }
                if match.weight >= Lexicon.strongWeight && !strong.contains(match.labelIndex) { strong.append(match.labelIndex) }
            } else {
                let i = natureOfLexiconLabel[label]
                if i >= 0 { natureEvidence[i] += match.weight }
            }
        }
        var probabilities = model.calibration.probabilities(scores: scores, features: known, lexicon: evidence)
        if known == 0 && evidence.allSatisfy({ $0 == 0 }), let other = otherLabel {
            // No evidence at all: "other", flagged for review.
            probabilities = labels.indices.map { $0 == other ? 1 : 0 }
        }
        var best = 0
        for i in probabilities.indices where probabilities[i] > probabilities[best] { best = i }
        var second = best == 0 ? min(1, labels.count - 1) : 0
        for i in probabilities.indices where i != best && probabilities[i] > probabilities[second] { second = i }

        let confidence = probabilities[best]
        let sectorLabel = Int32(lexiconLabelOfSector[best])
        let conflicting = !strong.isEmpty && !strong.contains(sectorLabel)
        let needsReview = confidence < reviewThreshold || conflicting || (known == 0 && matches.isEmpty)
        let anyEvidence = known > 0 || !matches.isEmpty
        let natureScores = natures(features: features, evidence: natureEvidence, anyEvidence: anyEvidence)

        var sectorScores = [LabelScore]()
        sectorScores.reserveCapacity(labels.count)
        for i in labelOrder { sectorScores.append(LabelScore(label: labels[i], probability: (probabilities[i] * 10000).rounded() / 10000)) }

        let keywords = keywordHits(text, matches)
        let top = labels.count > 1 && explanationLimit > 0
            ? scorer.topFeatures(text, extractor: extractor, label: best, other: second, limit: explanationLimit) : []
        var natureList = [String]()
        natureList.reserveCapacity(natureScores.count)
        for n in natureScores { natureList.append(n.nature) }
        return Prediction(
            sector: labels[best], sectorName: sectorNames[best], sectorScores: sectorScores,
            confidence: (confidence * 10000).rounded() / 10000, natures: natureList, needsReview: needsReview,
            keywords: keywords, topFeatures: top, natureScores: natureScores)
    }

    /// The natures of a text, primary first, from its features: from the nature model when the
    /// model has one, else every nature whose lexicon evidence reaches 1 (in taxonomy order);
    /// ["other"] when none.
    @inline(never)  // a stage of Benchmarks/callgrind.sh
    private func natures(features: [UInt64], evidence: [Double], anyEvidence: Bool) -> [NatureScore] {
        guard let natureScorer, let calibration = model.natures?.calibration, anyEvidence else {
            return lexiconNatures(evidence)
        }
        let (binary, primary, known) = natureScorer.score(features: features)
        let chosen = calibration.choices(binary: binary, primary: primary, known: known, evidence: evidence, otherIndex: otherNature)
        return scores(chosen, features: features, scorer: natureScorer)
    }

    /// The keyword hits of lexicon matches, with their place (and text, if `keywordOriginals`)
    /// in the original.
    func keywordHits(_ text: TokenizedText, _ matches: [LexiconMatcher.Match]) -> [KeywordHit] {
        var keywords = [KeywordHit]()
        keywords.reserveCapacity(matches.count)
        let originals = keywordOriginals ? text.normalized.originalTexts(matches.map { $0.start..<$0.end }) : []
        for (k, match) in matches.enumerated() {
            let range = text.normalized.originalRange(start: match.start, end: match.end)
            keywords.append(KeywordHit(
                phrase: match.phrase, label: match.label, weight: match.weight, start: range.lowerBound,
                end: range.upperBound, original: keywordOriginals ? originals[k] : ""))
        }
        return keywords
    }

    /// Every nature whose lexicon evidence reaches 1 (in taxonomy order); ["other"] when none.
    func lexiconNatures(_ evidence: [Double]) -> [NatureScore] {
        let found = natureIds.indices.filter { natureIds[$0] != "other" && evidence[$0] >= 1 }
        return found.isEmpty ? [NatureScore(nature: "other", probability: 1)] : found.map {
            NatureScore(nature: natureIds[$0], probability: 1)
        }
    }

    /// The chosen natures with their rounded probabilities and (when asked for) explanations.
    private func scores(_ chosen: [NatureDecisionRule.Choice], features: [UInt64], scorer: NatureScorer) -> [NatureScore] {
        var out = [NatureScore]()
        out.reserveCapacity(chosen.count)
        for found in chosen {
            let top = explanationLimit > 0 && natureIds[found.nature] != "other"
                ? scorer.topFeatures(features, nature: found.nature, limit: explanationLimit) : []
            out.append(NatureScore(
                nature: natureIds[found.nature], probability: (found.probability * 10000).rounded() / 10000, topFeatures: top))
        }
        return out
    }
}
