import ArgumentParser
import Foundation
import TousuClassifier
import TousuHotspots
import TousuText

struct HotspotsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hotspots",
        abstract: "Find complaint hotspots in classified records (the output of `tousu batch`), or in raw records with --model.",
        discussion: """
            Counts records per window (day or ISO week) by sector × nature, sector × merchant, sector × region and sector × term, tests each group of the --as-of window against its own history within the current intake segment (negative binomial with a dispersion shared by the groups of a kind, past bursts left out; Benjamini–Hochberg within each kind at --fdr; at least --min-count complaints and twice the expectation), and reports each hotspot with its series, first window, distinguishing terms, three representative complaints and a draft consumer warning (lexicons/warnings/<sector>.md). With --model, the input holds raw records (JSONL, CSV or TSV, any encoding `tousu batch` reads) that are classified on the fly; records the classifier cannot take (no text, broken lines) are counted as malformed. Records without a usable date are counted and reported. With --history, per-day counts are kept in a SQLite file: a daily run reads only the new day's records yet compares with the stored history, and re-running a day replaces it.

            Examples:
              tousu hotspots --input classified.jsonl --format markdown --top 10
              tousu hotspots --input car_complaints_12365auto.jsonl --default-sector auto \\
                --merchant-field brand,model --window week --as-of 2020-06-14 --format html -o report.html
              tousu hotspots --input today.jsonl --history hotspots.sqlite --format json -o today.json
              tousu hotspots --model models/sectors.tousu --input raw.csv --text-field 投诉内容 \\
                --date-field 日期 --region-field 区县 --classified today.jsonl
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, csv, markdown, html }

    @Option(help: "Classified records, JSONL (fields id, date, sector, natures, text, …); with --model, raw records.")
    var input: String

    @Option(help: "Classify the input with this model on the fly (the input is raw records, as for `tousu batch`).")
    var model: String?

    @Option(name: .customLong("text-field"), help: "With --model: field holding the text; repeat to join several. Default: the first of text, content, review, complaint, 内容, 投诉内容.")
    var textFields: [String] = []

    @Option(help: "With --model: also write the classified records (the JSONL of `tousu batch`) to this file.")
    var classified: String?

    @Option(help: "With --model: write the records that could not be classified (JSONL with line and reason) to this file.")
    var rejects: String?

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
    var minCount = HotspotParameters().minCount

    @Option(help: "False-discovery rate of the hotspots of a window (Benjamini–Hochberg within each kind of group).")
    var fdr = HotspotParameters().fdr

    @OptionGroup var lexicon: LexiconOptions

    // Dates (issue 10) — kept apart from the shared options.
    @Option(name: .customLong("max-date"), help: "Last usable date (default: today, UTC): records dated after it are counted as unusable and left out of every window.")
    var maxDate: String?

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
        // Terms, and merchant/region/closure signals from the text for records without those fields.
        let analyzer = try RecordAnalyzer.load(lexicons: lexicon.url)
        var lastUsable = DateLimits.today()
        if let maxDate {
            guard let day = Day(parsing: maxDate) else { throw HotspotError.badDate(maxDate) }
            lastUsable = day
        }
        var records: [ClassifiedRecord]
        var summary: RecordReader.Summary
        if let model {
            var classifier = try Classifier.load(contentsOf: URL(fileURLWithPath: model))
            classifier.explanationLimit = 0  // hotspots and batch's classified output carry no top features
            let raw = try RawRecords(reader: reader, textFields: textFields).read(
                path: input, classifier: classifier, analyzer: analyzer, classified: classified, rejects: rejects)
            (records, summary) = (raw.records, raw.summary)
        } else {
            if classified != nil || rejects != nil || !textFields.isEmpty {
                throw ValidationError("--classified, --rejects and --text-field need --model")
            }
            (records, summary) = try reader.read(path: input)
            records = try parallelMap(records) { r in
                var r = r
                try analyzer.analyze(&r)
                return r
            }
        }
        let futureDated = DateLimits.dropDates(after: lastUsable, in: &records)
        var aggregates = DailyAggregates(records)

        var parameters = HotspotParameters()
        parameters.window = window
        parameters.minCount = minCount
        parameters.fdr = fdr
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
        if let asOfDay { try DateLimits.check(asOfDay, window: window, within: aggregates, label: "--as-of") }
        let finder = HotspotFinder(
            parameters: parameters, names: DisplayNames.load(lexicons: lexicon.url),
            templates: try WarningTemplates.load(directory: lexicon.url.appendingPathComponent("warnings")))
        let result = try finder.find(
            aggregates: aggregates, records: records, asOf: asOfDay,
            summary: .init(recordsRead: records.count, undated: summary.undated, malformed: summary.malformed, futureDated: futureDated))
        let reportFormat = ReportFormat(rawValue: format.rawValue) ?? .markdown
        let text = try reportFormat.render(result, top: format == .json ? nil : top)
        if let output {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output))
        } else {
            let out = OutputBuffer()
            out.write(text)
            out.flush()
        }
        if futureDated > 0 {
            FileHandle.standardError.write(Data("tousu: \(input): \(futureDated) record(s) dated after \(lastUsable) (--max-date, default today) are unusable dates; those are not in any window\n".utf8))
        }
        if summary.undated > 0 || summary.malformed > 0 {
            FileHandle.standardError.write(Data(Self.note(input: input, summary, rejects: model == nil ? nil : rejects ?? "").utf8))
        }
    }

    /// The stderr line on records left out of every window.
    /// `rejects`: nil for classified input, else the rejects file ("" when none).
    static func note(input: String, _ summary: RecordReader.Summary, rejects: String?) -> String {
        func lines(_ numbers: [Int], of count: Int) -> String {
            numbers.isEmpty ? "" : " (lines \(numbers.map(String.init).joined(separator: ","))\(count > numbers.count ? ",…" : ""))"
        }
        let bad = rejects.map {
            "\(summary.malformed) record(s) that could not be classified (no text or a broken line"
                + ($0.isEmpty ? "; --rejects FILE keeps them)" : "; in \($0))")
        } ?? "\(summary.malformed) malformed line(s)\(lines(summary.malformedLines, of: summary.malformed))"
        return "tousu: \(input): \(summary.lines) record(s) read, \(summary.undated) without a usable date"
            + "\(lines(summary.undatedLines, of: summary.undated)), \(bad); those are not in any window\n"
    }
}

extension WindowKind: ExpressibleByArgument {}
