import ArgumentParser
import Foundation
import TousuClassifier

/// `--model`: a model file, else $TOUSU_MODEL, else the default model, trained from the bundled
/// corpus on first use (see `ModelResolution`).
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: "Model file (default: $TOUSU_MODEL, else models/sectors.tousu, built from the bundled corpus on first use).")
    var model: String?

    /// The resolution the library performs for this command line and environment.
    func resolution(lexicons: URL) -> ModelResolution {
        ModelResolution(
            explicit: model, environment: ProcessInfo.processInfo.environment["TOUSU_MODEL"],
            defaultModel: Bundled.defaultModel, corpus: Bundled.sectorCorpus, lexicons: lexicons)
    }

    /// The model file to use, checked to be a readable file; says on stderr when it was built.
    func resolve(lexicons: URL, quiet: Bool = false) throws -> URL {
        let (url, origin) = try resolution(lexicons: lexicons).resolve()
        try InputCheck.requireFile(url.path)
        if origin == .built && !quiet { Console.note("tousu: built the default model \(url.path)") }
        return url
    }

    /// The classifier of the resolved model.
    func load(lexicons: URL, quiet: Bool = false) throws -> Classifier {
        try Classifier.load(contentsOf: resolve(lexicons: lexicons, quiet: quiet))
    }
}
