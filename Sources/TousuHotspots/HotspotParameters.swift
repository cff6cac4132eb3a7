/// Everything that decides what a hotspot is. Defaults work on the real car-complaint stream
/// (see README.md, HOTSPOTS).
public struct HotspotParameters: Sendable, Codable, Equatable {
    /// Day or ISO week (default day).
    public var window: WindowKind = .day
    /// Expectation, prior and overdispersion (trailing 28 windows by default).
    public var detector = BurstDetector()
    /// Minimum count in the current window (default 5).
    public var minCount = 5
    /// Minimum count / expected (default 2).
    public var minRatio = 2.0
    /// Benjamini–Hochberg false-discovery rate across all groups tested in the window (default 0.01).
    public var fdr = 0.01
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
    /// A term hotspot is dropped when at least this share of its records this window belong to
    /// one merchant or region hotspot: it is that hotspot's distinguishing term (default 0.6).
    public var termExplainedShare = 0.6
    /// Representative complaints per hotspot (default 3) and snippet length (default 80).
    public var representatives = 3
    public var snippetLength = 80
    /// Group kinds tested (default nature, merchant, region, term).
    public var kinds: [GroupKind] = [.nature, .merchant, .region, .term]
    /// Most hotspots kept, best score first (default 50; renderers show their own top N).
    public var maxHotspots = 50

    public init() {}
}
