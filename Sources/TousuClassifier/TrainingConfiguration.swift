import Foundation
import TousuText

/// The settings of a new model as a plain value: what `tousu train` options and the default-model
/// builder translate into. `validate()` refuses values that would train a broken model.
public struct TrainingConfiguration: Sendable, Equatable {
    /// Additive smoothing of naive Bayes (> 0 and finite).
    public var alpha: Double
    /// Complement naive Bayes instead of multinomial.
    public var complement: Bool
    /// Priors from the corpus's label counts instead of equal priors.
    public var empiricalPrior: Bool
    /// Weight features by how unevenly they spread over the labels (see `LabelSpread`).
    public var spreadWeighting: Bool
    /// Add token bigrams to the features.
    public var tokenBigrams: Bool
    /// CJK character bigrams among the features.
    public var charBigrams: Bool
    /// Count each feature once per text (binary naive Bayes); false: every occurrence.
    public var binary: Bool
    /// Drop stopwords before counting.
    public var removeStopwords: Bool
    /// Use the keyword lexicon (false: plain naive Bayes).
    public var useLexicon: Bool
    /// Weight of lexicon evidence against naive Bayes (finite, ≥ 0).
    public var lexiconWeight: Double

    public init(
        alpha: Double = NaiveBayesParameters().alpha, complement: Bool = false, empiricalPrior: Bool = false,
        spreadWeighting: Bool = false, tokenBigrams: Bool = false, charBigrams: Bool = true, binary: Bool = true,
        removeStopwords: Bool = false, useLexicon: Bool = true, lexiconWeight: Double = Calibration().lexiconWeight
    ) {
        self.alpha = alpha
        self.complement = complement
        self.empiricalPrior = empiricalPrior
        self.spreadWeighting = spreadWeighting
        self.tokenBigrams = tokenBigrams
        self.charBigrams = charBigrams
        self.binary = binary
        self.removeStopwords = removeStopwords
        self.useLexicon = useLexicon
        self.lexiconWeight = lexiconWeight
    }

    /// Throws `ClassifierError.badSetting` for a value no model can be trained with.
    public func validate() throws(ClassifierError) {
        guard alpha.isFinite, alpha > 0, alpha <= 1e6 else {
            throw .badSetting(name: "alpha", reason: "must be a finite number above 0 and at most 1e6, not \(alpha)")
        }
        guard lexiconWeight.isFinite, lexiconWeight >= 0, lexiconWeight <= 1e3 else {
            throw .badSetting(name: "lexicon-weight", reason: "must be a finite number from 0 to 1000, not \(lexiconWeight)")
        }
    }

    /// A trainer with these settings over the taxonomy, lexicon, dictionary and stopwords of a
    /// lexicon directory; the nature model also learns from the bundled nature corpus
    /// (`corpora/natures/train.jsonl` beside the lexicons) when it is there.
    public func trainer(lexicons: URL) throws -> Trainer {
        try validate()
        let taxonomy = try Taxonomy.load(lexicons: lexicons)
        let lexicon = useLexicon ? try Lexicon.load(lexicons: lexicons, taxonomy: taxonomy) : Lexicon(labels: [])
        return Trainer(
            taxonomy: taxonomy, lexicon: lexicon,
            tokenizer: try TokenizerSettings.load(lexicons: lexicons, options: .init(removeStopwords: removeStopwords)),
            features: FeatureOptions(charBigrams: charBigrams, tokenBigrams: tokenBigrams, binary: binary),
            parameters: NaiveBayesParameters(
                alpha: alpha, complement: complement, uniformPrior: !empiricalPrior, spreadWeighting: spreadWeighting),
            calibration: Calibration(lexiconWeight: lexiconWeight), natureCorpus: NatureCorpus.bundled(lexicons: lexicons))
    }
}
