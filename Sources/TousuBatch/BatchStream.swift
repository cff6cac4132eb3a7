import Foundation
import TousuClassifier

/// Classifies a stream of records (JSONL, CSV or TSV, any supported encoding) read from a file
/// handle — a pipe fed by an HTTP request body, say — and hands back classified JSONL in input
/// order with each reject as a line of its own, in its place. Memory stays bounded: records are
/// read, classified and handed back one chunk at a time. No checkpoints (a stream cannot resume).
///
/// Framing, decoding, parsing, validation and rendering are `BatchPipeline`'s own
/// (`RecordFramer`, `RecordProcessor`, `RecordWriter`); only the order of the output differs:
/// a reject line stands where its record stood and is marked `"reject":true`.
public struct BatchStream: Sendable {
    public var options: BatchOptions
    /// Classifies one record; a thrown error rejects that record.
    public let classify: @Sendable (BatchRecord) throws -> Prediction

    public init(options: BatchOptions, classify: @escaping @Sendable (BatchRecord) throws -> Prediction) {
        self.options = options
        self.classify = classify
    }

    /// Reads `input` to its end; calls `emit` with the output lines of each chunk (never empty)
    /// on the calling thread. Throws `BatchError` for a failure of the whole stream (unreadable
    /// input, bad CSV header) or what `emit` throws; returns read = written + rejected.
    public func run(input: FileHandle, name: String = "request body", emit: ([UInt8]) throws -> Void) throws
        -> BatchSummary
    {
        let started = ContinuousClock.now
        var opts = options
        guard opts.threads >= 1 else { throw BatchError.badOption("threads must be at least 1") }
        guard opts.chunkSize >= 1 else { throw BatchError.badOption("chunk size must be at least 1") }
        opts.outputFormat = .jsonl

        // A request body is one whole stream (not a split of one): its format may be sniffed
        // from its first line and a CSV body starts with its header row.
        let source = ByteSource(handle: input, name: name, blockSize: 1 << 16)
        let probed = try InputProbe.probe(source, input: .file(name), options: opts)
        let (encoding, format) = (probed.encoding, probed.format)
        var framer = probed.framer
        var pending = probed.pending
        let processor = RecordProcessor(
            encoding: encoding, format: format, header: probed.header, mapping: opts.mapping,
            maxTextLength: opts.maxTextLength, writer: RecordWriter(format: .jsonl, columns: [], excel: false),
            classify: classify, mentions: opts.mentions)

        var read = 0, written = 0, rejected = 0
        while true {
            let records = try framer.nextChunk(after: &pending, size: opts.chunkSize)
            if records.isEmpty { break }
            let outcomes = processor.processAll(records, threads: opts.threads)
            var out: [UInt8] = []
            for outcome in outcomes {
                switch outcome {
                case .written(let bytes):
                    out += bytes
                    written += 1
                case .rejected(let bytes):
                    out += #"{"reject":true,"#.utf8
                    out += bytes.dropFirst()  // the reject object without its opening brace
                    rejected += 1
                }
            }
            read += records.count
            try emit(out)
        }
        return BatchSummary(
            read: read, written: written, rejected: rejected, recordsThisRun: read, bytesThisRun: source.offset,
            seconds: started.duration(to: .now).seconds, encoding: encoding, format: format, resumed: false,
            interrupted: false, exceededMaxRejects: opts.maxRejects.map { rejected > $0 } ?? false)
    }
}
