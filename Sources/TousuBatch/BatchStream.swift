import Dispatch
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

        let source = ByteSource(handle: input, name: name, blockSize: 1 << 16)
        try source.fill(1 << 16)
        let sample = source.buffer[0..<min(source.buffer.count, 1 << 16)]
        let bom = TextDecoding.byteOrderMark(sample)
        var encoding = opts.encoding
        if encoding == .auto {
            encoding = TextDecoding.detect(sample, complete: source.atEnd)
        } else if encoding == .utf16le || encoding == .utf16be, let (b, _) = bom, b == .utf16le || b == .utf16be {
            encoding = b
        }
        if let (b, length) = bom, b == encoding { source.start = length }
        let format = BatchPipeline.resolveFormat(
            opts.format, input: .standardInput, sample: sample.dropFirst(source.start), encoding: encoding)
        let delimiter: UInt16? = format == .csv ? 0x2C : format == .tsv ? 0x09 : nil
        var framer = RecordFramer(
            source: source, width: TextDecoding.unitWidth(encoding), bigEndian: encoding == .utf16be,
            delimiter: delimiter, maxRecordBytes: opts.maxRecordBytes, line: 1, ordinal: 0)
        var header: [String] = []
        if let d = delimiter, let first = try framer.next() {
            guard !first.unterminated else { throw BatchError.badHeader("unterminated quoted field") }
            guard let text = TextDecoding.decode(first.bytes[...], as: encoding) else {
                throw BatchError.badHeader("undecodable bytes")
            }
            switch DelimitedFields.parse(text, delimiter: UInt8(d)) {
            case .success(let names): header = names
            case .failure(let reason): throw BatchError.badHeader(reason.description)
            }
            framer.ordinal = 0
        }
        let processor = RecordProcessor(
            encoding: encoding, format: format, header: header, mapping: opts.mapping,
            maxTextLength: opts.maxTextLength, writer: RecordWriter(format: .jsonl, columns: [], excel: false),
            classify: classify)

        var read = 0, written = 0, rejected = 0
        while true {
            var records: [RawRecord] = []
            records.reserveCapacity(opts.chunkSize)
            while records.count < opts.chunkSize, let r = try framer.next() { records.append(r) }
            if records.isEmpty { break }
            let outcomes = Self.process(records, with: processor, threads: opts.threads)
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

    /// Outcomes in input order, computed on up to `threads` workers in runs of 16 records.
    static func process(_ records: [RawRecord], with processor: RecordProcessor, threads: Int)
        -> [RecordProcessor.Outcome]
    {
        let n = records.count
        let results = BatchResults(count: (n + 15) / 16)
        let counter = Counter()
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, (n + 15) / 16))) { _ in
            while true {
                let from = counter.take(16)
                if from >= n { break }
                results.store(from / 16, records[from..<min(from + 16, n)].map(processor.process))
            }
        }
        return Array(results.batches.joined())
    }
}
