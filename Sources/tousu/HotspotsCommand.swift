import ArgumentParser
import Foundation
import TousuBatch
import TousuClassifier
import TousuHotspots
import TousuText

struct HotspotsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hotspots",
        abstract: "Find complaint hotspots in complaint records, classified (the output of `tousu batch`) or not.",
        discussion: """
            Counts records per window (day or ISO week) by sector × nature, sector × merchant, sector × region and sector × term, tests each group of the --as-of window against its own history within the current intake segment (negative binomial with a dispersion shared by the groups of a kind, past bursts left out; Benjamini–Hochberg within each kind at --fdr; at least --min-count complaints and twice the expectation), and reports each hotspot with its series, first window, distinguishing terms, three representative complaints and a draft consumer warning (lexicons/warnings/<sector>.md).

            The input is any file `tousu batch` reads (JSONL, CSV or TSV in UTF-8, GB18030 or UTF-16). A record that carries a sector (batch's output) keeps its tags; the others are classified with the model (--model, else $TOUSU_MODEL, else the default model, built on first use), or all get --default-sector for a stream known to be one sector. Records that cannot be read (no text, broken lines) and records without a usable date are counted and reported, never dropped silently. With --history, per-day counts are kept in a SQLite file: a daily run reads only the new day's records yet compares with the stored history, and re-running a day replaces it.

            Examples:
              tousu hotspots --input corpora/samples/backlog.jsonl \\
                --merchant-field brand,model --window week --as-of 2020-06-07 --top 5
              tousu hotspots --input corpora/samples/backlog.jsonl --default-sector auto \\
                --merchant-field brand,model --format html -o report.html
              tousu hotspots --input corpora/samples/backlog.jsonl \\
                --merchant-field brand,model --history hotspots.sqlite \\
                --format json -o today.json --classified today.jsonl
            """
    )

    @Option(help: "Complaint records: batch's classified JSONL, or raw JSONL/CSV/TSV (classified on the fly).")
    var input: String

    @OptionGroup var records: ComplaintInputOptions

    @Option(help: "Also write the classified records (the JSONL of `tousu batch`) to this file.")
    var classified: String?

    @Option(help: "Write the records that could not be read (JSONL with line, offset and reason) to this file.")
    var rejects: String?

    @Option(help: "Window: day or week (ISO week, Monday first).")
    var window: WindowKind = .day

    @Option(name: .customLong("as-of"), help: "The day whose window is reported, yyyy-MM-dd (default: the last date in the input).")
    var asOf: String?

    @Option(parsing: .unconditional, help: "Hotspots shown in csv, markdown and html, at least 1 (json keeps all).")
    var top: Int = 10

    @Option(help: "Output format: json, csv, markdown or html.")
    var format: ReportFormat = .markdown

    @Option(name: .shortAndLong, help: "Write the report to this file instead of stdout.")
    var output: String?

    @Option(help: "SQLite file with per-day counts: the input is added to it (replacing its days) and compared with it.")
    var history: String?

    @Option(parsing: .unconditional, help: "Least complaints in the window for a hotspot (at least 1).")
    var minCount = HotspotParameters().minCount

    @Option(parsing: .unconditional, help: "False-discovery rate of the hotspots of a window, between 0 and 1 (Benjamini–Hochberg within each kind of group).")
    var fdr = HotspotParameters().fdr

    @Flag(help: "No notes on stderr (records left out, the default model built).")
    var quiet = false

    func validate() throws {
        if top < 1 { throw ValidationError("--top must be at least 1, not \(top)") }
        if minCount < 1 { throw ValidationError("--min-count must be at least 1, not \(minCount)") }
        if !(fdr > 0 && fdr < 1) { throw ValidationError("--fdr must be between 0 and 1 (exclusive), not \(fdr)") }
        if let asOf, Day(parsing: asOf) == nil { throw ValidationError("--as-of \(asOf) is not a date (want yyyy-MM-dd)") }
    }

    func run() throws {
        try InputCheck.requireFile(input)
        let lexicons = try records.lexicon.directory()
        // Every file this run writes must be neither the input, the model nor another output.
        _ = try PathSafety.check(
            inputs: [NamedPath("--input", input)] + [records.modelOptions.model].compactMap { $0.map { NamedPath("--model", $0) } },
            outputs: [("--classified", classified), ("--rejects", rejects), ("--output", output), ("--history", history)]
                .compactMap { role, path in path.map { NamedPath(role, $0) } })
        // Merchant and region from the text for records without those fields, and closure signals,
        // while reading; terms afterwards, for the windows the detection looks at only (HotspotRun).
        let analyzer = try RecordAnalyzer.load(lexicons: lexicons)
        let reader = records.reader(analyzer: analyzer, parts: [.mentions, .closure], lexicons: lexicons, quiet: quiet)
        var read = try reader.read(
            input: input == "-" ? .standardInput : .file(input),
            classified: classified.map { .file($0) } ?? .discard, rejects: rejects.map { .file($0) } ?? .discard)

        var parameters = HotspotParameters()
        parameters.window = window
        parameters.minCount = minCount
        parameters.fdr = fdr
        var run = HotspotRun(
            parameters: parameters, names: DisplayNames(taxonomy: try Taxonomy.load(lexicons: lexicons)),
            templates: try WarningTemplates.load(directory: lexicons.appendingPathComponent("warnings")),
            history: try history.map { try HistoryStore(path: $0) })
        run.analyzer = analyzer
        let lastUsable = records.lastUsable
        // Handed over, not shared: the run fills the records' terms in place.
        let records = read.records
        read.records = []
        let report = try run.report(
            records: consume records, summary: read.summary, asOf: asOf.flatMap { Day(parsing: $0) }, lastUsable: lastUsable)
        let text = try format.render(report, top: format == .json ? nil : top)
        let out = try OutputBuffer(path: output, inputs: [input])
        try out.write(text)
        try out.commit()
        if quiet { return }
        if read.classified > 0 { Console.note("tousu: \(read.classified) record(s) had no sector and were classified with the model") }
        if report.futureDated > 0 {
            Console.note("tousu: \(input): \(report.futureDated) record(s) dated after \(lastUsable) (--max-date, default today) are unusable dates; those are not in any window")
        }
        if read.summary.undated > 0 || read.summary.malformed > 0 {
            Console.note(Self.note(input: input, read.summary, rejects: rejects))
        }
    }

    /// The stderr line on records left out of every window.
    static func note(input: String, _ summary: RecordReader.Summary, rejects: String?) -> String {
        let lines = summary.undatedLines.isEmpty ? "" : " (lines \(summary.undatedLines.map(String.init).joined(separator: ","))\(summary.undated > summary.undatedLines.count ? ",…" : ""))"
        let bad = "\(summary.malformed) record(s) that could not be read (no text or a broken line"
            + (rejects.map { "; in \($0))" } ?? "; --rejects FILE keeps them)")
        return "tousu: \(input): \(summary.lines) record(s) read, \(summary.undated) without a usable date\(lines), \(bad); those are not in any window"
    }
}
