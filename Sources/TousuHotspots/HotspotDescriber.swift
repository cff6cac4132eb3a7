import Foundation

/// Description of detections: each hotspot's series with Kleinberg's opinion, the first window
/// and running total, distinguishing terms, where it concentrates (regions, merchants) and
/// representative complaints. No wording: titles and warnings come from `HotspotWording`.
public struct HotspotDescriber: Sendable {
    public var parameters: HotspotParameters

    public init(parameters: HotspotParameters = HotspotParameters()) { self.parameters = parameters }

    /// One hotspot per detection, ranked in the order given. `records`: the current window's records.
    public func describe(_ detections: [Detection], frame: DetectionFrame, records: [ClassifiedRecord]) -> [Hotspot] {
        let p = parameters
        let now = frame.now
        let segmentFrom = frame.segmentStart(of: now, maxGapDays: p.maxGapDays)
        let histFrom = max(segmentFrom, now - p.detector.historyWindows)
        var out: [Hotspot] = []
        let memberLists = GroupMembers.find(detections.map(\.group), in: records, indices: records.indices)
        for (rank, d) in detections.enumerated() {
            let g = d.group
            let exposure = frame.exposure(of: g)
            let counts = frame.table.map { $0[g] ?? 0 }
            let seriesFrom = max(0, now - p.seriesLength + 1)
            let states = p.kleinberg.states(relevant: Array(counts[seriesFrom...now]), totals: Array(exposure[seriesFrom...now]))
            var burstStart: Day? = nil
            if let lastBurst = states.lastIndex(of: 1) {
                var j = lastBurst
                while j > 0 && states[j - 1] == 1 { j -= 1 }
                burstStart = frame.starts[seriesFrom + j]
            }
            let series = (seriesFrom...now).map { i in
                SeriesPoint(start: frame.starts[i], count: counts[i], total: exposure[i], kleinberg: states[i - seriesFrom])
            }
            let members = memberLists[rank].map { records[$0] }
            let terms = distinguishingTerms(of: members, group: g, frame: frame, histFrom: histFrom)
            let first = min(d.firstIndex, now)
            let shown = frame.reported(g)
            out.append(Hotspot(
                rank: rank + 1, title: "", kind: shown.kind, sector: g.sector, sectorName: g.sector,
                nature: g.kind == .nature ? g.key : Self.primaryNature(members), natureName: "",
                key: g.key, count: d.count, expected: d.expected, ratio: Double(d.count) / max(d.expected, 1e-9),
                score: Statistics.score(logP: d.logP), qScore: Statistics.score(logP: d.logQ),
                firstWindow: frame.starts[first], burstCount: counts[first...now].reduce(0, +), series: series,
                kleinberg: KleinbergOpinion(burstNow: states.last == 1, burstStart: burstStart), terms: terms,
                representatives: representatives(members, terms: terms), warning: "", status: d.status,
                isNew: d.historyCount == 0 && now > histFrom,
                concentration: concentration(of: members, group: shown, frame: frame, histFrom: histFrom),
                echoes: d.echoes.map(\.key), placeInText: shown == g ? nil : true))
        }
        return out
    }

    /// Top terms of the group's records this window against the sector's records in the
    /// history and the rest of this window, by G², among those at least `minTermLift` times as
    /// frequent in the group as in the background (a word common everywhere is no term of the
    /// hotspot); terms inside the group's own name are left out, and a word is dropped when a
    /// phrase holding it was chosen with nearly its count (B柱异响 before B柱 and 异响 alone).
    func distinguishingTerms(of members: [ClassifiedRecord], group g: GroupKey, frame: DetectionFrame, histFrom: Int) -> [TermScore] {
        let now = frame.now
        var inGroup: [String: Int] = [:]
        for r in members { for t in Set(r.tokens ?? []) { inGroup[t, default: 0] += 1 } }
        // A phrase glued to part of the group's own name says only its other part (阿特兹|车身).
        let ownName = HotspotDetector.letters(g.key)
        for (term, _) in inGroup where Self.withoutName(term, ownName) != term { inGroup[term] = nil }
        let n1 = members.count
        let sectorKey = GroupKey(.sector, sector: g.sector)
        var n2 = -n1
        for i in histFrom...now { n2 += frame.table[i][sectorKey] ?? 0 }
        guard n1 > 0, n2 > 0 else { return [] }
        let name = HotspotDetector.letters(g.key)
        var scores: [TermScore] = []
        for (term, a) in inGroup where a >= parameters.minTermCount && !name.contains(HotspotDetector.letters(term)) {
            let termKey = GroupKey(.term, sector: g.sector, key: term)
            var b = -a
            for i in histFrom...now { b += frame.table[i][termKey] ?? 0 }
            b = max(0, b)
            let lift = (Double(a) / Double(n1)) / ((Double(b) + 0.5) / Double(n2))
            guard lift >= parameters.minTermLift else { continue }
            let g2 = Statistics.gSquared(a, of: n1, b, of: n2)
            if g2 > 0 { scores.append(TermScore(term: term, count: a, g2: g2)) }
        }
        scores.sort { ($0.g2, $0.term) > ($1.g2, $1.term) }
        var chosen: [TermScore] = []
        for s in scores where chosen.count < parameters.termsPerHotspot * 2 {
            chosen.append(s)
        }
        // A word inside a chosen phrase of nearly the same count says the same thing.
        let picked = chosen
        chosen.removeAll { w in
            picked.contains { ph in ph.term != w.term && ph.term.count > w.term.count && ph.term.contains(w.term) && Double(ph.count) >= 0.8 * Double(w.count) }
        }
        return Array(chosen.prefix(parameters.termsPerHotspot))
    }

    /// The term without a leading or trailing part of at least 2 characters that is inside `name`.
    static func withoutName(_ term: String, _ name: String) -> String {
        let chars = Array(term)
        guard chars.count >= 3, !name.isEmpty else { return term }
        for cut in stride(from: chars.count - 1, through: 2, by: -1) {
            if name.contains(String(chars[..<cut]).lowercased()) { return String(chars[cut...]) }
            if name.contains(String(chars[(chars.count - cut)...]).lowercased()) { return String(chars[..<(chars.count - cut)]) }
        }
        return term
    }

    /// Where the hotspot's records concentrate: the regions (and, for hotspots that are not about
    /// one merchant, the merchants) that carry most of its excess over what their share of the
    /// sector's history leads one to expect; at most 3 of each, each with ≥ 2 records and twice
    /// its expectation.
    func concentration(of members: [ClassifiedRecord], group g: GroupKey, frame: DetectionFrame, histFrom: Int) -> [Concentration] {
        let now = frame.now
        var out: [Concentration] = []
        let sectorKey = GroupKey(.sector, sector: g.sector)
        var sectorHistory = 0
        for i in histFrom..<now { sectorHistory += frame.table[i][sectorKey] ?? 0 }
        for kind in [GroupKind.region, .merchant] where kind != g.kind {
            var counts: [String: Int] = [:]
            for r in members {
                if let k = kind == .region ? r.region : r.merchant { counts[k, default: 0] += 1 }
            }
            var list: [Concentration] = []
            for (key, c) in counts where c >= 2 {
                var h = 0
                for i in histFrom..<now { h += frame.table[i][GroupKey(kind, sector: g.sector, key: key)] ?? 0 }
                let share = sectorHistory > 0 ? (Double(h) + 0.5) / Double(sectorHistory) : 0
                let expected = share * Double(members.count)
                guard Double(c) >= 2 * expected else { continue }
                list.append(Concentration(kind: kind, key: key, count: c, expected: expected))
            }
            list.sort { ($0.count - Int($0.expected.rounded()), $0.count, $1.key) > ($1.count - Int($1.expected.rounded()), $1.count, $0.key) }
            out += list.prefix(3)
        }
        return out
    }

    /// The records whose terms overlap most with the distinguishing terms, each matched term
    /// weighted by its G² (distinct texts; ties: input order). The weights are summed in the
    /// order of `terms`, so records matching the same terms tie exactly (summed in the order of a
    /// Set, they could differ in the last bit from one run to the next and swap places).
    func representatives(_ members: [ClassifiedRecord], terms: [TermScore]) -> [Representative] {
        let weights = Dictionary(terms.map { ($0.term, $0.g2) }, uniquingKeysWith: max)
        let order = Array(weights.keys).sorted { (weights[$0]!, $0) > (weights[$1]!, $1) }
        // Each distinct terms list scored once (records with equal texts carry equal terms).
        var known: [ListKey: Double] = [:]
        let scored = members.enumerated().map { (i, r) -> (Double, Int, ClassifiedRecord) in
            let key = ListKey(r.tokens ?? [])
            if let overlap = known[key] { return (overlap, i, r) }
            let own = Set(key.list)
            var overlap = 0.0
            for t in order where own.contains(t) { overlap += weights[t]! }
            known[key] = overlap
            return (overlap, i, r)
        }.sorted { ($0.0, -$0.1) > ($1.0, -$1.1) }
        var seen: Set<String> = []
        var out: [Representative] = []
        for (_, _, r) in scored where out.count < parameters.representatives {
            let snippet = Self.snippet(r.text, parameters.snippetLength)
            guard seen.insert(snippet).inserted else { continue }
            out.append(Representative(id: r.id, snippet: snippet))
        }
        return out
    }

    /// Text on one line, at most `length` characters (the last one "…" when cut).
    static func snippet(_ text: String, _ length: Int) -> String {
        let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard flat.count > length else { return flat }
        return String(flat.prefix(max(0, length - 1))) + "…"
    }

    /// The most frequent primary nature of the records (each record's first nature), then the
    /// most frequent of all their natures; "other" only when nothing else is there.
    static func primaryNature(_ records: [ClassifiedRecord]) -> String {
        var primary: [String: Int] = [:], any: [String: Int] = [:]
        for r in records {
            if let first = r.natures.first(where: { $0 != "other" }) { primary[first, default: 0] += 1 }
            for n in r.natures where n != "other" { any[n, default: 0] += 1 }
        }
        let ranked = (primary.isEmpty ? any : primary).sorted { ($0.value, $1.key) > ($1.value, $0.key) }
        return ranked.first?.key ?? "other"
    }
}
