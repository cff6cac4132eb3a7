import Foundation
import TousuText

/// Weighted phrases per label. A weight of `strongWeight` or more decides on its own; smaller
/// weights are evidence. An exclusion (`-phrase` in a file) silences the label's keywords that lie
/// inside a match of the exclusion (汽车 inside 汽车票).
public struct Lexicon: Sendable, Codable, Equatable {
    public struct Entry: Sendable, Codable, Equatable {
        public var phrase: String
        public var weight: Double
        public var isExclusion: Bool
    }

    /// Which kind of label a set of entries is for.
    public enum Kind: String, Sendable, Codable { case sector, nature }

    public struct LabelEntries: Sendable, Codable, Equatable {
        public var kind: Kind
        public var label: String
        public var entries: [Entry]
    }

    public static let strongWeight = 3.0

    public var labels: [LabelEntries]

    public init(labels: [LabelEntries]) { self.labels = labels }

    /// Reads `sectors/<id>.tsv` and `natures/<id>.tsv` for the taxonomy's labels (a missing file is
    /// an empty lexicon for that label). Lines: `phrase<TAB>weight`, `-phrase`, `# comment`.
    public static func load(lexicons: URL, taxonomy: Taxonomy) throws -> Lexicon {
        var labels: [LabelEntries] = []
        for (kind, folder, list) in [(Kind.sector, "sectors", taxonomy.sectors), (.nature, "natures", taxonomy.natures)] {
            for label in list {
                let url = lexicons.appendingPathComponent(folder).appendingPathComponent("\(label.id).tsv")
                guard FileManager.default.fileExists(atPath: url.path) else { continue }
                labels.append(LabelEntries(kind: kind, label: label.id, entries: try parse(url)))
            }
        }
        return Lexicon(labels: labels)
    }

    static func parse(_ url: URL) throws -> [Entry] {
        var entries: [Entry] = []
        for (number, line) in try PhraseFile.lines(url).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if trimmed.hasPrefix("-") {
                let phrase = trimmed.dropFirst().trimmingCharacters(in: .whitespaces)
                if !phrase.isEmpty { entries.append(Entry(phrase: phrase, weight: 0, isExclusion: true)) }
                continue
            }
            let columns = trimmed.split(separator: "\t").map { $0.trimmingCharacters(in: .whitespaces) }
            let weight = columns.count > 1 ? Double(columns[1]) : 1.0
            guard let weight, weight > 0 else {
                throw ClassifierError.badDataFile(path: url.path, line: number + 1, reason: "weight must be a positive number")
            }
            entries.append(Entry(phrase: columns[0], weight: weight, isExclusion: false))
        }
        return entries
    }
}

/// Finds all lexicon phrases in normalized text in one pass: at each position one walk down a
/// trie of every phrase of every label.
public struct LexiconMatcher: Sendable {
    struct Target: Sendable {
        var kind: Lexicon.Kind
        var label: String
        var weight: Double
        var isExclusion: Bool
        var phrase: String
        /// The label's index in `labels` (one per kind and label).
        var labelIndex: Int32
        /// The phrase's id in the trie (equal ids: equal normalized phrases).
        var phraseId: Int32
        /// The index of the label's name among the distinct names (exclusions act by name).
        var nameIndex: Int32
    }

    /// One match of a phrase for a label, as a span of the normalized text.
    public struct Match: Sendable {
        public var kind: Lexicon.Kind
        public var label: String
        public var phrase: String
        public var weight: Double
        public var start: Int
        public var end: Int
        /// The index of (kind, label) in `LexiconMatcher.labels`.
        var labelIndex: Int32 = -1
        /// The phrase's id (equal ids: equal phrases).
        var phraseId: Int32 = -1
        /// The index of the label's name among the distinct label names.
        var nameIndex: Int32 = -1

        /// Identifies the (label, phrase) pair without comparing Strings.
        var key: Int64 { Int64(labelIndex) << 32 | Int64(phraseId) }
    }

    /// The distinct (kind, label) pairs of the lexicon, in first-seen order: `Match.labelIndex`
    /// indexes them.
    let labels: [(kind: Lexicon.Kind, label: String)]

    private let trie: PhraseTrie
    private let targets: [[Target]]  // by phrase id
    /// The length in units of the longest exclusion phrase.
    private let longestExclusion: Int

    public init(lexicon: Lexicon, normalizer: Normalizer) throws {
        var trie = PhraseTrie()
        var targets: [[Target]] = []
        var longestExclusion = 0
        var labels: [(kind: Lexicon.Kind, label: String)] = []
        var names: [String] = []
        for group in lexicon.labels {
            let nameIndex = names.firstIndex(of: group.label) ?? names.count
            if nameIndex == names.count { names.append(group.label) }
            let labelIndex: Int
            if let i = labels.firstIndex(where: { $0.kind == group.kind && $0.label == group.label }) {
                labelIndex = i
            } else {
                labelIndex = labels.count
                labels.append((group.kind, group.label))
            }
            for entry in group.entries {
                let units = try normalizer.normalize(entry.phrase).units
                let id = trie.insert(units)
                guard id >= 0 else { continue }
                if id == targets.count { targets.append([]) }
                if entry.isExclusion { longestExclusion = max(longestExclusion, units.count) }
                targets[id].append(Target(
                    kind: group.kind, label: group.label, weight: entry.weight,
                    isExclusion: entry.isExclusion, phrase: String(decoding: units, as: UTF16.self),
                    labelIndex: Int32(labelIndex), phraseId: Int32(id), nameIndex: Int32(nameIndex)))
            }
        }
        self.labels = labels
        self.trie = trie
        self.targets = targets
        self.longestExclusion = longestExclusion
    }

    /// Keyword matches in normalized units, exclusions applied. Latin phrases match whole words only.
    public func matches(in units: [UInt16]) -> [Match] {
        var found: [Match] = []
        var exclusions: [Exclusion] = []
        trie.forEachMatch(in: units) { start, end, id in
            guard Self.isWordBoundary(units, start, end) else { return }
            for target in targets[id] {
                if target.isExclusion {
                    exclusions.append(Exclusion(nameIndex: target.nameIndex, start: start, end: end))
                } else {
                    found.append(Match(
                        kind: target.kind, label: target.label, phrase: target.phrase,
                        weight: target.weight, start: start, end: end, labelIndex: target.labelIndex,
                        phraseId: target.phraseId, nameIndex: target.nameIndex))
                }
            }
        }
        if exclusions.isEmpty { return found }
        // Both lists are in start order and an exclusion that covers a match starts at most
        // `longestExclusion` units before it: a sliding window keeps this linear in the text.
        var low = 0
        return found.filter { match in
            while low < exclusions.count, exclusions[low].start + longestExclusion < match.start { low += 1 }
            var k = low
            while k < exclusions.count, exclusions[k].start <= match.start {
                let e = exclusions[k]
                if e.nameIndex == match.nameIndex && match.end <= e.end { return false }
                k += 1
            }
            return true
        }
    }

    /// An exclusion's span and label.
    private struct Exclusion {
        var nameIndex: Int32
        var start: Int
        var end: Int
    }

    @inline(__always) private static func isLatinLetter(_ u: UInt16) -> Bool {
        (u >= 0x61 && u <= 0x7A) || (u >= 0x41 && u <= 0x5A) || (u >= 0xC0 && u <= 0x24F)
    }

    /// A phrase that starts or ends with a Latin letter must not cut a Latin word.
    @inline(__always) private static func isWordBoundary(_ units: [UInt16], _ start: Int, _ end: Int) -> Bool {
        if isLatinLetter(units[start]), start > 0, isLatinLetter(units[start - 1]) { return false }
        if isLatinLetter(units[end - 1]), end < units.count, isLatinLetter(units[end]) { return false }
        return true
    }
}
