import ArgumentParser
import Foundation
import TousuClassifier
import TousuText

/// Finds the repository folder the binary was built in (the one holding `lexicons/` and
/// `corpora/`), so a fresh build works without flags.
enum Bundled {
    /// The first of the executable's folder and its parents that holds `name`.
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

    static var sectorCorpus: URL? { find("corpora/sectors/train.jsonl") }
}

/// `--model`: a model file, else $TOUSU_MODEL, else the default model, trained from the bundled
/// corpus on first use.
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: "Model file (default: $TOUSU_MODEL or models/sectors.tousu, built on first use).")
    var model: String?

    func load(lexicons: URL) throws -> Classifier {
        if let model { return try Classifier.load(contentsOf: URL(fileURLWithPath: model)) }
        if let env = ProcessInfo.processInfo.environment["TOUSU_MODEL"] {
            return try Classifier.load(contentsOf: URL(fileURLWithPath: env))
        }
        guard let url = Bundled.defaultModel else {
            throw ValidationError("no --model given and no bundled corpus found to build one")
        }
        if FileManager.default.fileExists(atPath: url.path) { return try Classifier.load(contentsOf: url) }
        guard let corpus = Bundled.sectorCorpus else {
            throw ValidationError("no --model given and \(url.path) does not exist")
        }
        Console.note("tousu: building the default model \(url.path) from \(corpus.path)")
        let trainer = try TrainerSettings().trainer(lexicons: lexicons)
        let built = try trainer.train(LabelledCorpus.read(corpus))
        try ModelFile.write(built, to: url)
        return try Classifier(model: built)
    }
}

/// Messages to stderr.
enum Console {
    static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
