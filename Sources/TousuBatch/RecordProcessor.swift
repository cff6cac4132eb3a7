import Dispatch
import Synchronization
import TousuClassifier
import TousuMentions

/// Decodes, parses, validates, classifies and renders one record (on any thread).
struct RecordProcessor: Sendable {
    enum Outcome: Sendable {
        case written([UInt8])
        case rejected([UInt8])
    }

    let encoding: InputEncoding
    let format: InputFormat
    let header: [String]
    let mapping: RecordMapping
    let maxTextLength: Int
    let writer: RecordWriter
    let classify: @Sendable (BatchRecord) throws -> Prediction
    /// Fills merchant and region from the text (`BatchOptions.mentions`).
    var mentions: TextMentionFinder? = nil
    /// Render written records (off when the output is discarded: the records still count).
    var render = true

    @inline(never)  // a stage of Benchmarks/callgrind.sh: instructions are collected inside it
    func process(_ raw: RawRecord) -> Outcome {
        func reject(_ reason: RejectReason) -> Outcome {
            var out: [UInt8] = []
            RecordWriter.renderReject(
                BatchReject(
                    record: raw.ordinal, line: raw.line, offset: raw.offset, length: raw.bytes.count, reason: reason,
                    bytes: raw.bytes, encoding: encoding),
                into: &out)
            return .rejected(out)
        }
        if raw.unterminated { return reject(.unterminatedQuote) }
        let fields: [BatchField]
        switch format {
        case .jsonl, .auto:
            let parsed: Result<[BatchField], RejectReason>
            if encoding == .utf8 || encoding == .auto {
                // UTF-8 is parsed from the line's bytes once they are checked: no decoded copy.
                guard TextDecoding.isValidUTF8(raw.bytes) else { return reject(.undecodableBytes(encoding)) }
                parsed = JSONObjectParser.parse(bytes: raw.bytes)
            } else {
                guard let text = TextDecoding.decode(raw.bytes[...], as: encoding) else {
                    return reject(.undecodableBytes(encoding))
                }
                parsed = JSONObjectParser.parse(text)
            }
            switch parsed {
            case .success(let f): fields = f
            case .failure(let reason): return reject(reason)
            }
        case .csv, .tsv:
            guard let text = TextDecoding.decode(raw.bytes[...], as: encoding) else {
                return reject(.undecodableBytes(encoding))
            }
            switch DelimitedFields.parse(text, delimiter: format == .csv ? 0x2C : 0x09) {
            case .success(let values):
                guard values.count == header.count else {
                    return reject(.wrongFieldCount(expected: header.count, found: values.count))
                }
                fields = zip(header, values).map { BatchField(name: $0, value: $1) }
            case .failure(let reason): return reject(reason)
            }
        }
        var record: BatchRecord
        switch mapping.record(fields, raw: raw, maxTextLength: maxTextLength) {
        case .success(let r): record = r
        case .failure(let reason): return reject(reason)
        }
        do {
            if let mentions { try mapping.addMentions(&record, finder: mentions) }
            let prediction = try classify(record)
            var out: [UInt8] = []
            if render {
                out.reserveCapacity(raw.bytes.count + 512)
                writer.render(record, prediction, into: &out)
            }
            return .written(out)
        } catch {
            return reject(.classificationFailed("\(error)"))
        }
    }
}

/// A run of consecutive records: the unit of parallel work, ordered writing and checkpoints.
struct Chunk: Sendable {
    var records: [RawRecord]
    var endOffset: Int
    var nextLine: Int
    var lastOrdinal: Int
    /// The hash of the input up to `endOffset`.
    var inputHash: RunningHash

    struct Done: Sendable {
        var output: [UInt8]
        var rejects: [UInt8]
        var written: Int
        var rejected: Int
        var endOffset: Int
        var nextLine: Int
        var lastOrdinal: Int
        var inputHash: RunningHash
    }

    /// Processes the records on `threads` workers taking batches of 16 in turn; keeps input order.
    func process(with processor: RecordProcessor, threads: Int) -> Done {
        let outcomes = processor.processAll(records, threads: threads)
        var done = Done(
            output: [], rejects: [], written: 0, rejected: 0, endOffset: endOffset, nextLine: nextLine,
            lastOrdinal: lastOrdinal, inputHash: inputHash)
        for outcome in outcomes {
            switch outcome {
            case .written(let bytes):
                done.output += bytes
                done.written += 1
            case .rejected(let bytes):
                done.rejects += bytes
                done.rejected += 1
            }
        }
        return done
    }
}

extension RecordProcessor {
    /// The outcomes of `records` in input order, computed on `threads` workers taking batches of
    /// 16 in turn.
    func processAll(_ records: [RawRecord], threads: Int) -> [Outcome] {
        let n = records.count
        let batches = (n + 15) / 16
        let results = Locked([[Outcome]](repeating: [], count: batches))
        let next = Atomic<Int>(0)
        let workers = max(1, min(threads, batches))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let batch = next.add(1, ordering: .relaxed).oldValue
                if batch >= batches { break }
                let from = batch * 16
                let outcomes = records[from..<min(from + 16, n)].map(process)
                results.withLock { $0[batch] = outcomes }
            }
        }
        return Array(results.withLock { $0 }.joined())
    }
}
