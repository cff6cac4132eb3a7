import TousuText

/// The terms of a complaint for hotspots: tokens of a Tokenizer (normally with stopwords
/// removed), keeping CJK tokens of at least `minCJKLength` characters and Latin words, except
/// that a code of up to 3 Latin letters glued to a CJK token of up to 2 characters after it is
/// kept with it (B柱, ABC柱: a part name). Each term once, in order of first appearance.
public struct TermExtractor: Sendable {
    public let tokenizer: Tokenizer
    public var minCJKLength: Int

    public init(tokenizer: Tokenizer, minCJKLength: Int = 2) {
        self.tokenizer = tokenizer
        self.minCJKLength = minCJKLength
    }

    public func terms(_ text: String) throws -> [String] {
        let result = try tokenizer.tokenize(text)
        let tokens = result.tokens
        var seen: Set<String> = []
        var out: [String] = []
        func add(_ s: String) { if seen.insert(s).inserted { out.append(s) } }
        for (i, token) in tokens.enumerated() {
            let length = token.range.count
            switch token.kind {
            case .cjk:
                if length >= minCJKLength { add(result.string(token)) }
                if i > 0, Self.isCode(tokens[i - 1], before: token) {
                    // "B" + "柱" → "b柱", "ABC" + "柱" → "abc柱": a short code glued to a part name.
                    add(result.string(tokens[i - 1]) + result.string(token))
                }
            case .latin:
                // A code glued to the part name after it is a term only with that name.
                let glued = i + 1 < tokens.count && Self.isCode(token, before: tokens[i + 1])
                if length >= 2 && !glued { add(result.string(token)) }
            case .number, .symbol:
                continue
            }
        }
        return out
    }

    /// A Latin code of at most 3 letters right before a CJK name of at most 2 characters.
    static func isCode(_ code: Token, before name: Token) -> Bool {
        code.kind == .latin && code.range.count <= 3 && code.end == name.start && name.kind == .cjk && name.range.count <= 2
    }
}
