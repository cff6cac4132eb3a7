import Foundation
import TousuText

/// The tokenizer a model was trained with, kept in the model so classification uses the same.
public struct TokenizerSettings: Sendable, Codable, Equatable {
    public var options: Tokenizer.Options
    public var dictionary: [String]
    /// Names that may cut through ICU's tokens (see `Tokenizer`).
    public var names: [String]
    public var stopwords: [String]

    public init(options: Tokenizer.Options, dictionary: [String], names: [String] = [], stopwords: [String]) {
        self.options = options
        self.dictionary = dictionary
        self.names = names
        self.stopwords = stopwords
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        options = try c.decode(Tokenizer.Options.self, forKey: .options)
        dictionary = try c.decode([String].self, forKey: .dictionary)
        names = try c.decodeIfPresent([String].self, forKey: .names) ?? []  // older model files have none
        stopwords = try c.decode([String].self, forKey: .stopwords)
    }

    /// The bundled lexicon directory's dictionary and stopwords.
    public static func load(lexicons: URL, options: Tokenizer.Options) throws -> TokenizerSettings {
        TokenizerSettings(
            options: options,
            dictionary: try PhraseFile.readDirectory(lexicons.appendingPathComponent("dictionary")),
            names: try PhraseFile.readDirectory(lexicons.appendingPathComponent("names")),
            stopwords: try PhraseFile.readDirectory(lexicons.appendingPathComponent("stopwords")))
    }

    public func makeTokenizer() throws -> Tokenizer {
        try Tokenizer(dictionary: dictionary, names: names, stopwords: stopwords, options: options)
    }
}

/// Everything a classifier needs, self-contained: taxonomy, lexicon, tokenizer settings,
/// feature and naive-Bayes settings, calibration and the raw counts, for sectors and (when
/// trained with a nature corpus) for complaint natures.
public struct Model: Sendable, Equatable {
    public var taxonomy: Taxonomy
    public var lexicon: Lexicon
    public var tokenizer: TokenizerSettings
    public var features: FeatureOptions
    public var parameters: NaiveBayesParameters
    public var calibration: Calibration
    public var counts: NaiveBayesCounts
    /// The held-out sector documents calibration was fitted on (nil: a model file of format 1,
    /// which did not keep them; such a model classifies but cannot be added to).
    public var calibrationSamples: [CalibrationSample]?
    /// The nature model (nil: natures come from the nature lexicon alone).
    public var natures: NatureModel?

    public init(
        taxonomy: Taxonomy, lexicon: Lexicon, tokenizer: TokenizerSettings, features: FeatureOptions,
        parameters: NaiveBayesParameters, calibration: Calibration, counts: NaiveBayesCounts,
        calibrationSamples: [CalibrationSample]? = [], natures: NatureModel? = nil
    ) {
        self.taxonomy = taxonomy
        self.lexicon = lexicon
        self.tokenizer = tokenizer
        self.features = features
        self.parameters = parameters
        self.calibration = calibration
        self.counts = counts
        self.calibrationSamples = calibrationSamples
        self.natures = natures
    }
}
