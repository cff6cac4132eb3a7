import Foundation

/// Locations of the repository's data for tests.
enum Paths {
    static let root = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let lexicons = root.appendingPathComponent("lexicons")
    static let mentions = root.appendingPathComponent("corpora/mentions")
    static let labelled = mentions.appendingPathComponent("labelled.jsonl")
}
