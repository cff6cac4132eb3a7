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
            Every input record ends up either in the output, in input order, or in the rejects file (JSONL with its line, byte offset, reason and raw text). The output holds every input field, the fields named by --text-field/--id-field/--date-field/--merchant-field/--region-field under the canonical names text, id, date, merchant, region (an input field already called so but not named is kept as input_NAME), and the tags sector, sector_name, sector_scores, natures, confidence, needs_review, keywords. With --mentions, merchant and region come after the input's fields, taken from the text when the record has no such field, with merchant_source and region_source (field or text). A checkpoint is kept next to the output (OUTPUT.checkpoint.json); after an interruption, run the same command with --resume to continue: the result is the same as an uninterrupted run. With --output - (stdout), rejects go to stderr unless --rejects is given. With --engine-output (for a task of Spark or Hadoop Streaming over one split of a larger input) stdout is one JSONL stream: the classified records and, in its record's place, each reject as {"_tousu":"reject","source":NAME,"record":…,"line":…,"offset":…,"length":…,"reason":…,"raw":…} (line and offset within the split, NAME from --source), then a last line {"_tousu":"summary","source":NAME,"read":N,"written":W,"rejected":R}; an input field named _tousu is written as input__tousu, so no record line starts like these. Without --model the default model is used (built from the bundled corpus on first use).

            Exit status: 0 done, 3 more rejects than --max-rejects (with --engine-output: in this process's split; the stream is still written to its end), 64-74 errors (see `tousu --help`).

            Examples:
              tousu batch --input corpora/samples/backlog.jsonl --output classified.jsonl
              tousu batch --input corpora/samples/backlog.jsonl --output classified.csv \\
                --format csv --excel --merchant-field brand,model
              tousu batch --input corpora/samples/export_gb18030.csv --encoding gb18030 \\
                --text-field 投诉内容 --id-field 编号 --date-field 日期 \\
                --merchant-field 品牌,车型 --output export.jsonl
              cat corpora/samples/backlog.jsonl | tousu batch --input - --output - --quiet
              cat corpora/samples/backlog.jsonl | tousu batch --input - --output - \\
                --quiet --engine-output --source backlog.jsonl#0
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

    @Flag(help: "One JSONL stream on stdout for a data engine (needs --output -): records, rejects in their place marked \"_tousu\":\"reject\", and a summary line.")
    var engineOutput = false

    @Option(help: "With --engine-output: the name of this split, written in each reject and the summary (default: the input path, or stdin).")
    var source: String?

    @Flag(help: "No progress bar and no summary.")
    var quiet = false

    @OptionGroup var lexicon: LexiconOptions

    func validate() throws {
        if let maxRejects, maxRejects < 0 { throw ValidationError("--max-rejects must not be negative, not \(maxRejects)") }
        if resume && (input == "-" || output == "-") {
            throw ValidationError("--resume needs a file input and a file output, not stdin/stdout")
        }
        if excel && format != .csv { throw ValidationError("--excel applies to --format csv only") }
        if engineOutput {
            if output != "-" { throw ValidationError("--engine-output writes to stdout: give --output -, not \(output)") }
            if rejects != nil { throw ValidationError("--engine-output writes the rejects into its stream: drop --rejects") }
            if format != .jsonl { throw ValidationError("--engine-output writes JSONL: drop --format \(format.rawValue)") }
        } else if source != nil {
            throw ValidationError("--source names the split in the engine stream: it needs --engine-output")
        }
    }

    func run() throws {
        try InputCheck.requireFile(input)
        let modelURL = try modelOptions.resolve(lexicons: lexicon.directory(), quiet: quiet)
        var classifier = try Classifier.load(contentsOf: modelURL)
        classifier.explanationLimit = 0  // batch output carries no top features
        classifier.keywordOriginals = false  // nor the keywords' original text

        var options = reading.options(fields: fields)
        options.csvHeader = csvHeader.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        options.excel = excel
        options.outputFormat = format
        if mentions { options.mentions = try TextMentionFinder.load(lexicons: lexicon.directory()) }
        options.resume = resume
        options.maxRejects = maxRejects
        options.classifierIdentity = try Self.fileIdentity(modelURL)
        if engineOutput { return try runEngine(options: options, classifier: classifier) }

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

    /// --engine-output: records, rejects and the summary line as one stream on stdout.
    func runEngine(options: BatchOptions, classifier: Classifier) throws {
        let handle: FileHandle
        if input == "-" {
            handle = .standardInput
        } else {
            guard let h = FileHandle(forReadingAtPath: input) else {
                throw CommandError.noInput(path: input, reason: "not readable")
            }
            handle = h
        }
        let name = input == "-" ? "stdin" : input
        let stream = EngineStream(options: options, source: source ?? name) { record in try classifier.classify(record.text) }
        let summary = try stream.run(handle: handle, input: input == "-" ? .standardInput : .file(input), name: name) {
            bytes in
            do { try FileHandle.standardOutput.write(contentsOf: bytes) } catch {
                throw BatchError.writeFailed(path: "stdout", reason: "\(error)")
            }
        }
        if !quiet { Console.note("tousu: \(summary.line)") }
        if summary.exceededMaxRejects {
            Console.note("tousu: error: \(summary.rejected) records rejected in \(source ?? name), more than --max-rejects \(maxRejects ?? 0)")
            throw ExitCode(3)
        }
    }

    /// Size and FNV-1a hash of a file: changes when the model changes, so --resume refuses it.
    static func fileIdentity(_ url: URL) throws -> String {
        let data = try Data(contentsOf: url)
        return "\(data.count):\(String(FNV1a.hash(data), radix: 16))"
    }
}
