import Foundation
import TousuText

/// One label of the taxonomy: a sector or a complaint nature.
public struct Label: Sendable, Codable, Equatable {
    public var id: String
    public var nameZh: String
    public var nameEn: String

    public init(id: String, nameZh: String, nameEn: String) {
        self.id = id
        self.nameZh = nameZh
        self.nameEn = nameEn
    }
}

/// The sectors and complaint natures tousu tags by, read from `lexicons/taxonomy/*.tsv`
/// (columns id, name_zh, name_en). Adding a label is adding a row and a lexicon file.
public struct Taxonomy: Sendable, Codable, Equatable {
    public var sectors: [Label]
    public var natures: [Label]

    public init(sectors: [Label], natures: [Label]) {
        self.sectors = sectors
        self.natures = natures
    }

    /// Reads `taxonomy/sectors.tsv` and `taxonomy/natures.tsv` under a lexicon directory.
    public static func load(lexicons: URL) throws -> Taxonomy {
        let dir = lexicons.appendingPathComponent("taxonomy")
        return Taxonomy(
            sectors: try readLabels(dir.appendingPathComponent("sectors.tsv")),
            natures: try readLabels(dir.appendingPathComponent("natures.tsv")))
    }

    static func readLabels(_ url: URL) throws -> [Label] {
        var labels: [Label] = []
        for (number, line) in try PhraseFile.lines(url).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") || number == 0 && trimmed.hasPrefix("id\t") { continue }
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard columns.count >= 2, !columns[0].isEmpty else {
                throw ClassifierError.badDataFile(path: url.path, line: number + 1, reason: "expected id<TAB>name_zh<TAB>name_en")
            }
            labels.append(Label(id: columns[0], nameZh: columns[1], nameEn: columns.count > 2 ? columns[2] : columns[0]))
        }
        return labels
    }

    /// The display name of a sector id (the id itself when unknown).
    public func sectorName(_ id: String) -> String {
        sectors.first { $0.id == id }?.nameZh ?? id
    }
}
