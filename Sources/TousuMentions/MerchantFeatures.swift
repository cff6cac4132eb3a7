import Foundation
import TousuText

/// Closed classes of words around a candidate that the confidence counts as evidence
/// (`lexicons/mentions/cues.tsv`, `class<TAB>word`): the word before the mention (在, 住 — a
/// place one goes to; 一个, 这家, 的 — a kind of business), verbs of going that make a name a
/// verb phrase (抵达酒店, 离店), words after it that make it a time (抵达酒店后), and the
/// everyday business words (酒店, 超市) that stand for a kind more often than for a name.
public struct MerchantCues: Sendable, Equatable {
    public var locative: Set<String> = []
    public var determiner: Set<String> = []
    public var motion: Set<String> = []
    public var afterTime: Set<String> = []
    public var everydayTypes: Set<String> = []

    public init() {}

    /// Reads `class<TAB>word` lines (classes: locative, determiner, motion, after_time, everyday_type).
    public static func read(_ url: URL, normalizer: Normalizer = Normalizer()) throws -> MerchantCues {
        var c = MerchantCues()
        for (i, line) in try PhraseFile.lines(url).enumerated() {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.isEmpty || text.hasPrefix("#") { continue }
            let parts = text.split(separator: "\t").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { throw MentionError.badData(path: url.path, line: i + 1, reason: "expected class<TAB>word") }
            let word = try normalizer.normalize(parts[1]).text
            switch parts[0] {
            case "locative": c.locative.insert(word)
            case "determiner": c.determiner.insert(word)
            case "motion": c.motion.insert(word)
            case "after_time": c.afterTime.insert(word)
            case "everyday_type": c.everydayTypes.insert(word)
            default: throw MentionError.badData(path: url.path, line: i + 1, reason: "unknown class \(parts[0])")
            }
        }
        return c
    }
}

extension MerchantFinder {
    /// Suffixes that make an attribute of a word (产权式, 经济型, 五星级, 经济性).
    static let descriptorSuffixes: Set<Character> = ["式", "型", "级", "性"]

    /// The evidence as named 0/1 features for `MerchantConfidence`. A known or quoted name has
    /// only its origin; a walked-back name is judged by its type word, the shape of its name
    /// and the words around it.
    func features(_ e: MerchantEvidence) -> [String: Double] {
        switch e.origin {
        case .known: return ["origin_known": 1]
        case .quoted: return ["origin_quoted": 1]
        case .pattern: break
        }
        var f: [String: Double] = [:]
        let name = e.name
        if e.type.count == 1 {
            f["type_single"] = 1
        } else if cues.everydayTypes.contains(e.type) {
            f["type_everyday"] = 1
        }
        if e.nameTokens.allSatisfy({ $0.count == 1 }) {
            f["name_unknown_chars"] = 1
        } else if e.nameTokens.count == 1 {
            f["name_one_word"] = 1
        }
        if e.nameIsPlace {
            f["name_place"] = 1
        } else if e.placePrefix > 0 {
            f["name_place_led"] = 1
        }
        if name.contains(where: { $0.isASCII && $0.isNumber }) { f["name_digit"] = 1 }
        if name.contains(where: { $0 >= "a" && $0 <= "z" }) { f["name_latin"] = 1 }
        if name.count >= 5 { f["name_long"] = 1 }
        // A number and its unit (50元店, 30分餐厅): a quantity, not a name.
        let digits = name.prefix(while: { $0.isASCII && $0.isNumber })
        if !digits.isEmpty, let next = name.dropFirst(digits.count).first, !(next >= "a" && next <= "z") { f["name_quantity"] = 1 }
        // A name that starts with a business word (店中店).
        if typeWords.contains(where: { name.hasPrefix($0) }) { f["name_type_led"] = 1 }
        // A verb of going in the name, alone or ending a word (抵达酒店, 清晨离店, 抽空去|实体店).
        if e.nameTokens.contains(where: { t in cues.motion.contains(t) || (t.count >= 2 && t.last.map { cues.motion.contains(String($0)) } == true) }) {
            f["name_verb_led"] = 1
        }
        // An attribute, not a name: a word made with 式/型/级/性 (产权式公寓, 五星级大酒店) or such a
        // suffix left alone at the name's start when its word ran into the walk (经济|性|快捷酒店).
        if let last = name.last, Self.descriptorSuffixes.contains(last) { f["name_descriptor"] = 1 }
        if let first = e.nameTokens.first, first.count == 1, let c = first.first, Self.descriptorSuffixes.contains(c) {
            f["name_descriptor"] = 1
        }
        // A known chain or platform with more words before the type word (京东自提店): a branch.
        var knownLed = false
        known.forEachMatch(in: Array(name.utf16), from: 0) { _, _ in knownLed = true }
        if knownLed { f["name_known_led"] = 1 }
        switch e.before.last ?? "^" {
        case "^": f["before_boundary"] = 1
        case let w where cues.locative.contains(w): f["before_locative"] = 1
        case let w where cues.determiner.contains(w): f["before_determiner"] = 1
        default: break
        }
        // A place-named hotel one stays at (住延安饭店) against the place's hotels in general (整个
        // 乌鲁木齐酒店, 比香港酒店): the word before matters only together with the place.
        if e.nameIsPlace, f["before_locative"] != nil { f["place_after_locative"] = 1 }
        if cues.afterTime.contains(e.after) { f["after_time"] = 1 }
        if e.keyCount >= 2 { f["repeated"] = 1 }
        return f
    }
}
