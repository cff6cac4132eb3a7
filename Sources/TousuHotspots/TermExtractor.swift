import TousuText

/// The terms of a complaint for hotspots — what people would say the complaints are about:
/// - tokens: CJK tokens of at least `minCJKLength` characters and Latin words, stopwords and the
///   term stop list (`lexicons/terms/stop.txt`: 服务, 工作, 人员, 先生 …) left out;
/// - runs of single CJK characters that ICU left unknown, merged back (污 渍 → 污渍, 丽 人 坊 → 丽人坊);
/// - a code of up to 3 Latin letters glued to a CJK token of up to 2 characters after it (B柱, ABC柱);
/// - phrases: two adjacent terms with nothing between them (B柱 + 异响 → b柱异响, 退 + 费 …); only the
///   phrases that recur become hotspot terms (the counts decide).
/// - places: a unit inside a place the text names (`Place`: a division the region finder found)
///   is that place's region key instead (丰台|区 → 北京市丰台区), so that however a text writes a
///   district its records count in one term, which detection reports as the region
///   (`DetectionFrame.isPlace`); a place is in no phrase.
/// Each term once, in order of first appearance.
public struct TermExtractor: Sendable {
    /// A place named in a text: its span in the normalized text (UTF-16 units) and the key of its
    /// region (杭州市西湖区), as `RegionFinder` gives them.
    public struct Place: Sendable, Equatable {
        public var start: Int
        public var end: Int
        public var key: String
        public init(start: Int, end: Int, key: String) {
            self.start = start
            self.end = end
            self.key = key
        }
    }

    public let tokenizer: Tokenizer
    public var minCJKLength: Int
    /// Terms never used on their own (normalized).
    public var stopTerms: Set<String>
    /// Longest merged run of single characters (default 6).
    public var maxRunLength = 6
    /// Add two-term phrases (default true).
    public var phrases = true

    public init(tokenizer: Tokenizer, minCJKLength: Int = 2, stopTerms: Set<String> = []) {
        self.tokenizer = tokenizer
        self.minCJKLength = minCJKLength
        self.stopTerms = stopTerms
    }

    /// Tokenizes `text` and returns its terms.
    public func terms(_ text: String) throws -> [String] {
        terms(in: try tokenizer.tokenize(text))
    }

    /// The terms of an already tokenized text (stopwords are dropped here if the tokenizer kept
    /// them); a unit overlapping one of `places` is replaced by that place's key.
    public func terms(in result: TokenizedText, places: [Place] = []) -> [String] {
        let units = result.normalized.units
        let stop = tokenizer.stopwords
        let tokens = result.tokens.filter { t in t.kind != .symbol && stop.lookup(units, t.range) == nil }
        var seen: Set<String> = []
        var out: [String] = []
        func add(_ s: String) { if seen.insert(s).inserted { out.append(s) } }
        // Content units: (term text, start, end, usable alone).
        var unitsFound: [(text: String, start: Int32, end: Int32, alone: Bool)] = []
        var i = 0
        while i < tokens.count {
            let token = tokens[i]
            let length = token.range.count
            switch token.kind {
            case .cjk where length == 1:
                // A run of single characters with no gap: a word ICU did not know.
                var j = i
                while j + 1 < tokens.count, tokens[j + 1].kind == .cjk, tokens[j + 1].range.count == 1,
                    tokens[j + 1].start == tokens[j].end, j + 1 - i < maxRunLength
                {
                    j += 1
                }
                if j > i {
                    let s = String(decoding: units[Int(token.start)..<Int(tokens[j].end)], as: UTF16.self)
                    unitsFound.append((s, token.start, tokens[j].end, true))
                    i = j + 1
                    continue
                }
                if i > 0, Self.isCode(tokens[i - 1], before: token) {
                    unitsFound.append((result.string(tokens[i - 1]) + result.string(token), tokens[i - 1].start, token.end, true))
                }
            case .cjk:
                let s = result.string(token)
                if i > 0, Self.isCode(tokens[i - 1], before: token) {
                    // "B" + "柱" → "b柱", "ABC" + "柱" → "abc柱": a short code glued to a part name.
                    let code = result.string(tokens[i - 1]) + s
                    unitsFound.append((code, tokens[i - 1].start, token.end, true))
                }
                if length >= minCJKLength { unitsFound.append((s, token.start, token.end, true)) }
            case .latin:
                let glued = i + 1 < tokens.count && Self.isCode(token, before: tokens[i + 1])
                if length >= 2 && !glued { unitsFound.append((result.string(token), token.start, token.end, true)) }
            case .number, .symbol:
                break
            }
            i += 1
        }
        // Places: the unit (a token, or a merged run reaching into the name) is the region.
        var isPlace = [Bool](repeating: false, count: unitsFound.count)
        if !places.isEmpty {
            for k in unitsFound.indices {
                let u = unitsFound[k]
                guard let place = places.first(where: { Int(u.start) < $0.end && Int(u.end) > $0.start }) else { continue }
                unitsFound[k].text = place.key
                isPlace[k] = true
            }
        }
        for u in unitsFound where u.alone && !stopTerms.contains(u.text) { add(u.text) }
        if phrases {
            // Adjacent units (the later one starting where the earlier ends), neither generic: a
            // generic word adds nothing to the other (异响希望, 服务态度 say no more than 异响, 态度).
            for a in 0..<unitsFound.count {
                for b in (a + 1)..<min(unitsFound.count, a + 3) where unitsFound[b].start == unitsFound[a].end && !isPlace[a] && !isPlace[b] {
                    let x = unitsFound[a].text, y = unitsFound[b].text
                    if stopTerms.contains(x) || stopTerms.contains(y) { continue }
                    if y.hasSuffix(x) || x.hasSuffix(y) { continue }
                    add(x + y)
                }
            }
        }
        return out
    }

    /// A Latin code of at most 3 letters right before a CJK name of at most 2 characters.
    static func isCode(_ code: Token, before name: Token) -> Bool {
        code.kind == .latin && code.range.count <= 3 && code.end == name.start && name.kind == .cjk && name.range.count <= 2
    }
}
