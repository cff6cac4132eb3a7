import Foundation
import TousuText

/// A period report (quarter, year, 3.15): totals and change, sector and nature breakdowns, and the
/// period's top themes (十大投诉热点: sector × primary nature × merchant or product).
public struct PeriodReport: Sendable, Codable, Equatable {
    /// One row of a breakdown table.
    public struct Row: Sendable, Codable, Equatable {
        public var id: String
        public var name: String
        public var count: Int
        public var share: Double
        public var previous: Int
        /// count / previous − 1 (nil when the previous period had none).
        public var change: Double?
    }

    /// A theme of the period.
    public struct Theme: Sendable, Codable, Equatable {
        public var rank: Int
        /// Press title, e.g. "预付式消费 · 合同 · 丽人坊美容院".
        public var title: String
        public var sector: String
        public var sectorName: String
        public var nature: String
        public var natureName: String
        /// Merchant or product ("" when the records name none).
        public var merchant: String
        public var count: Int
        public var share: Double
        public var previous: Int
        public var change: Double?
        /// Complaints per ISO week of the period (weeks starting on Monday).
        public var weekly: [SeriesPoint]
        public var concentration: [Concentration]
        public var terms: [TermScore]
        public var cases: [Representative]
        public var warning: String
    }

    public var from: Day
    public var to: Day
    public var total: Int
    public var previousFrom: Day
    public var previousTo: Day
    public var previousTotal: Int
    /// The same period a year before, when the data reaches back that far.
    public var yearAgoTotal: Int?
    public var sectors: [Row]
    public var natures: [Row]
    public var themes: [Theme]
    /// Whether typical cases and terms could be given (records at hand, not only the history's counts).
    public var hasRecords: Bool
}

/// Builds period reports from daily counts (classified records or the SQLite history), and —
/// when the records are at hand — terms, concentration and typical cases of each theme.
public struct PeriodReportBuilder: Sendable {
    public var names: DisplayNames
    public var templates: WarningTemplates
    /// Themes in the report (default 10).
    public var top = 10
    /// Typical cases per theme (default 3).
    public var cases = 3
    public var snippetLength = 80
    /// Records per sector sampled for the background of the terms (default 20,000).
    public var backgroundSample = 20_000
    /// Fills the terms of records that have none (the themes' records and the background sample
    /// only: tokenizing every record of a long period is most of the time otherwise).
    public var analyzer: RecordAnalyzer?

    public init(names: DisplayNames = DisplayNames(), templates: WarningTemplates = WarningTemplates(), top: Int = 10) {
        self.names = names
        self.templates = templates
        self.top = top
    }

    /// The report for `from...to`. `records` may be empty (history only): then themes have no
    /// terms, concentration or cases.
    public func build(aggregates: DailyAggregates, records input: consuming [ClassifiedRecord], from: Day, to: Day) throws(HotspotError) -> PeriodReport {
        var records = consume input
        guard from <= to else { throw .outsideData(asked: "--from \(from) after --to \(to)", first: from, last: to) }
        guard let first = aggregates.days.keys.min(), let last = aggregates.days.keys.max() else { throw .noDatedRecords }
        guard to >= first, from <= last else { throw .outsideData(asked: "the period \(from) – \(to)", first: first, last: last) }
        let length = to.number - from.number + 1
        let previousFrom = from - length, previousTo = from - 1
        func sum(_ a: Day, _ b: Day) -> [GroupKey: Int] {
            var out: [GroupKey: Int] = [:]
            for (day, counts) in aggregates.days where day >= a && day <= b {
                for (g, c) in counts where g.kind == .total || g.kind == .sector || g.kind == .nature || g.kind == .theme {
                    out[g, default: 0] += c
                }
            }
            return out
        }
        let now = sum(from, to), before = sum(previousFrom, previousTo)
        let total = now[GroupKey(.total)] ?? 0
        let yearFrom = Day(number: from.number - 365), yearTo = Day(number: to.number - 365)
        let yearAgo = first <= yearFrom ? sum(yearFrom, yearTo)[GroupKey(.total)] ?? 0 : nil

        func rows(_ kind: GroupKind, name: (String) -> String) -> [PeriodReport.Row] {
            var counts: [String: (Int, Int)] = [:]
            // Natures by each record's primary nature (from its theme): shares add up to the total.
            func id(_ g: GroupKey) -> String? {
                kind == .sector ? (g.kind == .sector ? g.sector : nil) : (g.kind == .theme ? DailyAggregates.theme(g.key).nature : nil)
            }
            for (g, c) in now { if let k = id(g) { counts[k, default: (0, 0)].0 += c } }
            for (g, c) in before { if let k = id(g) { counts[k, default: (0, 0)].1 += c } }
            return counts.filter { $0.value.0 > 0 }.map { id, v in
                PeriodReport.Row(id: id, name: name(id), count: v.0, share: total > 0 ? Double(v.0) / Double(total) : 0, previous: v.1, change: Self.change(v.0, v.1))
            }.sorted { ($0.count, $1.id) > ($1.count, $0.id) }
        }
        let sectors = rows(.sector, name: names.sector)
        let natures = rows(.nature, name: names.nature)  // primary natures

        // Themes: ranked by volume, then growth.
        var themeCounts: [GroupKey: (Int, Int)] = [:]
        for (g, c) in now where g.kind == .theme { themeCounts[g, default: (0, 0)].0 += c }
        for (g, c) in before where g.kind == .theme { themeCounts[g, default: (0, 0)].1 += c }
        let ranked = themeCounts.filter { $0.value.0 > 0 }.sorted {
            ($0.value.0, Self.change($0.value.0, $0.value.1) ?? .infinity, $1.key) > ($1.value.0, Self.change($1.value.0, $1.value.1) ?? .infinity, $0.key)
        }.prefix(top)
        // The top themes' records (indices, input order) and, per sector, the period's records.
        var themeMembers: [GroupKey: [Int]] = [:]
        // Background document frequencies per sector, from at most `backgroundSample` records of
        // the period (every k-th), computed once per sector.
        var sectorIndices: [String: [Int]] = [:]
        let wanted = Set(ranked.map(\.key))
        for i in records.indices {
            guard let d = records[i].date, d >= from, d <= to else { continue }
            let g = GroupKey(.theme, sector: records[i].sector, key: DailyAggregates.themeKey(records[i]))
            if wanted.contains(g) { themeMembers[g, default: []].append(i) }
            sectorIndices[records[i].sector, default: []].append(i)
        }
        var background: [String: (df: [String: Int], n: Int)] = [:]
        var samples: [String: [Int]] = [:]
        for sector in Set(ranked.map(\.key.sector)) {
            let all = sectorIndices[sector] ?? []
            let step = max(1, all.count / backgroundSample)
            samples[sector] = stride(from: 0, to: all.count, by: step).map { all[$0] }
        }
        if let analyzer {
            // Terms for the records that need them, on all cores.
            var need = Set(samples.values.joined())
            for list in themeMembers.values { need.formUnion(list) }
            let list = need.filter { records[$0].tokens == nil }.sorted()
            _ = analyzer.fillTerms(&records, indices: list)
        }
        let byTheme = themeMembers.mapValues { $0.map { records[$0] } }
        for sector in Set(ranked.map(\.key.sector)) {
            // Counted on the terms' bytes (tokenizer output, normalized: byte equality is String
            // equality for them, and far cheaper to hash than a String's Unicode equality).
            var df: [TextKey: Int] = [:]
            let sample = samples[sector] ?? []
            var seen = Set<TextKey>()
            for i in sample {
                seen.removeAll(keepingCapacity: true)
                for t in records[i].tokens ?? [] where seen.insert(TextKey(t)).inserted { df[TextKey(t), default: 0] += 1 }
            }
            background[sector] = (Dictionary(df.map { ($0.key.text, $0.value) }, uniquingKeysWith: +), sample.count)
        }
        let weeks = Self.weeks(from: from, to: to)
        // Each theme's terms, concentration and cases are its own: the themes are described on
        // all cores, in rank order.
        let backgrounds = background
        let ranks = ranked.enumerated().map { RankedTheme(rank: $0.offset, group: $0.element.key, count: $0.element.value.0, previous: $0.element.value.1) }
        let themes = parallelMap(ranks, chunk: 1) { [self] t -> PeriodReport.Theme in
            let g = t.group
            let (nature, merchant) = DailyAggregates.theme(g.key)
            let members = byTheme[g] ?? []
            let weekly = weeks.map { w in
                var c = 0
                for d in 0..<7 where w + d >= from && w + d <= to { c += aggregates.days[w + d]?[g] ?? 0 }
                return SeriesPoint(start: w, count: c, total: 0, kleinberg: 0)
            }
            let terms = Self.terms(members, background: backgrounds[g.sector] ?? ([:], 0), excluding: merchant)
            let concentration = Self.regions(members)
            let natureName = nature == "other" ? "" : names.nature(nature)
            let sectorName = names.sector(g.sector)
            let title = [sectorName, natureName, merchant].filter { !$0.isEmpty }.joined(separator: " · ")
            var theme = PeriodReport.Theme(
                rank: t.rank + 1, title: title, sector: g.sector, sectorName: sectorName, nature: nature, natureName: natureName,
                merchant: merchant, count: t.count, share: total > 0 ? Double(t.count) / Double(total) : 0, previous: t.previous,
                change: Self.change(t.count, t.previous), weekly: weekly,
                concentration: concentration, terms: terms,
                cases: Self.cases(members, terms: terms, count: cases, length: snippetLength), warning: "")
            theme.warning = warning(theme, from: from, to: to)
            return theme
        }
        return PeriodReport(
            from: from, to: to, total: total, previousFrom: previousFrom, previousTo: previousTo,
            previousTotal: before[GroupKey(.total)] ?? 0, yearAgoTotal: yearAgo, sectors: sectors, natures: natures,
            themes: themes, hasRecords: !records.isEmpty)
    }

    /// The change of `count` against `previous` (0.25: up a quarter); nil without a previous count.
    static func change(_ count: Int, _ previous: Int) -> Double? { previous > 0 ? Double(count) / Double(previous) - 1 : nil }

    /// A theme of the ranking: its rank (from 0), group and counts now and in the period before.
    private struct RankedTheme: Sendable {
        var rank: Int
        var group: GroupKey
        var count: Int
        var previous: Int
    }

    /// Monday of each ISO week that overlaps the period.
    static func weeks(from: Day, to: Day) -> [Day] {
        var out: [Day] = []
        var w = from.weekStart
        while w <= to { out.append(w); w = w + 7 }
        return out
    }

    /// Terms of the theme's records against the sector's records of the period (document
    /// frequencies of a sample; G², lift ≥ 2), the merchant's own name left out.
    static func terms(_ members: [ClassifiedRecord], background: (df: [String: Int], n: Int), excluding name: String) -> [TermScore] {
        guard members.count >= 2 else { return [] }
        // Each distinct terms list once, with the number of records that carry it (records with
        // equal texts carry equal terms).
        var lists: [ListKey: Int] = [:]
        for r in members { lists[ListKey(r.tokens ?? []), default: 0] += 1 }
        var a: [String: Int] = [:]
        for (list, n) in lists { for t in Set(list.list) { a[t, default: 0] += n } }
        let b = background.df
        let n1 = members.count, n2 = max(1, background.n)
        let own = HotspotDetector.letters(name)
        var out: [TermScore] = []
        for (t, c) in a where c >= 2 {
            let rest = b[t] ?? 0
            // The lift first: it is cheap and rules out most terms before the name checks.
            guard (Double(c) / Double(n1)) >= 2 * (Double(rest) + 0.5) / Double(n2),
                own.isEmpty || !own.contains(HotspotDetector.letters(t)), HotspotDescriber.withoutName(t, own) == t
            else { continue }
            let g2 = Statistics.gSquared(c, of: n1, rest, of: n2)
            if g2 > 0 { out.append(TermScore(term: t, count: c, g2: g2)) }
        }
        out.sort { ($0.g2, $0.term) > ($1.g2, $1.term) }
        let picked = Array(out.prefix(16))
        return Array(picked.filter { w in !picked.contains { $0.term != w.term && $0.term.contains(w.term) && Double($0.count) >= 0.8 * Double(w.count) } }.prefix(8))
    }

    /// The regions with most of the theme's records (at least 2 and a fifth of them, at most 3).
    static func regions(_ members: [ClassifiedRecord]) -> [Concentration] {
        var c: [String: Int] = [:]
        for r in members { if let g = r.region { c[g, default: 0] += 1 } }
        return c.filter { $0.value >= 2 && Double($0.value) >= 0.2 * Double(members.count) }
            .sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(3)
            .map { Concentration(kind: .region, key: $0.key, count: $0.value, expected: 0) }
    }

    static func cases(_ members: [ClassifiedRecord], terms: [TermScore], count: Int, length: Int) -> [Representative] {
        HotspotDescriber(parameters: { var p = HotspotParameters(); p.representatives = count; p.snippetLength = length; return p }())
            .representatives(members, terms: terms)
    }

    func warning(_ t: PeriodReport.Theme, from: Day, to: Day) -> String {
        let terms = ReportText.warningTerms(t.terms, limit: 5)
        let regions = t.concentration.filter { $0.kind == .region }
        let values: [String: String] = [
            "period": HotspotWording.period(from: from, to: to),
            "merchant": t.merchant, "count": String(t.count),
            "terms": terms.isEmpty ? (t.natureName.isEmpty ? t.sectorName : t.natureName) : terms.joined(separator: "、"),
            "nature": t.natureName,
            "nature_clause": t.natureName.isEmpty ? "" : "主要反映\(t.natureName)方面的问题，",
            "concentration": regions.isEmpty ? "" : "其中" + regions.map { "\($0.key)\($0.count)件" }.joined(separator: "、") + "，",
        ]
        return templates.fill(sector: t.sector, values: values)
    }
}
