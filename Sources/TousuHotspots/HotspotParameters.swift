/// Everything that decides what a hotspot is. Defaults work on the real car-complaint stream
/// (see README.md, HOTSPOTS).
public struct HotspotParameters: Sendable, Codable, Equatable {
    /// Day or ISO week (default day).
    public var window: WindowKind = .day
    /// Expectation, prior and overdispersion (trailing 28 windows by default).
    public var detector = BurstDetector()
    /// History stops at a stretch of more than this many days without any record (default 14):
    /// the tests start over in each segment of the intake.
    public var maxGapDays = 14
    /// Minimum count in the current window (default 3; the tests, not the count, decide).
    public var minCount = 3
    /// Minimum count / expected (default 2).
    public var minRatio = 2.0
    /// False-discovery rate of a window's hotspots (default 0.001): Benjamini–Hochberg within each
    /// kind of group tested, each kind at an equal share of the rate.
    public var fdr = 0.001
    /// A window before the current one is still part of the burst while its count is at least
    /// this multiple of the current expectation scaled to its exposure (default 1.5).
    public var elevationRatio = 1.5
    /// Second opinion (s = 2, γ = 1).
    public var kleinberg = Kleinberg()
    /// Windows in each hotspot's series (default 28).
    public var seriesLength = 28
    /// Distinguishing terms per hotspot (default 8) and their minimum record count (default 2).
    public var termsPerHotspot = 8
    public var minTermCount = 2
    /// Emerging terms are rare terms become frequent: a term found in more than this share of the
    /// sector's history records (default 0.05) is common vocabulary, not tested.
    public var maxTermHistoryShare = 0.05
    /// Representative complaints per hotspot (default 3) and snippet length (default 80).
    public var representatives = 3
    public var snippetLength = 80
    /// Group kinds tested (default nature, merchant, region, term).
    public var kinds: [GroupKind] = [.nature, .merchant, .region, .term]
    /// Windows before the current one that are run too, so that a hotspot found in one of them
    /// keeps being reported while it lasts (default 12).
    public var ongoingWindows = 12
    /// An earlier hotspot goes on while its count is, against the expectation it had before it
    /// began, above `minCount`, `minRatio` × expected and at p < this (default 0.01).
    public var continueP = 0.01
    /// A distinguishing term is at least this many times as frequent in the hotspot's records as
    /// in the sector's background (default 2).
    public var minTermLift = 2.0
    /// Closure alert: a merchant with at least `closureMinimum` complaints carrying closure signals
    /// within `closureDays` days, the last in the current window (defaults 2 and 5).
    public var closureMinimum = 2
    public var closureDays = 5
    /// Sectors whose merchants get closure alerts (default prepaid: members' money at stake).
    public var closureSectors: [String] = ["prepaid"]
    /// Most hotspots kept, best score first (default 50; renderers show their own top N).
    public var maxHotspots = 50

    public init() {}
}
