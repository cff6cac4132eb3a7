import Foundation

/// The three stages of a run: a reader thread frames records into chunks, the calling thread
/// classifies each chunk on the worker threads, a writer thread writes the results in input order
/// and checkpoints after each chunk. Memory stays bounded: at most a few chunks are in flight.
struct OrderedExecutor {
    var chunkSize: Int
    var chunkLimit: Int?
    var threads: Int

    /// What the reader hands over and how the run ended.
    struct ReaderState {
        var framer: RecordFramer
        /// Records read ahead while probing, next first.
        var pending: [RawRecord]
        var interrupted = false

        init(framer: RecordFramer, pending: [RawRecord]) {
            self.framer = framer
            self.pending = pending.reversed()
        }

        mutating func next() throws -> RawRecord? {
            if let r = pending.popLast() { return r }
            return try framer.next()
        }

        /// The next chunk, nil at the end of input.
        mutating func chunk(of size: Int) throws -> Chunk? {
            var records: [RawRecord] = []
            records.reserveCapacity(size)
            while records.count < size, let r = try next() { records.append(r) }
            guard let last = records.last else { return nil }
            return Chunk(
                records: records, endOffset: last.endOffset, nextLine: last.nextLine, lastOrdinal: last.ordinal,
                inputHash: framer.source.hash)
        }
    }

    /// Runs the stages; `write` is called on the writer thread for each processed chunk, in
    /// order. Returns whether the reader stopped at `chunkLimit` with input left (interrupted).
    func run(
        reader: sending ReaderState, processor: RecordProcessor,
        write: @escaping @Sendable (Chunk.Done) throws -> Void
    ) throws -> Bool {
        let inQueue = BoundedQueue<Result<Chunk, Error>>(capacity: 1)
        let outQueue = BoundedQueue<Chunk.Done>(capacity: 1)
        let failure = Locked<Error?>(nil)
        let state = Locked(reader)
        let readerDone = DispatchSemaphore(value: 0)
        let writerDone = DispatchSemaphore(value: 0)
        let chunkSize = self.chunkSize
        let chunkLimit = self.chunkLimit

        Thread {
            defer {
                inQueue.finish()
                readerDone.signal()
            }
            do {
                var chunks = 0
                while true {
                    if let chunkLimit, chunks >= chunkLimit {
                        try state.withLock { $0.interrupted = try $0.next() != nil }
                        return
                    }
                    guard let chunk = try state.withLock({ try $0.chunk(of: chunkSize) }) else { return }
                    guard inQueue.put(.success(chunk)) else { return }
                    chunks += 1
                }
            } catch {
                _ = inQueue.put(.failure(error))
            }
        }.start()

        Thread {
            defer { writerDone.signal() }
            while let done = outQueue.take() {
                do {
                    try write(done)
                } catch {
                    failure.withLock { if $0 == nil { $0 = error } }
                    outQueue.cancel()
                    inQueue.cancel()
                    return
                }
            }
        }.start()

        while let item = inQueue.take() {
            switch item {
            case .failure(let error):
                failure.withLock { if $0 == nil { $0 = error } }
                inQueue.cancel()
            case .success(let chunk):
                let done = chunk.process(with: processor, threads: threads)
                if !outQueue.put(done) { inQueue.cancel() }
            }
        }
        outQueue.finish()
        writerDone.wait()
        inQueue.cancel()
        readerDone.wait()
        if let error = failure.withLock({ $0 }) { throw error }
        return state.withLock { $0.interrupted }
    }
}
