import Foundation

/// Locations of the repository's data for tests.
enum Paths {
    static let root = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let lexicons = root.appendingPathComponent("lexicons")
    static let labelled = root.appendingPathComponent("corpora/mentions/labelled.jsonl")
    static let heldout = root.appendingPathComponent("corpora/mentions/heldout.jsonl")
    static let fresh = root.appendingPathComponent("corpora/mentions/fresh.jsonl")
    static let fresh2 = root.appendingPathComponent("corpora/mentions/fresh2.jsonl")
    static let fresh3 = root.appendingPathComponent("corpora/mentions/fresh3.jsonl")
    static let fresh4 = root.appendingPathComponent("corpora/mentions/fresh4.jsonl")
    static let fresh5 = root.appendingPathComponent("corpora/mentions/fresh5.jsonl")
}
