/// What can go wrong while finding hotspots. The CLI turns these into messages.
public enum HotspotError: Error, Sendable, CustomStringConvertible {
    /// The input file cannot be opened.
    case cannotOpen(path: String)
    /// `--as-of` is not a date.
    case badDate(String)
    /// No record has a usable date, so there is no window to report on.
    case noDatedRecords
    /// A warning template cannot be read.
    case template(path: String, reason: String)
    /// The history database failed.
    case history(reason: String)
    /// `--as-of` (or a report period) lies outside the days that have records.
    case outsideData(asked: String, first: Day, last: Day)
    /// A record's text could not be tokenized for its terms.
    case text(record: String, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path): "cannot open \(path)"
        case .badDate(let text): "not a date (want yyyy-MM-dd): \(text)"
        case .noDatedRecords: "no record has a usable date"
        case .template(let path, let reason): "warning template \(path): \(reason)"
        case .history(let reason): "history database: \(reason)"
        case .outsideData(let asked, let first, let last):
            "\(asked) is outside the data: the records run from \(first) to \(last)"
        case .text(let record, let reason): "record \(record): its text could not be tokenized: \(reason)"
        }
    }
}
