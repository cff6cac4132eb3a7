import Foundation
import TousuClassifier

/// One hotspot run from records to report: counts per day, merged with the history when given,
/// then detection for the window holding `asOf`.
public struct HotspotRun: Sendable {
    public var parameters: HotspotParameters
    public var names: DisplayNames
    public var templates: WarningTemplates
    /// Per-day counts kept across runs (nil: the input is all the history).
    public var history: HistoryStore?

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
        records: [ClassifiedRecord], summary: RecordReader.Summary, asOf: Day?, lastUsable: Day = DateLimits.today()
    ) throws(HotspotError) -> HotspotReport {
        var records = records
        let futureDated = DateLimits.dropDates(after: lastUsable, in: &records)
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
