import Foundation

/// Reads a file or stdin in large blocks, keeping the unread bytes and their absolute offset.
final class ByteSource {
    let handle: FileHandle
    let name: String
    /// Buffered bytes; `buffer[start...]` are unread.
    var buffer: [UInt8] = []
    var start = 0
    /// Absolute input offset of `buffer[0]`.
    var base: Int
    private(set) var atEnd = false
    let blockSize: Int

    init(handle: FileHandle, name: String, offset: Int = 0, blockSize: Int = 1 << 20) {
        self.handle = handle
        self.name = name
        self.base = offset
        self.blockSize = blockSize
    }

    /// Absolute offset of the first unread byte.
    var offset: Int { base + start }
    var available: Int { buffer.count - start }

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

/// Splits input bytes into records without decoding them: on line feeds for JSONL, and on line
/// feeds outside quoted fields for CSV/TSV. It looks only at ASCII-valued code units (bytes, or
/// 16-bit units for UTF-16), which never occur inside multi-byte GB18030 or UTF-8 sequences, so
/// byte offsets stay exact and a record with bad bytes cannot swallow its neighbours.
struct RecordFramer {
    let source: ByteSource
    /// Code unit width: 1, or 2 for UTF-16.
    let width: Int
    let bigEndian: Bool
    /// The field delimiter for CSV/TSV; nil for JSONL.
    let delimiter: UInt16?
    /// A quoted field still open after this many bytes is taken as unterminated: the record is cut
    /// at its first line feed and framing restarts on the next line.
    let maxRecordBytes: Int
    /// Line number of the next record.
    var line: Int
    /// Ordinal of the last record returned.
    var ordinal: Int

    private enum Scan {
        case end(Int)  // record ends at this unit (a line feed)
        case cut(Int)  // unterminated quote: cut at this line feed
        case more(Int)  // need more bytes; resume scanning here
    }

    private enum State { case fieldStart, unquoted, quoted, afterQuote }

    /// The next non-blank record, or nil at the end of input.
    mutating func next() throws -> RawRecord? {
        while true {
            let recordLine = line
            let recordOffset = source.offset
            var rel = 0
            var state = State.fieldStart
            var newlines = 0
            var firstLF: Int? = nil
            var content = 0, consumed = 0, lines = 0
            var unterminated = false
            scanning: while true {
                // Takes the array: a span of `source.buffer` cannot outlive the property access.
                func scanBuffer(_ buffer: borrowing [UInt8]) -> Scan {
                    let buf = buffer.span
                    let begin = source.start
                    let available = buf.count - begin
                    var i = rel
                    if delimiter == nil && width == 1 {
                        while i < available {
                            if buf[begin + i] == 0x0A { return .end(i) }
                            i += 1
                        }
                        return .more(i)
                    }
                    while i + width <= available {
                        let p = begin + i
                        let u: UInt16 =
                            width == 1
                            ? UInt16(buf[p])
                            : bigEndian
                                ? UInt16(buf[p]) << 8 | UInt16(buf[p + 1])
                                : UInt16(buf[p + 1]) << 8 | UInt16(buf[p])
                        if u == 0x0A {
                            if state != .quoted { return .end(i) }
                            if firstLF == nil { firstLF = i }
                            newlines += 1
                            if i >= maxRecordBytes { return .cut(firstLF!) }
                        } else if let d = delimiter {
                            switch state {
                            case .fieldStart: state = u == 0x22 ? .quoted : u == d ? .fieldStart : .unquoted
                            case .unquoted: if u == d { state = .fieldStart }
                            case .quoted: if u == 0x22 { state = .afterQuote }
                            case .afterQuote: state = u == 0x22 ? .quoted : u == d ? .fieldStart : .unquoted
                            }
                        }
                        i += width
                    }
                    return .more(i)
                }
                switch scanBuffer(source.buffer) {
                case .end(let i):
                    content = i
                    consumed = i + width
                    lines = newlines + 1
                    break scanning
                case .cut(let i):
                    content = i
                    consumed = i + width
                    lines = 1
                    unterminated = true
                    break scanning
                case .more(let i):
                    rel = i
                    if try source.readMore() { continue scanning }
                    let available = source.available
                    if available == 0 { return nil }
                    if state == .quoted, let lf = firstLF {
                        content = lf
                        consumed = lf + width
                        lines = 1
                    } else {
                        content = available
                        consumed = available
                        lines = newlines
                    }
                    unterminated = state == .quoted
                    break scanning
                }
            }
            // Drop a CR before the line feed.
            if content >= width, unit(at: source.start + content - width) == 0x0D { content -= width }
            let begin = source.start
            let blank = isBlank(begin, begin + content)
            let bytes = blank ? [] : Array(source.buffer[begin..<begin + content])
            source.start += consumed
            line += lines
            if blank && !unterminated { continue }
            ordinal += 1
            return RawRecord(
                ordinal: ordinal, line: recordLine, offset: recordOffset, bytes: bytes,
                unterminated: unterminated, endOffset: source.offset, nextLine: line)
        }
    }

    private func unit(at p: Int) -> UInt16 {
        let b = source.buffer
        if width == 1 { return UInt16(b[p]) }
        return bigEndian ? UInt16(b[p]) << 8 | UInt16(b[p + 1]) : UInt16(b[p + 1]) << 8 | UInt16(b[p])
    }

    /// Only spaces, tabs and CRs (in whole units).
    private func isBlank(_ from: Int, _ to: Int) -> Bool {
        if (to - from) % width != 0 { return false }
        var p = from
        while p < to {
            let u = unit(at: p)
            if u != 0x20 && u != 0x09 && u != 0x0D { return false }
            p += width
        }
        return true
    }
}
