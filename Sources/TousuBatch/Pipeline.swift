import Dispatch
import Foundation
import TousuClassifier

/// Where a batch run reads from.
public enum BatchInput: Sendable, Equatable {
    case file(String)
    case standardInput
}

/// Where a batch run writes output or rejects to.
public enum BatchOutput: Sendable, Equatable {
    case file(String)
    case standardOutput
    case standardError
    /// Count but do not keep.
    case discard
}

/// Classifies a file of complaints: reads records in chunks, classifies each chunk on several
/// threads, writes results in input order, sends bad records to the rejects sink, and checkpoints
/// after each chunk so that an interrupted run can resume. Memory stays bounded: at most a few
/// chunks are in flight at once. Every record read is either written or rejected.
public struct BatchPipeline: Sendable {
    public var options: BatchOptions
    /// Classifies one record; a thrown error rejects that record.
    public let classify: @Sendable (BatchRecord) throws -> Prediction

    public init(options: BatchOptions, classify: @escaping @Sendable (BatchRecord) throws -> Prediction) {
        self.options = options
        self.classify = classify
    }

    /// Runs the batch. Throws `BatchError` for failures of the whole run (unreadable input,
    /// unwritable output, a checkpoint from another run); bad records are rejects, not errors.
    public func run(
        input: BatchInput, output: BatchOutput, rejects: BatchOutput = .discard,
        progress: (any ProgressReporter)? = nil
    ) throws -> BatchSummary {
        let started = ContinuousClock.now
        let opts = options
        guard opts.threads >= 1 else { throw BatchError.badOption("threads must be at least 1") }
        guard opts.chunkSize >= 1 else { throw BatchError.badOption("chunk size must be at least 1") }

        // Checkpoints need a seekable input and truncatable outputs.
        var checkpointPath: String? = nil
        if opts.checkpoints, case .file = input, case .file(let out) = output,
            rejects == .discard || { if case .file = rejects { true } else { false } }()
        {
            checkpointPath = Checkpoint.path(forOutput: out)
        }
        if opts.resume {
            guard case .file = input else { throw BatchError.resumeUnavailable("the input is stdin") }
            guard case .file = output else {
                throw BatchError.resumeUnavailable("the output is not a file")
            }
            guard checkpointPath != nil else {
                throw BatchError.resumeUnavailable(
                    opts.checkpoints ? "the rejects go to a stream, not a file" : "checkpoints are off")
            }
        }

        // Input.
        let handle: FileHandle
        let inputName: String
        var totalBytes: Int? = nil
        var inputPrint: (size: Int, hash: String)? = nil
        switch input {
        case .file(let path):
            inputPrint = try fingerprintFile(path)
            totalBytes = inputPrint!.size
            guard let h = FileHandle(forReadingAtPath: path) else {
                throw BatchError.cannotOpen(path: path, reason: "not readable")
            }
            handle = h
            inputName = path
        case .standardInput:
            handle = FileHandle.standardInput
            inputName = "stdin"
        }
        defer { if case .file = input { try? handle.close() } }
        let optionsHash = fnv1a(opts.fingerprint.utf8)

        var checkpoint: Checkpoint? = nil
        if let cp = checkpointPath {
            if opts.resume {
                checkpoint = try Checkpoint.load(cp)
                if let c = checkpoint {
                    if c.inputSize != inputPrint!.size || c.inputHash != inputPrint!.hash {
                        throw BatchError.checkpointMismatch(path: cp, reason: "the input has changed")
                    }
                    if c.optionsHash != optionsHash {
                        throw BatchError.checkpointMismatch(path: cp, reason: "the options or model differ")
                    }
                }
            } else if FileManager.default.fileExists(atPath: cp) {
                try? FileManager.default.removeItem(atPath: cp)
            }
        }

        // Encoding, format, header, columns.
        let source: ByteSource
        var framer: RecordFramer
        let encoding: InputEncoding
        let format: InputFormat
        var header: [String] = []
        var columns: [String] = []
        var pending: [RawRecord] = []
        func makeFramer(_ source: ByteSource, _ encoding: InputEncoding, _ format: InputFormat, line: Int, ordinal: Int)
            -> RecordFramer
        {
            RecordFramer(
                source: source, width: TextDecoding.unitWidth(encoding), bigEndian: encoding == .utf16be,
                delimiter: format == .csv ? 0x2C : format == .tsv ? 0x09 : nil,
                maxRecordBytes: opts.maxRecordBytes, line: line, ordinal: ordinal)
        }
        if let c = checkpoint {
            encoding = c.encoding
            format = c.format
            header = c.header
            columns = c.columns
            do { try handle.seek(toOffset: UInt64(c.inputOffset)) } catch {
                throw BatchError.readFailed(path: inputName, reason: "\(error)")
            }
            source = ByteSource(handle: handle, name: inputName, offset: c.inputOffset)
            framer = makeFramer(source, encoding, format, line: c.nextLine, ordinal: c.read)
        } else {
            source = ByteSource(handle: handle, name: inputName)
            try source.fill(1 << 16)
            let sample = source.buffer[0..<min(source.buffer.count, 1 << 16)]
            let bom = TextDecoding.byteOrderMark(sample)
            var enc = opts.encoding
            if enc == .auto {
                enc = TextDecoding.detect(sample, complete: source.atEnd)
            } else if enc == .utf16le || enc == .utf16be, let (b, _) = bom, b == .utf16le || b == .utf16be {
                enc = b  // the BOM knows the byte order
            }
            if let (b, length) = bom, b == enc { source.start = length }
            encoding = enc
            format = Self.resolveFormat(opts.format, input: input, sample: sample.dropFirst(source.start), encoding: enc)
            framer = makeFramer(source, encoding, format, line: 1, ordinal: 0)
            if format == .csv || format == .tsv {
                if let first = try framer.next() {
                    guard !first.unterminated else { throw BatchError.badHeader("unterminated quoted field") }
                    guard let text = TextDecoding.decode(first.bytes[...], as: encoding) else {
                        throw BatchError.badHeader("undecodable bytes")
                    }
                    switch DelimitedFields.parse(text, delimiter: format == .csv ? 0x2C : 0x09) {
                    case .success(let names): header = names
                    case .failure(let reason): throw BatchError.badHeader(reason.description)
                    }
                }
                framer.ordinal = 0
                columns = opts.mapping.outputColumns(header)
            } else if opts.outputFormat == .csv {
                // CSV output from JSONL: the columns are the keys of the first valid record.
                while pending.count < opts.chunkSize, let r = try framer.next() {
                    pending.append(r)
                    if !r.unterminated, let text = TextDecoding.decode(r.bytes[...], as: encoding),
                        case .success(let fields) = JSONObjectParser.parse(text)
                    {
                        columns = opts.mapping.outputColumns(fields.map(\.name))
                        break
                    }
                }
            }
        }

        // Outputs.
        let writer = RecordWriter(format: opts.outputFormat, columns: columns, excel: opts.excel)
        let outSink = try Sink.open(output, truncateTo: checkpoint?.outputLength)
        let rejectSink = try Sink.open(rejects, truncateTo: checkpoint?.rejectsLength)
        defer {
            outSink.close()
            rejectSink.close()
        }
        if checkpoint == nil { try outSink.write(writer.preamble()) }

        let processor = RecordProcessor(
            encoding: encoding, format: format, header: header, mapping: opts.mapping,
            maxTextLength: opts.maxTextLength, writer: writer, classify: classify)

        // Stages: reader thread → chunks → classification here (threads workers) → writer thread.
        let inQueue = BoundedQueue<Result<Chunk, Error>>(capacity: 1)
        let outQueue = BoundedQueue<Chunk.Done>(capacity: 1)
        let failure = ErrorBox()
        let readerState = ReaderState(framer: framer, pending: pending)
        let readerDone = DispatchSemaphore(value: 0)
        let writerDone = DispatchSemaphore(value: 0)
        let chunkSize = opts.chunkSize
        let chunkLimit = opts.chunkLimit

        Thread {
            defer {
                inQueue.finish()
                readerDone.signal()
            }
            do {
                var chunks = 0
                while true {
                    if let chunkLimit, chunks >= chunkLimit {
                        readerState.interrupted = try readerState.next() != nil
                        return
                    }
                    var records: [RawRecord] = []
                    records.reserveCapacity(chunkSize)
                    while records.count < chunkSize, let r = try readerState.next() { records.append(r) }
                    guard let last = records.last else { return }
                    let chunk = Chunk(
                        records: records, endOffset: last.endOffset, nextLine: last.nextLine,
                        lastOrdinal: last.ordinal)
                    guard inQueue.put(.success(chunk)) else { return }
                    chunks += 1
                }
            } catch {
                _ = inQueue.put(.failure(error))
            }
        }.start()

        let startOffset = checkpoint?.inputOffset ?? source.offset
        let startRead = checkpoint?.read ?? 0
        let writerState = WriterState(
            read: checkpoint?.read ?? 0, written: checkpoint?.written ?? 0,
            rejected: checkpoint?.rejected ?? 0, offset: startOffset)
        let checkpointFile = checkpointPath
        let total = totalBytes
        let base = Checkpoint(
            inputOffset: 0, nextLine: 0, read: 0, written: 0, rejected: 0, outputLength: 0,
            rejectsLength: 0, inputSize: inputPrint?.size ?? 0, inputHash: inputPrint?.hash ?? "",
            optionsHash: optionsHash, encoding: encoding, format: format, header: header, columns: columns)

        Thread {
            defer { writerDone.signal() }
            while let done = outQueue.take() {
                do {
                    try outSink.write(done.output)
                    try rejectSink.write(done.rejects)
                    writerState.read = done.lastOrdinal
                    writerState.written += done.written
                    writerState.rejected += done.rejected
                    writerState.offset = done.endOffset
                    if let checkpointFile {
                        var c = base
                        c.inputOffset = done.endOffset
                        c.nextLine = done.nextLine
                        c.read = writerState.read
                        c.written = writerState.written
                        c.rejected = writerState.rejected
                        c.outputLength = outSink.length
                        c.rejectsLength = rejectSink.length
                        try c.save(checkpointFile)
                    }
                    if let progress {
                        let elapsed = started.duration(to: .now)
                        progress.report(
                            BatchProgress(
                                bytesRead: done.endOffset, totalBytes: total, read: writerState.read,
                                written: writerState.written, rejected: writerState.rejected,
                                elapsed: elapsed.seconds, recordsThisRun: writerState.read - startRead,
                                bytesThisRun: done.endOffset - startOffset))
                    }
                } catch {
                    failure.set(error)
                    outQueue.cancel()
                    inQueue.cancel()
                    return
                }
            }
        }.start()

        while let item = inQueue.take() {
            switch item {
            case .failure(let error):
                failure.set(error)
                inQueue.cancel()
            case .success(let chunk):
                let done = chunk.process(with: processor, threads: opts.threads)
                if !outQueue.put(done) { inQueue.cancel() }
            }
        }
        outQueue.finish()
        writerDone.wait()
        inQueue.cancel()
        readerDone.wait()
        if let error = failure.error { throw error }

        if !readerState.interrupted, let checkpointPath {
            try? FileManager.default.removeItem(atPath: checkpointPath)
        }
        let exceeded = opts.maxRejects.map { writerState.rejected > $0 } ?? false
        return BatchSummary(
            read: writerState.read, written: writerState.written, rejected: writerState.rejected,
            recordsThisRun: writerState.read - startRead, bytesThisRun: writerState.offset - startOffset,
            seconds: started.duration(to: .now).seconds, encoding: encoding, format: format,
            resumed: checkpoint != nil, interrupted: readerState.interrupted, exceededMaxRejects: exceeded)
    }

    static func resolveFormat(
        _ format: InputFormat, input: BatchInput, sample: ArraySlice<UInt8>, encoding: InputEncoding
    ) -> InputFormat {
        if format != .auto { return format }
        if case .file(let path) = input {
            switch URL(fileURLWithPath: path).pathExtension.lowercased() {
            case "jsonl", "ndjson", "json": return .jsonl
            case "csv": return .csv
            case "tsv", "tab": return .tsv
            default: break
            }
        }
        let even = sample.prefix(sample.count & ~1)
        let text = TextDecoding.decodeLossily(TextDecoding.unitWidth(encoding) == 2 ? even : sample, as: encoding)
        let first = text.split(separator: "\n", maxSplits: 1).first ?? ""
        if first.drop(while: { $0 == " " || $0 == "\t" }).first == "{" { return .jsonl }
        if first.contains("\t") && !first.contains(",") { return .tsv }
        return .csv
    }
}

extension Duration {
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}

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

    func process(_ raw: RawRecord) -> Outcome {
        func reject(_ reason: RejectReason, _ text: String?) -> Outcome {
            let rawText = text ?? TextDecoding.decodeLossily(raw.bytes[...], as: encoding)
            var out: [UInt8] = []
            RecordWriter.renderReject(
                BatchReject(record: raw.ordinal, line: raw.line, offset: raw.offset, reason: reason, raw: rawText),
                into: &out)
            return .rejected(out)
        }
        if raw.unterminated { return reject(.unterminatedQuote, nil) }
        guard let text = TextDecoding.decode(raw.bytes[...], as: encoding) else {
            return reject(.undecodableBytes, nil)
        }
        let fields: [BatchField]
        switch format {
        case .jsonl, .auto:
            switch JSONObjectParser.parse(text) {
            case .success(let f): fields = f
            case .failure(let reason): return reject(reason, text)
            }
        case .csv, .tsv:
            switch DelimitedFields.parse(text, delimiter: format == .csv ? 0x2C : 0x09) {
            case .success(let values):
                guard values.count == header.count else {
                    return reject(.wrongFieldCount(expected: header.count, found: values.count), text)
                }
                fields = zip(header, values).map { BatchField(name: $0, value: $1) }
            case .failure(let reason): return reject(reason, text)
            }
        }
        let record: BatchRecord
        switch mapping.record(fields, raw: raw, maxTextLength: maxTextLength) {
        case .success(let r): record = r
        case .failure(let reason): return reject(reason, text)
        }
        do {
            let prediction = try classify(record)
            var out: [UInt8] = []
            out.reserveCapacity(raw.bytes.count + 512)
            writer.render(record, prediction, into: &out)
            return .written(out)
        } catch {
            return reject(.classificationFailed("\(error)"), text)
        }
    }
}

/// A run of consecutive records: the unit of parallel work, ordered writing and checkpoints.
struct Chunk: Sendable {
    var records: [RawRecord]
    var endOffset: Int
    var nextLine: Int
    var lastOrdinal: Int

    struct Done: Sendable {
        var output: [UInt8]
        var rejects: [UInt8]
        var written: Int
        var rejected: Int
        var endOffset: Int
        var nextLine: Int
        var lastOrdinal: Int
    }

    /// Processes the records on `threads` workers taking batches of 16 in turn; keeps input order.
    func process(with processor: RecordProcessor, threads: Int) -> Done {
        let n = records.count
        let results = BatchResults(count: (n + 15) / 16)
        let counter = Counter()
        let records = self.records
        let workers = max(1, min(threads, (n + 15) / 16))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let from = counter.take(16)
                if from >= n { break }
                results.store(from / 16, records[from..<min(from + 16, n)].map(processor.process))
            }
        }
        var done = Done(
            output: [], rejects: [], written: 0, rejected: 0, endOffset: endOffset, nextLine: nextLine,
            lastOrdinal: lastOrdinal)
        for outcome in results.batches.joined() {
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

/// The outcomes of each batch of 16 records, stored under a lock by the worker that made them.
final class BatchResults: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [[RecordProcessor.Outcome]]
    init(count: Int) { stored = Array(repeating: [], count: count) }
    func store(_ batch: Int, _ outcomes: [RecordProcessor.Outcome]) {
        lock.lock()
        stored[batch] = outcomes
        lock.unlock()
    }
    /// All batches in order.
    var batches: [[RecordProcessor.Outcome]] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func take(_ n: Int) -> Int {
        lock.lock()
        defer { lock.unlock() }
        let v = value
        value += n
        return v
    }
}

final class ErrorBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Error?
    func set(_ error: Error) {
        lock.lock()
        if stored == nil { stored = error }
        lock.unlock()
    }
    var error: Error? {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}

/// The reader thread's framer and the records it already read ahead; only that thread uses it
/// until it has finished.
final class ReaderState: @unchecked Sendable {
    var framer: RecordFramer
    var pending: [RawRecord]
    var interrupted = false

    init(framer: RecordFramer, pending: [RawRecord]) {
        self.framer = framer
        self.pending = pending.reversed()
    }

    func next() throws -> RawRecord? {
        if let r = pending.popLast() { return r }
        return try framer.next()
    }
}

/// Counts kept by the writer thread; read by the caller after that thread has finished.
final class WriterState: @unchecked Sendable {
    var read: Int
    var written: Int
    var rejected: Int
    var offset: Int
    init(read: Int, written: Int, rejected: Int, offset: Int) {
        self.read = read
        self.written = written
        self.rejected = rejected
        self.offset = offset
    }
}

/// A blocking queue of at most `capacity` items.
final class BoundedQueue<T: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [T] = []
    private let capacity: Int
    private var finished = false
    private var cancelled = false

    init(capacity: Int) { self.capacity = capacity }

    /// Waits for room; false when the queue was cancelled.
    func put(_ item: T) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// Waits for an item; nil when finished and drained, or cancelled.
    func take() -> T? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !finished && !cancelled { condition.wait() }
        if cancelled || items.isEmpty { return nil }
        let item = items.removeFirst()
        condition.broadcast()
        return item
    }

    /// No more puts; takers drain what is left.
    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Drops everything and wakes all waiters.
    func cancel() {
        condition.lock()
        cancelled = true
        items.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}

/// An output file or stream that counts the bytes it holds.
final class Sink: @unchecked Sendable {
    let handle: FileHandle?
    let name: String
    let ownsHandle: Bool
    private(set) var length: Int

    private init(handle: FileHandle?, name: String, ownsHandle: Bool, length: Int) {
        self.handle = handle
        self.name = name
        self.ownsHandle = ownsHandle
        self.length = length
    }

    /// Opens `output`; a file is truncated to `truncateTo` (resume) or emptied.
    static func open(_ output: BatchOutput, truncateTo: Int?) throws -> Sink {
        switch output {
        case .discard: return Sink(handle: nil, name: "-", ownsHandle: false, length: 0)
        case .standardOutput: return Sink(handle: .standardOutput, name: "stdout", ownsHandle: false, length: 0)
        case .standardError: return Sink(handle: .standardError, name: "stderr", ownsHandle: false, length: 0)
        case .file(let path):
            let fd = Foundation.open(path, O_WRONLY | O_CREAT | (truncateTo == nil ? O_TRUNC : 0), 0o644)
            guard fd >= 0 else {
                throw BatchError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
            }
            let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
            do {
                let size = Int(try handle.seekToEnd())
                if let truncateTo {
                    guard size >= truncateTo else {
                        throw BatchError.badCheckpoint(
                            path: path, reason: "the file is shorter (\(size) bytes) than the checkpoint says (\(truncateTo))")
                    }
                    try handle.truncate(atOffset: UInt64(truncateTo))
                    _ = try handle.seekToEnd()
                }
                return Sink(handle: handle, name: path, ownsHandle: true, length: truncateTo ?? 0)
            } catch let error as BatchError {
                throw error
            } catch {
                throw BatchError.writeFailed(path: path, reason: "\(error)")
            }
        }
    }

    func write(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty, let handle else { return }
        do { try handle.write(contentsOf: bytes) } catch {
            throw BatchError.writeFailed(path: name, reason: "\(error)")
        }
        length += bytes.count
    }

    func close() {
        if ownsHandle { try? handle?.close() }
    }
}
