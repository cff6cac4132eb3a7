import ArgumentParser
import Foundation
import TousuBatch
import TousuClassifier
import TousuHotspots

/// `tousu report --from DATE --to DATE`: the period report (totals and change, sector and nature
/// breakdowns, the period's top themes) from complaint records or the SQLite history.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the period report (quarter, year, 3.15): totals, change, breakdowns and the top themes (十大投诉热点).",
        discussion: """
            Counts the records of the period and of the previous period of the same length (and of the same period a year before when the data reaches back that far): totals and change, the sector and nature breakdowns (counts, shares, change), and the period's top themes — sector × primary nature × merchant or product, ranked by volume then growth — each with its count, share, change, weekly trend, the regions it concentrates in, distinguishing terms, typical cases and a draft consumer warning. The input is read as by `tousu hotspots`: classified records keep their tags, others are classified with the model (or get --default-sector). Records without a merchant or region field get the one their text names. With --history (the SQLite file of `tousu hotspots --history`), the counts come from it (the --input records, if any, are added to it first); themes then have terms and cases only for the records given.

            Examples:
              tousu report --input corpora/samples/backlog.jsonl --merchant-field brand,model \\
                --from 2020-06-01 --to 2020-06-30
              tousu report --input corpora/samples/backlog.jsonl --merchant-field brand,model \\
                --from 2020-06-01 --to 2020-06-30 --format html -o june.html
            """
    )

    @Option(help: "First day of the period (yyyy-MM-dd).")
    var from: String

    @Option(help: "Last day of the period (yyyy-MM-dd).")
    var to: String

    @Option(help: "Complaint records: batch's classified JSONL, or raw JSONL/CSV/TSV (classified on the fly).")
    var input: String?

    @OptionGroup var records: ComplaintInputOptions

    @Option(help: "SQLite history of daily counts (as kept by `tousu hotspots --history`).")
    var history: String?

    @Option(help: "Output format: markdown, html or json.")
    var format: PeriodReportFormat = .markdown

    @Option(name: .shortAndLong, help: "Write the report to this file instead of stdout.")
    var output: String?

    @Option(parsing: .unconditional, help: "Themes in the report (at least 1).")
    var top = 10

    @Flag(help: "No notes on stderr (records left out, the default model built).")
    var quiet = false

    func validate() throws {
        if top < 1 { throw ValidationError("--top must be at least 1, not \(top)") }
        if input == nil && history == nil { throw ValidationError("give --input, --history or both") }
        for (name, value) in [("--from", from), ("--to", to)] where Day(parsing: value) == nil {
            throw ValidationError("\(name) \(value) is not a date (want yyyy-MM-dd)")
        }
        if let f = Day(parsing: from), let t = Day(parsing: to), f > t { throw ValidationError("--from \(from) is after --to \(to)") }
    }

    func run() throws {
        guard let fromDay = Day(parsing: from), let toDay = Day(parsing: to) else { throw HotspotError.badDate(from) }
        let lastUsable = records.lastUsable
        if let input { try InputCheck.requireFile(input) }
        let lexicons = try records.lexicon.directory()
        _ = try PathSafety.check(
            inputs: [input].compactMap { $0.map { NamedPath("--input", $0) } }
                + [records.modelOptions.model].compactMap { $0.map { NamedPath("--model", $0) } },
            outputs: [("--output", output), ("--history", history)].compactMap { role, path in path.map { NamedPath(role, $0) } })

        var complaints: [ClassifiedRecord] = []
        var summary = RecordReader.Summary()
        let analyzer = try RecordAnalyzer.load(lexicons: lexicons)
        if let input {
            // Merchant and region from the text only: the builder tokenizes for terms just the
            // records it uses (the top themes' and a background sample).
            let reader = records.reader(analyzer: analyzer, parts: [.mentions], lexicons: lexicons, quiet: quiet)
            let read = try reader.read(input: input == "-" ? .standardInput : .file(input))
            (complaints, summary) = (read.records, read.summary)
        }
        let futureDated = DateLimits.dropDates(after: lastUsable, in: &complaints)
        var builder = PeriodReportBuilder(
            names: DisplayNames(taxonomy: try Taxonomy.load(lexicons: lexicons)),
            templates: try WarningTemplates.load(directory: lexicons.appendingPathComponent("warnings")), top: top)
        builder.analyzer = analyzer
        let report = try PeriodReportRun(
            builder: builder, history: try history.map { try HistoryStore(path: $0) }
        ).report(records: consume complaints, from: fromDay, to: toDay)
        let out = try OutputBuffer(path: output, inputs: [input].compactMap { $0 })
        try out.write(try format.render(report))
        try out.commit()
        if quiet { return }
        if summary.undated > 0 || summary.malformed > 0 || futureDated > 0 {
            Console.note(
                "tousu: \(input ?? "-"): \(summary.lines) record(s) read, \(summary.undated) without a usable date, "
                    + "\(futureDated) dated after \(lastUsable), \(summary.malformed) that could not be read; those are not in the report")
        }
    }
}
