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

    /// The report of the window holding `asOf` (default: the last day with records).
    public func report(records: [ClassifiedRecord], summary: RecordReader.Summary, asOf: Day?) throws(HotspotError) -> HotspotReport {
        var aggregates = DailyAggregates(records)
        var day = asOf
        if let history {
            (aggregates, day) = try history.merging(aggregates, asOf: asOf, parameters: parameters)
        }
        let finder = HotspotFinder(parameters: parameters, names: names, templates: templates)
        return try finder.find(
            aggregates: aggregates, records: records, asOf: day,
            summary: .init(recordsRead: records.count, undated: summary.undated, malformed: summary.malformed))
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
