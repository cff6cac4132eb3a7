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

    public var description: String {
        switch self {
        case .cannotOpen(let path): "cannot open \(path)"
        case .badDate(let text): "not a date (want yyyy-MM-dd): \(text)"
        case .noDatedRecords: "no record has a usable date"
        case .template(let path, let reason): "warning template \(path): \(reason)"
        case .history(let reason): "history database: \(reason)"
        }
    }
}
