import TousuText

/// One non-blank line of a JSONL file, numbered as the batch framer numbers it.
struct SplitLine: Sendable {
    var bytes: [UInt8]
    /// 1-based line number.
    var line: Int
    /// 1-based ordinal among the non-blank lines.
    var ordinal: Int
    /// Byte offset of its first byte.
    var offset: Int
}

/// Splits blocks of a file into lines at LF (a CR is left in the line: the caller sends such a
/// file to the pipeline), skipping blank lines (spaces and tabs only) as the framer does; the
/// bytes after a block's last LF wait for the next block. A block is split a region at a time on
/// all cores (regions end at an LF; their lines are numbered after, from the counts before them).
struct LineSplitter {
    private var carry: [UInt8] = []
    private var line = 1
    private var ordinal = 0
    private var offset = 0

    /// Bytes of a region split by one task (about; a region ends at the first LF after it).
    static let regionBytes = 1 << 18

    /// The lines ending in `block` (all the rest when `atEnd`).
    mutating func split(_ block: [UInt8], atEnd: Bool) -> [SplitLine] {
        carry.append(contentsOf: block)
        let bytes = carry
        let end = atEnd ? bytes.count : (bytes.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0)
        carry = Array(bytes[end...])
        guard end > 0 else { return [] }
        let regions = Self.regions(bytes, end: end)
        let found = parallelMap(regions, chunk: 1) { Self.lines(bytes, $0) }
        var out: [SplitLine] = []
        out.reserveCapacity(found.reduce(0) { $0 + $1.lines.count })
        for (region, part) in zip(regions, found) {
            for var l in part.lines {
                l.line += line
                l.ordinal += ordinal
                l.offset += offset
                out.append(l)
            }
            line += part.count
            ordinal += part.lines.count
            offset += region.count
        }
        return out
    }

    /// `0..<end` cut into regions of about `regionBytes`, each but the last ending at an LF.
    private static func regions(_ bytes: [UInt8], end: Int) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var start = 0
        while start < end {
            var stop = min(end, start + regionBytes)
            if stop < end { stop = bytes[stop..<end].firstIndex(of: 0x0A).map { $0 + 1 } ?? end }
            out.append(start..<stop)
            start = stop
        }
        return out
    }

    /// The non-blank lines of one region, numbered from the region's start (line 0, ordinal 0,
    /// offset 0), and how many lines (blank ones too) it holds.
    private static func lines(_ bytes: [UInt8], _ region: Range<Int>) -> (lines: [SplitLine], count: Int) {
        var out: [SplitLine] = []
        var count = 0
        var start = region.lowerBound
        while start < region.upperBound {
            let stop = bytes[start..<region.upperBound].firstIndex(of: 0x0A) ?? region.upperBound
            let content = bytes[start..<stop]
            if !content.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                out.append(SplitLine(bytes: Array(content), line: count, ordinal: out.count + 1, offset: start - region.lowerBound))
            }
            count += 1
            start = stop + 1
        }
        return (out, count)
    }
}
