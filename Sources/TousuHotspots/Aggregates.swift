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
}

/// A counted group: kind, sector and key.
public struct GroupKey: Sendable, Hashable, Codable, Comparable {
    public var kind: GroupKind
    public var sector: String
    public var key: String

    public init(_ kind: GroupKind, sector: String = "", key: String = "") {
        self.kind = kind
        self.sector = sector
        self.key = key
    }

    public static func < (a: GroupKey, b: GroupKey) -> Bool {
        (a.kind.rawValue, a.sector, a.key) < (b.kind.rawValue, b.sector, b.key)
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
        var counts = days[day] ?? [:]
        for key in Self.keys(of: record) { counts[key, default: 0] += 1 }
        days[day] = counts
    }

    /// The groups a record counts in (each once).
    public static func keys(of record: ClassifiedRecord) -> Set<GroupKey> {
        let s = record.sector
        var keys: Set<GroupKey> = [GroupKey(.total), GroupKey(.sector, sector: s)]
        for nature in record.natures { keys.insert(GroupKey(.nature, sector: s, key: nature)) }
        if let m = record.merchant { keys.insert(GroupKey(.merchant, sector: s, key: m)) }
        if let r = record.region { keys.insert(GroupKey(.region, sector: s, key: r)) }
        for term in record.tokens ?? [] { keys.insert(GroupKey(.term, sector: s, key: term)) }
        return keys
    }

    /// Sums the days into windows: window start → counts, windows with records only.
    public func windows(_ kind: WindowKind) -> [Day: [GroupKey: Int]] {
        if kind == .day { return days }
        var out: [Day: [GroupKey: Int]] = [:]
        for (day, counts) in days {
            out[kind.start(of: day), default: [:]].merge(counts, uniquingKeysWith: +)
        }
        return out
    }

    /// Replaces the given days with those of `other` (a re-run of the same day replaces it).
    public mutating func replace(with other: DailyAggregates) {
        for (day, counts) in other.days { days[day] = counts }
    }
}
