import Foundation
import TousuClassifier

/// The one stream `tousu batch --engine-output` writes when it runs as a task of a data engine
/// (Spark, Hadoop Streaming) over one split of a larger input: classified records as JSONL in
/// input order, each reject as a line of its own in its record's place, and a summary line at the
/// end, so that the driver can split the stream into records and rejects, find every reject's
/// split, and check the split's count (read = written + rejected) before it trusts the output.
///
/// Lines are told apart by their start (`EngineLine`): `{"_tousu":"reject",` and
/// `{"_tousu":"summary",` never start a classified record, because `_tousu` is a reserved name of
/// the classified schema (an input field called so is written as `input__tousu`).
///
/// Framing, decoding, parsing, validation and rendering are the batch pipeline's own
/// (`InputProbe`, `RecordFramer`, `RecordProcessor`, `RecordWriter`). A split says nothing about
/// the whole input's format or header, so stdin follows `InputProbe`'s rules for standard input
/// (JSONL unless told otherwise; CSV only with its header given). No checkpoints: a task that
/// fails is run again by the engine.
public struct EngineStream: Sendable {
    public var options: BatchOptions
    /// Names this split in every reject and in the summary (e.g. "backlog.jsonl#3").
    public var source: String
    /// Classifies one record; a thrown error rejects that record.
    public let classify: @Sendable (BatchRecord) throws -> Prediction

    public init(
        options: BatchOptions, source: String, classify: @escaping @Sendable (BatchRecord) throws -> Prediction
    ) {
        self.options = options
        self.source = source
        self.classify = classify
    }

    /// Reads `handle` to its end (`input` says which probing rules apply: a file's or stdin's);
    /// calls `emit` with the lines of each chunk and finally with the summary line, on the calling
    /// thread. Throws `BatchError` for a failure of the whole stream (unreadable input, a bad
    /// option) or what `emit` throws — then no summary line is written.
    public func run(
        handle: FileHandle, input: BatchInput, name: String = "stdin", emit: ([UInt8]) throws -> Void
    ) throws -> BatchSummary {
        let started = ContinuousClock.now
        var opts = options
        guard opts.threads >= 1 else { throw BatchError.badOption("threads must be at least 1") }
        guard opts.chunkSize >= 1 else { throw BatchError.badOption("chunk size must be at least 1") }
        guard opts.outputFormat == .jsonl else { throw BatchError.badOption("the engine stream is JSONL") }
        opts.outputFormat = .jsonl

        let source = ByteSource(handle: handle, name: name)
        let probed = try InputProbe.probe(source, input: input, options: opts)
        var framer = probed.framer
        var pending = probed.pending
        let processor = RecordProcessor(
            encoding: probed.encoding, format: probed.format, header: probed.header, mapping: opts.mapping,
            maxTextLength: opts.maxTextLength, writer: RecordWriter(format: .jsonl, columns: [], excel: false),
            classify: classify, mentions: opts.mentions)
        let rejectPrefix = EngineLine.rejectPrefix(source: self.source)

        var read = 0, written = 0, rejected = 0
        while true {
            let records = try framer.nextChunk(after: &pending, size: opts.chunkSize)
            if records.isEmpty { break }
            var out: [UInt8] = []
            for outcome in processor.processAll(records, threads: opts.threads) {
                switch outcome {
                case .written(let bytes):
                    out += bytes
                    written += 1
                case .rejected(let bytes):
                    out += rejectPrefix
                    out += bytes.dropFirst()  // the reject object without its opening brace
                    rejected += 1
                }
            }
            read += records.count
            try emit(out)
        }
        let summary = BatchSummary(
            read: read, written: written, rejected: rejected, recordsThisRun: read, bytesThisRun: source.offset,
            seconds: started.duration(to: .now).seconds, encoding: probed.encoding, format: probed.format,
            resumed: false, interrupted: false, exceededMaxRejects: opts.maxRejects.map { rejected > $0 } ?? false)
        try emit(EngineLine.summary(source: self.source, summary))
        return summary
    }
}

/// The control lines of the engine stream. A reject line is the rejects file's object
/// (`RecordWriter.renderReject`: record, line, offset, length, reason, raw, raw_base64 — line and
/// offset counted within the split) preceded by `"_tousu":"reject"` and `"source"`; the summary
/// line is `{"_tousu":"summary","source":…,"read":N,"written":W,"rejected":R}`, the last line of a
/// stream that ran to its end.
public enum EngineLine {
    /// The start of every reject line.
    public static let rejectMarker = #"{"\#(ClassifiedSchema.engineMarker)":"reject","#
    /// The start of the summary line.
    public static let summaryMarker = #"{"\#(ClassifiedSchema.engineMarker)":"summary","#

    /// `{"_tousu":"reject","source":"S",` as bytes.
    static func rejectPrefix(source: String) -> [UInt8] {
        var out = Array(rejectMarker.utf8)
        out += #""source":"#.utf8
        RecordWriter.appendJSONString(source, to: &out)
        out.append(UInt8(ascii: ","))
        return out
    }

    /// The summary line, with its line end.
    static func summary(source: String, _ s: BatchSummary) -> [UInt8] {
        var out = Array(summaryMarker.utf8)
        out += #""source":"#.utf8
        RecordWriter.appendJSONString(source, to: &out)
        out += #","read":\#(s.read),"written":\#(s.written),"rejected":\#(s.rejected)}"#.utf8
        out.append(0x0A)
        return out
    }
}
