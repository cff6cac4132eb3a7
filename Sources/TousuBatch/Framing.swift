/// Splits input bytes into records without decoding them. A line ends at LF, CRLF or a lone CR
/// (old Mac and Excel exports), in any mixture; CSV/TSV line ends inside quoted fields belong to the
/// field. It looks only at ASCII-valued code units (bytes, or 16-bit units for UTF-16), which never
/// occur inside multi-byte GB18030 or UTF-8 sequences, so byte offsets stay exact and a record with
/// bad bytes cannot swallow its neighbours. Lines holding only spaces and tabs are not records.
struct RecordFramer {
    let source: ByteSource
    /// Code unit width: 1, or 2 for UTF-16.
    let width: Int
    let bigEndian: Bool
    /// The field delimiter for CSV/TSV; nil for JSONL.
    let delimiter: UInt16?
    /// A quoted field still open after this many bytes is taken as unterminated: the record is cut
    /// at its first line end and framing restarts on the next line.
    let maxRecordBytes: Int
    /// Line number of the next record.
    var line: Int
    /// Ordinal of the last record returned.
    var ordinal: Int

    init(
        source: ByteSource, width: Int, bigEndian: Bool, delimiter: UInt16?, maxRecordBytes: Int, line: Int,
        ordinal: Int
    ) {
        self.source = source
        self.width = width
        self.bigEndian = bigEndian
        self.delimiter = delimiter
        self.maxRecordBytes = maxRecordBytes
        self.line = line
        self.ordinal = ordinal
    }

    private enum Scan {
        case end(Int, Int)  // the record's content ends at this unit, its line end has this many bytes
        case cut  // unterminated quote: cut at the first line end
        case more(Int)  // need more bytes; resume scanning here
        case carriageReturn(Int)  // a CR is the last unit buffered: CRLF or a lone CR decides on more bytes
    }

    private enum State { case fieldStart, unquoted, quoted, afterQuote }

    /// The scan of one record, kept across buffer refills.
    private struct Progress {
        var rel = 0
        var state = State.fieldStart
        /// Line ends inside quoted fields so far.
        var newlines = 0
        /// The first line end inside a quoted field: where it starts and its length in bytes.
        var firstEnd: (at: Int, length: Int)? = nil
    }

    /// The next non-blank record, or nil at the end of input.
    mutating func next() throws -> RawRecord? {
        while true {
            let recordLine = line
            let recordOffset = source.offset
            var p = Progress()
            var content = 0, consumed = 0, lines = 0
            var unterminated = false
            scanning: while true {
                switch scan(source.buffer, &p) {
                case .end(let i, let ending):
                    content = i
                    consumed = i + ending
                    lines = p.newlines + 1
                    break scanning
                case .cut:
                    let (at, length) = p.firstEnd!
                    content = at
                    consumed = at + length
                    lines = 1
                    unterminated = true
                    break scanning
                case .carriageReturn(let i):
                    p.rel = i
                    if try source.readMore() { continue scanning }
                    // The input ends with a CR: a lone CR line end.
                    if p.state != .quoted {
                        content = i
                        consumed = source.available
                        lines = p.newlines + 1
                        break scanning
                    }
                    p.newlines += 1
                    if p.firstEnd == nil { p.firstEnd = (i, width) }
                    p.rel = source.available
                    continue scanning
                case .more(let i):
                    p.rel = i
                    if try source.readMore() { continue scanning }
                    let available = source.available
                    if available == 0 { return nil }
                    // The last line, without a line end (or with a stray odd byte in UTF-16).
                    if p.state == .quoted, let (at, length) = p.firstEnd {
                        content = at
                        consumed = at + length
                        lines = 1
                    } else {
                        content = available
                        consumed = available
                        lines = p.newlines
                    }
                    unterminated = p.state == .quoted
                    break scanning
                }
            }
            let begin = source.start
            let blank = isBlank(begin, begin + content)
            let bytes = blank && !unterminated ? [] : Array(source.buffer[begin..<begin + content])
            source.consume(consumed)
            line += lines
            if blank && !unterminated { continue }
            ordinal += 1
            return RawRecord(
                ordinal: ordinal, line: recordLine, offset: recordOffset, bytes: bytes,
                unterminated: unterminated, endOffset: source.offset, nextLine: line)
        }
    }

    /// Scans the unread bytes for the end of the current record.
    private func scan(_ buffer: borrowing [UInt8], _ p: inout Progress) -> Scan {
        let buf = buffer.span
        let begin = source.start
        let available = buf.count - begin
        var i = p.rel
        if delimiter == nil && width == 1 {
            while i < available {
                let b = buf[begin + i]
                if b == 0x0A { return .end(i, 1) }
                if b == 0x0D {
                    guard i + 1 < available else { return .carriageReturn(i) }
                    return .end(i, buf[begin + i + 1] == 0x0A ? 2 : 1)
                }
                i += 1
            }
            return .more(i)
        }
        @inline(__always) func unit(_ q: Int) -> UInt16 {
            let p = begin + q
            if width == 1 { return UInt16(buf[p]) }
            return bigEndian ? UInt16(buf[p]) << 8 | UInt16(buf[p + 1]) : UInt16(buf[p + 1]) << 8 | UInt16(buf[p])
        }
        while i + width <= available {
            let u = unit(i)
            if u == 0x0A || u == 0x0D {
                var ending = width
                if u == 0x0D {
                    guard i + 2 * width <= available else { return .carriageReturn(i) }
                    if unit(i + width) == 0x0A { ending = 2 * width }
                }
                if p.state != .quoted { return .end(i, ending) }
                if p.firstEnd == nil { p.firstEnd = (i, ending) }
                p.newlines += 1
                if i >= maxRecordBytes { return .cut }
                i += ending
                continue
            }
            if let d = delimiter {
                switch p.state {
                case .fieldStart: p.state = u == 0x22 ? .quoted : u == d ? .fieldStart : .unquoted
                case .unquoted: if u == d { p.state = .fieldStart }
                case .quoted: if u == 0x22 { p.state = .afterQuote }
                case .afterQuote: p.state = u == 0x22 ? .quoted : u == d ? .fieldStart : .unquoted
                }
            }
            i += width
        }
        return .more(i)
    }

    private func unit(at p: Int) -> UInt16 {
        let b = source.buffer
        if width == 1 { return UInt16(b[p]) }
        return bigEndian ? UInt16(b[p]) << 8 | UInt16(b[p + 1]) : UInt16(b[p + 1]) << 8 | UInt16(b[p])
    }

    /// Only spaces and tabs (in whole units).
    private func isBlank(_ from: Int, _ to: Int) -> Bool {
        if (to - from) % width != 0 { return false }
        var p = from
        while p < to {
            let u = unit(at: p)
            if u != 0x20 && u != 0x09 { return false }
            p += width
        }
        return true
    }
}

extension RecordFramer {
    /// The next chunk of a stream: the records the probe held back first, then records from the
    /// input up to `size` ([] at the end of the input).
    mutating func nextChunk(after pending: inout [RawRecord], size: Int) throws -> [RawRecord] {
        var records = pending
        pending = []
        records.reserveCapacity(size)
        while records.count < size, let r = try next() { records.append(r) }
        return records
    }
}
