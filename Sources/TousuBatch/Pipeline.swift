import Foundation
import TousuClassifier

/// Classifies a file of complaints: reads records in chunks, classifies each chunk on several
/// threads, writes results in input order, sends bad records to the rejects sink, and checkpoints
/// after each chunk so that an interrupted run can resume. Before anything is opened the paths are
/// checked (`PathSafety`) and the outputs locked (`OutputLock`); files are written beside their
/// targets and renamed over them at the end (`Sink`). Every record read is either written or
/// rejected.
public struct BatchPipeline: Sendable {
    public var options: BatchOptions
    /// Classifies one record; a thrown error rejects that record.
    public let classify: @Sendable (BatchRecord) throws -> Prediction

    public init(options: BatchOptions, classify: @escaping @Sendable (BatchRecord) throws -> Prediction) {
        self.options = options
        self.classify = classify
    }

    /// Runs the batch. Throws `PathError` for refused paths and `BatchError` for failures of the
    /// whole run (unreadable input, unwritable output, a checkpoint from another run); bad records
    /// are rejects, not errors.
    public func run(
        input: BatchInput, output: BatchOutput, rejects: BatchOutput = .discard,
        progress: (any ProgressReporter)? = nil
    ) throws -> BatchSummary {
        let started = ContinuousClock.now
        let opts = options
        guard opts.threads >= 1 else { throw BatchError.badOption("threads must be at least 1") }
        guard opts.chunkSize >= 1 else { throw BatchError.badOption("chunk size must be at least 1") }

        // Paths: checked, resolved and locked before anything is opened.
        let (output, rejects, locks) = try Self.checkPaths(input: input, output: output, rejects: rejects)
        defer { locks.forEach { $0.release() } }
        let policy = try CheckpointPolicy.decide(options: opts, input: input, output: output, rejects: rejects)
        let checkpoint = policy.resumeFrom

        // Input.
        let handle: FileHandle
        let inputName: String
        switch input {
        case .file(let path):
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

        let source: ByteSource
        let probed: ProbedInput
        if let c = checkpoint {
            do { try handle.seek(toOffset: UInt64(c.inputOffset)) } catch {
                throw BatchError.readFailed(path: inputName, reason: "\(error)")
            }
            let hash = RunningHash(state: UInt64(c.inputHash, radix: 16) ?? 0)
            source = ByteSource(handle: handle, name: inputName, offset: c.inputOffset, hash: hash)
            probed = InputProbe.resume(source, from: c, options: opts)
        } else {
            // Without checkpoints nothing reads the input's hash.
            source = ByteSource(handle: handle, name: inputName, hashing: policy.path != nil)
            probed = try InputProbe.probe(source, input: input, options: opts)
        }
        let (encoding, format, header, columns) = (probed.encoding, probed.format, probed.header, probed.columns)

        // Outputs.
        let writer = RecordWriter(format: opts.outputFormat, columns: columns, excel: opts.excel)
        let outSink = try Sink.open(output, truncateTo: checkpoint?.outputLength)
        let rejectSink = try Sink.open(rejects, truncateTo: checkpoint?.rejectsLength)
        var finished = false
        defer {
            outSink.close()
            rejectSink.close()
            if !finished && policy.path == nil {
                outSink.discard()  // nothing can resume it
                rejectSink.discard()
            }
        }
        if checkpoint == nil { try outSink.write(writer.preamble()) }

        var processor = RecordProcessor(
            encoding: encoding, format: format, header: header, mapping: opts.mapping,
            maxTextLength: opts.maxTextLength, writer: writer, classify: classify, mentions: opts.mentions)
        processor.render = output != .discard
        let chunkWriter = ChunkWriter(
            output: outSink, rejects: rejectSink, checkpointPath: policy.path, resumedFrom: checkpoint,
            startOffset: source.offset, inputSize: policy.inputSize, optionsHash: opts.fingerprintHash,
            encoding: encoding, format: format, header: header, columns: columns, progress: progress, started: started)
        let executor = OrderedExecutor(chunkSize: opts.chunkSize, chunkLimit: opts.chunkLimit, threads: opts.threads)
        let interrupted = try executor.run(
            reader: OrderedExecutor.ReaderState(framer: probed.framer, pending: probed.pending), processor: processor,
            write: chunkWriter.write)

        if !interrupted {
            try outSink.commit()
            try rejectSink.commit()
            if let path = policy.path { try? FileManager.default.removeItem(atPath: path) }
        }
        finished = true
        let final = chunkWriter.counts
        let exceeded = opts.maxRejects.map { final.rejected > $0 } ?? false
        return BatchSummary(
            read: final.read, written: final.written, rejected: final.rejected,
            recordsThisRun: final.read - chunkWriter.startRead, bytesThisRun: final.offset - chunkWriter.startOffset,
            seconds: started.duration(to: .now).seconds, encoding: encoding, format: format,
            resumed: checkpoint != nil, interrupted: interrupted, exceededMaxRejects: exceeded)
    }

    /// The outputs resolved by `PathSafety` (stdout and stderr pass), each file locked.
    static func checkPaths(
        input: BatchInput, output: BatchOutput, rejects: BatchOutput
    ) throws -> (BatchOutput, BatchOutput, [OutputLock]) {
        if case .standardOutput = output, case .standardOutput = rejects {
            throw BatchError.badOption("the output and the rejects cannot both go to stdout")
        }
        var inputs: [NamedPath] = []
        if case .file(let path) = input { inputs.append(NamedPath("--input", path)) }
        var outputs: [NamedPath] = []
        if let path = output.path { outputs.append(NamedPath("--output", path)) }
        if let path = rejects.path { outputs.append(NamedPath("--rejects", path)) }
        let checked = try PathSafety.check(inputs: inputs, outputs: outputs)
        // The files a run writes beside each output must not be an input either.
        for c in checked {
            let beside = [Sink.partialPath(for: c.resolved), Checkpoint.path(forOutput: c.resolved), OutputLock.lockPath(for: c.resolved)]
            _ = try PathSafety.check(inputs: inputs, outputs: beside.map { NamedPath("\(c.named.role) (\($0))", $0) })
        }
        var locks: [OutputLock] = []
        for c in checked { locks.append(try OutputLock.acquire(NamedPath(c.named.role, c.resolved))) }
        func resolved(_ o: BatchOutput, _ role: String) -> BatchOutput {
            guard o.path != nil, let c = checked.first(where: { $0.named.role == role }) else { return o }
            return .file(c.resolved)
        }
        return (resolved(output, "--output"), resolved(rejects, "--rejects"), locks)
    }
}

extension Duration {
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
