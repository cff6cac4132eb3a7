import TousuText

/// Nature-lexicon evidence of a text: per nature, the summed weights of the distinct phrases
/// of that nature found in it (exclusions applied), the same sum in training and classifying.
struct NatureEvidence: Sendable {
    let matcher: LexiconMatcher
    let natures: [String]

    init(lexicon: Lexicon, natures: [String], normalizer: Normalizer) throws {
        matcher = try LexiconMatcher(lexicon: lexicon, normalizer: normalizer)
        self.natures = natures
    }

    func vector(_ text: TokenizedText) -> [Double] {
        Self.vector(matcher.matches(in: text.normalized.units), natures: natures)
    }

    /// The evidence vector of lexicon matches (sector matches are ignored).
    static func vector(_ matches: [LexiconMatcher.Match], natures: [String]) -> [Double] {
        var out = [Double](repeating: 0, count: natures.count)
        var counted: [(label: String, phrase: String)] = []
        for match in matches where match.kind == .nature {
            guard !counted.contains(where: { $0.label == match.label && $0.phrase == match.phrase }),
                  let i = natures.firstIndex(of: match.label) else { continue }
            counted.append((match.label, match.phrase))
            out[i] += match.weight
        }
        return out
    }
}
