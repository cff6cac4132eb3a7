import Synchronization
import TousuClassifier

/// Raw records → classified records as a library call: runs the batch pipeline (any input
/// `tousu batch` reads, rejects as in batch) and hands back, in input order, what `classify`
/// made of each record that was written, beside the prediction the output carries.
public struct ClassifiedStream<Item: Sendable>: Sendable {
    public var options: BatchOptions
    /// Classifies one record: the prediction written to the output and the item kept for the
    /// caller. A thrown error rejects the record.
    public let classify: @Sendable (BatchRecord) throws -> (Prediction, Item)

    public init(options: BatchOptions, classify: @escaping @Sendable (BatchRecord) throws -> (Prediction, Item)) {
        self.options = options
        self.classify = classify
    }

    /// The items of the written records in input order, and the run's summary.
    public func run(
        input: BatchInput, output: BatchOutput = .discard, rejects: BatchOutput = .discard,
        progress: (any ProgressReporter)? = nil
    ) throws -> (items: [Item], summary: BatchSummary) {
        let collected = Mutex<[(Int, Item)]>([])
        let classify = self.classify
        let pipeline = BatchPipeline(options: options) { record in
            let (prediction, item) = try classify(record)
            // Moved into the list, not copied (an item may hold many references).
            var moving: Item? = consume item
            collected.withLock { list in if let item = moving.take() { list.append((record.ordinal, item)) } }
            return prediction
        }
        let summary = try pipeline.run(input: input, output: output, rejects: rejects, progress: progress)
        // Back in input order: each item into the slot of its ordinal (the workers append them
        // nearly in order; sorting a million pairs was a tenth of a hotspot run).
        let items = collected.withLock { pairs -> [Item] in
            guard !pairs.isEmpty else { return [] }
            // The ordinals read in place: iterating the pairs would copy every item.
            var first = Int.max, last = Int.min
            for k in pairs.indices {
                first = min(first, pairs[k].0)
                last = max(last, pairs[k].0)
            }
            // Moved, not copied (popLast and take): an item may hold many references.
            var slots = [Item?](repeating: nil, count: last - first + 1)
            while let (ordinal, item) = pairs.popLast() { slots[ordinal - first] = item }
            pairs = []  // popLast keeps the buffer
            var items: [Item] = []
            items.reserveCapacity(slots.count)
            for i in slots.indices { if let item = slots[i].take() { items.append(item) } }
            return items
        }
        return (items, summary)
    }
}
