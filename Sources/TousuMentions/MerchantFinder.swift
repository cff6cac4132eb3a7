import Foundation
import TousuText

/// A merchant named in a text: name characters right before a merchant-type word
/// (丽人坊 + 美容院), or a quoted name before one (“金色年华”养生馆).
public struct MerchantMention: Sendable, Equatable, Codable {
    /// Name + type as normalized ("丽人坊美容院"): the merchant key.
    public var key: String
    /// The name part ("丽人坊").
    public var name: String
    /// The merchant-type word ("美容院").
    public var type: String
    /// Range in the normalized text (UTF-16 units).
    public var start: Int
    public var end: Int
}

/// Finds merchant mentions by patterns over the tokens of a text. ICU leaves an unknown name
/// as single characters (丽 人 坊 美容院); walking back from the merchant-type word over the
/// tokens joined without a gap merges them back, stopping at punctuation, a pronoun, function
/// word, verb or place word (`name_stops.txt`), or at `maxNameLength` characters.
public struct MerchantFinder: Sendable {
    let types: PhraseTrie
    let typeWords: [String]
    let stops: Set<String>
    let vocabulary: Set<String>
    let generic: Set<String>
    /// Platform and chain names (京东, 支付宝) matched by characters, and the generic words,
    /// as tries: ICU often cuts such a name (在京|东|平台), so a name followed by a type word is
    /// found however the tokens fall.
    let known: PhraseTrie
    let genericTrie: PhraseTrie
    /// Place names (gazetteer, also without 省/市) that may lead a name: evidence, not a stop.
    let places: PhraseTrie
    /// How sure a candidate must be to count as a mention (default: every candidate counts).
    public var confidence: MerchantConfidence = .acceptAll
    /// Word classes the confidence's features look for around a candidate.
    public var cues = MerchantCues()
    /// Longest name kept before a type word, in characters (default 10).
    public var maxNameLength = 10
    /// Shortest name (default 2 characters: "这家店" has none).
    public var minNameLength = 2

    /// `places` are place names (evidence for a candidate, see `MerchantEvidence`); `stops` are function words and the like that end a name; `vocabulary` everyday complaint
    /// words that end one too, and a name of single characters that ran into one is taken for
    /// a split word (轮毂|开 裂|4S店), not a name; `generic` are words that may stand inside a
    /// name but are not one alone (快递公司, 培训机构); `known` are platform and chain names that
    /// name a merchant when a type word follows, business words between or not (京东平台,
    /// 京东自营商城).
    public init(
        types: [String], stops: [String], vocabulary: [String] = [], generic: [String] = [],
        known: [String] = [], places: [String] = [], normalizer: Normalizer = Normalizer()
    ) throws {
        var trie = PhraseTrie()
        var words: [String] = []
        for t in types {
            let n = try normalizer.normalize(t)
            let id = trie.insert(n.units)
            if id == words.count { words.append(n.text) }
        }
        self.types = trie
        self.typeWords = words
        self.stops = Set(try stops.map { try normalizer.normalize($0).text })
        self.generic = Set(try generic.map { try normalizer.normalize($0).text })
        self.vocabulary = Set(try vocabulary.map { try normalizer.normalize($0).text })
        var knownTrie = PhraseTrie()
        for k in known { _ = knownTrie.insert(try normalizer.normalize(k).units) }
        self.known = knownTrie
        var genericTrie = PhraseTrie()
        for g in generic { _ = genericTrie.insert(try normalizer.normalize(g).units) }
        self.genericTrie = genericTrie
        var placeTrie = PhraseTrie()
        for p in places { _ = placeTrie.insert(try normalizer.normalize(p).units) }
        self.places = placeTrie
    }

    /// All merchant mentions of a tokenized text whose confidence reaches the threshold, in order.
    public func mentions(in text: TokenizedText) -> [MerchantMention] {
        candidates(in: text).filter { confidence.accepts($0.evidence) }.map(\.mention)
    }

    /// Every candidate the patterns find, with the evidence for it, in order (before the
    /// confidence threshold; `mentions(in:)` keeps those that reach it).
    public func candidates(in text: TokenizedText) -> [MerchantCandidate] {
        let u = text.normalized.units
        let tokens = text.tokens.filter { $0.kind != .symbol }
        guard !tokens.isEmpty else { return [] }
        let found = patternMentions(u, tokens: tokens)
        guard !found.isEmpty else { return [] }
        let whole = String(decoding: u, as: UTF16.self)
        return found.map { f in
            MerchantCandidate(mention: f.mention, evidence: evidence(for: f.mention, origin: f.origin, in: text, whole: whole, tokens: tokens))
        }
    }

    private func patternMentions(_ u: [UInt16], tokens: [Token]) -> [(mention: MerchantMention, origin: MerchantOrigin)] {
        var endToken: [Int: Int] = [:]
        for (i, t) in tokens.enumerated() { endToken[Int(t.end)] = i }
        // Token index holding each unit (nil in gaps).
        var owner = [Int](repeating: -1, count: u.count)
        for (i, t) in tokens.enumerated() { for p in t.range { owner[p] = i } }
        var out: [(mention: MerchantMention, origin: MerchantOrigin)] = []
        var p = 0
        var coveredTo = 0
        while p < u.count {
            guard owner[p] >= 0 else { p += 1; continue }
            if p >= coveredTo, let m = knownNameMention(u, owner: owner, endToken: endToken, at: p) {
                out.append((m, .known))
                coveredTo = m.end
                p = m.end
                continue
            }
            // The longest type word starting here that ends at a token end, with no gap inside,
            // and not cutting a word that runs into it from before (生|喝酒|店 is no 酒店) unless
            // ICU found no word in the rest of it (雅蔻雅美|发|店: 雅蔻雅 + 美发店).
            let cutsWord = Int(tokens[owner[p]].start) < p
            var best: (end: Int, id: Int)? = nil
            types.forEachMatch(in: u, from: p) { e, id in
                guard endToken[e] != nil, owner[e - 1] >= 0 else { return }
                if cutsWord && Int(tokens[owner[p]].end) < e
                    && !Self.restIsSingles(tokens, owner: owner, from: Int(tokens[owner[p]].end), to: e) { return }
                if (p..<e).allSatisfy({ owner[$0] >= 0 }) { best = (e, id) }
            }
            guard let (e, id) = best, p >= coveredTo, !endsLongerType(u, at: p, end: e) else { p += 1; continue }
            if let (found, origin) = mention(u: u, tokens: tokens, owner: owner, typeStart: p, typeEnd: e, typeID: id, after: coveredTo) {
                var m = found
                // 渊大教育 + 科技有限公司: the company's full name runs on to a company word.
                if let (end, type) = companyEnd(u, owner: owner, endToken: endToken, from: e) {
                    m.type = type
                    m.key = m.name + string(u, m.end..<end)
                    m.key = string(u, m.start..<end).replacingOccurrences(of: "“", with: "").replacingOccurrences(of: "”", with: "")
                    m.end = end
                }
                out.append((m, origin))
                coveredTo = m.end
                p = m.end
            } else {
                p = e  // no merchant here; the type word is not searched again inside itself
            }
        }
        return out
    }

    /// Whether `start..<end` (token boundaries) is two or more tokens of one character each: the
    /// rest of a type word that ICU, having joined its first character to the word before
    /// (雅美|发|店), left without a word of its own.
    private static func restIsSingles(_ tokens: [Token], owner: [Int], from start: Int, to end: Int) -> Bool {
        guard start < end, owner[start] >= 0 else { return false }
        let rest = Self.tokens(tokens, owner: owner, from: start, to: end)
        return rest.count >= 2 && rest.last.map { Int($0.end) == end } == true && rest.allSatisfy { $0.end - $0.start == 1 }
    }

    /// The end of the last stop or everyday word of two or more characters that lies, split into
    /// single-character tokens, inside `start..<end` (无 心 吐 槽 → after 吐槽), if any.
    private func splitWordEnd(_ u: [UInt16], tokens: [Token], owner: [Int], from start: Int, to end: Int) -> Int? {
        let singles = Self.tokens(tokens, owner: owner, from: start, to: end).filter { $0.end - $0.start == 1 }
        guard singles.count >= 2 else { return nil }
        var last: Int? = nil
        var i = 0
        while i + 1 < singles.count {
            var j = i + 1
            while j < singles.count && singles[j].start == singles[j - 1].end && j - i < 4 {
                let word = string(u, Int(singles[i].start)..<Int(singles[j].end))
                if stops.contains(word) || vocabulary.contains(word) { last = Int(singles[j].end) }
                j += 1
            }
            i += 1
        }
        return last
    }

    /// The tokens lying inside `start..<end`, `start` a token start or in a gap before one (found
    /// by index, not by a scan of the whole text: this runs for every candidate name).
    private static func tokens(_ tokens: [Token], owner: [Int], from start: Int, to end: Int) -> ArraySlice<Token> {
        var start = start
        while start < end && owner[start] < 0 { start += 1 }  // a gap (space) before the next token
        guard start < end else { return [] }
        var hi = owner[start]
        while hi < tokens.count && Int(tokens[hi].end) <= end { hi += 1 }
        return tokens[owner[start]..<hi]
    }

    /// Whether a longer type word starting just before `p` ends at `end` too: then this shorter
    /// one is only its tail (生喝|酒店 rejected leaves 店, dx5|4s店 leaves 店), not a type of its own.
    private func endsLongerType(_ u: [UInt16], at p: Int, end: Int) -> Bool {
        for q in max(0, p - 4)..<p {
            var reaches = false
            types.forEachMatch(in: u, from: q) { e, _ in if e == end { reaches = true } }
            if reaches { return true }
        }
        return false
    }

    /// A known name starting at `p` (longest), then business words (自营), then a type word that
    /// ends at a token end, all without a gap: 京东平台, 支付宝平台, 京东自营商城.
    private func knownNameMention(_ u: [UInt16], owner: [Int], endToken: [Int: Int], at p: Int) -> MerchantMention? {
        var nameEnd: Int? = nil
        known.forEachMatch(in: u, from: p) { e, _ in nameEnd = e }
        guard let nameEnd else { return nil }
        var q = nameEnd
        for _ in 0..<3 {
            var best: (end: Int, id: Int)? = nil
            types.forEachMatch(in: u, from: q) { e, id in
                guard (p..<e).allSatisfy({ owner[$0] >= 0 }) else { return }
                if endToken[e] != nil || endsInPersonWord(u, endToken: endToken, at: e) { best = (e, id) }
            }
            if let (e, id) = best {
                return MerchantMention(key: string(u, p..<e), name: string(u, p..<q), type: typeWords[id], start: p, end: e)
            }
            var business: Int? = nil
            genericTrie.forEachMatch(in: u, from: q) { e, _ in business = e }
            guard let next = business else { return nil }
            q = next
        }
        return nil
    }

    /// Words for a person of the business that follow its type word in one token (京东快递|员,
    /// 顺丰快递|小哥): the courier named is the business (`knownNameMention` only).
    static let personWords = ["员", "人员", "小哥"].map { Array($0.utf16) }

    /// Whether a person word runs from `e` to a token end (快递员 as one token).
    private func endsInPersonWord(_ u: [UInt16], endToken: [Int: Int], at e: Int) -> Bool {
        Self.personWords.contains { w in
            e + w.count <= u.count && endToken[e + w.count] != nil && Array(u[e..<(e + w.count)]) == w
        }
    }

    private func mention(u: [UInt16], tokens: [Token], owner: [Int], typeStart p: Int, typeEnd e: Int, typeID: Int, after floor: Int) -> (MerchantMention, MerchantOrigin)? {
        // A whole quoted name that ends with the type word: “重庆等一个人青年旅社”.
        if let q = quotedAround(u, typeStart: p, typeEnd: e), q.lowerBound < p, q.lowerBound >= floor {
            let name = string(u, q.lowerBound..<p)
            // “好心的酒店”: an attribute with 的 before the type word describes a place, it names none.
            if name.count >= minNameLength && !generic.contains(name) && !name.hasSuffix("的") {
                return make(u, name: name, typeID: typeID, start: q.lowerBound, end: e).map { ($0, .quoted) }
            }
        }
        let k = owner[p]
        var nameStart = p
        var words: [String] = []
        // The part of the type's first token before it (华联超市 as one token).
        if Int(tokens[k].start) < p {
            let prefix = string(u, Int(tokens[k].start)..<p)
            // One everyday word with the type (体验店, 实体店) is a kind of shop, not a name.
            if isStop(prefix) || vocabulary.contains(prefix) { return nil }
            nameStart = Int(tokens[k].start)
            words.append(prefix)
        }
        var m = k - 1
        var ranIntoWord = false
        while m >= 0 {
            let t = tokens[m]
            // Not into the previous mention (京东快递|分店).
            guard Int(t.end) == nameStart, t.kind != .symbol, Int(t.start) >= floor else { break }
            let word = string(u, t.range)
            if generic.contains(word) {
                // a business word inside a name
            } else if isStop(word) {
                break
            } else if vocabulary.contains(word) {
                ranIntoWord = true
                break
            }
            if p - Int(t.start) > maxNameLength { ranIntoWord = true; break }
            nameStart = Int(t.start)
            words.append(word)
            m -= 1
        }
        if p - nameStart < minNameLength {
            // A quoted name right before the type word: “金色年华”养生馆.
            guard let q = quoted(u, before: p) else { return nil }
            nameStart = q.lowerBound
            let name = string(u, q)
            guard !generic.contains(name) else { return nil }
            return make(u, name: name, typeID: typeID, start: q.lowerBound - 1, end: e).map { ($0, .quoted) }
        }
        // Couriers, delivery and fresh-food services are a known few (顺丰快递, 百度外卖, found
        // above); before these words a run of text is mostly a verb or a dish (点外卖, 渣渣快递).
        if Self.knownOnlyTypes.contains(typeWords[typeID]) { return nil }
        // A stop or everyday word that ICU split into single characters (吐 槽|快递) ends the
        // name as the whole word would have: the name is what follows it.
        if let cut = splitWordEnd(u, tokens: tokens, owner: owner, from: nameStart, to: p) {
            nameStart = cut
            ranIntoWord = true
            words = Self.tokens(tokens, owner: owner, from: cut, to: p).map { string(u, $0.range) }
            if p - nameStart < minNameLength { return nil }
        }
        let name = string(u, nameStart..<p)
        // Single characters after an everyday word are a word ICU split, not a name (轮毂|开 裂).
        if ranIntoWord && words.allSatisfy({ $0.count == 1 }) { return nil }
        // A dealer (4S店) is named by a word, not by a model code or split characters (东南DX5|4S店).
        if Self.strictTypes.contains(typeWords[typeID]) {
            guard words.contains(where: { $0.count >= 2 && $0.unicodeScalars.allSatisfy { $0.value >= 0x4E00 && $0.value <= 0x9FFF } }),
                !words.contains(where: { $0.unicodeScalars.contains { $0.isASCII } })
            else { return nil }
        }
        // 快递公司, 健身培训机构: only generic words, no name.
        guard !words.allSatisfy({ generic.contains($0) }), !generic.contains(name) else { return nil }
        guard !name.unicodeScalars.allSatisfy({ $0.properties.numericType != nil }) else { return nil }
        return make(u, name: name, typeID: typeID, start: nameStart, end: e).map { ($0, .pattern) }
    }

    private func make(_ u: [UInt16], name: String, typeID: Int, start: Int, end: Int) -> MerchantMention? {
        guard name.count >= minNameLength, !isStop(name) else { return nil }
        let type = typeWords[typeID]
        return MerchantMention(key: name + type, name: name, type: type, start: start, end: end)
    }

    /// The range inside a pair of quotes that closes right before `p` (2…15 characters).
    private func quoted(_ u: [UInt16], before p: Int) -> Range<Int>? {
        let closers: [UInt16: UInt16] = [0x201D: 0x201C, 0x300D: 0x300C, 0x300F: 0x300E, 0x22: 0x22, 0x300B: 0x300A]
        guard p > 0, let opener = closers[u[p - 1]] else { return nil }
        var i = p - 2
        while i >= 0 && p - 1 - i <= 16 {
            if u[i] == opener {
                let r = (i + 1)..<(p - 1)
                return r.count >= minNameLength && r.count <= 15 ? r : nil
            }
            i -= 1
        }
        return nil
    }

    /// A stop word, a token led by a pronoun (我去, 他家: names do not start with one), or one
    /// made of single-character stop words (但从).
    static let companyWords = ["有限公司", "有限责任公司", "股份有限公司", "公司", "集团"]

    /// The end of a company word within 8 characters after `e` over contiguous tokens (科技有限公司).
    private func companyEnd(_ u: [UInt16], owner: [Int], endToken: [Int: Int], from e: Int) -> (Int, String)? {
        var best: (Int, String)? = nil
        var q = e
        while q < u.count, q - e <= 8, owner[q] >= 0 {
            for w in Self.companyWords {
                let units = Array(w.utf16)
                if q + units.count <= u.count, Array(u[q..<(q + units.count)]) == units, endToken[q + units.count] != nil,
                    (best.map { q + units.count > $0.0 } ?? true)
                {
                    best = (q + units.count, w)
                }
            }
            q += 1
        }
        return best
    }

    /// The quoted span around a type word that ends right before a closing quote.
    private func quotedAround(_ u: [UInt16], typeStart p: Int, typeEnd e: Int) -> Range<Int>? {
        let closers: [UInt16: UInt16] = [0x201D: 0x201C, 0x300D: 0x300C, 0x300F: 0x300E, 0x300B: 0x300A]
        guard e < u.count, let opener = closers[u[e]] else { return nil }
        var i = p - 1
        while i >= 0 && e - i <= 21 {
            if u[i] == opener { return (i + 1)..<e }
            if closers[u[i]] != nil { return nil }
            i -= 1
        }
        return nil
    }

    private func isStop(_ word: String) -> Bool {
        if stops.contains(word) { return true }
        // A verb with its aspect particle or copula (逛了, 自称是) ends a name.
        if word.count > 1, word.hasSuffix("了") || word.hasSuffix("是") { return true }
        if word.count > 1, word.allSatisfy({ stops.contains(String($0)) }) { return true }
        guard let first = word.unicodeScalars.first, word.unicodeScalars.count > 1 else { return false }
        return Self.pronouns.contains(first)
    }

    static let strictTypes: Set<String> = ["4s店"]

    /// Type words that name a merchant only after a known name (`known_names.txt`): couriers,
    /// delivery and fresh-food services are a known few (顺丰快递, 京东生鲜); before these words
    /// other text is a verb or the goods (点外卖, 冷冻生鲜).
    static let knownOnlyTypes: Set<String> = ["快递", "外卖", "生鲜"]

    static let pronouns: Set<Unicode.Scalar> = ["我", "你", "他", "她", "它", "您"]

    private func string(_ u: [UInt16], _ r: Range<Int>) -> String { String(decoding: u[r], as: UTF16.self) }
}
