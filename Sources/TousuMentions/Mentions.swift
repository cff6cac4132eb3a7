import Foundation
import TousuText

/// What a text names: merchants, the region, and signs of a closure.
public struct Mentions: Sendable, Equatable {
    public var merchants: [MerchantMention] = []
    /// Region key (杭州市西湖区) of the most specific division named, if any.
    public var region: String?
    /// Closure signals found (关门, 跑路, …), each once, in text order.
    public var closureSignals: [String] = []

    public init(merchants: [MerchantMention] = [], region: String? = nil, closureSignals: [String] = []) {
        self.merchants = merchants
        self.region = region
        self.closureSignals = closureSignals
    }

    /// The merchant the text is about: the one named most often, the first of equals.
    public var merchant: String? {
        var counts: [String: Int] = [:]
        for m in merchants { counts[m.key, default: 0] += 1 }
        var best: (String, Int)? = nil
        for m in merchants where best == nil || counts[m.key]! > best!.1 { best = (m.key, counts[m.key]!) }
        return best?.0
    }
}

/// Where a record's merchant or region came from.
public enum MentionSource: String, Sendable, Codable {
    /// A field of the input record.
    case field
    /// Found in the text.
    case text
}

/// Finds merchants, the region and closure signals in tokenized text (a stage after the
/// tokenizer; it does not tokenize by itself). Built from `lexicons/mentions/` and
/// `lexicons/places/`.
public struct MentionExtractor: Sendable {
    public let merchants: MerchantFinder
    public let regions: RegionFinder
    let closure: PhraseTrie
    let closureWords: [String]

    public init(merchants: MerchantFinder, regions: RegionFinder, closureSignals: [String], normalizer: Normalizer = Normalizer()) throws {
        self.merchants = merchants
        self.regions = regions
        var trie = PhraseTrie()
        var words: [String] = []
        for w in closureSignals {
            let n = try normalizer.normalize(w)
            if trie.insert(n.units) == words.count { words.append(n.text) }
        }
        self.closure = trie
        self.closureWords = words
    }

    /// Loads the lexicons under a lexicon directory (`mentions/merchant_types.txt`,
    /// `name_stops.txt`, `common_words.txt`, `generic_names.txt`, `known_names.txt`, `cues.tsv`, `confidence.tsv`, `closure_signals.txt`, `places/divisions.tsv`).
    public static func load(lexicons: URL) throws -> MentionExtractor {
        let dir = lexicons.appendingPathComponent("mentions")
        func list(_ name: String) throws -> [String] {
            let url = dir.appendingPathComponent(name)
            return FileManager.default.fileExists(atPath: url.path) ? try PhraseFile.read(url) : []
        }
        let gazetteer = try Gazetteer.load(directory: lexicons.appendingPathComponent("places"))
        // Place names may lead a name (北京渊大教育), also those that are car brands too (北京).
        var places = Set(gazetteer.divisions.map(\.name))
        for d in gazetteer.divisions where d.level != .county {
            for suffix in ["省", "市"] where d.name.hasSuffix(suffix) { places.insert(String(d.name.dropLast())) }
        }
        var finder = try MerchantFinder(
            types: try list("merchant_types.txt"), stops: try list("name_stops.txt"),
            vocabulary: (try list("common_words.txt") + carNames(lexicons) + natureKeywords(lexicons)).filter { !places.contains($0) },
            generic: try list("generic_names.txt"), known: try list("known_names.txt"), places: places.sorted())
        let cues = dir.appendingPathComponent("cues.tsv")
        if FileManager.default.fileExists(atPath: cues.path) { finder.cues = try MerchantCues.read(cues) }
        let weights = dir.appendingPathComponent("confidence.tsv")
        if FileManager.default.fileExists(atPath: weights.path) { finder.confidence = try MerchantConfidence.read(weights) }
        return try MentionExtractor(merchants: finder, regions: RegionFinder(gazetteer: gazetteer), closureSignals: try list("closure_signals.txt"))
    }

    /// The complaint words of the nature lexicons (开裂, 异响, 虚假宣传): never part of a name, and
    /// ICU often splits them (皮革|开 裂|4S店), which `common_words.txt`, counted over tokens, misses.
    static func natureKeywords(_ lexicons: URL) throws -> [String] {
        let dir = lexicons.appendingPathComponent("natures")
        guard let files = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return [] }
        var words: [String] = []
        for file in files.sorted() where file.hasSuffix(".tsv") {
            for line in try PhraseFile.read(dir.appendingPathComponent(file)) {
                let phrase = line.split(separator: "\t", maxSplits: 1).first.map(String.init) ?? ""
                if phrase.count >= 2, !phrase.hasPrefix("-") { words.append(phrase) }
            }
        }
        return words
    }

    /// Car brands and models (lexicons/names): "途观4S店" is the model's dealer, not a named one.
    static func carNames(_ lexicons: URL) throws -> [String] {
        try PhraseFile.readDirectory(lexicons.appendingPathComponent("names"))
    }

    /// The mentions of one tokenized text.
    public func mentions(in text: TokenizedText) -> Mentions {
        mentions(in: text, regionMentions: regions.mentions(in: text))
    }

    /// The mentions of one tokenized text whose divisions named (`regions.mentions(in:)`) are
    /// already found.
    public func mentions(in text: TokenizedText, regionMentions: [RegionMention]) -> Mentions {
        var out = Mentions()
        out.merchants = merchants.mentions(in: text)
        out.region = regions.region(among: regionMentions)?.key
        out.closureSignals = closureSignals(in: text.normalized.units)
        return out
    }

    /// Closure signals anywhere in the normalized text (longest at each place).
    public func closureSignals(in u: [UInt16]) -> [String] {
        var seen: [String] = []
        var p = 0
        while p < u.count {
            var best: (Int, Int)? = nil
            closure.forEachMatch(in: u, from: p) { e, id in best = (e, id) }
            if let (e, id) = best {
                if !seen.contains(closureWords[id]) { seen.append(closureWords[id]) }
                p = e
            } else {
                p += 1
            }
        }
        return seen
    }
}
