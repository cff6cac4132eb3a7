import Foundation

/// What the Normalizer does with each BMP code unit, decided once per process by asking ICU itself:
/// NFKC_Casefold of every code point, control characters, normalization boundaries, and which Han
/// characters ICU's Traditional-Simplified transliterator would change. With it, the common case
/// (a character that normalization leaves alone) costs one array read, and Simplified text never
/// reaches the transliterator.
struct CharacterTable: Sendable {
    enum Action: UInt8 {
        case keep = 0       // unchanged by normalization
        case drop = 1       // control or ignorable: removed
        case space = 2      // whitespace control (tab, newline, ...): becomes a space
        case mapped = 3     // replaced by a fixed sequence (NFKC_Casefold of the character alone)
        case combining = 4  // no normalization boundary before it: normalized with its base
    }

    /// Per code unit: bits 0–2 the action, bit 3 "Traditional" (the transliterator changes it),
    /// bit 4 "Han" (a CJK ideograph), bits 8–31 the replacement's offset in `replacements`.
    private let entries: [UInt32]
    /// Replacement sequences, each stored as its length followed by its code units.
    private let replacements: [UInt16]
    /// For a Traditional character, its Simplified form when ICU maps it alone to one unit.
    private let simplified: [UInt16]
    /// The multi-character left sides of ICU's Traditional-Simplified rules (餘額, 顯著, …): a run
    /// that holds one goes through the transliterator itself, so context is honoured.
    let contextPhrases: PhraseTrie

    static let traditionalBit: UInt32 = 1 << 3
    static let hanBit: UInt32 = 1 << 4
    /// A Traditional character that ICU does not map alone to a single unit.
    static let contextualBit: UInt32 = 1 << 5

    /// The table for this process, built on first use (about 30–60 ms).
    static let shared: CharacterTable = CharacterTable()

    @inline(__always) func entry(_ unit: UInt16) -> UInt32 { entries[Int(unit)] }

    @inline(__always) static func action(_ entry: UInt32) -> Action {
        Action(rawValue: UInt8(entry & 7)) ?? .keep
    }

    @inline(__always) func replacement(_ entry: UInt32) -> ArraySlice<UInt16> {
        let offset = Int(entry >> 8)
        let length = Int(replacements[offset])
        return replacements[(offset + 1)..<(offset + 1 + length)]
    }

    /// Whether the unit is a Han character that Traditional-Simplified would change.
    @inline(__always) func isTraditional(_ unit: UInt16) -> Bool {
        entries[Int(unit)] & Self.traditionalBit != 0
    }

    /// The Simplified form of a Traditional unit (0 when it needs the transliterator).
    @inline(__always) func simplifiedForm(_ unit: UInt16) -> UInt16 { simplified[Int(unit)] }

    /// Whether a Traditional unit must go through the transliterator with its context.
    @inline(__always) func isContextual(_ unit: UInt16) -> Bool { entries[Int(unit)] & Self.contextualBit != 0 }

    /// Whether the unit is a CJK ideograph.
    @inline(__always) func isHan(_ unit: UInt16) -> Bool { entries[Int(unit)] & Self.hanBit != 0 }

    private init() {
        var entries = [UInt32](repeating: 0, count: 0x10000)
        var replacements: [UInt16] = [0]  // offset 0: the empty replacement
        for c in 0..<UInt32(0x10000) {
            if (0xD800...0xDFFF).contains(c) { continue }  // surrogates: handled by scalar
            let category = ICU.category(c)
            if category == 15 /* control */ {
                let isSpace = c == 0x09 || c == 0x0A || c == 0x0B || c == 0x0C || c == 0x0D || c == 0x85
                entries[Int(c)] = isSpace ? UInt32(Action.space.rawValue) : UInt32(Action.drop.rawValue)
                continue
            }
            if Self.isHanBlock(c) && (category == 5 /* other letter */ || c == 0x3007) { entries[Int(c)] |= Self.hanBit }
            if !ICU.hasNormalizationBoundaryBefore(c) {
                entries[Int(c)] |= UInt32(Action.combining.rawValue)
                continue
            }
            let folded = (try? ICU.nfkcCasefold([UInt16(c)])) ?? [UInt16(c)]
            if folded == [UInt16(c)] { continue }  // keep
            if folded.isEmpty {
                entries[Int(c)] |= UInt32(Action.drop.rawValue)
                continue
            }
            entries[Int(c)] |= UInt32(Action.mapped.rawValue) | UInt32(replacements.count) << 8
            replacements.append(UInt16(folded.count))
            replacements.append(contentsOf: folded)
        }
        // Which Han characters would ICU's transliterator change? Ask it once, for all of them
        // in one call, each character on its own line.
        var hans: [UInt16] = []
        var probe: [UInt16] = []
        for c in 0..<UInt16.max where entries[Int(c)] & Self.hanBit != 0 {
            hans.append(c)
            probe.append(c)
            probe.append(0x0A)
        }
        var simplified = [UInt16](repeating: 0, count: 0x10000)
        if let converted = try? ICU.traditionalToSimplified(probe) {
            let lines = converted.split(separator: 0x0A, omittingEmptySubsequences: false)
            if lines.count >= hans.count {
                for (c, line) in zip(hans, lines) where !(line.count == 1 && line.first == c) {
                    entries[Int(c)] |= Self.traditionalBit
                    if line.count == 1, let s = line.first { simplified[Int(c)] = s }
                    else { entries[Int(c)] |= Self.contextualBit }
                }
            }
        }
        // Phrases whose conversion depends on context, from the transliterator's own rules.
        var phrases = PhraseTrie()
        for rule in ((try? ICU.traditionalToSimplifiedRules()) ?? "").split(separator: "\n") {
            guard let arrow = rule.range(of: " > ") else { continue }
            let left = Array(rule[rule.startIndex..<arrow.lowerBound].trimmingCharacters(in: .whitespaces).utf16)
            if left.count > 1 { phrases.insert(left) }
        }
        self.entries = entries
        self.replacements = replacements
        self.simplified = simplified
        self.contextPhrases = phrases
    }

    /// CJK Unified Ideographs, Extension A and Compatibility Ideographs.
    private static func isHanBlock(_ c: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(c) || (0x3400...0x4DBF).contains(c) || (0xF900...0xFAFF).contains(c)
            || c == 0x3007  // 〇
    }
}
