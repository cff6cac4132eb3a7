import ArgumentParser
import Foundation
import TousuHotspots
import TousuText

/// `tousu report --from DATE --to DATE`: the period report (totals and change, sector and nature
/// breakdowns, the period's top themes) from classified records or the SQLite history.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the period report (quarter, year, 3.15): totals, change, breakdowns and the top themes (十大投诉热点).",
        discussion: """
            Counts the classified records of the period and of the previous period of the same length (and of the same period a year before when the data reaches back that far): totals and change, the sector and nature breakdowns (counts, shares, change), and the period's top themes — sector × primary nature × merchant or product, ranked by volume then growth — each with its count, share, change, weekly trend, the regions it concentrates in, distinguishing terms, typical cases and a draft consumer warning. Records without a merchant or region field get the one their text names. With --history (the SQLite file of `tousu hotspots --history`), the counts come from it (the --input records, if any, are added to it first); themes then have terms and cases only for the records given.

            Examples:
              tousu report --input classified.jsonl --from 2024-01-01 --to 2024-03-31 --format html -o q1.html
              tousu report --input ../shared/data/car_complaints_12365auto.jsonl --default-sector auto \\
                --merchant-field brand,model --from 2020-06-01 --to 2020-06-30
              tousu report --history hotspots.sqlite --from 2024-03-01 --to 2024-03-15 --format json
            """
    )

    @Option(help: "First day of the period (yyyy-MM-dd).")
    var from: String

    @Option(help: "Last day of the period (yyyy-MM-dd).")
    var to: String

    @Option(help: "Classified records, JSONL (the output of `tousu batch`).")
    var input: String?

    @Option(help: "SQLite history of daily counts (as kept by `tousu hotspots --history`).")
    var history: String?

    @Option(help: "Output format: markdown, html or json.")
    var format: PeriodReportFormat = .markdown

    @Option(name: .shortAndLong, help: "Write the report to this file instead of stdout.")
    var output: String?

    @Option(help: "Themes in the report.")
    var top = 10

    @Option(help: "Field holding the date.")
    var dateField = "date"

    @Option(help: "Field(s) holding the merchant or product, comma-separated fields are joined (e.g. brand,model).")
    var merchantField = "merchant"

    @Option(help: "Field(s) holding the region, comma-separated fields are joined.")
    var regionField = "region"

    @Option(help: "Sector of records without a sector field.")
    var defaultSector: String?

    @Option(name: .customLong("max-date"), help: "Last usable date (default: today, UTC): later dates are counted as unusable.")
    var maxDate: String?

    @OptionGroup var lexicon: LexiconOptions

    func validate() throws {
        guard top >= 1 else { throw ValidationError("--top must be at least 1") }
        guard input != nil || history != nil else { throw ValidationError("give --input, --history or both") }
    }

    func run() throws {
        do {
            try report()
        } catch let error as HotspotError {
            FileHandle.standardError.write(Data("tousu: error: \(error)\n".utf8))
            throw ExitCode(65)
        }
    }

    private func report() throws {
        guard let fromDay = Day(parsing: from) else { throw HotspotError.badDate(from) }
        guard let toDay = Day(parsing: to) else { throw HotspotError.badDate(to) }
        var lastUsable = DateLimits.today()
        if let maxDate {
            guard let day = Day(parsing: maxDate) else { throw HotspotError.badDate(maxDate) }
            lastUsable = day
        }
        var fields = RecordReader.Fields()
        fields.date = dateField
        fields.merchant = merchantField.split(separator: ",").map(String.init)
        fields.region = regionField.split(separator: ",").map(String.init)
        var records: [ClassifiedRecord] = []
        var summary = RecordReader.Summary()
        if let input {
            (records, summary) = try RecordReader(fields: fields, defaultSector: defaultSector).read(path: input)
        }
        let futureDated = DateLimits.dropDates(after: lastUsable, in: &records)
        // The text stage for the records of the period and the one before it (themes need the
        // merchant a text names; terms and cases need the tokens).
        let analyzer = try RecordAnalyzer.load(lexicons: lexicon.url)
        let length = toDay.number - fromDay.number + 1
        let from2 = fromDay - length
        records = try parallelMap(records) { r in
            // Only records that need the text for their merchant or region; the builder finds
            // the terms of the themes' records itself.
            guard let d = r.date, d >= from2, d <= toDay, r.merchant == nil || r.region == nil else { return r }
            var r = r
            try analyzer.analyze(&r)
            return r
        }
        // Counts without terms: the period report does not test terms.
        var aggregates = DailyAggregates(records.map { r in var r = r; r.tokens = nil; return r })
        if let history {
            let store = try HistoryStore(path: history)
            if !records.isEmpty { try store.ingest(aggregates) }
            aggregates = try store.load(from: Day(number: from2.number - 366), to: toDay)
        }
        var builder = PeriodReportBuilder(
            names: DisplayNames.load(lexicons: lexicon.url),
            templates: try WarningTemplates.load(directory: lexicon.url.appendingPathComponent("warnings")), top: top)
        builder.analyzer = analyzer
        let result = try builder.build(aggregates: aggregates, records: records, from: fromDay, to: toDay)
        let text = try format.render(result)
        if let output {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output))
        } else {
            let out = OutputBuffer()
            out.write(text)
            out.flush()
        }
        if summary.undated > 0 || summary.malformed > 0 || futureDated > 0 {
            FileHandle.standardError.write(Data(("tousu: \(input ?? "-"): \(summary.lines) record(s) read, \(summary.undated) without a usable date, "
                + "\(futureDated) dated after \(lastUsable), \(summary.malformed) malformed line(s); those are not in the report\n").utf8))
        }
    }
}

extension PeriodReportFormat: ExpressibleByArgument {}
