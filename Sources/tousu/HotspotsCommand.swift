import ArgumentParser
import Foundation
import TousuHotspots
import TousuText

struct HotspotsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hotspots",
        abstract: "Find complaint hotspots in classified records (the output of `tousu batch`).",
        discussion: """
            Counts records per window (day or ISO week) by sector × nature, sector × merchant, sector × region and sector × term, tests each group of the --as-of window against its own history (Poisson / negative binomial, Benjamini–Hochberg across all groups, at least --min-count complaints and twice the expectation), and reports each hotspot with its series, first window, distinguishing terms, three representative complaints and a draft consumer warning (lexicons/warnings/<sector>.md). Records without a usable date are counted and reported. With --history, per-day counts are kept in a SQLite file: a daily run reads only the new day's records yet compares with the stored history, and re-running a day replaces it.

            Examples:
              tousu hotspots --input classified.jsonl --format markdown --top 10
              tousu hotspots --input car_complaints_12365auto.jsonl --default-sector auto \\
                --merchant-field brand,model --window week --as-of 2020-06-14 --format html -o report.html
              tousu hotspots --input today.jsonl --history hotspots.sqlite --format json -o today.json
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, csv, markdown, html }

    @Option(help: "Classified records, JSONL (fields id, date, sector, natures, text, …).")
    var input: String

    @Option(help: "Window: day or week (ISO week, Monday first).")
    var window: WindowKind = .day

    @Option(name: .customLong("as-of"), help: "The day whose window is reported (default: the last date in the input).")
    var asOf: String?

    @Option(help: "Hotspots shown in csv, markdown and html (json keeps all).")
    var top: Int = 10

    @Option(help: "Output format: json, csv, markdown or html.")
    var format: Format = .markdown

    @Option(name: .shortAndLong, help: "Write the report to this file instead of stdout.")
    var output: String?

    @Option(help: "SQLite file with per-day counts: the input is added to it (replacing its days) and compared with it.")
    var history: String?

    @Option(help: "Field holding the date (yyyy-MM-dd, yyyy/MM/dd or ISO date-time).")
    var dateField = "date"

    @Option(help: "Field(s) holding the merchant or product, comma-separated fields are joined (e.g. brand,model).")
    var merchantField = "merchant"

    @Option(help: "Field(s) holding the region, comma-separated fields are joined.")
    var regionField = "region"

    @Option(help: "Sector of records without a sector field (e.g. auto for an unclassified car stream).")
    var defaultSector: String?

    @Option(help: "Least complaints in the window for a hotspot.")
    var minCount = 5

    @OptionGroup var lexicon: LexiconOptions

    func run() throws {
        do {
            try report()
        } catch let error as HotspotError {
            FileHandle.standardError.write(Data("tousu: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    private func report() throws {
        var asOfDay: Day? = nil
        if let asOf {
            guard let day = Day(parsing: asOf) else { throw HotspotError.badDate(asOf) }
            asOfDay = day
        }
        var fields = RecordReader.Fields()
        fields.date = dateField
        fields.merchant = merchantField.split(separator: ",").map { String($0) }
        fields.region = regionField.split(separator: ",").map { String($0) }
        let reader = RecordReader(fields: fields, defaultSector: defaultSector)
        var (records, summary) = try reader.read(path: input)

        // Terms: tokens without stopwords, CJK of 2+ characters and Latin words.
        let tokenizer = try Tokenizer.load(lexicons: lexicon.url, options: Tokenizer.Options(removeStopwords: true))
        let extractor = TermExtractor(tokenizer: tokenizer)
        for i in records.indices where records[i].tokens == nil {
            records[i].tokens = try extractor.terms(records[i].text)
        }
        var aggregates = DailyAggregates()
        for record in records { aggregates.add(record) }

        var parameters = HotspotParameters()
        parameters.window = window
        parameters.minCount = minCount
        if let history {
            let store = try HistoryStore(path: history)
            try store.ingest(aggregates)
            let stored = try store.days().last
            guard let last = asOfDay ?? aggregates.days.keys.max() ?? stored else {
                throw HotspotError.noDatedRecords
            }
            asOfDay = last
            let start = window.start(of: last)
            // Room for the history and the series, with some slack for gaps.
            let span = 2 * (parameters.detector.historyWindows + parameters.seriesLength) * window.length
            aggregates = try store.load(from: start - span, to: start + (window.length - 1))
        }
        let finder = HotspotFinder(
            parameters: parameters, names: DisplayNames.load(lexicons: lexicon.url),
            templates: try WarningTemplates.load(directory: lexicon.url.appendingPathComponent("warnings")))
        let result = try finder.find(
            aggregates: aggregates, records: records, asOf: asOfDay,
            summary: .init(recordsRead: records.count, undated: summary.undated, malformed: summary.malformed))
        let reportFormat = ReportFormat(rawValue: format.rawValue) ?? .markdown
        let text = try reportFormat.render(result, top: format == .json ? nil : top)
        if let output {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output))
        } else {
            let out = OutputBuffer()
            out.write(text)
            out.flush()
        }
        if summary.undated > 0 || summary.malformed > 0 {
            FileHandle.standardError.write(Data(
                "tousu: \(input): \(summary.undated) record(s) without a usable date (lines \(summary.undatedLines.map(String.init).joined(separator: ",")))\(summary.undated > summary.undatedLines.count ? ",…" : ""), \(summary.malformed) malformed line(s); not in any window\n".utf8))
        }
    }
}

extension WindowKind: ExpressibleByArgument {}
