import Foundation

/// Locations of the repository's data for tests.
enum Paths {
    /// The repository root (two levels above this file's folder).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let lexicons = root.appendingPathComponent("lexicons")
    /// ../shared beside the repository.
    static let shared = root.deletingLastPathComponent().appendingPathComponent("shared")
    static let domain = shared.appendingPathComponent("domain")
}
