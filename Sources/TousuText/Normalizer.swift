/// Text after normalization, as UTF-16 code units, with the way back to the original text.
public struct NormalizedText: Sendable {
    /// The original text, as given.
    public let original: String
    /// Normalized UTF-16 code units.
    public let units: [UInt16]
    /// For each normalized unit, the original Unicode-scalar range of its source, packed as
    /// start << 32 | end.
    let spans: [UInt64]
    /// Whether the original contained Traditional characters that were converted.
    public let convertedTraditional: Bool

    /// The normalized text as a String.
    public var text: String { String(decoding: units, as: UTF16.self) }

    /// The original scalar-offset range of normalized units `start..<end`.
    public func originalRange(start: Int, end: Int) -> Range<Int> {
        guard start < end, end <= units.count else { return 0..<0 }
        return Int(spans[start] >> 32)..<Int(spans[end - 1] & 0xFFFF_FFFF)
    }

    /// The original text of normalized units `start..<end`. Takes time in proportion to `start`
    /// (String indices are walked): for many spans use `originalTexts(_:)`.
    public func originalText(start: Int, end: Int) -> String {
        let range = originalRange(start: start, end: end)
        let scalars = original.unicodeScalars
        let from = scalars.index(scalars.startIndex, offsetBy: range.lowerBound)
        let to = scalars.index(from, offsetBy: range.count)
        return String(scalars[from..<to])
    }

    /// The original texts of many spans of normalized units, in one walk over the original:
    /// linear in the text's length plus the spans' (one `originalText` call per span would be
    /// quadratic on a long text with many spans).
    public func originalTexts(_ spans: [Range<Int>]) -> [String] {
        let ranges = spans.map { originalRange(start: $0.lowerBound, end: $0.upperBound) }
        let order = ranges.indices.sorted { ranges[$0].lowerBound < ranges[$1].lowerBound }
        let scalars = original.unicodeScalars
        var texts = [String](repeating: "", count: spans.count)
        var index = scalars.startIndex
        var offset = 0
        for k in order {
            let range = ranges[k]
            index = scalars.index(index, offsetBy: range.lowerBound - offset)
            offset = range.lowerBound
            texts[k] = String(scalars[index..<scalars.index(index, offsetBy: range.count)])
        }
        return texts
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

    /// Send every run with a Traditional character through the transliterator (for tests that
    /// check the table gives the transliterator's result).
    let alwaysTransliterate: Bool

    public init(convertTraditional: Bool = true) {
        self.init(convertTraditional: convertTraditional, alwaysTransliterate: false)
    }

    init(convertTraditional: Bool, alwaysTransliterate: Bool) {
        self.convertTraditional = convertTraditional
        self.alwaysTransliterate = alwaysTransliterate
        self.table = CharacterTable.shared
    }

    /// Normalizes `text`.
    @inline(never)  // a stage of Benchmarks/callgrind.sh
    public func normalize(_ text: String) throws -> NormalizedText {
        var units: [UInt16] = []
        var spans: [UInt64] = []  // original start << 32 | original end, per unit
        let estimate = text.utf8.count
        units.reserveCapacity(estimate)
        spans.reserveCapacity(estimate)

        var hasTraditional = false
        // The current normalization segment: where it starts in the output and in the original,
        // its first scalar and any combining marks after it (so a mark is normalized with its base).
        var segmentOut = 0
        var segmentStart: UInt64 = 0
        var segmentHead: UInt32 = 0
        var segmentMarks: [UInt32] = []
        var index: UInt64 = 0

        for scalar in text.unicodeScalars {
            let value = scalar.value
            let span = index << 32 | (index + 1)
            defer { index += 1 }
            if value < 0x10000 {
                let unit = UInt16(truncatingIfNeeded: value)
                let entry = table.entry(unit)
                let action = entry & 7
                if action == 0 {  // keep: the common case
                    if entry & CharacterTable.traditionalBit != 0 { hasTraditional = true }
                    segmentOut = units.count
                    segmentStart = index
                    segmentHead = value
                    if !segmentMarks.isEmpty { segmentMarks.removeAll(keepingCapacity: true) }
                    units.append(unit)
                    spans.append(span)
                    continue
                }
                if action != UInt32(CharacterTable.Action.combining.rawValue) {
                    segmentOut = units.count
                    segmentStart = index
                    segmentHead = value
                    if !segmentMarks.isEmpty { segmentMarks.removeAll(keepingCapacity: true) }
                }
                switch CharacterTable.action(entry) {
                case .keep, .drop:
                    continue
                case .space:
                    units.append(0x20)
                    spans.append(span)
                case .mapped:
                    for u in table.replacement(entry) {
                        if table.isTraditional(u) { hasTraditional = true }
                        units.append(u)
                        spans.append(span)
                    }
                case .combining:
                    if segmentMarks.count >= Self.maxCombiningMarks {
                        // Past Unicode's stream-safe limit a mark starts a segment of its own, so
                        // that a long run of marks costs linear time (renormalizing the whole
                        // growing segment at each mark was quadratic).
                        segmentOut = units.count
                        segmentStart = index
                        segmentHead = value
                        segmentMarks.removeAll(keepingCapacity: true)
                        for u in try ICU.nfkcCasefold(Self.utf16([value])) {
                            units.append(u)
                            spans.append(span)
                        }
                        continue
                    }
                    // Normalize the whole segment (base + marks) again, now that it has grown.
                    segmentMarks.append(value)
                    let folded = try ICU.nfkcCasefold(Self.utf16([segmentHead] + segmentMarks))
                    units.removeSubrange(segmentOut...)
                    spans.removeSubrange(segmentOut...)
                    for u in folded {
                        units.append(u)
                        spans.append(segmentStart << 32 | (index + 1))
                    }
                }
            } else {
                // Outside the BMP (emoji, rare ideographs): normalize the scalar on its own.
                segmentOut = units.count
                segmentStart = index
                segmentHead = value
                if !segmentMarks.isEmpty { segmentMarks.removeAll(keepingCapacity: true) }
                for u in try ICU.nfkcCasefold(Self.utf16([value])) {
                    units.append(u)
                    spans.append(span)
                }
            }
        }

        if hasTraditional && convertTraditional {
            try convertTraditionalRuns(&units, &spans)
        }
        return NormalizedText(
            original: text, units: units, spans: spans,
            convertedTraditional: hasTraditional && convertTraditional)
    }

    /// Combining marks normalized with their base at most (UAX #15's stream-safe text format
    /// allows 30 non-starters in a row).
    static let maxCombiningMarks = 30

    /// UTF-16 code units of scalar values.
    private static func utf16(_ scalars: [UInt32]) -> [UInt16] {
        var out: [UInt16] = []
        for value in scalars {
            guard let scalar = Unicode.Scalar(value) else { continue }
            out.append(contentsOf: String(Character(scalar)).utf16)
        }
        return out
    }

    /// Converts each run of Han characters that holds a Traditional one. A run with a phrase whose
    /// conversion depends on context (one of the transliterator's multi-character rules) goes
    /// through ICU's transliterator; any other run is converted character by character with the
    /// table ICU's transliterator gave for each character alone, which is the same result.
    /// Runs whose length changes map every new unit to the whole run of the original.
    private func convertTraditionalRuns(_ units: inout [UInt16], _ spans: inout [UInt64]) throws {
        var i = 0
        var pieces: [(range: Range<Int>, converted: [UInt16])] = []
        while i < units.count {
            guard table.isHan(units[i]) else { i += 1; continue }
            var j = i
            var traditional = false
            var contextual = alwaysTransliterate
            while j < units.count && table.isHan(units[j]) {
                if table.isTraditional(units[j]) {
                    traditional = true
                    if table.isContextual(units[j]) { contextual = true }
                }
                j += 1
            }
            if traditional && !contextual {
                for k in i..<j where !contextual {
                    table.contextPhrases.forEachMatch(in: units, from: k) { end, _ in
                        if end <= j { contextual = true }
                    }
                }
            }
            if contextual {
                pieces.append((i..<j, try ICU.traditionalToSimplified(Array(units[i..<j]))))
            } else if traditional {
                for k in i..<j where table.isTraditional(units[k]) { units[k] = table.simplifiedForm(units[k]) }
            }
            i = j
        }
        // Apply from the back so earlier ranges stay valid.
        for (range, converted) in pieces.reversed() {
            if converted.count == range.count {
                units.replaceSubrange(range, with: converted)
            } else {
                let whole = spans[range.lowerBound] & 0xFFFF_FFFF_0000_0000 | spans[range.upperBound - 1] & 0xFFFF_FFFF
                units.replaceSubrange(range, with: converted)
                spans.replaceSubrange(range, with: repeatElement(whole, count: converted.count))
            }
        }
    }
}
