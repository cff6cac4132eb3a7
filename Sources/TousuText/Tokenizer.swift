/// Splits normalized complaint text into tokens: ICU word breaks, then runs of numerals merged
/// (二○○一年, 2023年), then domain phrases merged by longest match over ICU's tokens (预付卡, 4s店),
/// then stopwords dropped if asked. Whitespace and punctuation never become tokens.
/// A Tokenizer is immutable and `Sendable`: build one, share it between all threads.
public struct Tokenizer: Sendable {
    /// Which merging and filtering steps run.
    public struct Options: Sendable, Equatable, Codable {
        /// Merge runs of numerals and a following date unit into one token.
        public var mergeNumerals: Bool
        /// Merge domain-dictionary phrases that ICU split.
        public var mergePhrases: Bool
        /// Drop stopwords.
        public var removeStopwords: Bool
        /// Keep punctuation and symbols as tokens of kind `.symbol` (for scoring segmentation
        /// against a gold standard that has them; classification never wants them).
        public var keepPunctuation: Bool

        public init(
            mergeNumerals: Bool = true, mergePhrases: Bool = true, removeStopwords: Bool = false,
            keepPunctuation: Bool = false
        ) {
            self.mergeNumerals = mergeNumerals
            self.mergePhrases = mergePhrases
            self.removeStopwords = removeStopwords
            self.keepPunctuation = keepPunctuation
        }
    }

    public let normalizer: Normalizer
    public let options: Options
    /// Domain phrases and names, normalized.
    public let dictionary: PhraseTrie
    /// For each dictionary phrase id, whether it is a name (may cut through an ICU token).
    private let isName: [Bool]
    /// Stopwords, normalized.
    public let stopwords: PhraseTrie

    /// A tokenizer over the given phrase lists (normalized here, so they may be written in
    /// Traditional characters or full width). `names` are dictionary phrases that ICU does not
    /// know (car models, brands): besides merging ICU tokens they may end inside one.
    public init(
        dictionary: [String] = [], names: [String] = [], stopwords: [String] = [], options: Options = Options(),
        normalizer: Normalizer = Normalizer()
    ) throws {
        self.normalizer = normalizer
        self.options = options
        var trie = PhraseTrie()
        for phrase in dictionary { trie.insert(try normalizer.normalize(phrase).units) }
        var nameIds: [Int] = []
        for name in names { nameIds.append(trie.insert(try normalizer.normalize(name).units)) }
        var isName = [Bool](repeating: false, count: trie.count)
        for id in nameIds where id >= 0 { isName[id] = true }
        self.isName = isName
        self.dictionary = trie
        var stop = PhraseTrie()
        for word in stopwords { stop.insert(try normalizer.normalize(word).units) }
        self.stopwords = stop
    }

    /// Normalizes and tokenizes `text`.
    public func tokenize(_ text: String) throws -> TokenizedText {
        try tokenize(normalized: normalizer.normalize(text))
    }

    /// Tokenizes text that is already normalized.
    @inline(never)  // a stage of Benchmarks/callgrind.sh
    public func tokenize(normalized: NormalizedText) throws -> TokenizedText {
        let units = normalized.units
        var tokens = try Self.wordTokens(units, keepPunctuation: options.keepPunctuation)
        if options.mergeNumerals { tokens = Self.mergeNumerals(tokens, units) }
        if options.mergePhrases && dictionary.count > 0 { tokens = try mergePhrases(tokens, units) }
        if options.removeStopwords && stopwords.count > 0 {
            tokens.removeAll { stopwords.lookup(units, $0.range) != nil }
        }
        return TokenizedText(normalized: normalized, tokens: tokens)
    }

    /// ICU's word segments, without spaces and punctuation, with a kind each.
    static func wordTokens(_ units: [UInt16], keepPunctuation: Bool = false) throws -> [Token] {
        let (ends, statuses) = try ICU.wordBreaks(units)
        var tokens: [Token] = []
        tokens.reserveCapacity(ends.count)
        var start: Int32 = 0
        for (end, status) in zip(ends, statuses) {
            defer { start = end }
            let kind: TokenKind
            switch status {  // ICU's UBRK_WORD_* ranges (see tousu_icu.h)
            case ..<100:  // spaces, punctuation, symbols
                if Self.isCircleZero(units, Int(start)..<Int(end)) {
                    kind = .number  // ○ written for 〇 in years: 二○○一年
                } else if keepPunctuation && units[Int(start)] != 0x20 {
                    kind = .symbol
                } else {
                    continue
                }
            case ..<200: kind = .number
            case ..<300: kind = .latin
            default: kind = .cjk
            }
            tokens.append(Token(start: start, end: end, kind: kind))
        }
        return tokens
    }

    /// Chinese numerals and the units a date number takes.
    @inline(__always) private static func isNumeral(_ u: UInt16) -> Bool {
        switch u {
        case 0x3007, 0x25CB, 0x96F6, 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B,
            0x4E5D, 0x5341, 0x767E, 0x5343, 0x4E07, 0x4EBF, 0x4E24:
            return true  // 〇 ○ 零 一 二 三 四 五 六 七 八 九 十 百 千 万 亿 两
        default:
            return false
        }
    }

    @inline(__always) private static func isDateUnit(_ u: UInt16) -> Bool {
        u == 0x5E74 || u == 0x6708 || u == 0x65E5 || u == 0x53F7  // 年 月 日 号
    }

    private static func isCircleZero(_ units: [UInt16], _ range: Range<Int>) -> Bool {
        for i in range where units[i] != 0x25CB { return false }
        return true
    }

    private enum NumeralShape { case none, numeral, numeralWithUnit }

    /// Whether a token is numerals only, or numerals ending in a date unit (一年, 2023年).
    private static func numeralShape(_ t: Token, _ units: [UInt16]) -> NumeralShape {
        if t.kind == .number { return .numeral }
        if t.kind != .cjk { return .none }
        let last = Int(t.end) - 1
        for i in Int(t.start)..<last where !isNumeral(units[i]) { return .none }
        if isNumeral(units[last]) { return .numeral }
        return t.end - t.start >= 2 && isDateUnit(units[last]) ? .numeralWithUnit : .none
    }

    /// Merges adjacent numeral tokens, and a date unit right after them, into one number token.
    static func mergeNumerals(_ tokens: [Token], _ units: [UInt16]) -> [Token] {
        var out: [Token] = []
        out.reserveCapacity(tokens.count)
        var i = 0
        while i < tokens.count {
            guard numeralShape(tokens[i], units) == .numeral else {
                out.append(tokens[i])
                i += 1
                continue
            }
            var j = i
            while j + 1 < tokens.count && tokens[j + 1].start == tokens[j].end {
                let next = tokens[j + 1]
                let shape = numeralShape(next, units)
                if shape == .numeral {
                    j += 1
                } else if shape == .numeralWithUnit
                    || (next.end - next.start == 1 && isDateUnit(units[Int(next.start)]))
                {
                    j += 1
                    break
                } else {
                    break
                }
            }
            if j > i {
                out.append(Token(start: tokens[i].start, end: tokens[j].end, kind: .number))
            } else {
                out.append(tokens[i])
            }
            i = j + 1
        }
        return out
    }

    /// How many ICU tokens after a name cut are segmented again (ICU joins a cut-off part to the
    /// next word or two; further on its split does not change).
    static let resegmentTokens = 8

    /// Merges each longest run of tokens that spells a dictionary phrase into one token. A name
    /// may also end inside an ICU token of Han text (ICU does not know most car models and
    /// merchant names, and splits 奇骏发动机 as 奇|骏发|动机): the name becomes a token and the
    /// rest of that run of Han tokens is segmented again by ICU (奇骏|发动机) — when ICU then joins
    /// the cut-off characters to the text after them. A phrase that is only the start of one ICU
    /// token is not cut out of it (北京 stays inside 北京市).
    func mergePhrases(_ input: [Token], _ units: [UInt16]) throws -> [Token] {
        var rest = TokenStack(input)
        var out: [Token] = []
        out.reserveCapacity(input.count)
        while !rest.isEmpty {
            var best = 0
            var cut: (end: Int, token: Int)? = nil
            var k = 0
            dictionary.forEachMatch(in: units, from: Int(rest[0].start)) { end, id in
                while k + 1 < rest.count && Int(rest[k].end) < end && rest[k + 1].start == rest[k].end { k += 1 }
                if Int(rest[k].end) == end {
                    best = k
                    cut = nil
                } else if isName[id] && k > 0 && rest[k].kind == .cjk && Int(rest[k].start) < end && end < Int(rest[k].end) {
                    cut = (end, k)
                }
            }
            if let cut {
                // Segment the rest of the Han run again, from the end of the phrase — at most
                // `resegmentTokens` tokens of it, so that a long run of Han text with many names
                // stays linear (segmenting all of the rest at every name was quadratic).
                var last = cut.token
                while last + 1 < rest.count && last < cut.token + Self.resegmentTokens && rest[last + 1].kind == .cjk
                    && rest[last + 1].start == rest[last].end
                {
                    last += 1
                }
                let range = cut.end..<Int(rest[last].end)
                let again = try Self.wordTokens(Array(units[range])).map {
                    Token(start: $0.start + Int32(range.lowerBound), end: $0.end + Int32(range.lowerBound), kind: $0.kind)
                }
                // Only when ICU, seeing the rest alone, joins the cut-off part to what follows
                // (骏发|动机 → 发动机); otherwise ICU's own split stands (人|参加 is not 人参|加).
                if let first = again.first, first.end > rest[cut.token].end {
                    out.append(Token(start: rest[0].start, end: Int32(cut.end), kind: .cjk))
                    rest.replaceFront(through: last, with: again)
                    continue
                }
            }
            if best > 0 {
                var kind = TokenKind.number
                for j in 0...best where rest[j].kind != .symbol {
                    if rest[j].kind == .cjk { kind = .cjk; break }
                    if rest[j].kind == .latin { kind = .latin }
                }
                out.append(Token(start: rest[0].start, end: rest[best].end, kind: kind))
                rest.drop(best + 1)
            } else {
                out.append(rest[0])
                rest.drop(1)
            }
        }
        return out
    }
}

/// The tokens still to merge, front first: dropping and replacing tokens at the front cost only
/// what is dropped or added (stored reversed, the front is the array's end).
struct TokenStack {
    private var reversed: [Token]

    init(_ tokens: [Token]) { reversed = tokens.reversed() }

    var count: Int { reversed.count }
    var isEmpty: Bool { reversed.isEmpty }

    /// The token `offset` places after the front.
    subscript(offset: Int) -> Token { reversed[reversed.count - 1 - offset] }

    mutating func drop(_ n: Int) { reversed.removeLast(n) }

    /// Replaces the front tokens up to `offset` (included) with `tokens`.
    mutating func replaceFront(through offset: Int, with tokens: [Token]) {
        reversed.removeLast(offset + 1)
        reversed.append(contentsOf: tokens.reversed())
    }
}
