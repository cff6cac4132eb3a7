import ArgumentParser
import Foundation
import TousuBatch
import TousuHotspots

/// How `tousu hotspots` and `tousu report` read complaint records: the reading and field options,
/// how a record without a sector gets one (--model or --default-sector), the last usable date and
/// the lexicons. One group, so that both commands mean the same by the same option.
struct ComplaintInputOptions: ParsableArguments {
    @OptionGroup var reading: ReadingOptions

    @OptionGroup var fields: RecordFieldOptions

    @OptionGroup var modelOptions: ModelOptions

    @Option(help: "Sector of every record without a sector, instead of classifying it (e.g. auto for a car complaint stream).")
    var defaultSector: String?

    @Option(name: .customLong("max-date"), help: "Last usable date (default: today, UTC): records dated after it are counted as unusable and left out.")
    var maxDate: String?

    @OptionGroup var lexicon: LexiconOptions

    func validate() throws {
        if let maxDate, Day(parsing: maxDate) == nil { throw ValidationError("--max-date \(maxDate) is not a date (want yyyy-MM-dd)") }
        if defaultSector != nil && modelOptions.model != nil {
            throw ValidationError("--default-sector and --model both say how unclassified records get a sector; give one")
        }
        if let defaultSector, defaultSector.isEmpty { throw ValidationError("--default-sector needs a sector id") }
    }

    /// The last usable date: --max-date, else today (UTC).
    var lastUsable: Day { maxDate.flatMap { Day(parsing: $0) } ?? DateLimits.today() }

    /// The reader of the records: batch's reading, the text stage (`analyzer`: the `parts` of
    /// terms, merchant and region from the text for records without those fields, closure
    /// signals), and the model loaded only when a record needs it.
    func reader(analyzer: RecordAnalyzer, parts: RecordAnalyzer.Parts = .all, lexicons: URL, quiet: Bool) -> HotspotInput {
        let models = modelOptions
        return HotspotInput(
            options: reading.options(fields: fields), defaultSector: defaultSector, analyzer: analyzer, parts: parts,
            classifier: {
                var classifier = try models.load(lexicons: lexicons, quiet: quiet)
                classifier.explanationLimit = 0  // hotspots and batch's classified output carry no top features
                classifier.keywordOriginals = false  // nor the keywords' original text
                return classifier
            })
    }
}
