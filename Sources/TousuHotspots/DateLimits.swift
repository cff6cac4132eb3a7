import Foundation

/// Dates that cannot be right: a complaint dated after today (or after a given last day, e.g. the
/// export date) is a typo or a placeholder (9999-01-01), and would otherwise become the report
/// window. Such records keep their place in the input but lose their date, and are counted.
public enum DateLimits {
    /// Today in UTC.
    public static func today(_ now: Date = Date()) -> Day {
        Day(number: Int((now.timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    /// Clears the date of every record dated after `last`; returns how many there were.
    public static func dropDates(after last: Day, in records: inout [ClassifiedRecord]) -> Int {
        var n = 0
        for i in records.indices where (records[i].date.map { $0 > last }) ?? false {
            records[i].date = nil
            n += 1
        }
        return n
    }

    /// Refuses a day whose window lies wholly before or after the days of the aggregates (an
    /// `--as-of` before all data or after it would report nothing and look like a quiet day).
    public static func check(_ day: Day, window: WindowKind, within aggregates: DailyAggregates, label: String) throws(HotspotError) {
        guard let first = aggregates.days.keys.min(), let last = aggregates.days.keys.max() else { throw .noDatedRecords }
        let start = window.start(of: day), end = start + (window.length - 1)
        guard end >= first, start <= last else { throw .outsideData(asked: "\(label) \(day)", first: first, last: last) }
    }
}
