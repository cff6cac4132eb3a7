import ArgumentParser
import Foundation
import TousuBatch
import TousuClassifier
import TousuText

struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Classify a backlog of complaints (JSONL, CSV or TSV) into JSONL or CSV.",
        discussion: """
            Every input record ends up either in the output, in input order, or in the rejects file (JSONL with its line, byte offset, reason and raw text). A checkpoint is kept next to the output (OUTPUT.checkpoint.json); after an interruption, run the same command with --resume to continue: the result is the same as an uninterrupted run. With --output - (stdout), rejects go to stderr unless --rejects is given.

            Exit status: 0 done, 1 error, 3 more rejects than --max-rejects.

            Examples:
              tousu batch --model tousu.model --input backlog.csv --output classified.jsonl
              tousu batch --model tousu.model --input export.csv --encoding gb18030 --text-field 投诉内容 --output out.csv --output-format csv --excel
              cat part-0001.jsonl | tousu batch --model tousu.model --input - --output - --quiet
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case auto, jsonl, csv, tsv }
    enum Encoding: String, ExpressibleByArgument, CaseIterable {
        case auto
        case utf8 = "utf-8"
        case gb18030
        case utf16 = "utf-16"
        case utf16le = "utf-16le"
        case utf16be = "utf-16be"
    }
    enum OutFormat: String, ExpressibleByArgument, CaseIterable { case jsonl, csv }

    @Option(help: "The model file (from `tousu train`).")
    var model: String

    @Option(help: "Input file, or - for stdin.")
    var input: String

    @Option(help: "Output file, or - for stdout.")
    var output: String

    @Option(help: "Rejects file (JSONL); default OUTPUT.rejects.jsonl, or stderr when the output is stdout.")
    var rejects: String?

    @Option(help: "Input format: auto (from the extension or the first line; stdin is JSONL), jsonl, csv or tsv.")
    var format: Format = .auto

    @Option(help: "Column names of a CSV/TSV input without a header row, comma-separated (required for CSV on stdin).")
    var csvHeader: String?

    @Option(help: "Input encoding: auto (BOM, UTF-8, else ICU detection), utf-8, gb18030, utf-16 (a BOM gives the byte order; default little-endian).")
    var encoding: Encoding = .auto

    @Option(name: .customLong("text-field"), help: "Field holding the text; repeat to join several with newlines. Default: the first of text, content, review, complaint, 内容, 投诉内容.")
    var textFields: [String] = []

    @Option(help: "Field holding the record id.")
    var idField = "id"

    @Option(help: "Field holding the complaint date.")
    var dateField: String?

    @Option(help: "Field holding the merchant.")
    var merchantField: String?

    @Option(help: "Field holding the region.")
    var regionField: String?

    @Option(help: "Classification threads (default: all cores).")
    var threads: Int?

    @Flag(help: "For CSV output: start with a UTF-8 BOM (and use CRLF) so that Excel reads Chinese text.")
    var excel = false

    @Option(help: "Output format: jsonl or csv.")
    var outputFormat: OutFormat = .jsonl

    @Flag(help: "Continue an interrupted run from its checkpoint (file input and output only).")
    var resume = false

    @Option(help: "Fail (exit status 3) when more records than this are rejected.")
    var maxRejects: Int?

    @Flag(help: "No progress bar and no summary.")
    var quiet = false

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let maxRejects, maxRejects < 0 { throw ValidationError("--max-rejects must not be negative") }
        if resume && (input == "-" || output == "-") {
            throw ValidationError("--resume needs a file input and a file output, not stdin/stdout")
        }
    }

    func run() throws {
        let modelURL = URL(fileURLWithPath: model)
        var classifier = try Classifier.load(contentsOf: modelURL)
        classifier.explanationLimit = 0  // batch output carries no top features

        var options = BatchOptions()
        options.format = InputFormat(rawValue: format.rawValue)!
        switch encoding {
        case .auto: options.encoding = .auto
        case .utf8: options.encoding = .utf8
        case .gb18030: options.encoding = .gb18030
        case .utf16, .utf16le: options.encoding = .utf16le
        case .utf16be: options.encoding = .utf16be
        }
        options.mapping = RecordMapping(
            textFields: textFields, idField: idField, dateField: dateField, merchantField: merchantField,
            regionField: regionField)
        options.csvHeader = csvHeader.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        if let threads { options.threads = threads }
        options.excel = excel
        options.outputFormat = outputFormat == .csv ? .csv : .jsonl
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

        let bar: ProgressBar? = !quiet && isatty(STDERR_FILENO) != 0 ? ProgressBar() : nil
        let pipeline = BatchPipeline(options: options) { [classifier] record in try classifier.classify(record.text) }
        let summary = try pipeline.run(
            input: batchInput, output: batchOutput, rejects: rejectsOutput, progress: bar)
        bar?.finish()
        if !quiet { Self.stderr("tousu: \(summary.line)\n") }
        if summary.exceededMaxRejects {
            Self.stderr("tousu: \(summary.rejected) records rejected, more than --max-rejects \(maxRejects ?? 0)\n")
            throw ExitCode(3)
        }
    }

    static func stderr(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Size and FNV-1a hash of a file: changes when the model changes, so --resume refuses it.
    static func fileIdentity(_ url: URL) throws -> String {
        let data = try Data(contentsOf: url)
        return "\(data.count):\(String(FNV1a.hash(data), radix: 16))"
    }
}

/// A one-line progress bar on stderr: share of input read, records/s, ETA.
final class ProgressBar: ProgressReporter, @unchecked Sendable {
    private let lock = NSLock()
    private var lastDraw = -1.0
    private var drawn = false

    func report(_ p: BatchProgress) {
        lock.lock()
        defer { lock.unlock() }
        guard p.elapsed - lastDraw >= 0.2 else { return }
        lastDraw = p.elapsed
        let rate = p.elapsed > 0 ? Double(p.recordsThisRun) / p.elapsed : 0
        var line = ""
        if let fraction = p.fraction {
            let width = 30
            let filled = Int(fraction * Double(width))
            line += "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
            line += String(format: "%3.0f%% ", fraction * 100)
            let byteRate = p.elapsed > 0 ? Double(p.bytesThisRun) / p.elapsed : 0
            if let total = p.totalBytes, byteRate > 0 {
                let eta = Int(Double(total - p.bytesRead) / byteRate)
                line += String(format: "ETA %d:%02d ", eta / 60, eta % 60)
            }
        }
        line += "\(p.read) records (\(p.rejected) rejected), \(Int(rate)) records/s"
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
        drawn = true
    }

    /// Clears the bar before the summary line.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
