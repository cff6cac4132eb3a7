/// Text after normalization, as UTF-16 code units, with the way back to the original text.
public struct NormalizedText: Sendable {
    /// The original text, as given.
    public let original: String
    /// Normalized UTF-16 code units.
    public let units: [UInt16]
    /// For each normalized unit, the original Unicode-scalar offset where its source starts…
    public let originalStarts: [Int32]
    /// …and where it ends (exclusive).
    public let originalEnds: [Int32]
    /// Whether the original contained Traditional characters that were converted.
    public let convertedTraditional: Bool

    /// The normalized text as a String.
    public var text: String { String(decoding: units, as: UTF16.self) }

    /// The original scalar-offset range of normalized units `start..<end`.
    public func originalRange(start: Int, end: Int) -> Range<Int> {
        guard start < end, end <= units.count else { return 0..<0 }
        return Int(originalStarts[start])..<Int(originalEnds[end - 1])
    }

    /// The original text of normalized units `start..<end`.
    public func originalText(start: Int, end: Int) -> String {
        let range = originalRange(start: start, end: end)
        let scalars = original.unicodeScalars
        let from = scalars.index(scalars.startIndex, offsetBy: range.lowerBound)
        let to = scalars.index(from, offsetBy: range.count)
        return String(scalars[from..<to])
    }
}

/// Normalizes complaint text for matching: NFKC with case folding (full-width → half-width, Latin
/// lowercased), Traditional → Simplified Chinese with ICU's transliterator, control characters
/// removed (line breaks and tabs become spaces). Keeps a map from each normalized unit to the
/// original text. Immutable and safe to share between threads.
public struct Normalizer: Sendable {
    /// Whether Traditional characters are converted to Simplified.
    public let convertTraditional: Bool
    private let table: CharacterTable

    public init(convertTraditional: Bool = true) {
        self.convertTraditional = convertTraditional
        self.table = CharacterTable.shared
    }

    /// Normalizes `text`.
    public func normalize(_ text: String) throws -> NormalizedText {
        var units: [UInt16] = []
        var starts: [Int32] = []
        var ends: [Int32] = []
        let estimate = text.utf8.count
        units.reserveCapacity(estimate)
        starts.reserveCapacity(estimate)
        ends.reserveCapacity(estimate)

        var hasTraditional = false
        // The current normalization segment: where it starts in the output and in the original,
        // and its original scalars, kept so that a combining mark can be normalized with its base.
        var segmentOut = 0
        var segmentStart: Int32 = 0
        var segment: [UInt32] = []
        var index: Int32 = 0

        @inline(__always) func append(_ unit: UInt16, _ from: Int32, _ to: Int32) {
            units.append(unit)
            starts.append(from)
            ends.append(to)
        }

        for scalar in text.unicodeScalars {
            let value = scalar.value
            defer { index += 1 }
            if value < 0x10000 {
                let unit = UInt16(value)
                let entry = table.entry(unit)
                let action = CharacterTable.action(entry)
                if action != .combining {
                    segmentOut = units.count
                    segmentStart = index
                    segment.removeAll(keepingCapacity: true)
                    segment.append(value)
                }
                switch action {
                case .keep:
                    if entry & CharacterTable.traditionalBit != 0 { hasTraditional = true }
                    append(unit, index, index + 1)
                case .drop:
                    continue
                case .space:
                    append(0x20, index, index + 1)
                case .mapped:
                    for u in table.replacement(entry) {
                        if table.isTraditional(u) { hasTraditional = true }
                        append(u, index, index + 1)
                    }
                case .combining:
                    // Normalize the whole segment (base + marks) again, now that it has grown.
                    segment.append(value)
                    let source = Self.utf16(segment)
                    let folded = try ICU.nfkcCasefold(source)
                    units.removeSubrange(segmentOut...)
                    starts.removeSubrange(segmentOut...)
                    ends.removeSubrange(segmentOut...)
                    for u in folded { append(u, segmentStart, index + 1) }
                }
            } else {
                // Outside the BMP (emoji, rare ideographs): normalize the scalar on its own.
                segmentOut = units.count
                segmentStart = index
                segment.removeAll(keepingCapacity: true)
                segment.append(value)
                let source = Self.utf16([value])
                for u in try ICU.nfkcCasefold(source) { append(u, index, index + 1) }
            }
        }

        if hasTraditional && convertTraditional {
            try convertTraditionalRuns(&units, &starts, &ends)
        }
        return NormalizedText(
            original: text, units: units, originalStarts: starts, originalEnds: ends,
            convertedTraditional: hasTraditional && convertTraditional)
    }

    /// UTF-16 code units of scalar values.
    private static func utf16(_ scalars: [UInt32]) -> [UInt16] {
        var out: [UInt16] = []
        for value in scalars {
            guard let scalar = Unicode.Scalar(value) else { continue }
            out.append(contentsOf: String(Character(scalar)).utf16)
        }
        return out
    }

    /// Sends each run of Han characters that holds a Traditional one through ICU's transliterator.
    /// Runs whose length changes map every new unit to the whole run of the original.
    private func convertTraditionalRuns(
        _ units: inout [UInt16], _ starts: inout [Int32], _ ends: inout [Int32]
    ) throws {
        var i = 0
        var pieces: [(range: Range<Int>, converted: [UInt16])] = []
        while i < units.count {
            guard table.isHan(units[i]) else { i += 1; continue }
            var j = i
            var traditional = false
            while j < units.count && table.isHan(units[j]) {
                if table.isTraditional(units[j]) { traditional = true }
                j += 1
            }
            if traditional {
                let converted = try ICU.traditionalToSimplified(Array(units[i..<j]))
                pieces.append((i..<j, converted))
            }
            i = j
        }
        // Apply from the back so earlier ranges stay valid.
        for (range, converted) in pieces.reversed() {
            if converted.count == range.count {
                units.replaceSubrange(range, with: converted)
            } else {
                let from = starts[range.lowerBound], to = ends[range.upperBound - 1]
                units.replaceSubrange(range, with: converted)
                starts.replaceSubrange(range, with: repeatElement(from, count: converted.count))
                ends.replaceSubrange(range, with: repeatElement(to, count: converted.count))
            }
        }
    }
}
