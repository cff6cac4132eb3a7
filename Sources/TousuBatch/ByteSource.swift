import Foundation
import TousuText

/// A 64-bit FNV-1a hash kept up to date as bytes go by (the resume fingerprint of the consumed input).
struct RunningHash: Equatable, Codable {
    var state: UInt64 = FNV1a.offset

    mutating func add(_ bytes: borrowing [UInt8], _ range: Range<Int>) {
        let span = bytes.span
        var h = state
        for i in range { h = (h ^ UInt64(span[i])) &* FNV1a.prime }
        state = h
    }

    var hex: String { String(state, radix: 16) }
}

/// Reads a file or stdin in large blocks, keeping the unread bytes and their absolute offset, and
/// hashing every byte as it is consumed when a checkpoint may need it.
// Not Sendable: one thread owns it (the probe, then the reader thread).
final class ByteSource {
    let handle: FileHandle
    let name: String
    /// Buffered bytes; `buffer[start...]` are unread.
    private(set) var buffer: [UInt8] = []
    private(set) var start = 0
    /// Absolute input offset of `buffer[0]`.
    private var base: Int
    private(set) var atEnd = false
    let blockSize: Int
    /// The hash of every byte before `offset` (unchanged when not `hashing`).
    private(set) var hash: RunningHash
    /// Whether consumed bytes are hashed (only checkpoints need the hash).
    let hashing: Bool

    init(
        handle: FileHandle, name: String, offset: Int = 0, hash: RunningHash = RunningHash(), blockSize: Int = 1 << 20,
        hashing: Bool = true
    ) {
        self.handle = handle
        self.name = name
        self.base = offset
        self.hash = hash
        self.blockSize = blockSize
        self.hashing = hashing
    }

    /// Absolute offset of the first unread byte.
    var offset: Int { base + start }
    var available: Int { buffer.count - start }

    /// Marks `count` unread bytes as consumed.
    func consume(_ count: Int) {
        if hashing { hash.add(buffer, start..<start + count) }
        start += count
    }

    /// Reads one more block (dropping consumed bytes first); false at the end of input.
    func readMore() throws -> Bool {
        if atEnd { return false }
        if start > 0 {
            buffer.removeSubrange(0..<start)
            base += start
            start = 0
        }
        let data: Data?
        do { data = try handle.read(upToCount: blockSize) } catch {
            throw BatchError.readFailed(path: name, reason: "\(error)")
        }
        guard let data, !data.isEmpty else {
            atEnd = true
            return false
        }
        buffer.append(contentsOf: data)
        return true
    }

    /// Buffers at least `count` unread bytes, or all that is left.
    func fill(_ count: Int) throws {
        while available < count, try readMore() {}
    }
}
