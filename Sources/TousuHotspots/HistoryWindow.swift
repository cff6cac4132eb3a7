extension HistoryStore {
    /// Adds the days of `aggregates` to the history (replacing those days), then loads the stored
    /// days a report as of `asOf` needs: the current window, the history and the series before it,
    /// with room for gaps. `asOf` defaults to the last day of the input, else the last stored day.
    public func merging(
        _ aggregates: DailyAggregates, asOf: Day?, parameters: HotspotParameters
    ) throws(HotspotError) -> (aggregates: DailyAggregates, asOf: Day) {
        try ingest(aggregates)
        let stored = try days().last
        guard let last = asOf ?? aggregates.days.keys.max() ?? stored else { throw .noDatedRecords }
        let window = parameters.window
        let start = window.start(of: last)
        // Room for the history and the series, with some slack for gaps.
        let span = 2 * (parameters.detector.historyWindows + parameters.seriesLength) * window.length
        return (try load(from: start - span, to: start + (window.length - 1)), last)
    }
}
