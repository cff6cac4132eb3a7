import ArgumentParser
import Foundation
import TousuBatch
import TousuClassifier
import TousuMentions
import TousuText

struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Classify a backlog of complaints (JSONL, CSV or TSV) into JSONL or CSV.",
        discussion: """
            Every input record ends up either in the output, in input order, or in the rejects file (JSONL with its line, byte offset, reason and raw text). The output holds every input field, the fields named by --text-field/--id-field/--date-field/--merchant-field/--region-field under the canonical names text, id, date, merchant, region (an input field already called so but not named is kept as input_NAME), and the tags sector, sector_name, sector_scores, natures, confidence, needs_review, keywords. A checkpoint is kept next to the output (OUTPUT.checkpoint.json); after an interruption, run the same command with --resume to continue: the result is the same as an uninterrupted run. With --output - (stdout), rejects go to stderr unless --rejects is given. Without --model the default model is used (built from the bundled corpus on first use).

            Exit status: 0 done, 3 more rejects than --max-rejects, 64-74 errors (see `tousu --help`).

            Examples:
              tousu batch --input corpora/samples/backlog.jsonl --output classified.jsonl
              tousu batch --input corpora/samples/backlog.jsonl --output classified.csv \\
                --format csv --excel --merchant-field brand,model
              tousu batch --input corpora/samples/export_gb18030.csv --encoding gb18030 \\
                --text-field 投诉内容 --id-field 编号 --date-field 日期 \\
                --merchant-field 品牌,车型 --output export.jsonl
              cat corpora/samples/backlog.jsonl | tousu batch --input - --output - --quiet
            """
    )

    @OptionGroup var modelOptions: ModelOptions

    @Option(help: "Input file, or - for stdin.")
    var input: String

    @Option(name: .shortAndLong, help: "Output file, or - for stdout.")
    var output: String

    @Option(help: "Rejects file (JSONL); default OUTPUT.rejects.jsonl, or stderr when the output is stdout.")
    var rejects: String?

    @OptionGroup var reading: ReadingOptions

    @Option(help: "Column names of a CSV/TSV input without a header row, comma-separated (required for CSV on stdin).")
    var csvHeader: String?

    @Option(help: "Output format: jsonl or csv.")
    var format: OutputFormat = .jsonl

    @OptionGroup var fields: RecordFieldOptions

    @Flag(help: "Add merchant and region named in the text when a record has no such field, with merchant_source and region_source (field or text).")
    var mentions = false

    @Flag(help: "For CSV output: start with a UTF-8 BOM (and use CRLF) so that Excel reads Chinese text.")
    var excel = false

    @Flag(help: "Continue an interrupted run from its checkpoint (file input and output only).")
    var resume = false

    @Option(parsing: .unconditional, help: "Fail (exit status 3) when more records than this are rejected.")
    var maxRejects: Int?

    @Flag(help: "No progress bar and no summary.")
    var quiet = false

    @OptionGroup var lexicon: LexiconOptions

    func validate() throws {
        if let maxRejects, maxRejects < 0 { throw ValidationError("--max-rejects must not be negative, not \(maxRejects)") }
        if resume && (input == "-" || output == "-") {
            throw ValidationError("--resume needs a file input and a file output, not stdin/stdout")
        }
        if excel && format != .csv { throw ValidationError("--excel applies to --format csv only") }
    }

    func run() throws {
        try InputCheck.requireFile(input)
        let modelURL = try modelOptions.resolve(lexicons: lexicon.directory(), quiet: quiet)
        var classifier = try Classifier.load(contentsOf: modelURL)
        classifier.explanationLimit = 0  // batch output carries no top features

        var options = reading.options(fields: fields)
        options.csvHeader = csvHeader.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        options.excel = excel
        options.outputFormat = format
        if mentions { options.mentions = try TextMentionFinder.load(lexicons: lexicon.directory()) }
        options.resume = resume
        options.maxRejects = maxRejects
        options.classifierIdentity = try Self.fileIdentity(modelURL)

        let batchInput: BatchInput = input == "-" ? .standardInput : .file(input)
        let batchOutput: BatchOutput = output == "-" ? .standardOutput : .file(output)
        let rejectsOutput: BatchOutput
        switch rejects {
        case "-"?: rejectsOutput = .standardError
        case let path?: rejectsOutput = .file(path)
        case nil: rejectsOutput = output == "-" ? .standardError : .file(output + ".rejects.jsonl")
        }
        // The pipeline checks output and rejects against the input and each other; the model too.
        for case .file(let path) in [batchOutput, rejectsOutput] {
            try OutputBuffer.refuseOverwriting(path, inputs: [modelURL.path])
        }

        let bar: ProgressBar? = !quiet && isatty(STDERR_FILENO) != 0 ? ProgressBar() : nil
        let pipeline = BatchPipeline(options: options) { [classifier] record in try classifier.classify(record.text) }
        let summary = try pipeline.run(
            input: batchInput, output: batchOutput, rejects: rejectsOutput, progress: bar)
        bar?.finish()
        if !quiet { Console.note("tousu: \(summary.line)") }
        if summary.exceededMaxRejects {
            Console.note("tousu: error: \(summary.rejected) records rejected, more than --max-rejects \(maxRejects ?? 0)")
            throw ExitCode(3)
        }
    }

    /// Size and FNV-1a hash of a file: changes when the model changes, so --resume refuses it.
    static func fileIdentity(_ url: URL) throws -> String {
        let data = try Data(contentsOf: url)
        return "\(data.count):\(String(FNV1a.hash(data), radix: 16))"
    }
}
