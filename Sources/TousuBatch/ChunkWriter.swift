import Foundation

/// The writer thread's job for each processed chunk, in input order: append its output and
/// rejects, add its counts, save the checkpoint that now holds, report progress.
struct ChunkWriter: Sendable {
    /// Records read, written and rejected so far, and the input offset after the last chunk.
    struct Counts: Sendable {
        var read: Int
        var written: Int
        var rejected: Int
        var offset: Int
    }

    let output: Sink
    let rejects: Sink
    let checkpointPath: String?
    /// Where this run started (a resumed run starts at its checkpoint).
    let startOffset: Int
    let startRead: Int
    /// The checkpoint fields that stay the same for the whole run.
    let base: Checkpoint
    let progress: (any ProgressReporter)?
    let totalBytes: Int?
    let started: ContinuousClock.Instant
    private let state: Locked<Counts>

    init(
        output: Sink, rejects: Sink, checkpointPath: String?, resumedFrom checkpoint: Checkpoint?, startOffset: Int,
        inputSize: Int?, optionsHash: String, encoding: InputEncoding, format: InputFormat, header: [String],
        columns: [String], progress: (any ProgressReporter)?, started: ContinuousClock.Instant
    ) {
        self.output = output
        self.rejects = rejects
        self.checkpointPath = checkpointPath
        self.startOffset = checkpoint?.inputOffset ?? startOffset
        self.startRead = checkpoint?.read ?? 0
        self.base = Checkpoint(
            inputOffset: 0, nextLine: 0, read: 0, written: 0, rejected: 0, outputLength: 0, rejectsLength: 0,
            inputSize: inputSize ?? 0, inputHash: "", optionsHash: optionsHash, encoding: encoding, format: format,
            header: header, columns: columns)
        self.progress = progress
        self.totalBytes = inputSize
        self.started = started
        state = Locked(
            Counts(
                read: checkpoint?.read ?? 0, written: checkpoint?.written ?? 0, rejected: checkpoint?.rejected ?? 0,
                offset: self.startOffset))
    }

    var counts: Counts { state.withLock { $0 } }

    @Sendable func write(_ done: Chunk.Done) throws {
        try output.write(done.output)
        try rejects.write(done.rejects)
        let now = state.withLock { c in
            c.read = done.lastOrdinal
            c.written += done.written
            c.rejected += done.rejected
            c.offset = done.endOffset
            return c
        }
        if let checkpointPath {
            var c = base
            c.inputOffset = done.endOffset
            c.nextLine = done.nextLine
            c.read = now.read
            c.written = now.written
            c.rejected = now.rejected
            c.outputLength = output.length
            c.rejectsLength = rejects.length
            c.inputHash = done.inputHash.hex
            try c.save(checkpointPath)
        }
        progress?.report(
            BatchProgress(
                bytesRead: done.endOffset, totalBytes: totalBytes, read: now.read, written: now.written,
                rejected: now.rejected, elapsed: started.duration(to: .now).seconds,
                recordsThisRun: now.read - startRead, bytesThisRun: done.endOffset - startOffset))
    }
}
