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
        let histFrom = max(0, now - p.detector.historyWindows)
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
                candidates.append(Candidate(
                    group: g, count: count, expected: share * Double(n1),
                    logP: Statistics.logPValue(gSquared: g2), rate: share, historyCount: b))
            } else {
                let k = max(1, distinct[GroupKey(g.kind, sector: g.sector)]?.count ?? 1)
                let prior = Double(sectorCount[g.sector] ?? 0) / Double(allCount) / Double(k)
                let input = BurstDetector.Input(
                    counts: table.map { $0[g] ?? 0 }, exposures: totals.map(Double.init),
                    weekdays: weekdays, priorShare: prior)
                let r = p.detector.test(input)
                let historyCount = table[histFrom..<now].reduce(0) { $0 + ($1[g] ?? 0) }
                candidates.append(Candidate(
                    group: g, count: count, expected: r.expected, logP: r.logP,
                    rate: r.rate * r.weekdayFactor, historyCount: historyCount))
            }
        }
        let logQ = Statistics.benjaminiHochberg(logP: candidates.map(\.logP))
        let logFDR = log(p.fdr)
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
        // A term whose records this window mostly belong to one merchant or region hotspot is
        // that hotspot's distinguishing term, not a hotspot of its own.
        let hotGroups = Set(named.isEmpty ? [] : chosen.map(\.0.group).filter { $0.kind == .merchant || $0.kind == .region })
        if !hotGroups.isEmpty {
            let windowRecords = records.filter { r in r.date.map { kind.start(of: $0) == current } ?? false }
            chosen.removeAll { c in
                guard c.0.group.kind == .term else { return false }
                var byGroup: [GroupKey: Int] = [:]
                var total = 0
                for r in windowRecords where r.sector == c.0.group.sector && (r.tokens ?? []).contains(c.0.group.key) {
                    total += 1
                    if let m = r.merchant { byGroup[GroupKey(.merchant, sector: r.sector, key: m), default: 0] += 1 }
                    if let g = r.region { byGroup[GroupKey(.region, sector: r.sector, key: g), default: 0] += 1 }
                }
                return hotGroups.contains { Double(byGroup[$0] ?? 0) >= p.termExplainedShare * Double(max(total, 1)) }
            }
        }
        chosen.sort { ($0.0.logP, -$0.0.count, $0.0.group) < ($1.0.logP, -$1.0.count, $1.0.group) }
        chosen = Array(chosen.prefix(p.maxHotspots))

        // Describe each hotspot.
        let windowEnd = current + (kind.length - 1)
        let currentRecords = records.filter { r in r.date.map { kind.start(of: $0) == current } ?? false }
        var hotspots: [Hotspot] = []
        for (rank, (c, q)) in chosen.enumerated() {
            let g = c.group
            let exposure = g.kind == .term
                ? table.map { $0[GroupKey(.sector, sector: g.sector)] ?? 0 } : totals
            let counts = table.map { $0[g] ?? 0 }
            // First window: walk back while still elevated against the current expectation.
            var first = now
            while first > 0 {
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
            let members = currentRecords.filter { DailyAggregates.keys(of: $0).contains(g) }
            let terms = distinguishingTerms(
                of: members, group: g, table: table, histFrom: histFrom, now: now)
            let nature = g.kind == .nature ? g.key : Self.dominantNature(members)
            let sectorName = names.sector(g.sector)
            let natureName = names.nature(nature)
            let label: String
            switch g.kind {
            case .nature: label = natureName
            case .term: label = "“\(g.key)”"
            default: label = g.key
            }
            let isNew = c.historyCount == 0 && now > histFrom
            let suffix = g.kind == .term ? (isNew ? "新热词" : "热词上升") : (isNew ? "新出现投诉" : "投诉激增")
            let burstCount = counts[first...now].reduce(0, +)
            let termWords = terms.prefix(5).map(\.term)
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
