import TousuText

/// The terms of a complaint for hotspots: tokens of a Tokenizer (normally with stopwords
/// removed), keeping CJK tokens of at least `minCJKLength` characters and Latin words, plus a
/// single Latin letter glued to a short CJK token after it (B柱, A柱), which names a part. Each term once, in order of first appearance.
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
                if i > 0, tokens[i - 1].end == token.start, tokens[i - 1].range.count == 1,
                    tokens[i - 1].kind == .latin
                {
                    // "B" + "柱" → "b柱": a short code glued to a part name.
                    let glued = result.string(tokens[i - 1]) + result.string(token)
                    if length <= 2 { add(glued) }
                }
            case .latin:
                if length >= 2 { add(result.string(token)) }
            case .number, .symbol:
                continue
            }
        }
        return out
    }
}
