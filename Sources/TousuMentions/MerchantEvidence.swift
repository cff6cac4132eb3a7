import Foundation
import TousuText

/// How a merchant candidate was found.
public enum MerchantOrigin: String, Sendable, Codable {
    /// A platform or chain name of `known_names.txt` before a type word (京东快递).
    case known
    /// A quoted name (“金色年华”养生馆, “重庆等一个人青年旅社”).
    case quoted
    /// Name characters walked back from a type word (丽人坊美容院).
    case pattern
}

/// What the text says around one merchant candidate: the facts its confidence is judged from
/// (`MerchantConfidence`). Plain observations; how much each counts is the confidence's business.
public struct MerchantEvidence: Sendable, Equatable, Codable {
    public var origin: MerchantOrigin
    /// The name part and the type word, as in the mention.
    public var name: String
    public var type: String
    /// The tokens of the name part (a quoted name: the whole quoted text as one).
    public var nameTokens: [String]
    /// Up to two tokens right before the mention, nearest last; "^" stands for the start of the
    /// text or a punctuation mark (or space) between them and the mention.
    public var before: [String]
    /// The token right after the mention, "$" for the end or a punctuation mark.
    public var after: String
    /// Characters of the longest place name (gazetteer) the name starts with, 0 for none; equal
    /// to the name's length when the name is a place alone (上海宾馆).
    public var placePrefix: Int
    /// The name is an everyday word itself (`common_words.txt`, car names, complaint words).
    public var nameIsEveryday: Bool
    /// Times the mention's key occurs in the text (1 or more), and the name alone.
    public var keyCount: Int
    public var nameCount: Int
    /// The evidence as named features (see `MerchantFinder.features`), what the confidence weighs.
    public var features: [String: Double] = [:]

    /// Whether the name is exactly a place (威海市, 上海).
    public var nameIsPlace: Bool { placePrefix > 0 && placePrefix == name.count }
}

/// A merchant candidate with its evidence.
public struct MerchantCandidate: Sendable, Equatable {
    public var mention: MerchantMention
    public var evidence: MerchantEvidence
}

extension MerchantFinder {
    /// The evidence for `m`, found at `origin` in `text` (`whole`: its normalized text as a String,
    /// decoded once for all its candidates).
    func evidence(for m: MerchantMention, origin: MerchantOrigin, in text: TokenizedText, whole: String, tokens: [Token]) -> MerchantEvidence {
        let nameUnits = m.name.utf16.count
        var nameTokens: [String] = []
        if origin == .quoted {
            nameTokens = [m.name]
        } else {
            for t in tokens where Int(t.start) >= m.start && Int(t.end) <= m.start + nameUnits { nameTokens.append(text.string(t)) }
            if nameTokens.isEmpty { nameTokens = [m.name] }
        }
        // Tokens before: adjacent ones only (no punctuation or space between).
        var before: [String] = []
        var edge = m.start
        if let i = tokens.lastIndex(where: { Int($0.end) <= m.start }) {
            var j = i
            while j >= 0 && before.count < 2 {
                guard Int(tokens[j].end) == edge else { before.insert("^", at: 0); break }
                before.insert(text.string(tokens[j]), at: 0)
                edge = Int(tokens[j].start)
                j -= 1
            }
            if j < 0 && before.count < 2 && edge > 0 { before.insert("^", at: 0) }
        } else {
            before = ["^"]
        }
        if before.count > 2 { before.removeFirst(before.count - 2) }
        var after = "$"
        if let t = tokens.first(where: { Int($0.start) >= m.end }), Int(t.start) == m.end { after = text.string(t) }
        var place = 0
        places.forEachMatch(in: Array(m.name.utf16), from: 0) { e, _ in place = max(place, e) }
        let placeChars = String(decoding: Array(m.name.utf16)[0..<place], as: UTF16.self).count
        var e = MerchantEvidence(
            origin: origin, name: m.name, type: m.type, nameTokens: nameTokens, before: before, after: after,
            placePrefix: placeChars, nameIsEveryday: vocabulary.contains(m.name),
            keyCount: max(1, Self.occurrences(of: m.key, in: whole)), nameCount: max(1, Self.occurrences(of: m.name, in: whole)))
        e.features = features(e)
        return e
    }

    static func occurrences(of s: String, in text: String) -> Int {
        guard !s.isEmpty else { return 0 }
        var n = 0
        var r = text.startIndex..<text.endIndex
        while let f = text.range(of: s, range: r) {
            n += 1
            r = f.upperBound..<text.endIndex
        }
        return n
    }
}
