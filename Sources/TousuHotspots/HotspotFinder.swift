import Foundation

/// Finds the hotspots of one window: tests every group of the window against its own history
/// (Poisson / negative binomial for counts, G² for terms), corrects for the number of groups
/// tested (Benjamini–Hochberg), keeps those with enough support and ratio, and describes each
/// (series, first window, Kleinberg's opinion, terms, representative complaints, warning).
public struct HotspotFinder: Sendable {
    public var parameters: HotspotParameters
    public var names: DisplayNames
    public var templates: WarningTemplates

    public init(
        parameters: HotspotParameters = HotspotParameters(), names: DisplayNames = DisplayNames(),
        templates: WarningTemplates = WarningTemplates()
    ) {
        self.parameters = parameters
        self.names = names
        self.templates = templates
    }

    /// Reading figures that the report passes on.
    public struct InputSummary: Sendable {
        public var recordsRead: Int
        public var undated: Int
        public var malformed: Int
        public init(recordsRead: Int = 0, undated: Int = 0, malformed: Int = 0) {
            self.recordsRead = recordsRead
            self.undated = undated
            self.malformed = malformed
        }
    }

    /// Hotspots of the window holding `asOf` (default: the last day with records).
    /// - Parameters:
    ///   - aggregates: daily counts of the history and the current window (from the input, or
    ///     from a `HistoryStore` merged with the input).
    ///   - records: the records available for the current window (others are ignored); they give
    ///     distinguishing terms and representative complaints.
    public func find(
        aggregates: DailyAggregates, records: [ClassifiedRecord], asOf: Day? = nil,
        summary: InputSummary = InputSummary()
    ) throws(HotspotError) -> HotspotReport {
        let p = parameters
        let kind = p.window
        let windows = aggregates.windows(kind)
        guard let lastDay = asOf ?? aggregates.days.keys.max() else { throw .noDatedRecords }
        let current = kind.start(of: lastDay)
        let keep = p.detector.historyWindows + p.seriesLength
        let past = windows.keys.filter { $0 < current && (windows[$0]?[GroupKey(.total)] ?? 0) > 0 }
            .sorted().suffix(keep)
        let starts = Array(past) + [current]
        let table = starts.map { windows[$0] ?? [:] }
        let now = table.count - 1
        let totals = table.map { $0[GroupKey(.total)] ?? 0 }
        // The intake segment of the current window: history stops at a gap of more than
        // `maxGapDays` without records (after such a gap the intake may come from other sources,
        // and a group's absence before it says nothing).
        var segmentFrom = now
        while segmentFrom > 0 && starts[segmentFrom].number - starts[segmentFrom - 1].number - kind.length <= p.maxGapDays {
            segmentFrom -= 1
        }
        let histFrom = max(segmentFrom, now - p.detector.historyWindows)
        let weekdays = kind == .day ? starts.map(\.weekday) : nil

        // Distinct keys per (kind, sector) and sector shares, for the prior of new groups.
        var distinct: [GroupKey: Set<String>] = [:]
        var sectorCount: [String: Int] = [:]
        for i in histFrom...now {
            for (g, c) in table[i] {
                if g.kind == .sector { sectorCount[g.sector, default: 0] += c }
                if g.kind == .nature || g.kind == .merchant || g.kind == .region {
                    distinct[GroupKey(g.kind, sector: g.sector), default: []].insert(g.key)
                }
            }
        }
        let allCount = max(1, totals[histFrom...now].reduce(0, +))
        let sizes = now - histFrom >= 7
            ? Self.pooledSizes(table: table, totals: totals, history: histFrom..<now, kinds: p.kinds, outlierP: 1e-6)
            : [:]
        // How alike the groups are is a property of the kind (car models, districts), not of the
        // segment: estimated over all windows at hand, the current one included.
        let shapes = Self.priorShapes(table: table, history: 0..<(now + 1))

        // Test every group of the current window.
        struct Candidate {
            var group: GroupKey
            var count: Int
            var expected: Double
            var logP: Double
            var rate: Double            // per unit of exposure, weekday factor included
            var historyCount: Int
        }
        var candidates: [Candidate] = []
        for (g, count) in table[now] where p.kinds.contains(g.kind) && count > 0 {
            if g.kind == .term {
                let sectorKey = GroupKey(.sector, sector: g.sector)
                let n1 = table[now][sectorKey] ?? 0
                var b = 0, n2 = 0
                for i in histFrom..<now {
                    b += table[i][g] ?? 0
                    n2 += table[i][sectorKey] ?? 0
                }
                guard n2 > 0, n1 > 0, Double(b) <= p.maxTermHistoryShare * Double(n2) else { continue }
                let g2 = Statistics.gSquared(count, of: n1, b, of: n2)
                let share = max(Double(b), 0.5) / Double(n2)
                let expected = share * Double(n1)
                let size = sizes[GroupKey(.term, sector: g.sector)].flatMap { $0.isFinite ? $0 : nil }
                candidates.append(Candidate(
                    group: g, count: count, expected: expected,
                    logP: max(Statistics.logPValue(gSquared: g2), BurstDetector.logUpperTail(count, mean: expected, size: size)),
                    rate: share, historyCount: b))
            } else {
                let k = max(1, distinct[GroupKey(g.kind, sector: g.sector)]?.count ?? 1)
                let prior = Double(sectorCount[g.sector] ?? 0) / Double(allCount) / Double(k)
                let pool = GroupKey(g.kind, sector: g.sector)
                let input = BurstDetector.Input(
                    counts: table[histFrom...now].map { $0[g] ?? 0 }, exposures: totals[histFrom...now].map(Double.init),
                    weekdays: weekdays.map { Array($0[histFrom...now]) }, priorShare: prior,
                    size: sizes[pool] ?? .infinity, priorShape: shapes[g])
                let r = p.detector.test(input)
                let historyCount = table[histFrom..<now].reduce(0) { $0 + ($1[g] ?? 0) }
                candidates.append(Candidate(
                    group: g, count: count, expected: r.expected, logP: r.logP,
                    rate: r.rate * r.weekdayFactor, historyCount: historyCount))
            }
        }
        // Benjamini–Hochberg within each kind, each kind with an equal share of the rate: the
        // thousands of terms do not drown the few districts or natures.
        var logQ = [Double](repeating: 0, count: candidates.count)
        let kindsTested = Set(candidates.map(\.group.kind))
        for k in kindsTested {
            let members = candidates.indices.filter { candidates[$0].group.kind == k }
            let q = Statistics.benjaminiHochberg(logP: members.map { candidates[$0].logP })
            for (i, v) in zip(members, q) { logQ[i] = v }
        }
        let logFDR = log(p.fdr / Double(max(kindsTested.count, 1)))
        var chosen: [(Candidate, Double)] = []
        for (c, q) in zip(candidates, logQ)
        where c.count >= p.minCount && Double(c.count) >= p.minRatio * c.expected && q <= logFDR {
            chosen.append((c, q))
        }
        // A term that is (part of) a merchant or region hotspot's name says nothing new.
        let named = chosen.filter { $0.0.group.kind == .merchant || $0.0.group.kind == .region }
            .map { ($0.0.group.sector, Self.letters($0.0.group.key)) }
        chosen.removeAll { c in
            c.0.group.kind == .term
                && named.contains { $0.0 == c.0.group.sector && $0.1.contains(Self.letters(c.0.group.key)) }
        }
        // Echoes: a hotspot that would not be one without the records it shares with a hotspot
        // of a more specific kind (merchant, then region, then nature and term) is part of that
        // story — a gym's closure also lifts its district and the prepaid contract complaints.
        let windowRecords = records.filter { r in r.date.map { kind.start(of: $0) == current } ?? false }
        chosen = Self.withoutEchoes(chosen, records: windowRecords, parameters: p) { $0.0.group } count: { $0.0.count } expected: { $0.0.expected }
        chosen.sort { ($0.0.logP, -$0.0.count, $0.0.group) < ($1.0.logP, -$1.0.count, $1.0.group) }
        chosen = Array(chosen.prefix(p.maxHotspots))

        // Describe each hotspot.
        let windowEnd = current + (kind.length - 1)
        var hotspots: [Hotspot] = []
        for (rank, (c, q)) in chosen.enumerated() {
            let g = c.group
            let exposure = g.kind == .term
                ? table.map { $0[GroupKey(.sector, sector: g.sector)] ?? 0 } : totals
            let counts = table.map { $0[g] ?? 0 }
            // First window: walk back while still elevated against the current expectation.
            var first = now
            while first > segmentFrom {
                let i = first - 1
                let expectedThen = c.rate * Double(exposure[i])
                guard counts[i] > 0, Double(counts[i]) >= p.elevationRatio * expectedThen else { break }
                first = i
            }
            let seriesFrom = max(0, now - p.seriesLength + 1)
            let states = p.kleinberg.states(
                relevant: Array(counts[seriesFrom...now]), totals: Array(exposure[seriesFrom...now]))
            var burstStart: Day? = nil
            if let lastBurst = states.lastIndex(of: 1) {
                var j = lastBurst
                while j > 0 && states[j - 1] == 1 { j -= 1 }
                burstStart = starts[seriesFrom + j]
            }
            let series = (seriesFrom...now).map { i in
                SeriesPoint(start: starts[i], count: counts[i], total: exposure[i], kleinberg: states[i - seriesFrom])
            }
            let members = windowRecords.filter { DailyAggregates.keys(of: $0).contains(g) }
            let terms = distinguishingTerms(
                of: members, group: g, table: table, histFrom: histFrom, now: now)
            let nature = g.kind == .nature ? g.key : Self.dominantNature(members)
            let sectorName = names.sector(g.sector)
            let natureName = names.nature(nature)
            let label: String
            switch g.kind {
            case .nature: label = natureName
            case .term: label = "“\(ReportText.term(g.key))”"
            default: label = g.key
            }
            let isNew = c.historyCount == 0 && now > histFrom
            let suffix = g.kind == .term ? (isNew ? "新热词" : "热词上升") : (isNew ? "新出现投诉" : "投诉激增")
            let burstCount = counts[first...now].reduce(0, +)
            let termWords = terms.prefix(5).map { ReportText.term($0.term) }
            let values: [String: String] = [
                "period": Self.period(from: starts[first], to: windowEnd),
                "region": g.kind == .region ? g.key : "",
                "merchant": g.kind == .merchant ? g.key : "",
                "count": String(burstCount),
                "terms": termWords.isEmpty ? (g.kind == .nature ? natureName : g.key) : termWords.joined(separator: "、"),
                "nature": natureName,
            ]
            hotspots.append(Hotspot(
                rank: rank + 1, title: "\(sectorName) · \(label) · \(suffix)", kind: g.kind,
                sector: g.sector, sectorName: sectorName, nature: nature, natureName: natureName,
                key: g.key, count: c.count, expected: c.expected,
                ratio: Double(c.count) / max(c.expected, 1e-9), score: Statistics.score(logP: c.logP),
                qScore: Statistics.score(logP: q), firstWindow: starts[first], burstCount: burstCount,
                series: series, kleinberg: KleinbergOpinion(burstNow: states.last == 1, burstStart: burstStart),
                terms: terms, representatives: representatives(members, terms: terms),
                warning: templates.fill(sector: g.sector, values: values)))
        }
        return HotspotReport(
            window: kind, windowStart: current, windowEnd: windowEnd, windowRecords: totals[now],
            historyWindows: now - histFrom, tested: candidates.count, recordsRead: summary.recordsRead,
            undatedRecords: summary.undated, malformedLines: summary.malformed, parameters: p,
            hotspots: hotspots)
    }

    /// The hotspots that are not echoes of a more specific one (see `find`), strongest first
    /// within each kind. An echo needs a record count of the window's records: `records` are the
    /// window's records.
    static func withoutEchoes<C>(
        _ chosen: [C], records: [ClassifiedRecord], parameters p: HotspotParameters,
        group: (C) -> GroupKey, count: (C) -> Int, expected: (C) -> Double
    ) -> [C] {
        let rank: [GroupKind: Int] = [.merchant: 0, .region: 1, .nature: 2, .term: 2]
        guard chosen.count > 1 else { return chosen }
        var members: [GroupKey: Set<Int>] = [:]
        let groups = Set(chosen.map(group))
        for (i, r) in records.enumerated() {
            for g in DailyAggregates.keys(of: r) where groups.contains(g) { members[g, default: []].insert(i) }
        }
        let order = chosen.indices.sorted { (rank[group(chosen[$0]).kind] ?? 3, $0) < (rank[group(chosen[$1]).kind] ?? 3, $1) }
        var kept: [Int] = []
        for i in order {
            let g = group(chosen[i])
            let own = members[g] ?? []
            let floor = max(Double(p.minCount), p.minRatio * expected(chosen[i]))
            let echo = kept.contains { j in
                let h = group(chosen[j])
                guard (rank[h.kind] ?? 3) < (rank[g.kind] ?? 3) else { return false }
                let shared = own.intersection(members[h] ?? []).count
                return Double(count(chosen[i]) - shared) < floor
            }
            if !echo { kept.append(i) }
        }
        return kept.sorted().map { chosen[$0] }
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
        for i in history { for (g, c) in table[i] where g.kind == .nature || g.kind == .merchant || g.kind == .region { counts[g, default: 0] += c } }
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
        table: [[GroupKey: Int]], totals: [Int], history: Range<Int>, kinds: [GroupKind], outlierP: Double
    ) -> [GroupKey: Double] {
        var groups: Set<GroupKey> = []
        for i in history { for g in table[i].keys where kinds.contains(g.kind) { groups.insert(g) } }
        struct Series { var pool: GroupKey; var counts: [Int]; var means: [Double] }
        var series: [Series] = []
        var sectorExposure: [String: [Int]] = [:]
        for g in groups {
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
            let counts = history.map { table[$0][g] ?? 0 }
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

    /// Top G² terms of the group's records this window against the sector's records in the
    /// history and the rest of this window; terms inside the group's own name are left out.
    func distinguishingTerms(
        of members: [ClassifiedRecord], group g: GroupKey, table: [[GroupKey: Int]], histFrom: Int, now: Int
    ) -> [TermScore] {
        var inGroup: [String: Int] = [:]
        for r in members { for t in Set(r.tokens ?? []) { inGroup[t, default: 0] += 1 } }
        let n1 = members.count
        let sectorKey = GroupKey(.sector, sector: g.sector)
        var n2 = -n1
        for i in histFrom...now { n2 += table[i][sectorKey] ?? 0 }
        guard n1 > 0, n2 > 0 else { return [] }
        let name = Self.letters(g.key)
        var scores: [TermScore] = []
        for (term, a) in inGroup where a >= parameters.minTermCount && !name.contains(Self.letters(term)) {
            let termKey = GroupKey(.term, sector: g.sector, key: term)
            var b = -a
            for i in histFrom...now { b += table[i][termKey] ?? 0 }
            let g2 = Statistics.gSquared(a, of: n1, max(0, b), of: n2)
            if g2 > 0 { scores.append(TermScore(term: term, count: a, g2: g2)) }
        }
        scores.sort { ($0.g2, $0.term) > ($1.g2, $1.term) }
        return Array(scores.prefix(parameters.termsPerHotspot))
    }

    /// The records whose terms overlap most with the distinguishing terms, each matched term
    /// weighted by its G² (distinct texts; ties: input order).
    func representatives(_ members: [ClassifiedRecord], terms: [TermScore]) -> [Representative] {
        let weights = Dictionary(terms.map { ($0.term, $0.g2) }, uniquingKeysWith: max)
        let scored = members.enumerated().map { (i, r) -> (Double, Int, ClassifiedRecord) in
            var overlap = 0.0
            for t in Set(r.tokens ?? []) { overlap += weights[t] ?? 0 }
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

    /// Letters and digits only, lowercased: "一汽-大众捷达VS5" → "一汽大众捷达vs5".
    static func letters(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil })
    }

    /// Text on one line, at most `length` characters (the last one "…" when cut).
    static func snippet(_ text: String, _ length: Int) -> String {
        let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard flat.count > length else { return flat }
        return String(flat.prefix(max(0, length - 1))) + "…"
    }

    /// The most frequent nature of the records, "other" only when nothing else is there.
    static func dominantNature(_ records: [ClassifiedRecord]) -> String {
        var counts: [String: Int] = [:]
        for r in records { for n in r.natures { counts[n, default: 0] += 1 } }
        let ranked = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
        return ranked.first { $0.key != "other" }?.key ?? ranked.first?.key ?? "other"
    }

    /// "2020年6月5日至6月14日", or one day.
    static func period(from a: Day, to b: Day) -> String {
        if a == b { return a.chinese }
        let (ya, _, _) = a.civil
        let (yb, mb, db) = b.civil
        return a.chinese + "至" + (ya == yb ? "\(mb)月\(db)日" : b.chinese)
    }
}
