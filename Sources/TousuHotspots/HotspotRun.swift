import Foundation
import TousuClassifier
import TousuText

/// One hotspot run from records to report: counts per day, merged with the history when given,
/// then detection for the window holding `asOf`.
public struct HotspotRun: Sendable {
    public var parameters: HotspotParameters
    public var names: DisplayNames
    public var templates: WarningTemplates
    /// Per-day counts kept across runs (nil: the input is all the history).
    public var history: HistoryStore?
    /// Fills the terms of records that carry none, for the windows detection looks at only (see
    /// `termWindowsStart`); nil: the records come with their terms.
    public var analyzer: RecordAnalyzer?

    public init(parameters: HotspotParameters, names: DisplayNames, templates: WarningTemplates, history: HistoryStore? = nil) {
        self.parameters = parameters
        self.names = names
        self.templates = templates
        self.history = history
    }

    /// The report of the window holding `asOf` (default: the last day with records). Records dated
    /// after `lastUsable` (default today, UTC) lose their date and are counted as unusable; an
    /// `asOf` whose window lies outside the data is refused (`HotspotError.outsideData`).
    public func report(
        records input: consuming [ClassifiedRecord], summary: RecordReader.Summary, asOf: Day?, lastUsable: Day = DateLimits.today()
    ) throws(HotspotError) -> HotspotReport {
        var records = consume input
        let futureDated = DateLimits.dropDates(after: lastUsable, in: &records)
        if let analyzer {
            // Days stored in the history keep their term counts for later runs: all of them.
            let from = history == nil ? Self.termWindowsStart(records, asOf: asOf, parameters: parameters) : nil
            try Self.fillTerms(&records, from: from, analyzer: analyzer)
        }
        var aggregates = DailyAggregates(records)
        var day = asOf
        if let history {
            (aggregates, day) = try history.merging(aggregates, asOf: asOf, parameters: parameters)
        }
        if let day { try DateLimits.check(day, window: parameters.window, within: aggregates, label: "--as-of") }
        let finder = HotspotFinder(parameters: parameters, names: names, templates: templates)
        return try finder.find(
            aggregates: aggregates, records: records, asOf: day,
            summary: .init(
                recordsRead: records.count, undated: summary.undated, malformed: summary.malformed, futureDated: futureDated))
    }
}

extension HotspotRun {
    /// The first day whose records' terms count in a report as of `asOf` (default the last date):
    /// the start of the earliest window of the detection frame (`HotspotDetector.frame`: the
    /// current window and the `historyWindows` + max(`seriesLength`, `ongoingWindows`) windows
    /// with records before it). Terms of older records are in no test, prior or series.
    static func termWindowsStart(_ records: [ClassifiedRecord], asOf: Day?, parameters p: HotspotParameters) -> Day? {
        let kind = p.window
        // Dates read in place (iterating the records would copy each one).
        guard let last = asOf ?? records.indices.lazy.compactMap({ records[$0].date }).max() else { return nil }
        let current = kind.start(of: last)
        var starts = Set<Day>()
        for i in records.indices { if let d = records[i].date { let s = kind.start(of: d); if s < current { starts.insert(s) } } }
        let keep = p.detector.historyWindows + max(p.seriesLength, p.ongoingWindows)
        return starts.sorted().suffix(keep).first ?? current
    }

    /// Fills, on all cores, the terms of the records dated `from` or later (all dated ones when
    /// nil) that carry none, each distinct text tokenized once.
    static func fillTerms(_ records: inout [ClassifiedRecord], from: Day?, analyzer: RecordAnalyzer) throws(HotspotError) {
        let list = records.indices.filter { i in
            records[i].tokens == nil && records[i].date.map { d in from.map { d >= $0 } ?? true } ?? false
        }
        if let failure = analyzer.fillTerms(&records, indices: list).first {
            throw .text(record: records[failure.index].id, reason: failure.reason)
        }
    }
}

extension DisplayNames {
    /// The Chinese names of a taxonomy's sectors and natures.
    public init(taxonomy: Taxonomy) {
        var sectors: [String: String] = [:]
        for label in taxonomy.sectors { sectors[label.id] = label.nameZh }
        var natures: [String: String] = [:]
        for label in taxonomy.natures { natures[label.id] = label.nameZh }
        self.init(sectors: sectors, natures: natures)
    }
}
