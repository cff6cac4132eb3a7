import Foundation

/// Finds the hotspots of one window: detection (`HotspotDetector`: tests, false-discovery
/// control, echoes, new/ongoing status), description (`HotspotDescriber`: series, terms,
/// concentration, representative complaints), closure alerts (`ClosureAlertFinder`) and the
/// wording (`HotspotWording`: titles and warnings).
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
        /// Records dated after the last usable day (today, or --max-date).
        public var futureDated: Int
        public init(recordsRead: Int = 0, undated: Int = 0, malformed: Int = 0, futureDated: Int = 0) {
            self.recordsRead = recordsRead
            self.undated = undated
            self.malformed = malformed
            self.futureDated = futureDated
        }
    }

    /// Hotspots and closure alerts of the window holding `asOf` (default: the last day with records).
    /// - Parameters:
    ///   - aggregates: daily counts of the history and the current window (from the input, or
    ///     from a `HistoryStore` merged with the input).
    ///   - records: the records at hand (those of the current window give terms, concentration and
    ///     representative complaints; those of the windows before it echoes and closure alerts).
    public func find(
        aggregates: DailyAggregates, records: [ClassifiedRecord], asOf: Day? = nil,
        summary: InputSummary = InputSummary()
    ) throws(HotspotError) -> HotspotReport {
        let p = parameters
        let detector = HotspotDetector(parameters: p)
        let frame = try detector.frame(aggregates: aggregates, asOf: asOf)
        let found = detector.detect(frame, records: records)
        let current = frame.starts[frame.now]
        let windowEnd = current + (p.window.length - 1)
        let windowRecords = records.indices.filter { records[$0].date.map { p.window.start(of: $0) == current } ?? false }
            .map { records[$0] }
        let wording = HotspotWording(names: names, templates: templates)
        var hotspots = HotspotDescriber(parameters: p).describe(found.detections, frame: frame, records: windowRecords)
        for i in hotspots.indices { wording.word(&hotspots[i], windowEnd: windowEnd) }
        var alerts = ClosureAlertFinder(parameters: p).alerts(records: records, aggregates: aggregates, windowStart: current, windowEnd: windowEnd)
        for i in alerts.indices { wording.word(&alerts[i]) }
        return HotspotReport(
            window: p.window, windowStart: current, windowEnd: windowEnd, windowRecords: frame.totals[frame.now],
            historyWindows: found.historyWindows, tested: found.tested, recordsRead: summary.recordsRead,
            undatedRecords: summary.undated, malformedLines: summary.malformed, parameters: p,
            alerts: alerts, hotspots: hotspots, futureDated: summary.futureDated)
    }
}
