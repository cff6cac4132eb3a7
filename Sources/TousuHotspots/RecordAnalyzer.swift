import Foundation
import TousuMentions
import TousuText

/// The text stage of hotspot input: tokenizes a record's text once and fills in its terms, and —
/// when the record has no merchant or region field — the merchant and region its text names
/// (`merchantSource` says which), and the closure signals it carries.
public struct RecordAnalyzer: Sendable {
    public let terms: TermExtractor
    public let mentions: MentionExtractor?

    /// `terms` should use a tokenizer that keeps stopwords (the extractor drops them itself), so
    /// that merchant names are found over all tokens.
    public init(terms: TermExtractor, mentions: MentionExtractor?) {
        self.terms = terms
        self.mentions = mentions
    }

    /// From a lexicon directory: the tokenizer with its dictionary and stopwords,
    /// `terms/stop.txt`, and the mention lexicons (`mentions/`, `places/`).
    public static func load(lexicons: URL) throws -> RecordAnalyzer {
        let tokenizer = try Tokenizer.load(lexicons: lexicons)
        let stopURL = lexicons.appendingPathComponent("terms/stop.txt")
        let stop = FileManager.default.fileExists(atPath: stopURL.path)
            ? Set(try PhraseFile.read(stopURL).map { try tokenizer.normalizer.normalize($0).text }) : []
        let mentions = FileManager.default.fileExists(atPath: lexicons.appendingPathComponent("places/divisions.tsv").path)
            ? try MentionExtractor.load(lexicons: lexicons) : nil
        return RecordAnalyzer(terms: TermExtractor(tokenizer: tokenizer, stopTerms: stop), mentions: mentions)
    }

    /// Fills the record's terms (unless it has them), merchant and region (unless it has them)
    /// and closure signals.
    public func analyze(_ record: inout ClassifiedRecord) throws {
        let tokenized = try terms.tokenizer.tokenize(record.text)
        if record.tokens == nil { record.tokens = terms.terms(in: tokenized) }
        guard let mentions else { return }
        let found = mentions.mentions(in: tokenized)
        if record.merchant == nil, let m = found.merchant {
            record.merchant = m
            record.merchantSource = .text
        } else if record.merchant != nil && record.merchantSource == nil {
            record.merchantSource = .field
        }
        if record.region == nil, let r = found.region {
            record.region = r
            record.regionSource = .text
        } else if record.region != nil && record.regionSource == nil {
            record.regionSource = .field
        }
        record.closureSignals = found.closureSignals
    }
}
