import Foundation

/// Locations of the repository's data for tests.
enum Paths {
    /// The repository root (two levels above this file's folder).
    static let root = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let lexicons = root.appendingPathComponent("lexicons")
    /// The real dated car-complaint stream, beside the repository.
    static let carStream = root.deletingLastPathComponent()
        .appendingPathComponent("shared/data/car_complaints_12365auto.jsonl")
}
