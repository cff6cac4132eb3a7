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

    // Equality and hash on the UTF-8 bytes: String's own hash normalizes Chinese text first,
    // which was a tenth of the time of counting a million complaints. Keys come from the
    // tokenizer (normalized) or from the input as given, so byte equality is the equality wanted.
    public static func == (a: GroupKey, b: GroupKey) -> Bool {
        a.kind == b.kind && a.sector.utf8.elementsEqual(b.sector.utf8) && a.key.utf8.elementsEqual(b.key.utf8)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(FNV1a.hash(sector.utf8))
        hasher.combine(FNV1a.hash(key.utf8))
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
    public init(_ records: [ClassifiedRecord]) {
        var byDay: [Day: [Int]] = [:]
        for (i, r) in records.enumerated() { if let d = r.date { byDay[d, default: []].append(i) } }
        let list = Array(byDay)
        let counted = (try? parallelMap(list) { day, indices -> [GroupKey: Int] in
            var counts: [GroupKey: Int] = [:]
            for i in indices { for key in Self.keys(of: records[i]) { counts[key, default: 0] += 1 } }
            return counts
        }) ?? []
        for ((day, _), counts) in zip(list, counted) { days[day] = counts }
    }

    /// The groups a record counts in, each once.
    public static func keys(of record: ClassifiedRecord) -> [GroupKey] {
        let s = record.sector
        var keys = [GroupKey(.total), GroupKey(.sector, sector: s)]
        keys.reserveCapacity(4 + record.natures.count + (record.tokens?.count ?? 0))
        for (i, nature) in record.natures.enumerated() where !record.natures[..<i].contains(nature) {
            keys.append(GroupKey(.nature, sector: s, key: nature))
        }
        if let m = record.merchant { keys.append(GroupKey(.merchant, sector: s, key: m)) }
        if let r = record.region { keys.append(GroupKey(.region, sector: s, key: r)) }
        keys.append(GroupKey(.theme, sector: s, key: themeKey(record)))
        if let tokens = record.tokens {
            var seen = Set<GroupKey>(minimumCapacity: tokens.count)
            for term in tokens {
                let key = GroupKey(.term, sector: s, key: term)
                if seen.insert(key).inserted { keys.append(key) }
            }
        }
        return keys
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
        var out: [Day: [GroupKey: Int]] = [:]
        for (day, counts) in days {
            out[kind.start(of: day), default: [:]].merge(counts, uniquingKeysWith: +)
        }
        return out
    }
}
