/// One token as the CLI (`tokenize --format json`) and the service (`/v1/tokenize`) show it: its
/// normalized text, kind, and where it stands in the original (Unicode scalar offsets).
public struct TokenSpan: Sendable, Encodable, Equatable {
    public var text: String
    public var kind: String
    public var start: Int
    public var end: Int
    public var original: String
}

extension TokenizedText {
    /// Every token as a `TokenSpan`; the original texts come from one walk over the text.
    public var spans: [TokenSpan] {
        zip(tokens, originalTexts).map { token, original in
            let range = originalRange(token)
            return TokenSpan(
                text: string(token), kind: token.kind.name, start: range.lowerBound, end: range.upperBound,
                original: original)
        }
    }
}
