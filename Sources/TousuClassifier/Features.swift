import TousuText

/// Which features naive Bayes sees.
public struct FeatureOptions: Sendable, Codable, Equatable {
    /// Each token (numbers all count as one feature, `#num`).
    public var unigrams: Bool
    /// Each pair of adjacent Han characters in the normalized text (robust to segmentation).
    public var charBigrams: Bool
    /// Each pair of adjacent tokens.
    public var tokenBigrams: Bool
    /// Count each feature once per text (binary multinomial NB): repeated words in one long
    /// complaint do not outweigh the rest.
    public var binary: Bool

    public init(unigrams: Bool = true, charBigrams: Bool = true, tokenBigrams: Bool = false, binary: Bool = true) {
        self.unigrams = unigrams
        self.charBigrams = charBigrams
        self.tokenBigrams = tokenBigrams
        self.binary = binary
    }
}

/// Where a feature came from in a text; its name is built from this only when needed.
public enum FeatureSource: Sendable {
    case number
    case token(Token)
    /// Adjacent Han characters: the range of UTF-16 units in the normalized text.
    case characterPair(Range<Int>)
    case tokenPair(Token, Token)

    /// The feature's readable name: the token, `b:`/`t:` and the characters, `a_b`, or `#num`.
    public func name(in text: TokenizedText) -> String {
        switch self {
        case .number: return "#num"
        case .token(let token): return text.string(token)
        case .characterPair(let range):
            return "b:" + String(decoding: text.normalized.units[range], as: UTF16.self)
        case .tokenPair(let a, let b): return text.string(a) + "_" + text.string(b)
        }
    }
}

/// Turns tokenized text into 64-bit feature hashes (FNV-1a over UTF-16 units, one seed per kind),
/// without building Strings; names are built only when asked for (training vocabularies,
/// explanations).
public struct FeatureExtractor: Sendable {
    public let options: FeatureOptions

    public init(options: FeatureOptions) { self.options = options }

    private static let prime = FNV1a.prime
    static let numberFeature: UInt64 = hash(tag: 4, [])

    @inline(__always) static func hash(tag: UInt64, _ units: ArraySlice<UInt16>) -> UInt64 {
        var h = FNV1a.offset ^ (tag &* 0x9E37_79B9_7F4A_7C15)
        for u in units {
            h = (h ^ UInt64(u)) &* prime
        }
        return h
    }

    @inline(__always) private static func isHan(_ u: UInt16) -> Bool {
        (u >= 0x4E00 && u <= 0x9FFF) || (u >= 0x3400 && u <= 0x4DBF)
    }

    /// Calls `body(hash)` for every feature occurrence of the text (once per feature if binary).
    @inline(__always)
    public func forEachFeature(_ text: TokenizedText, _ body: (UInt64) -> Void) {
        forEachFeature(text) { feature, _ in body(feature) }
    }

    /// Calls `body(hash, source)` for every feature occurrence of the text (once per feature if
    /// binary); `source.name(in: text)` names it.
    @inline(__always)
    public func forEachFeature(_ text: TokenizedText, _ body: (UInt64, FeatureSource) -> Void) {
        guard options.binary else { return allFeatures(text, body) }
        // At most one feature per token, per pair of units and per pair of tokens.
        var seen = FeatureSet(capacity: 2 * text.tokens.count + text.normalized.units.count)
        allFeatures(text) { feature, source in if seen.insert(feature) { body(feature, source) } }
    }

    @inline(__always)
    private func allFeatures(_ text: TokenizedText, _ body: (UInt64, FeatureSource) -> Void) {
        let units = text.normalized.units
        if options.unigrams {
            for token in text.tokens {
                if token.kind == .number {
                    body(Self.numberFeature, .number)
                } else {
                    body(Self.hash(tag: 1, units[token.range]), .token(token))
                }
            }
        }
        if options.charBigrams && units.count > 1 {
            for i in 0..<(units.count - 1) where Self.isHan(units[i]) && Self.isHan(units[i + 1]) {
                body(Self.hash(tag: 2, units[i...(i + 1)]), .characterPair(i..<(i + 2)))
            }
        }
        if options.tokenBigrams && text.tokens.count > 1 {
            for (a, b) in zip(text.tokens, text.tokens.dropFirst()) {
                var h = Self.hash(tag: 3, units[a.range])
                h = (h ^ 0x20) &* Self.prime
                for u in units[b.range] { h = (h ^ UInt64(u)) &* Self.prime }
                body(h, .tokenPair(a, b))
            }
        }
    }
}
