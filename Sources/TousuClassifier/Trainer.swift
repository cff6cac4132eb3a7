import Foundation
import TousuText

/// Trains models: sector counts from labelled records, nature counts from nature-labelled
/// records (the records' own `natures` and those of `natureCorpus`), all records counted; one
/// record in five (by a hash of its text) is also kept as a calibration sample, and calibration
/// is fitted on the samples scored by the counts without them. Everything a model keeps adds
/// up, so training A on top of B, training on A+B and merging the models of A and B agree.
public struct Trainer: Sendable {
    public var taxonomy: Taxonomy
    public var lexicon: Lexicon
    public var tokenizer: TokenizerSettings
    public var features: FeatureOptions
    public var parameters: NaiveBayesParameters
    public var calibration: Calibration
    /// A nature-labelled JSONL corpus (`natures` field, see `LabelledCorpus.readNatures`) read
    /// at training time and counted for natures only; `NatureCorpus.bundled(lexicons:)` finds
    /// the repository's `corpora/natures/train.jsonl`. Nil: natures only from the records.
    public var natureCorpus: URL?

    public init(
        taxonomy: Taxonomy, lexicon: Lexicon, tokenizer: TokenizerSettings,
        features: FeatureOptions = FeatureOptions(), parameters: NaiveBayesParameters = NaiveBayesParameters(),
        calibration: Calibration = Calibration(), natureCorpus: URL? = nil
    ) {
        self.taxonomy = taxonomy
        self.lexicon = lexicon
        self.tokenizer = tokenizer
        self.features = features
        self.parameters = parameters
        self.calibration = calibration
        self.natureCorpus = natureCorpus
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

    /// A model of `records`, on top of `base` when given (its counts and samples are kept and
    /// added to). Records with an empty label count for natures only.
    public func train(_ records: [LabelledRecord], base: Model? = nil) throws -> Model {
        let extra = try natureCorpus.map { try LabelledCorpus.readNatures($0) } ?? []
        let sectorRecords = records.filter { !$0.label.isEmpty }
        let natureRecords = records.filter { !$0.natures.isEmpty } + extra
        // A model classifies sectors first: without a sector-labelled record (and no base model
        // to add to) it would have no sector to give, whatever nature records there are.
        guard !sectorRecords.isEmpty || base?.counts.labels.isEmpty == false else { throw ClassifierError.emptyTrainingSet }
        if let base, base.calibrationSamples == nil {
            throw ClassifierError.incompatibleModels(
                reason: "a model file of format 1 keeps no calibration samples, so data cannot be added to it exactly; retrain it with this tousu")
        }
        let tok = try tokenizer.makeTokenizer()
        let extractor = FeatureExtractor(options: features)

        // Sectors.
        let texts = try parallelMap(sectorRecords.map(\.text)) { try tok.tokenize($0) }
        let allLabels = Set(sectorRecords.map(\.label)).union(base?.counts.labels ?? [])
        var counts = base?.counts ?? NaiveBayesCounts(labels: labelOrder(allLabels))
        for label in labelOrder(allLabels) { _ = counts.labelIndex(label) }
        var samples = base?.calibrationSamples ?? []
        for (i, record) in sectorRecords.enumerated() {
            counts.add(label: counts.labelIndex(record.label), text: texts[i], extractor: extractor)
            if HeldOut.isHeldOut(record.text) {
                samples.append(CalibrationSample(
                    key: HeldOut.key(record.text), label: record.label, features: HeldOut.features(texts[i], extractor: extractor)))
            }
        }
        samples.sort(by: CalibrationSample.precedes)
        let settings = base?.calibration ?? calibration
        let fitted = sectorRecords.isEmpty && base != nil
            ? settings : Calibration.fitted(counts: counts, samples: samples, parameters: parameters, settings: settings)

        // Natures.
        var natures = base?.natures
        if !natureRecords.isEmpty {
            var model = natures ?? NatureModel(natures: taxonomy.natures.map(\.id))
            try add(natureRecords, to: &model, tokenizer: tok, extractor: extractor)
            try model.refit(parameters: parameters)
            natures = model
        } else if var model = natures, model.calibration.rule.isFormatTwo {
            try model.refit(parameters: parameters)  // a format-2 model gets this version's decision rule
            natures = model
        }
        return Model(
            taxonomy: taxonomy, lexicon: lexicon, tokenizer: tokenizer, features: features,
            parameters: parameters, calibration: fitted, counts: counts, calibrationSamples: samples, natures: natures)
    }

    /// Counts nature-labelled records into a nature model and keeps their calibration samples.
    func add(_ records: [LabelledRecord], to model: inout NatureModel, tokenizer tok: Tokenizer, extractor: FeatureExtractor) throws {
        for record in records {
            for nature in record.natures where !model.natures.contains(nature) {
                throw ClassifierError.badRecord(
                    source: record.id, line: 0, reason: "unknown nature \"\(nature)\" (the taxonomy has \(model.natures.joined(separator: ", ")))")
            }
        }
        let texts = try parallelMap(records.map(\.text)) { try tok.tokenize($0) }
        let evidence = try NatureEvidence(lexicon: lexicon, natures: model.natures, normalizer: tok.normalizer)
        for (i, record) in records.enumerated() {
            model.counts.add(labels: model.columns(of: record.natures), text: texts[i], extractor: extractor)
            do {  // every nature document is a calibration sample (scored leave-one-out)
                model.samples.append(NatureSample(
                    key: HeldOut.key(record.text), natures: record.natures,
                    evidence: evidence.vector(texts[i]).map(Float.init), features: HeldOut.features(texts[i], extractor: extractor)))
            }
        }
    }

    /// One record in five (by a hash of its text) is held out for calibration.
    static func isHeldOut(_ text: String) -> Bool { HeldOut.isHeldOut(text) }
}

/// Where the bundled nature corpus is.
public enum NatureCorpus {
    /// `corpora/natures/train.jsonl` beside a lexicon directory (`<repo>/lexicons`), if present.
    public static func bundled(lexicons: URL) -> URL? {
        let url = lexicons.deletingLastPathComponent().appendingPathComponent("corpora/natures/train.jsonl")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }
}
