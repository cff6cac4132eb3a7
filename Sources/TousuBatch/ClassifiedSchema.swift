/// The classified-record schema: the one place that names the fields `tousu batch` writes and
/// `tousu hotspots` (and the service) read. A classified record is the input record's fields, then
/// the canonical fields mapped from them (when named otherwise in the input), then the tags.
public enum ClassifiedSchema {
    // Canonical record fields (mapped by `RecordMapping`).
    public static let id = "id"
    public static let text = "text"
    public static let date = "date"
    public static let merchant = "merchant"
    public static let region = "region"
    /// Where `merchant` / `region` came from: `field` (the input's) or `text` (found in the text,
    /// `BatchOptions.mentions`); written only when mentions are looked for.
    public static let merchantSource = "merchant_source"
    public static let regionSource = "region_source"
    /// The fields mentions add, in output order (CSV columns after the input's and the mapped ones).
    public static let mentionFields = [merchant, merchantSource, region, regionSource]

    // Tags added by classification, in output order.
    public static let sector = "sector"
    public static let sectorName = "sector_name"
    public static let sectorScores = "sector_scores"
    public static let natures = "natures"
    public static let confidence = "confidence"
    public static let needsReview = "needs_review"
    public static let keywords = "keywords"
    /// Optional: the record's terms for hotspots (an array of strings).
    public static let terms = "tokens"

    /// The canonical record fields, in output order.
    public static let canonicalFields = [id, text, date, merchant, region]
    /// The tags, in output order (CSV columns after the input's).
    public static let tagFields = [sector, sectorName, sectorScores, natures, confidence, needsReview, keywords]
    /// In CSV output, natures and keywords are joined with this.
    public static let listSeparator = "|"
    /// An input field whose name is a canonical one but which is not the mapped field (an input
    /// "date" when `--date-field 日期`) passes through under this prefix, so no value is lost and
    /// no key appears twice.
    public static let renamedInputPrefix = "input_"
    /// Marks the control lines of the engine stream (`EngineLine`); reserved like the tags, so an
    /// input field of this name is written as `input__tousu` and no classified record starts so.
    public static let engineMarker = "_tousu"
    /// Names an input field cannot keep in the output: the tags and the engine marker.
    public static func isReserved(_ name: String) -> Bool {
        let n = name.utf8.count
        return (n == engineMarker.utf8.count && name == engineMarker) || tagFields.contains { $0.utf8.count == n && $0 == name }
    }
}
