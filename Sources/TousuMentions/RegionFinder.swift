import Foundation
import TousuText

/// A division named in a text.
public struct RegionMention: Sendable, Equatable, Codable {
    /// Division code and full name.
    public var code: String
    public var name: String
    public var level: Gazetteer.Level
    /// Range in the normalized text (UTF-16 units).
    public var start: Int
    public var end: Int
}

/// Finds the divisions a text names: full names anywhere (西湖区, 杭州市, 忠县), short names of
/// provinces and cities (杭州, 广东) only as whole tokens. A name that several divisions share
/// (朝阳区: Beijing and Changchun) is resolved by another division the text names (北京), else by
/// the first listed.
public struct RegionFinder: Sendable {
    public let gazetteer: Gazetteer

    public init(gazetteer: Gazetteer) { self.gazetteer = gazetteer }

    /// The divisions named, longest match at each place, in text order.
    public func mentions(in text: TokenizedText) -> [RegionMention] {
        let u = text.normalized.units
        var starts = Set<Int>(), ends = Set<Int>()
        for t in text.tokens { starts.insert(Int(t.start)); ends.insert(Int(t.end)) }
        var found: [(start: Int, end: Int, candidates: [Int])] = []
        var p = 0
        while p < u.count {
            var best: (Int, Int)? = nil
            gazetteer.names.forEachMatch(in: u, from: p) { e, id in
                let target = gazetteer.targets[id]
                if target.short && !(starts.contains(p) && ends.contains(e)) { return }
                best = (e, id)
            }
            if let (e, id) = best {
                found.append((p, e, gazetteer.targets[id].divisions))
                p = e
            } else {
                p += 1
            }
        }
        let named = Set(found.flatMap { $0.candidates.map { gazetteer.divisions[$0].code } })
        return found.map { f in
            // Prefer the candidate whose parent (or grandparent) the text also names.
            let pick = f.candidates.first { i in
                let d = gazetteer.divisions[i]
                return gazetteer.chain(d).dropLast().contains { named.contains($0.code) }
            } ?? f.candidates[0]
            let d = gazetteer.divisions[pick]
            return RegionMention(code: d.code, name: d.name, level: d.level, start: f.start, end: f.end)
        }
    }

    /// Divisions named (`mentions`) with their region keys (丰台区 → 北京市丰台区, 杭州 → 杭州市).
    public func keyed(_ mentions: [RegionMention]) -> [(mention: RegionMention, key: String)] {
        mentions.compactMap { m in gazetteer.division(code: m.code).map { (m, gazetteer.key($0)) } }
    }

    /// The region a text is about: its most specific division (a county or district before a
    /// city before a province; the first of equals), as a key with its city (杭州市西湖区).
    public func region(in text: TokenizedText) -> (key: String, mention: RegionMention)? {
        region(among: mentions(in: text))
    }

    /// The region of a text whose divisions named (`mentions(in:)`) are `all`.
    public func region(among all: [RegionMention]) -> (key: String, mention: RegionMention)? {
        guard let most = all.max(by: { ($0.level, -$0.start) < ($1.level, -$1.start) }),
            let d = gazetteer.division(code: most.code)
        else { return nil }
        return (gazetteer.key(d), most)
    }
}
