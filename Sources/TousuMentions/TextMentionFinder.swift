import Foundation
import TousuText

/// The mentions of a raw text: tokenizes it (with a tokenizer that keeps stopwords, so that a
/// name is found over all tokens) and runs the `MentionExtractor`. For stages that have no
/// tokens of their own at hand, e.g. batch output (`tousu batch --mentions`).
public struct TextMentionFinder: Sendable {
    public let tokenizer: Tokenizer
    public let extractor: MentionExtractor

    public init(tokenizer: Tokenizer, extractor: MentionExtractor) {
        self.tokenizer = tokenizer
        self.extractor = extractor
    }

    /// From a lexicon directory: its tokenizer (dictionary, names) and the mention lexicons
    /// (`mentions/`, `places/`).
    public static func load(lexicons: URL) throws -> TextMentionFinder {
        TextMentionFinder(tokenizer: try Tokenizer.load(lexicons: lexicons), extractor: try MentionExtractor.load(lexicons: lexicons))
    }

    /// The merchants, region and closure signals `text` names.
    public func mentions(in text: String) throws -> Mentions {
        extractor.mentions(in: try tokenizer.tokenize(text))
    }
}
