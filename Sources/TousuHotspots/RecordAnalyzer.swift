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

    /// The hotspot terms of a tokenized text, a place it names (a division of the gazetteer) as
    /// that region's key (`TermExtractor.Place`): 家住丰台区 gives the term 北京市丰台区, not 丰台.
    public func hotspotTerms(of tokenized: TokenizedText) -> [String] {
        hotspotTerms(of: tokenized, regionMentions: mentions?.regions.mentions(in: tokenized) ?? [])
    }

    /// `hotspotTerms(of:)` with the divisions the text names already found.
    func hotspotTerms(of tokenized: TokenizedText, regionMentions: [RegionMention]) -> [String] {
        guard let mentions else { return terms.terms(in: tokenized) }
        let places = mentions.regions.keyed(regionMentions).map {
            TermExtractor.Place(start: $0.mention.start, end: $0.mention.end, key: $0.key)
        }
        return terms.terms(in: tokenized, places: places)
    }

    /// Tokenizes `text` and returns its hotspot terms (`hotspotTerms(of:)`).
    public func hotspotTerms(_ text: String) throws -> [String] {
        hotspotTerms(of: try terms.tokenizer.tokenize(text))
    }

    /// What `analyze` fills in.
    public struct Parts: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// The record's terms (unless it carries them).
        public static let terms = Parts(rawValue: 1)
        /// Merchant and region from the text, when the record has no such field.
        public static let mentions = Parts(rawValue: 2)
        /// Closure signals.
        public static let closure = Parts(rawValue: 4)
        public static let all: Parts = [.terms, .mentions, .closure]
    }

    /// Fills the record's terms (unless it has them), merchant and region (unless it has them)
    /// and closure signals — those of `parts`. The text is tokenized only when something asked
    /// for needs the tokens (a record with both fields and its terms is only scanned for closure
    /// signals; a period report's records need no terms: `PeriodReportBuilder` fills those it uses).
    public func analyze(_ record: inout ClassifiedRecord, parts: Parts = .all) throws {
        let needTerms = parts.contains(.terms) && record.tokens == nil
        let needMentions = mentions != nil && parts.contains(.mentions) && (record.merchant == nil || record.region == nil)
        if record.merchant != nil && record.merchantSource == nil { record.merchantSource = .field }
        if record.region != nil && record.regionSource == nil { record.regionSource = .field }
        guard needTerms || needMentions else {
            if parts.contains(.closure), let mentions {
                record.closureSignals = mentions.closureSignals(in: try terms.tokenizer.normalizer.normalize(record.text).units)
            }
            return
        }
        let tokenized = try terms.tokenizer.tokenize(record.text)
        // The divisions named, found once for the place terms and the region.
        let regionMentions = mentions?.regions.mentions(in: tokenized) ?? []
        if needTerms { record.tokens = hotspotTerms(of: tokenized, regionMentions: regionMentions) }
        guard let mentions else { return }
        record.take(mentions.mentions(in: tokenized, regionMentions: regionMentions), merchantAndRegion: needMentions, closure: parts.contains(.closure))
    }
}

extension ClassifiedRecord {
    /// Takes what the text names: the merchant and region where the record has none (source
    /// `text`), and the closure signals.
    mutating func take(_ found: Mentions, merchantAndRegion: Bool, closure: Bool) {
        if merchantAndRegion {
            if merchant == nil, let m = found.merchant {
                merchant = m
                merchantSource = .text
            }
            if region == nil, let r = found.region {
                region = r
                regionSource = .text
            }
        }
        if closure { closureSignals = found.closureSignals }
    }
}
