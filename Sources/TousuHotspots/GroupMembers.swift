import TousuText

/// Which records count in each of a few groups — the records `r` whose `DailyAggregates.keys(of:
/// r)` hold the group — found from the fields the group is about instead of building every
/// record's keys (a record of a million-complaint run has dozens of term keys; the hotspots of a
/// window are a handful of groups).
enum GroupMembers {
    /// For each group, the indices (in the order of `indices`) of the records that count in it.
    static func find(_ groups: [GroupKey], in records: [ClassifiedRecord], indices: some Sequence<Int>) -> [[Int]] {
        var out = [[Int]](repeating: [], count: groups.count)
        var byTerm: [TextKey: [Int]] = [:]
        var others: [Int] = []
        for (j, g) in groups.enumerated() {
            if g.kind == .term { byTerm[TextKey(g.key), default: []].append(j) } else { others.append(j) }
        }
        for i in indices {
            for j in others where counts(records[i], in: groups[j]) { out[j].append(i) }
            guard !byTerm.isEmpty, let tokens = records[i].tokens else { continue }
            for t in tokens {
                guard let js = byTerm[TextKey(t)] else { continue }
                // A term twice in a record counts once.
                for j in js where same(groups[j].sector, records[i].sector) && out[j].last != i { out[j].append(i) }
            }
        }
        return out
    }

    /// Whether the record counts in a group that is not a term (as `DailyAggregates.keys(of:)`).
    static func counts(_ r: ClassifiedRecord, in g: GroupKey) -> Bool {
        switch g.kind {
        case .total: return true
        case .term: return same(g.sector, r.sector) && (r.tokens ?? []).contains { same($0, g.key) }
        default: break
        }
        guard same(g.sector, r.sector) else { return false }
        switch g.kind {
        case .sector: return true
        case .nature: return r.natures.contains { same($0, g.key) }
        case .merchant: return r.merchant.map { same($0, g.key) } ?? false
        case .region: return r.region.map { same($0, g.key) } ?? false
        case .theme: return same(DailyAggregates.themeKey(r), g.key)
        case .closure: return !r.closureSignals.isEmpty && (r.merchant.map { same($0, g.key) } ?? false)
        case .total, .term: return false
        }
    }

    /// Byte equality, the equality of group keys.
    @inline(__always)
    static func same(_ a: String, _ b: String) -> Bool { UTF8Bytes.equal(a, b) }
}
