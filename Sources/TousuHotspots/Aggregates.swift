import TousuText

/// What a count is about.
public enum GroupKind: String, Sendable, Codable, CaseIterable {
    /// All records (sector and key empty): the exposure of every test.
    case total
    /// All records of a sector (key empty).
    case sector
    /// Sector × complaint nature.
    case nature
    /// Sector × merchant (or product).
    case merchant
    /// Sector × region.
    case region
    /// Sector × term: records of the sector that contain the term.
    case term
    /// Sector × primary nature × merchant (the period report's themes; key from `themeKey`):
    /// each record in exactly one theme, merchant empty when it has none. Never tested for bursts.
    case theme
    /// Sector × merchant, records carrying closure signals only (the closure alert's history).
    case closure
}

/// A counted group: kind, sector and key.
public struct GroupKey: Sendable, Hashable, Codable, Comparable {
    public var kind: GroupKind { didSet { code = Self.code(kind, sector, key) } }
    public var sector: String { didSet { code = Self.code(kind, sector, key) } }
    public var key: String { didSet { code = Self.code(kind, sector, key) } }
    /// FNV-1a of the kind and the UTF-8 bytes of sector and key, computed once: a key is looked up
    /// in dozens of windows' tables, and hashing its strings each time was a large part of the
    /// time of a run over a million complaints.
    private var code: UInt64

    public init(_ kind: GroupKind, sector: String = "", key: String = "") {
        self.kind = kind
        self.sector = sector
        self.key = key
        code = Self.code(kind, sector, key)
    }

    public static func < (a: GroupKey, b: GroupKey) -> Bool {
        (a.kind.rawValue, a.sector, a.key) < (b.kind.rawValue, b.sector, b.key)
    }

    // Equality and hash on the UTF-8 bytes: String's own hash normalizes Chinese text first,
    // which was a tenth of the time of counting a million complaints. Keys come from the
    // tokenizer (normalized) or from the input as given, so byte equality is the equality wanted.
    public static func == (a: GroupKey, b: GroupKey) -> Bool {
        a.code == b.code && a.kind == b.kind && UTF8Bytes.equal(a.sector, b.sector) && UTF8Bytes.equal(a.key, b.key)
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    private static func code(_ kind: GroupKind, _ sector: String, _ key: String) -> UInt64 {
        var h = FNV1a.offset
        for b in kind.rawValue.utf8 { h = (h ^ UInt64(b)) &* FNV1a.prime }
        h = (h ^ 0x1F) &* FNV1a.prime
        for b in sector.utf8 { h = (h ^ UInt64(b)) &* FNV1a.prime }
        h = (h ^ 0x1F) &* FNV1a.prime
        for b in key.utf8 { h = (h ^ UInt64(b)) &* FNV1a.prime }
        return h
    }

    private enum CodingKeys: String, CodingKey { case kind, sector, key }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            try c.decode(GroupKind.self, forKey: .kind), sector: try c.decode(String.self, forKey: .sector),
            key: try c.decode(String.self, forKey: .key))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(sector, forKey: .sector)
        try c.encode(key, forKey: .key)
    }
}

/// Record counts per day and group. Counts are additive, so days of different runs merge, and a
/// window is the sum of its days. This is also what the history database stores.
public struct DailyAggregates: Sendable, Equatable {
    /// Counts per day.
    public var days: [Day: [GroupKey: Int]] = [:]

    public init() {}

    /// Counts one dated record (undated records are the caller's to count).
    public mutating func add(_ record: ClassifiedRecord) {
        guard let day = record.date else { return }
        // In place: taking the day's dictionary out and putting it back would copy it each time.
        for key in Self.keys(of: record) { days[day, default: [:]][key, default: 0] += 1 }
    }

    /// The counts of many records, each day counted on its own core.
    public init(_ records: [ClassifiedRecord]) { self.init(records, terms: true) }

    /// The counts of many records, each day counted on its own core; without the term groups when
    /// `terms` is false (the period report counts no terms).
    init(_ records: [ClassifiedRecord], terms: Bool) {
        var byDay: [Day: [Int]] = [:]
        for i in records.indices { if let d = records[i].date { byDay[d, default: []].append(i) } }
        let list = Array(byDay)
        // Through numbered groups: each distinct (sector, terms) and each distinct combination of
        // the other fields resolved to its groups once; a day's records add to arrays of counts.
        let termGroups = terms ? TermGroups(records) : nil
        let fieldGroups = FieldGroups(records)
        // Days in runs of a few a task, so that a task's counting arrays serve all its days.
        let perTask = max(1, list.count / 16)
        let runs = stride(from: 0, to: list.count, by: perTask).map { list[$0..<min($0 + perTask, list.count)] }
        let counted = (try? parallelMap(runs) { run -> [[GroupKey: Int]] in
            var fieldScratch: [Int32] = [], termScratch: [Int32] = []
            return run.map { _, indices in
                let fields = fieldGroups.counts(of: indices, scratch: &fieldScratch)
                let found = termGroups?.counts(of: indices, scratch: &termScratch) ?? []
                var counts: [GroupKey: Int] = [:]
                counts.reserveCapacity(fields.count + found.count)
                for (g, c) in fields { counts[g] = c }
                for (g, c) in found { counts[g] = c }
                return counts
            }
        }) ?? []
        for ((day, _), counts) in zip(list, counted.joined()) { days[day] = counts }
    }

    /// The groups a record counts in, each once.
    public static func keys(of record: ClassifiedRecord) -> [GroupKey] {
        var keys: [GroupKey] = []
        keys.reserveCapacity(6 + record.natures.count + (record.tokens?.count ?? 0))
        var seen = Set<GroupKey>()
        forEachKey(of: record, terms: true) { key in
            if key.kind != .term || seen.insert(key).inserted { keys.append(key) }
        }
        return keys
    }

    /// Calls `body` with each group the record counts in: each once, but a term the record holds
    /// twice twice (the caller counts it once).
    @inline(__always)
    static func forEachKey(of record: ClassifiedRecord, terms: Bool, _ body: (GroupKey) -> Void) {
        let s = record.sector
        body(GroupKey(.total))
        body(GroupKey(.sector, sector: s))
        let natures = record.natures
        for (i, nature) in natures.enumerated() where !natures[..<i].contains(nature) {
            body(GroupKey(.nature, sector: s, key: nature))
        }
        if let m = record.merchant { body(GroupKey(.merchant, sector: s, key: m)) }
        if let r = record.region { body(GroupKey(.region, sector: s, key: r)) }
        body(GroupKey(.theme, sector: s, key: themeKey(record)))
        if !record.closureSignals.isEmpty, let m = record.merchant { body(GroupKey(.closure, sector: s, key: m)) }
        if terms, let tokens = record.tokens {
            for term in tokens { body(GroupKey(.term, sector: s, key: term)) }
        }
    }

    /// The theme of a record: its primary nature (first that is not "other", else "other") and
    /// merchant, joined by U+001F.
    public static func themeKey(_ record: ClassifiedRecord) -> String {
        (record.natures.first { $0 != "other" } ?? "other") + "\u{1F}" + (record.merchant ?? "")
    }

    /// The nature and merchant ("" for none) of a theme key.
    public static func theme(_ key: String) -> (nature: String, merchant: String) {
        let parts = key.split(separator: "\u{1F}", maxSplits: 1, omittingEmptySubsequences: false)
        return (String(parts.first ?? "other"), parts.count > 1 ? String(parts[1]) : "")
    }

    /// Sums the days into windows: window start → counts, windows with records only.
    public func windows(_ kind: WindowKind) -> [Day: [GroupKey: Int]] {
        if kind == .day { return days }
        let days = self.days
        var byWindow: [Day: [Day]] = [:]
        for day in days.keys { byWindow[kind.start(of: day), default: []].append(day) }
        // Each window summed on its own core, from its largest day.
        let list = Array(byWindow)
        let sums = (try? parallelMap(list) { _, members -> [GroupKey: Int] in
            let ordered = members.sorted { (days[$0]?.count ?? 0, $1) > (days[$1]?.count ?? 0, $0) }
            var sum = days[ordered[0]] ?? [:]
            for day in ordered.dropFirst() { sum.merge(days[day] ?? [:], uniquingKeysWith: +) }
            return sum
        }) ?? []
        var out: [Day: [GroupKey: Int]] = [:]
        for ((start, _), sum) in zip(list, sums) { out[start] = sum }
        return out
    }
}
