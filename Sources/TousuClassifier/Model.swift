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
/// feature and naive-Bayes settings, calibration and the raw counts.
public struct Model: Sendable, Equatable {
    public var taxonomy: Taxonomy
    public var lexicon: Lexicon
    public var tokenizer: TokenizerSettings
    public var features: FeatureOptions
    public var parameters: NaiveBayesParameters
    public var calibration: Calibration
    public var counts: NaiveBayesCounts

    public init(
        taxonomy: Taxonomy, lexicon: Lexicon, tokenizer: TokenizerSettings, features: FeatureOptions,
        parameters: NaiveBayesParameters, calibration: Calibration, counts: NaiveBayesCounts
    ) {
        self.taxonomy = taxonomy
        self.lexicon = lexicon
        self.tokenizer = tokenizer
        self.features = features
        self.parameters = parameters
        self.calibration = calibration
        self.counts = counts
    }

    /// Adds the counts of another model trained with the same settings. Calibration becomes the
    /// document-weighted mean of the two (counts are exact; calibration is an estimate).
    public func merged(with other: Model) throws -> Model {
        guard taxonomy == other.taxonomy else { throw ClassifierError.incompatibleModels(reason: "different taxonomies") }
        guard lexicon == other.lexicon else { throw ClassifierError.incompatibleModels(reason: "different lexicons") }
        guard tokenizer == other.tokenizer else { throw ClassifierError.incompatibleModels(reason: "different tokenizer settings") }
        guard features == other.features else { throw ClassifierError.incompatibleModels(reason: "different feature settings") }
        var result = self
        result.counts.merge(other.counts)
        let a = Double(counts.documentCount), b = Double(other.counts.documentCount)
        if a + b > 0 {
            result.calibration.temperature = (calibration.temperature * a + other.calibration.temperature * b) / (a + b)
            result.calibration.lengthExponent = (calibration.lengthExponent * a + other.calibration.lengthExponent * b) / (a + b)
        }
        return result
    }
}
