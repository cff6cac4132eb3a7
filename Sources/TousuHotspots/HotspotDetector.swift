import Foundation
import TousuText

/// Whether a hotspot is starting, going on or dying down.
public enum HotspotStatus: String, Sendable, Codable, Equatable {
    /// First window in which the group is a hotspot.
    case new
    /// A hotspot of an earlier window that is still far above the expectation it had before it began.
    case ongoing
    /// Still above that expectation, at less than half of its peak window.
    case fading
}

/// The windows a detection looks at: window starts (oldest first, the current one last), the
/// counts of each, and the intake segment of the current window.
public struct DetectionFrame: Sendable {
    public var kind: WindowKind
    public var starts: [Day]
    public var table: [[GroupKey: Int]]
    /// `table` without the term groups (the loops over the other kinds' groups; terms are most of
    /// the groups of a large run).
    public internal(set) var withoutTerms: [[GroupKey: Int]] = []
    /// Keys of the region groups of the windows (a term with such a key is a place: `isPlace`).
    var regionKeys: Set<TextKey> = []
    /// All records of each window (the exposure of every test but terms').
    public var totals: [Int]
    public var now: Int { starts.count - 1 }

    /// First window of the intake segment that window `i` belongs to: history stops at a gap
    /// of more than `maxGapDays` without records.
    public func segmentStart(of i: Int, maxGapDays: Int) -> Int {
        var s = i
        while s > 0 && starts[s].number - starts[s - 1].number - kind.length <= maxGapDays { s -= 1 }
        return s
    }

    /// The exposure of a group's count in each window: its sector's records for a term, all
    /// records otherwise.
    public func exposure(of g: GroupKey) -> [Int] {
        g.kind == .term ? table.map { $0[GroupKey(.sector, sector: g.sector)] ?? 0 } : totals
    }
}

/// One group found far above its expectation in the current window (statistics only; the
/// description and the wording come after).
public struct Detection: Sendable, Equatable {
    public var group: GroupKey
    public var count: Int
    /// The expectation: from the history before the burst began (for an ongoing hotspot, the one
    /// it had in its first window, scaled to this window's exposure).
    public var expected: Double
    /// ln p-value and ln Benjamini–Hochberg q-value (for an ongoing hotspot: against that
    /// expectation, q = p).
    public var logP: Double
    public var logQ: Double
    /// Expected count per unit of exposure before the burst (weekday factor included).
    public var rate: Double
    /// Negative-binomial size used (nil: Poisson).
    public var size: Double?
    /// Records of the group in the history windows used when it was first detected.
    public var historyCount: Int
    public var status: HotspotStatus
    /// Window index (into the frame) of the first elevated window of the burst.
    public var firstIndex: Int
    /// Window index in which it was first detected.
    public var detectedIndex: Int
    /// Highest window count since it was first detected.
    public var peak: Int
    /// Keys of the less specific hotspots folded into this one (its echoes).
    public var echoes: [GroupKey] = []
    /// ln p-value of the current window alone (a group tested with the elevated run before it:
    /// `BurstDetector.Result.windowLogP`); nil when `logP` is of this window alone.
    public var windowLogP: Double? = nil
    /// Records of the burst so far, when a place term was tested with the run of windows before
    /// it in which it was elevated too (`HotspotDetector.placeRun`): the support `minCount` asks
    /// for (`count` is the current window's). nil otherwise.
    public var support: Int? = nil
}

/// Detection: tests every group of a window against its own history within the intake segment
/// (negative binomial with a dispersion pooled per kind, empirical-Bayes prior, robust history;
/// G² and the tail for terms), Benjamini–Hochberg within each kind, support and ratio floors,
/// echoes folded into the more specific hotspot. The windows before the current one are run too
/// (`ongoingWindows`), so a hotspot keeps being reported — against the expectation it had before
/// it began — while it stays far above it.
public struct HotspotDetector: Sendable {
    public var parameters: HotspotParameters

    public init(parameters: HotspotParameters = HotspotParameters()) { self.parameters = parameters }

    /// The frame of the window holding `asOf` (default: the last day with records).
    public func frame(aggregates: DailyAggregates, asOf: Day? = nil) throws(HotspotError) -> DetectionFrame {
        let p = parameters
        let kind = p.window
        let windows = aggregates.windows(kind)
        guard let lastDay = asOf ?? aggregates.days.keys.max() else { throw .noDatedRecords }
        let current = kind.start(of: lastDay)
        let keep = p.detector.historyWindows + max(p.seriesLength, p.ongoingWindows)
        let past = windows.keys.filter { $0 < current && (windows[$0]?[GroupKey(.total)] ?? 0) > 0 }.sorted().suffix(keep)
        let starts = Array(past) + [current]
        let table = starts.map { windows[$0] ?? [:] }
        var frame = DetectionFrame(kind: kind, starts: starts, table: table, totals: table.map { $0[GroupKey(.total)] ?? 0 })
        frame.withoutTerms = table.map { $0.filter { $0.key.kind != .term } }
        frame.regionKeys = DetectionFrame.regionKeySet(of: frame.withoutTerms)
        return frame
    }

    /// The hotspots of the frame's current window, strongest first, with their status. `records`
    /// are the records at hand (those of the windows tested are used to find echoes).
    public func detect(_ frame: DetectionFrame, records: [ClassifiedRecord]) -> (detections: [Detection], tested: Int, historyWindows: Int) {
        let p = parameters
        let now = frame.now
        let segment = frame.segmentStart(of: now, maxGapDays: p.maxGapDays)
        var byWindow: [Day: [Int]] = [:]
        let from = max(segment, now - p.ongoingWindows)
        let tested = Set(frame.starts[from...now])
        for i in records.indices {
            guard let d = records[i].date else { continue }
            let s = frame.kind.start(of: d)
            if tested.contains(s) { byWindow[s, default: []].append(i) }
        }
        var active: [GroupKey: Detection] = [:]
        var dormant: [GroupKey: Detection] = [:]
        var last: (detections: [Detection], tested: Int, historyWindows: Int) = ([], 0, 0)
        // The groups folded into another hotspot in the window before (its echoes).
        var echoed: Set<GroupKey> = []
        // Only a group with minCount records now can be a hotspot now, so the windows before are
        // tested for those groups only (with a Bonferroni bound over the window's groups of the
        // kind instead of Benjamini–Hochberg, which would need every group's p-value).
        let eligible = Set(frame.table[now].filter { p.kinds.contains($0.key.kind) && $0.value >= p.minCount }.keys)
        // The pooled dispersion of the current window serves the windows before it too (a property
        // of the kinds, slow to change; computing it per window was most of the time), and the
        // current window itself (it was computed twice).
        let pooled = pooledSizes(frame, at: now)
        // The prior shapes of window i are over windows 0...i: the sum is kept as i goes on.
        let lite = frame.withoutTerms.count == frame.table.count ? frame.withoutTerms : frame.table
        var priorCounts: [GroupKey: Int] = [:]
        for i in 0..<from { Self.addPriorCounts(lite[i], to: &priorCounts) }
        for i in from...now {
            Self.addPriorCounts(lite[i], to: &priorCounts)
            // Also the merchants and regions that could be hotspots in that window: one that has
            // ended by now may have been the host of a group tested now (its echo then).
            let only = i == now ? nil : eligible.union(lite[i].filter { g, c in
                (g.kind == .merchant || g.kind == .region) && c >= p.minCount && p.kinds.contains(g.kind)
            }.keys)
            let fresh = test(frame, at: i, only: only, sizes: pooled, shapes: Self.priorShapes(counts: priorCounts))
            var next: [GroupKey: Detection] = [:]
            var resting: [GroupKey: Detection] = [:]
            // Carry the hotspots of the window before while they stay far above their expectation.
            for (g, old) in active.merging(dormant, uniquingKeysWith: { a, _ in a }) {
                let count = frame.table[i][g] ?? 0
                let exposure = Double(frame.exposure(of: g)[i])
                let expected = old.rate * exposure
                let logP = BurstDetector.logUpperTail(count, mean: expected, size: old.size)
                guard count >= p.minCount, Double(count) >= p.minRatio * expected, logP <= log(p.continueP) else {
                    // A window too thin to show the group (an intake day of 3 records) does not
                    // end it: it rests, and goes on if the next window bears it out.
                    if Double(frame.totals[i]) < p.thinWindowShare * Double(frame.totals[old.detectedIndex]), dormant[g] == nil
                    {
                        resting[g] = old
                    }
                    continue
                }
                var d = old
                d.count = count
                d.expected = expected
                d.logP = logP
                d.logQ = logP
                d.peak = max(old.peak, count)
                d.status = Double(count) < 0.5 * Double(d.peak) ? .fading : .ongoing
                next[g] = d
            }
            // A group that was another hotspot's echo the window before is not raised on that
            // hotspot's records once it has ended: the elevated run before this window was the
            // host's story, so this window must stand out on its own (at p < fdr).
            for d in fresh.detections where next[d.group] == nil {
                if echoed.contains(d.group), let own = d.windowLogP, own > log(p.fdr) { continue }
                next[d.group] = d
            }
            // Echoes among all of this window's hotspots, new and carried.
            let window = byWindow[frame.starts[i]] ?? []
            let all = Self.withoutHollowTerms(
                next.values.sorted { $0.group < $1.group }, records: records, window: window, minimum: p.minCount)
            let kept = Self.foldingPlaces(Self.withoutEchoes(all, records: records, window: window, parameters: p), frame: frame)
            active = Dictionary(uniqueKeysWithValues: kept.map { ($0.group, $0) })
            echoed = Set(kept.flatMap(\.echoes))
            dormant = resting.filter { active[$0.key] == nil }
            last = (kept, fresh.tested, fresh.historyWindows)
        }
        var out = last.detections
        out.sort { ($0.logP, -$0.count, $0.group) < ($1.logP, -$1.count, $1.group) }
        return (Array(out.prefix(p.maxHotspots)), last.tested, last.historyWindows)
    }

    /// The new hotspots of window `i` of the frame (tested against the windows before it); `sizes`
    /// and `shapes`, when given, are the pooled dispersions and prior shapes to use.
    func test(
        _ frame: DetectionFrame, at now: Int, only: Set<GroupKey>? = nil,
        sizes pooled: [GroupKey: Double]? = nil, shapes given: [GroupKey: Double]? = nil
    ) -> (detections: [Detection], tested: Int, historyWindows: Int) {
        let p = parameters
        let table = frame.table
        let totals = frame.totals
        let segmentFrom = frame.segmentStart(of: now, maxGapDays: p.maxGapDays)
        let histFrom = max(segmentFrom, now - p.detector.historyWindows)
        let weekdays = frame.kind == .day ? frame.starts.map(\.weekday) : nil

        // Distinct keys per (kind, sector) and sector shares, for the prior of new groups.
        // (Groups are collected whole — their hash is cached — and counted per pool after.)
        var seen: Set<GroupKey> = []
        var sectorCount: [String: Int] = [:]
        let lite = frame.withoutTerms.count == table.count ? frame.withoutTerms : table
        for i in histFrom...now {
            for (g, c) in lite[i] {
                if g.kind == .sector { sectorCount[g.sector, default: 0] += c }
                if g.kind == .nature || g.kind == .merchant || g.kind == .region { seen.insert(g) }
            }
        }
        var distinct: [GroupKey: Int] = [:]
        for g in seen { distinct[GroupKey(g.kind, sector: g.sector), default: 0] += 1 }
        let allCount = max(1, totals[histFrom...now].reduce(0, +))
        let sizes = pooled ?? pooledSizes(frame, at: now)
        // How alike the groups are is a property of the kind (car models, districts), not of the
        // segment: estimated over all windows at hand up to this one.
        let shapes = given ?? Self.priorShapes(table: lite, history: 0..<(now + 1))

        var family: [GroupKind: Int] = [:]
        if only != nil {
            for (g, c) in table[now] where p.kinds.contains(g.kind) && c > 0 { family[frame.testFamily(g), default: 0] += 1 }
        }
        let groups: [(GroupKey, Int)] = only.map { set in set.compactMap { g in table[now][g].map { (g, $0) } } }
            ?? table[now].map { ($0.key, $0.value) }
        // A term's sector: its records now and in the history windows, once per sector.
        var sectorRecords: [TextKey: (now: Int, history: Int)] = [:]
        for (g, count) in groups where g.kind == .term && count > 0 && sectorRecords[TextKey(g.sector)] == nil {
            let sectorKey = GroupKey(.sector, sector: g.sector)
            var n2 = 0
            for i in histFrom..<now { n2 += table[i][sectorKey] ?? 0 }
            sectorRecords[TextKey(g.sector)] = (table[now][sectorKey] ?? 0, n2)
        }
        let context = TestContext(
            histFrom: histFrom, sectorRecords: sectorRecords, distinct: distinct, sectorCount: sectorCount,
            allCount: allCount, sizes: sizes, shapes: shapes, weekdays: weekdays)
        let tests = groups.filter { p.kinds.contains($0.0.kind) && $0.1 > 0 }
        // Each group's test is its own: the groups are tested a chunk at a time on all cores, in order.
        var candidates = parallelMap(tests, chunk: 512) { [self] g, count in
            candidate(frame, at: now, g, count: count, context: context)
        }.compactMap { $0 }
        // Benjamini–Hochberg within each kind, each kind with an equal share of the rate: the
        // thousands of terms do not drown the few districts or natures. A place term is a test
        // of its region, so it is in the regions' family (`DetectionFrame.testFamily`).
        let kindsTested = only == nil ? Set(candidates.map { frame.testFamily($0.group) }) : Set(family.keys)
        if only == nil {
            for k in kindsTested {
                let members = candidates.indices.filter { frame.testFamily(candidates[$0].group) == k }
                let q = Statistics.benjaminiHochberg(logP: members.map { candidates[$0].logP })
                for (i, v) in zip(members, q) { candidates[i].logQ = v }
            }
        } else {
            for i in candidates.indices {
                let n = family[frame.testFamily(candidates[i].group)] ?? 1
                candidates[i].logQ = min(0, candidates[i].logP + log(Double(max(1, n))))
            }
        }
        let logFDR = log(p.fdr / Double(max(kindsTested.count, 1)))
        var chosen = candidates.filter {
            ($0.support ?? $0.count) >= p.minCount && Double($0.count) >= p.minRatio * $0.expected && $0.logQ <= logFDR
        }
        // A term that is (part of) a merchant or region hotspot's name says nothing new.
        let named = chosen.filter { $0.group.kind == .merchant || $0.group.kind == .region }
            .map { ($0.group.sector, Self.letters($0.group.key)) }
        chosen.removeAll { c in
            c.group.kind == .term && named.contains { $0.0 == c.group.sector && $0.1.contains(Self.letters(c.group.key)) }
        }
        // First window: walk back (within the segment) while still elevated against the rate.
        for j in chosen.indices {
            let g = chosen[j].group
            let exposure = frame.exposure(of: g)
            var first = now
            while first > segmentFrom {
                let i = first - 1
                let c = table[i][g] ?? 0
                guard c > 0, Double(c) >= p.elevationRatio * chosen[j].rate * Double(exposure[i]) else { break }
                first = i
            }
            chosen[j].firstIndex = first
        }
        return (chosen, only == nil ? candidates.count : family.values.reduce(0, +), now - histFrom)
    }

    /// What the test of one group needs besides the frame (the same for every group of a window).
    struct TestContext: Sendable {
        var histFrom: Int
        var sectorRecords: [TextKey: (now: Int, history: Int)]
        var distinct: [GroupKey: Int]
        var sectorCount: [String: Int]
        var allCount: Int
        var sizes: [GroupKey: Double]
        var shapes: [GroupKey: Double]
        var weekdays: [Int]?
    }

    /// The test of group `g` (`count` records in window `now`) against its history: a candidate
    /// hotspot before Benjamini–Hochberg and the floors, or nil for a term its history rules out.
    func candidate(_ frame: DetectionFrame, at now: Int, _ g: GroupKey, count: Int, context c: TestContext) -> Detection? {
        let p = parameters
        let table = frame.table
        let totals = frame.totals
        let histFrom = c.histFrom
        if g.kind == .term {
            guard let (n1, n2) = c.sectorRecords[TextKey(g.sector)] else { return nil }
            var b = 0
            for i in histFrom..<now { b += table[i][g] ?? 0 }
            guard n2 > 0, n1 > 0, Double(b) <= p.maxTermHistoryShare * Double(n2) else { return nil }
            let g2 = Statistics.gSquared(count, of: n1, b, of: n2)
            let share = max(Double(b), 0.5) / Double(n2)
            let size = c.sizes[GroupKey(.term, sector: g.sector)].flatMap { $0.isFinite ? $0 : nil }
            var logP = max(Statistics.logPValue(gSquared: g2), BurstDetector.logUpperTail(count, mean: share * Double(n1), size: size))
            var d = Detection(
                group: g, count: count, expected: share * Double(n1), logP: logP, logQ: 0, rate: share, size: size,
                historyCount: b, status: .new, firstIndex: now, detectedIndex: now, peak: count)
            if frame.isPlace(g), let run = placeRun(frame, g, at: now, from: histFrom, history: (b, n2), size: size) {
                // The wave so far (see `placeRun`): two looks, the smaller p-value doubled.
                logP = min(0, min(logP, run.logP) + log(2.0))
                d.windowLogP = d.logP
                d.logP = logP
                d.support = run.count
            }
            return d
        }
        let k = max(1, c.distinct[GroupKey(g.kind, sector: g.sector)] ?? 1)
        let prior = Double(c.sectorCount[g.sector] ?? 0) / Double(c.allCount) / Double(k)
        let input = BurstDetector.Input(
            counts: table[histFrom...now].map { $0[g] ?? 0 }, exposures: totals[histFrom...now].map(Double.init),
            weekdays: c.weekdays.map { Array($0[histFrom...now]) }, priorShare: prior,
            size: c.sizes[GroupKey(g.kind, sector: g.sector)] ?? .infinity, priorShape: c.shapes[g])
        let r = p.detector.test(input)
        let historyCount = table[histFrom..<now].reduce(0) { $0 + ($1[g] ?? 0) }
        return Detection(
            group: g, count: count, expected: r.expected, logP: r.logP, logQ: 0, rate: r.rate * r.weekdayFactor,
            size: r.size, historyCount: historyCount, status: .new, firstIndex: now, detectedIndex: now, peak: count,
            windowLogP: r.windowLogP > r.logP ? r.windowLogP : nil)
    }

    /// The run of windows just before `now` in which place term `g` was elevated too (the
    /// current window and the run as a whole at p < `elevatedP` against the term's share of its
    /// sector's records, the run chosen by `BurstDetector.elevatedRun`; at most
    /// `maxOutlierShare` of the history windows), tested with the current window as one sum
    /// against the share of the history without the run: a district named in the text by 1–4
    /// complaints a day for several days is a wave that no single day shows. The other kinds get
    /// the same from `BurstDetector`'s elevated run. nil without such a run.
    func placeRun(
        _ frame: DetectionFrame, _ g: GroupKey, at now: Int, from histFrom: Int, history: (count: Int, records: Int),
        size: Double?
    ) -> (logP: Double, count: Int)? {
        let p = parameters
        let exposure = frame.exposure(of: g)
        let share = max(Double(history.count), 0.5) / Double(max(history.records, 1))
        let elevated = log(p.detector.elevatedP)
        // The current window must be elevated itself: a wave still going, not its last trace.
        guard BurstDetector.logUpperTail(frame.table[now][g] ?? 0, mean: share * Double(exposure[now]), size: size) < elevated
        else { return nil }
        let most = Int(p.detector.maxOutlierShare * Double(now - histFrom))
        let current = (frame.table[now][g] ?? 0, share * Double(exposure[now]))
        let length = BurstDetector.elevatedRun(ratio: p.detector.runRatio, most: most, minimum: 1, current: current) { k in
            let i = now - 1 - k
            return i >= histFrom ? (frame.table[i][g] ?? 0, share * Double(exposure[i])) : nil
        }
        let run = (0..<length).map { now - 1 - $0 }
        guard !run.isEmpty else { return nil }
        let runCount = run.reduce(0) { $0 + (frame.table[$1][g] ?? 0) }
        let runRecords = run.reduce(0) { $0 + exposure[$1] }
        // Elevated as a whole.
        let runMean = share * Double(runRecords)
        guard BurstDetector.logUpperTailOfRun(runCount, mean: runMean, size: size, windows: length) < elevated else { return nil }
        // The rate from the history without the run (the start of this wave).
        let rest = max(Double(history.count - runCount), 0.5) / Double(max(history.records - runRecords, 1))
        let windows = run + [now]
        let total = windows.reduce(0) { $0 + (frame.table[$1][g] ?? 0) }
        let mean = windows.reduce(0.0) { $0 + rest * Double(exposure[$1]) }
        return (BurstDetector.logUpperTail(total, mean: mean, size: size.map { $0 * Double(windows.count) }), total)
    }

    /// Negative-binomial sizes pooled per (kind, sector) over the history of window `now` (when it
    /// has ≥ 7 windows).
    func pooledSizes(_ frame: DetectionFrame, at now: Int) -> [GroupKey: Double] {
        let p = parameters
        let segmentFrom = frame.segmentStart(of: now, maxGapDays: p.maxGapDays)
        let histFrom = max(segmentFrom, now - p.detector.historyWindows)
        return now - histFrom >= 7
            ? Self.pooledSizes(
                table: frame.table, withoutTerms: frame.withoutTerms.count == frame.table.count ? frame.withoutTerms : nil,
                totals: frame.totals, history: histFrom..<now, kinds: p.kinds, outlierP: 1e-6)
            : [:]
    }

    /// Letters and digits only, lowercased: "一汽-大众捷达VS5" → "一汽大众捷达vs5".
    static func letters(_ text: String) -> String {
        String(text.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil })
    }
}
