/// One window of a group's series.
public struct SeriesPoint: Sendable, Codable, Equatable {
    /// First day of the window.
    public var start: Day
    public var count: Int
    /// All records in the window (the exposure).
    public var total: Int
    /// Kleinberg state of the window (0 base, 1 burst).
    public var kleinberg: Int
}

/// A term that sets a group's records apart, with its G² against the reference.
public struct TermScore: Sendable, Codable, Equatable {
    public var term: String
    /// Records of the group that contain it.
    public var count: Int
    public var g2: Double
}

/// A complaint that shows what the hotspot is about.
public struct Representative: Sendable, Codable, Equatable {
    public var id: String
    /// At most `snippetLength` characters of the text.
    public var snippet: String
}

/// Kleinberg's opinion on the group's series (the trailing windows up to now).
public struct KleinbergOpinion: Sendable, Codable, Equatable {
    /// Whether the current window is in the burst state.
    public var burstNow: Bool
    /// First window of the burst-state run that ends now (or the last such run), if any.
    public var burstStart: Day?
}

/// A group whose count in the current window is far above what its history leads one to expect.
public struct Hotspot: Sendable, Codable, Equatable {
    public var rank: Int
    /// Press title, e.g. "汽车及配件 · 东风日产逍客 · 投诉激增".
    public var title: String
    public var kind: GroupKind
    public var sector: String
    public var sectorName: String
    /// The group's nature, or the most frequent nature of its records this window.
    public var nature: String
    public var natureName: String
    /// The group key: nature id, merchant, region or term.
    public var key: String
    public var count: Int
    public var expected: Double
    public var ratio: Double
    /// −log10 of the upper-tail p-value.
    public var score: Double
    /// −log10 of the Benjamini–Hochberg q-value.
    public var qScore: Double
    /// First window of the burst (walking back while windows stay elevated).
    public var firstWindow: Day
    /// Records from the first window of the burst to now.
    public var burstCount: Int
    public var series: [SeriesPoint]
    public var kleinberg: KleinbergOpinion
    public var terms: [TermScore]
    public var representatives: [Representative]
    /// Draft consumer warning from the sector's template.
    public var warning: String
    /// New, ongoing or fading.
    public var status: HotspotStatus
    /// The group had no record in the history it was first tested against.
    public var isNew: Bool
    /// Regions and merchants that carry most of the hotspot.
    public var concentration: [Concentration]
    /// Keys of less specific hotspots folded into this one (a gym's closure lifts its district).
    public var echoes: [String]
    /// True for a region hotspot raised by the sector's records whose text names the region (a
    /// place term, tested as a term is: `DetectionFrame.isPlace`); its count, expectation and
    /// series are of those records. Nil for every other hotspot.
    public var placeInText: Bool? = nil
}

/// A region or merchant that carries much of a hotspot: its records in the hotspot this window
/// and what its share of the sector's history would give.
public struct Concentration: Sendable, Codable, Equatable {
    public var kind: GroupKind
    public var key: String
    public var count: Int
    public var expected: Double
}

/// 预付卡跑路预警: a merchant whose complaints carry closure signals (关门, 跑路, 联系不上 …), raised
/// from the second such complaint within `closureDays`, before counts are large.
public struct ClosureAlert: Sendable, Codable, Equatable {
    /// Press title, e.g. "预付卡跑路预警 · 丽人坊美容院".
    public var title: String
    public var merchant: String
    /// Where the merchant came from (field or text) in most of its complaints.
    public var merchantSource: String
    public var sector: String
    public var sectorName: String
    public var region: String?
    /// Complaints with closure signals in the span, and all complaints of the merchant in it.
    public var closureComplaints: Int
    public var complaints: Int
    public var firstDate: Day
    public var lastDate: Day
    /// The signals, most frequent first.
    public var signals: [String]
    public var representatives: [Representative]
    public var warning: String
}

/// The result of one run.
public struct HotspotReport: Sendable, Codable, Equatable {
    public var window: WindowKind
    /// The current window: its first and last day.
    public var windowStart: Day
    public var windowEnd: Day
    /// Records in the current window.
    public var windowRecords: Int
    /// Windows with records before the current one that the tests used (at most `historyWindows`).
    public var historyWindows: Int
    /// Groups tested in the current window (the Benjamini–Hochberg family).
    public var tested: Int
    /// Records read, and those without a usable date (not in any window).
    public var recordsRead: Int
    public var undatedRecords: Int
    public var malformedLines: Int
    public var parameters: HotspotParameters
    /// Prepaid closure alerts, shown before the hotspots.
    public var alerts: [ClosureAlert] = []
    public var hotspots: [Hotspot]
    /// Records dated after the last usable date (today or --max-date): not in any window.
    public var futureDated: Int = 0
}
