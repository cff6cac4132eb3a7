import Foundation

/// One period report from records (and the SQLite history when given): the counts of the period,
/// the one before it and the year before, then `PeriodReportBuilder`.
public struct PeriodReportRun: Sendable {
    public var builder: PeriodReportBuilder
    /// Per-day counts kept across runs; the records are added to it first.
    public var history: HistoryStore?

    public init(builder: PeriodReportBuilder, history: HistoryStore? = nil) {
        self.builder = builder
        self.history = history
    }

    /// The report of `from`…`to`. Records must already carry their terms and mentions
    /// (`RecordAnalyzer`); the period report counts without testing terms.
    public func report(records: consuming [ClassifiedRecord], from: Day, to: Day) throws(HotspotError) -> PeriodReport {
        var aggregates = DailyAggregates(copy records, terms: false)
        if let history {
            if !records.isEmpty { try history.ingest(aggregates) }
            let length = to.number - from.number + 1
            aggregates = try history.load(from: Day(number: from.number - length - 366), to: to)
        }
        return try builder.build(aggregates: aggregates, records: consume records, from: from, to: to)
    }
}
