import Foundation

/// Finds the folder holding tousu's data (`lexicons/`, `corpora/`): the executable's folder or one
/// of its parents (so a fresh build finds the repository's), else the working directory.
enum Bundled {
    /// The first of the executable's folder and its parents that holds `name`, else `./name` when
    /// it exists.
    static func find(_ name: String) -> URL? {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = dir.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            dir.deleteLastPathComponent()
        }
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(name)
        return FileManager.default.fileExists(atPath: cwd.path) ? cwd : nil
    }

    /// The default model: `models/sectors.tousu` beside `corpora/`.
    static var defaultModel: URL? {
        find("corpora")?.deletingLastPathComponent().appendingPathComponent("models/sectors.tousu")
    }

    /// The corpus the default model is built from.
    static var sectorCorpus: URL? { find("corpora/sectors/train.jsonl") }
}
