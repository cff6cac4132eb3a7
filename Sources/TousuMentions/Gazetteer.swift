import Foundation
import TousuText

/// Chinese administrative divisions (provinces, prefecture-level cities, counties and districts)
/// from `lexicons/places/divisions.tsv` (built from a public list of division codes; see the
/// README there), with the names that find them in a text.
public struct Gazetteer: Sendable {
    /// Level of a division.
    public enum Level: Int, Sendable, Codable, Comparable {
        case province = 0, city = 1, county = 2
        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    /// One division.
    public struct Division: Sendable, Equatable {
        /// Six-digit division code.
        public var code: String
        /// Full name (西湖区, 杭州市, 浙江省).
        public var name: String
        public var level: Level
        /// Code of the division it belongs to ("" for provinces).
        public var parent: String
    }

    public private(set) var divisions: [Division] = []
    private var byCode: [String: Int] = [:]
    /// Names as normalized UTF-16 → the divisions they may denote, and whether the name is a
    /// short one (without 省/市/自治州…; matched only on token boundaries).
    let names: PhraseTrie
    let targets: [(divisions: [Int], short: Bool)]

    /// A gazetteer from rows of (code, name, level, parent, short name); `ambiguousShort` are
    /// short names that are also common words or other names (中山路, 阿里巴巴) and are not used.
    public init(rows: [(code: String, name: String, level: Level, parent: String, short: String)],
                ambiguousShort: Set<String> = [], normalizer: Normalizer = Normalizer()) throws {
        var divisions: [Division] = []
        var byCode: [String: Int] = [:]
        for r in rows {
            byCode[r.code] = divisions.count
            divisions.append(Division(code: r.code, name: r.name, level: r.level, parent: r.parent))
        }
        var trie = PhraseTrie()
        var targets: [(divisions: [Int], short: Bool)] = []
        func add(_ name: String, _ index: Int, short: Bool) throws {
            let id = trie.insert(try normalizer.normalize(name).units)
            guard id >= 0 else { return }
            if id == targets.count { targets.append(([], short)) }
            if targets[id].short != short {
                // A full name that is also another unit's short name: the full name wins.
                if !short { targets[id] = ([index], false) }
                return
            }
            targets[id].divisions.append(index)
        }
        for (i, r) in rows.enumerated() { try add(r.name, i, short: false) }
        // Short names: a province's beats a city's (海南 is the province, not 海南藏族自治州).
        var shortBest: [String: [Int]] = [:]
        for (i, r) in rows.enumerated() where !r.short.isEmpty && !ambiguousShort.contains(r.short) {
            if let existing = shortBest[r.short], let j = existing.first {
                if rows[j].level == r.level { shortBest[r.short]!.append(i) } else if r.level < rows[j].level { shortBest[r.short] = [i] }
            } else {
                shortBest[r.short] = [i]
            }
        }
        for (name, list) in shortBest.sorted(by: { $0.key < $1.key }) where list.count == 1 {
            try add(name, list[0], short: true)
        }
        self.divisions = divisions
        self.byCode = byCode
        self.names = trie
        self.targets = targets
    }

    /// Reads `divisions.tsv` (and `ambiguous_short.txt` beside it when present).
    public static func load(directory: URL) throws -> Gazetteer {
        var rows: [(code: String, name: String, level: Level, parent: String, short: String)] = []
        let file = directory.appendingPathComponent("divisions.tsv")
        for (n, line) in try PhraseFile.lines(file).enumerated() where !line.hasPrefix("#") && !line.isEmpty {
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard cols.count >= 4 else { throw MentionError.badData(path: file.path, line: n + 1, reason: "expected code, name, level, parent, short") }
            let level: Level
            switch cols[2] {
            case "province": level = .province
            case "city": level = .city
            case "county": level = .county
            default: throw MentionError.badData(path: file.path, line: n + 1, reason: "unknown level \(cols[2])")
            }
            rows.append((cols[0], cols[1], level, cols[3], cols.count > 4 ? cols[4] : ""))
        }
        let ambiguousURL = directory.appendingPathComponent("ambiguous_short.txt")
        let ambiguous = FileManager.default.fileExists(atPath: ambiguousURL.path) ? Set(try PhraseFile.read(ambiguousURL)) : []
        return try Gazetteer(rows: rows, ambiguousShort: ambiguous)
    }

    public func division(code: String) -> Division? { byCode[code].map { divisions[$0] } }

    /// The chain of divisions a division belongs to, itself last (浙江省, 杭州市, 西湖区).
    public func chain(_ d: Division) -> [Division] {
        var out = [d]
        var current = d
        while !current.parent.isEmpty, let p = division(code: current.parent), out.count < 4 {
            out.insert(p, at: 0)
            current = p
        }
        return out
    }

    /// A region key that a press office can read: the division's full name with the city it
    /// belongs to in front for counties and districts (杭州市西湖区, 北京市朝阳区).
    public func key(_ d: Division) -> String {
        guard d.level == .county, let p = division(code: d.parent) else { return d.name }
        return p.name + d.name
    }
}
