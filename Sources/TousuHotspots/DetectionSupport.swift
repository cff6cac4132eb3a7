import Foundation
import TousuText

/// Pooled statistics of the detector: echoes, prior shapes, dispersion.
extension HotspotDetector {
    /// The detections that are not echoes of more specific ones: a hotspot that would not pass
    /// `minCount`/`minRatio`, or would not stand out at p < `continueP` against its expectation,
    /// without the records it shares with the hotspots of more specific kinds (merchant, then
    /// region, then nature and term) is part of their story — a gym's closure also lifts its
    /// district and the prepaid contract complaints; a food product and a food district wave at
    /// once lift food safety between them — and is folded into the one it shares most with (its
    /// key in that one's `echoes`). `records[i]` for `i` in `window` are the window's records.
    static func withoutEchoes(
        _ chosen: [Detection], records: [ClassifiedRecord], window: [Int], parameters p: HotspotParameters
    ) -> [Detection] {
        let rank: [GroupKind: Int] = [.merchant: 0, .region: 1, .nature: 2, .term: 2]
        guard chosen.count > 1 else { return chosen }
        var members: [GroupKey: Set<Int>] = [:]
        let groups = Array(Set(chosen.map(\.group)))
        for (g, list) in zip(groups, GroupMembers.find(groups, in: records, indices: window)) where !list.isEmpty {
            members[g] = Set(list)
        }
        var out = chosen
        let order = chosen.indices.sorted { (rank[chosen[$0].group.kind] ?? 3, $0) < (rank[chosen[$1].group.kind] ?? 3, $1) }
        var kept: [Int] = []
        for i in order {
            let g = chosen[i].group
            let own = members[g] ?? []
            let floor = max(Double(p.minCount), p.minRatio * chosen[i].expected)
            // The more specific hotspots it shares records with (a hotspot of a few records — a
            // place term's run — is no echo of an unrelated one), and the records shared with any.
            var hosts: [(index: Int, shared: Int)] = []
            var shared: Set<Int> = []
            for j in kept where (rank[chosen[j].group.kind] ?? 3) < (rank[g.kind] ?? 3) {
                let common = own.intersection(members[chosen[j].group] ?? [])
                guard !common.isEmpty else { continue }
                hosts.append((j, common.count))
                shared.formUnion(common)
            }
            let rest = max(0, chosen[i].count - shared.count)
            let alone = BurstDetector.logUpperTail(rest, mean: chosen[i].expected, size: chosen[i].size)
            if let host = hosts.max(by: { ($0.shared, $1.index) < ($1.shared, $0.index) }),
                Double(rest) < floor || alone > log(p.continueP)
            {
                out[host.index].echoes.append(g)
            } else {
                kept.append(i)
            }
        }
        return kept.sorted().map { out[$0] }
    }

    /// `detections` without the term hotspots that say nothing of their own in the window
    /// (`records[i]` for `i` in `window`): those whose records hold fewer than `minimum` distinct
    /// texts — a word is news when several people write it, and four copies of one complaint (a
    /// complainant filing it four times) are one voice whose every word and phrase would otherwise
    /// be a hotspot — and those that are a piece of the name of the merchant most of their records
    /// are about (北京汽车制造厂, bj for 北京汽车制造厂BJ 212): that merchant's own test says whether it
    /// is a hotspot. A place term tested with its run (`Detection.support`) is left to the run; a
    /// term whose records are not at hand is kept.
    static func withoutHollowTerms(
        _ detections: [Detection], records: [ClassifiedRecord], window: [Int], minimum: Int
    ) -> [Detection] {
        let terms = detections.filter { $0.group.kind == .term && $0.support == nil }.map(\.group)
        guard !terms.isEmpty else { return detections }
        var hollow: Set<GroupKey> = []
        for (g, list) in zip(terms, GroupMembers.find(terms, in: records, indices: window)) where !list.isEmpty {
            if Set(list.map { records[$0].text }).count < minimum { hollow.insert(g) }
            var byMerchant: [String: Int] = [:]
            for i in list { if let m = records[i].merchant { byMerchant[m, default: 0] += 1 } }
            if let (merchant, n) = byMerchant.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }), 2 * n > list.count,
                letters(merchant).contains(letters(g.key))
            {
                hollow.insert(g)
            }
        }
        return hollow.isEmpty ? detections : detections.filter { !hollow.contains($0.group) }
    }

    /// How alike the groups of each (kind, sector) are in size: per group, the shape of a gamma
    /// distribution fitted to the counts over `history` of the *other* groups of its kind and
    /// sector that have a record (method of moments, m² / (v − m), m and v the mean and variance
    /// of their counts; leaving the group out keeps a burst from hiding itself). Missing when the
    /// others vary no more than Poisson counts or fewer than 3 of them have records. A small shape
    /// says that some groups are far bigger than the typical one, so a group with little history
    /// of its own must stand out more to be a hotspot.
    static func priorShapes(table: [[GroupKey: Int]], history: Range<Int>) -> [GroupKey: Double] {
        var counts: [GroupKey: Int] = [:]
        for i in history { addPriorCounts(table[i], to: &counts) }
        return priorShapes(counts: counts)
    }

    /// Adds a window's nature, merchant and region counts to `counts` (what `priorShapes` sums
    /// over the history; a caller walking the windows in order keeps the sum instead of redoing it).
    static func addPriorCounts(_ window: [GroupKey: Int], to counts: inout [GroupKey: Int]) {
        for (g, c) in window where g.kind == .nature || g.kind == .merchant || g.kind == .region { counts[g, default: 0] += c }
    }

    /// `priorShapes` from the groups' counts summed over the history.
    static func priorShapes(counts: [GroupKey: Int]) -> [GroupKey: Double] {
        var sums: [GroupKey: (n: Double, s1: Double, s2: Double)] = [:]
        for (g, c) in counts {
            let x = Double(c)
            let pool = GroupKey(g.kind, sector: g.sector)
            let old = sums[pool] ?? (0, 0, 0)
            sums[pool] = (old.n + 1, old.s1 + x, old.s2 + x * x)
        }
        var shapes: [GroupKey: Double] = [:]
        for (g, c) in counts {
            let x = Double(c)
            guard let all = sums[GroupKey(g.kind, sector: g.sector)], all.n >= 4 else { continue }
            let n = all.n - 1
            let m = (all.s1 - x) / n
            let v = (all.s2 - x * x - n * m * m) / (n - 1)
            if v > m { shapes[g] = max(0.05, m * m / (v - m)) }
        }
        return shapes
    }

    /// Negative-binomial size shared by the groups of each (kind, sector) tested, by the method of
    /// moments over all their history windows: Σ μ² / Σ [(c − μ)² − c], μ = the group's history
    /// rate × the window's exposure (E[(c − μ)²] = μ + μ²/size; the exposure of a term is its
    /// sector's records). Robust to past bursts: windows far above their group's rate (p < 10⁻⁶
    /// under the size estimated so far, starting from Poisson) are left out; the groups with at
    /// least one record a window on average are used (all groups when fewer than 3 have), less
    /// the most dispersed tenth of them; three rounds. Infinity (Poisson) when the counts vary no
    /// more than Poisson counts.
    static func pooledSizes(
        table: [[GroupKey: Int]], withoutTerms: [[GroupKey: Int]]? = nil, totals: [Int], history: Range<Int>,
        kinds: [GroupKind], outlierP: Double
    ) -> [GroupKey: Double] {
        // The pools are estimated apart, so they are shared out between the cores: the kinds
        // other than terms in one task (over the tables without terms, when given), the terms —
        // most of the groups — in two, by sector.
        var sectors: Set<String> = []
        if kinds.contains(.term) {
            for i in history { for (g, _) in withoutTerms?[i] ?? table[i] where g.kind == .sector { sectors.insert(g.sector) } }
        }
        let half = sectors.sorted().enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        let others = kinds.filter { $0 != .term }
        var tasks = [PoolTask(kinds: others, termSectors: nil)]
        if kinds.contains(.term) {
            tasks += [PoolTask(kinds: [.term], termSectors: (half, true)), PoolTask(kinds: [.term], termSectors: (half, false))]
        }
        let parts = parallelMap(tasks, chunk: 1) { task in
            let read = task.kinds.contains(.term) ? table : withoutTerms ?? table
            return pooledSizes(table: read, totals: totals, history: history, outlierP: outlierP) { task.covers($0) }
        }
        return parts.reduce(into: [:]) { all, part in all.merge(part) { a, _ in a } }
    }

    /// The groups whose pools one task of `pooledSizes` estimates: of the kinds listed, terms of
    /// the sectors listed (`in`: true) or of all the others (false).
    private struct PoolTask: Sendable {
        var kinds: [GroupKind]
        var termSectors: (list: [String], in: Bool)?

        func covers(_ g: GroupKey) -> Bool {
            guard kinds.contains(g.kind) else { return false }
            guard g.kind == .term, let termSectors else { return true }
            return termSectors.list.contains(g.sector) == termSectors.in
        }
    }

    /// `pooledSizes` of the groups that `included` admits (whole pools: a pool's groups are all
    /// admitted or none).
    private static func pooledSizes(
        table: [[GroupKey: Int]], totals: [Int], history: Range<Int>, outlierP: Double, included: (GroupKey) -> Bool
    ) -> [GroupKey: Double] {
        // Each group's counts over the history, from one pass over the windows' entries: most
        // groups (terms) are in a few windows only, and looking each up in every window was a
        // large part of the detection's time.
        var index: [GroupKey: Int] = [:]
        var groups: [GroupKey] = []
        var groupCounts: [[Int]] = []
        for (w, i) in history.enumerated() {
            for (g, c) in table[i] where included(g) {
                if let k = index[g] {
                    groupCounts[k][w] = c
                } else {
                    index[g] = groups.count
                    groups.append(g)
                    var counts = [Int](repeating: 0, count: history.count)
                    counts[w] = c
                    groupCounts.append(counts)
                }
            }
        }
        struct Series { var pool: GroupKey; var counts: [Int]; var means: [Double] }
        var series: [Series] = []
        var sectorExposure: [String: [Int]] = [:]
        for (g, counts) in zip(groups, groupCounts) {
            let exposure: [Int]
            if g.kind == .term {
                if sectorExposure[g.sector] == nil {
                    sectorExposure[g.sector] = history.map { table[$0][GroupKey(.sector, sector: g.sector)] ?? 0 }
                }
                exposure = sectorExposure[g.sector]!
            } else {
                exposure = Array(totals[history])
            }
            let total = exposure.reduce(0, +)
            guard total > 0 else { continue }
            let rate = Double(counts.reduce(0, +)) / Double(total)
            series.append(Series(pool: GroupKey(g.kind, sector: g.sector), counts: counts, means: exposure.map { rate * Double($0) }))
        }
        let limit = log(max(outlierP, 1e-300))
        var sizes: [GroupKey: Double] = [:]
        for _ in 0..<3 {
            // Per group: Σ μ² and Σ [(c − μ)² − c] over its windows that are not outliers.
            var parts: [GroupKey: [(Double, Double, Double)]] = [:]
            for s in series {
                let size = sizes[s.pool].flatMap { $0.isFinite ? $0 : nil }
                var n = 0.0, d = 0.0
                for (c, mu) in zip(s.counts, s.means) {
                    let x = Double(c)
                    if x > mu + 3 * mu.squareRoot() + 1, BurstDetector.logUpperTail(c, mean: mu, size: size) < limit { continue }
                    n += mu * mu
                    d += (x - mu) * (x - mu) - x
                }
                parts[s.pool, default: []].append((n, d, s.means.reduce(0, +) / Double(max(s.means.count, 1))))
            }
            // The groups with at least one record a window on average say most about the spread
            // (sparse ones are all zeros and the odd one); of those, the most dispersed tenth is
            // left out: a district or merchant that had a wave in the history must not make every
            // other group look noisy.
            for (pool, all) in parts {
                let dense = all.filter { $0.2 >= 1 }
                let list = dense.count >= 3 ? dense : all
                let kept = list.sorted { $0.1 * $1.0 < $1.1 * $0.0 }.prefix(list.count - list.count / 10)
                let n = kept.reduce(0) { $0 + $1.0 }, d = kept.reduce(0) { $0 + $1.1 }
                sizes[pool] = d > 0 ? max(0.2, n / d) : .infinity
            }
        }
        return sizes
    }
}
