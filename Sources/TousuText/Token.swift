/// What a token is made of.
public enum TokenKind: UInt8, Sendable, Codable {
    /// Chinese (or Japanese) characters, possibly with digits and letters inside a merged phrase.
    case cjk
    /// A word of letters (Latin and other alphabets).
    case latin
    /// Digits or a run of numerals, possibly with a date unit (2023年, 二○○一年).
    case number
    /// Punctuation or a symbol (only with `Tokenizer.Options.keepPunctuation`).
    case symbol

    public var name: String {
        switch self {
        case .cjk: "cjk"
        case .latin: "latin"
        case .number: "number"
        case .symbol: "symbol"
        }
    }
}

/// A token as a span of the normalized text: no String is built until one is asked for.
public struct Token: Sendable, Hashable {
    /// Start offset in the normalized UTF-16 units.
    public var start: Int32
    /// End offset (exclusive) in the normalized UTF-16 units.
    public var end: Int32
    public var kind: TokenKind

    public init(start: Int32, end: Int32, kind: TokenKind) {
        self.start = start
        self.end = end
        self.kind = kind
    }

    public var range: Range<Int> { Int(start)..<Int(end) }
}

/// The tokens of one text, with the normalized text they point into.
public struct TokenizedText: Sendable {
    public let normalized: NormalizedText
    public let tokens: [Token]

    /// The normalized text of a token.
    public func string(_ token: Token) -> String {
        String(decoding: normalized.units[token.range], as: UTF16.self)
    }

    /// All tokens as Strings (for output; the hot path works on spans).
    public var strings: [String] { tokens.map(string) }

    /// A token's range in the original text, in Unicode scalars.
    public func originalRange(_ token: Token) -> Range<Int> {
        normalized.originalRange(start: Int(token.start), end: Int(token.end))
    }

    /// A token's text as it stands in the original (for all tokens use `originalTexts`).
    public func originalText(_ token: Token) -> String {
        normalized.originalText(start: Int(token.start), end: Int(token.end))
    }

    /// Every token's text as it stands in the original, in one walk over the text.
    public var originalTexts: [String] { normalized.originalTexts(tokens.map(\.range)) }
}
