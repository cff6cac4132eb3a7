import Foundation
import TousuText

/// Trains models: counts from labelled records, then calibration fitted on a held-out fifth of
/// the new records, then the held-out fifth added too, so the counts are those of all records.
public struct Trainer: Sendable {
    public var taxonomy: Taxonomy
    public var lexicon: Lexicon
    public var tokenizer: TokenizerSettings
    public var features: FeatureOptions
    public var parameters: NaiveBayesParameters
    public var calibration: Calibration

    public init(
        taxonomy: Taxonomy, lexicon: Lexicon, tokenizer: TokenizerSettings,
        features: FeatureOptions = FeatureOptions(), parameters: NaiveBayesParameters = NaiveBayesParameters(),
        calibration: Calibration = Calibration()
    ) {
        self.taxonomy = taxonomy
        self.lexicon = lexicon
        self.tokenizer = tokenizer
        self.features = features
        self.parameters = parameters
        self.calibration = calibration
    }

    /// A trainer with the settings of an existing model (to add data to it).
    public init(continuing model: Model) {
        self.init(
            taxonomy: model.taxonomy, lexicon: model.lexicon, tokenizer: model.tokenizer,
            features: model.features, parameters: model.parameters, calibration: model.calibration)
    }

    /// Label order: the taxonomy's sectors first (those present), then other labels sorted.
    func labelOrder(_ labels: Set<String>) -> [String] {
        let known = taxonomy.sectors.map(\.id).filter { labels.contains($0) }
        return known + labels.subtracting(known).sorted()
    }

    /// A model of `records`, on top of `base` when given (its counts are kept and added to).
    public func train(_ records: [LabelledRecord], base: Model? = nil) throws -> Model {
        guard !records.isEmpty || base != nil else { throw ClassifierError.emptyTrainingSet }
        let tok = try tokenizer.makeTokenizer()
        let extractor = FeatureExtractor(options: features)
        let texts = try parallelMap(records.map(\.text)) { try tok.tokenize($0) }
        let allLabels = Set(records.map(\.label)).union(base?.counts.labels ?? [])
        var counts = base?.counts ?? NaiveBayesCounts(labels: labelOrder(allLabels))
        for label in labelOrder(allLabels) { _ = counts.labelIndex(label) }

        var held: [Int] = []
        for (i, record) in records.enumerated() {
            if Self.isHeldOut(record.text) { held.append(i); continue }
            counts.add(label: counts.labelIndex(record.label), text: texts[i], extractor: extractor)
        }
        var fitted = base?.calibration ?? calibration
        if held.count >= 20 {
            let scorer = NaiveBayesScorer(counts: counts, parameters: parameters)
            let samples = held.map { i -> (scores: [Double], features: Int, label: Int) in
                let (scores, n) = scorer.score(texts[i], extractor: extractor)
                return (scores, n, counts.labelIndex(records[i].label))
            }
            fitted = Calibration.fit(samples, base: fitted)
        }
        for i in held { counts.add(label: counts.labelIndex(records[i].label), text: texts[i], extractor: extractor) }
        return Model(
            taxonomy: taxonomy, lexicon: lexicon, tokenizer: tokenizer, features: features,
            parameters: parameters, calibration: fitted, counts: counts)
    }

    /// One record in five (by a hash of its text) is held out for calibration.
    static func isHeldOut(_ text: String) -> Bool {
        FNV1a.hash(text.utf8) % 5 == 3
    }
}
