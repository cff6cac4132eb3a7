import Foundation

/// Buffers stdout writes and flushes them in large blocks.
final class OutputBuffer {
    private var bytes: [UInt8] = []
    private let limit: Int

    init(limit: Int = 1 << 16) { self.limit = limit }

    func write(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        if bytes.count >= limit { flush() }
    }

    func flush() {
        guard !bytes.isEmpty else { return }
        FileHandle.standardOutput.write(Data(bytes))
        bytes.removeAll(keepingCapacity: true)
    }
}
