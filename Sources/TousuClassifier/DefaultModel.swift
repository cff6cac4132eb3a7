import Foundation

/// Which model a command classifies with: an explicit file (`--model`), else one from the
/// environment (`$TOUSU_MODEL`, read by the caller), else the default model, built from the bundled
/// sector corpus on first use. Building is safe when several processes start at once: the first
/// takes an exclusive lock beside the model, trains into a temporary file and renames it into
/// place; the others wait for the lock and then load the finished file.
public struct ModelResolution: Sendable, Equatable {
    /// `--model`, when given.
    public var explicit: String?
    /// `$TOUSU_MODEL`, when set (and not empty).
    public var environment: String?
    /// Where the default model lives (e.g. `models/sectors.tousu` beside `corpora/`); nil when no
    /// bundled data was found.
    public var defaultModel: URL?
    /// The labelled corpus the default model is built from.
    public var corpus: URL?
    /// The lexicon directory the default model is built with.
    public var lexicons: URL
    /// The settings of the default model.
    public var configuration: TrainingConfiguration

    public init(
        explicit: String?, environment: String?, defaultModel: URL?, corpus: URL?, lexicons: URL,
        configuration: TrainingConfiguration = TrainingConfiguration()
    ) {
        self.explicit = explicit
        self.environment = environment
        self.defaultModel = defaultModel
        self.corpus = corpus
        self.lexicons = lexicons
        self.configuration = configuration
    }

    /// Where the model was found.
    public enum Origin: Sendable, Equatable {
        case explicit, environment, defaultModel
        /// The default model, trained by this call.
        case built
    }

    /// The model file to use (building the default one when it is missing) and where it came from.
    public func resolve() throws -> (url: URL, origin: Origin) {
        if let explicit { return (URL(fileURLWithPath: explicit), .explicit) }
        if let environment, !environment.isEmpty { return (URL(fileURLWithPath: environment), .environment) }
        guard let url = defaultModel else {
            throw ClassifierError.noModel(reason: "no --model given, $TOUSU_MODEL is not set and no bundled corpora/ folder was found to build the default model from")
        }
        if Self.isRegularFile(url) { return (url, .defaultModel) }
        guard let corpus, Self.isRegularFile(corpus) else {
            throw ClassifierError.noModel(reason: "no --model given, \(url.path) does not exist and the corpus to build it (\(corpus?.path ?? "corpora/sectors/train.jsonl")) is missing")
        }
        let built = try DefaultModelBuilder(model: url, corpus: corpus, lexicons: lexicons, configuration: configuration).build()
        return (url, built ? .built : .defaultModel)
    }

    /// The classifier of the resolved model.
    public func classifier() throws -> Classifier {
        let (url, _) = try resolve()
        return try Classifier.load(contentsOf: url)
    }

    static func isRegularFile(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }
}

/// Builds the default model once, however many processes ask at the same time.
struct DefaultModelBuilder {
    var model: URL
    var corpus: URL
    var lexicons: URL
    var configuration: TrainingConfiguration

    /// Trains and installs the model unless another process did so meanwhile; true when this call
    /// built it.
    func build() throws -> Bool {
        let directory = model.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw ClassifierError.modelFile(path: model.path, reason: "cannot create \(directory.path): \(error.localizedDescription)")
        }
        let lockPath = model.path + ".lock"
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw ClassifierError.modelFile(path: model.path, reason: "cannot open the lock file \(lockPath): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }  // closing releases the lock
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw ClassifierError.modelFile(path: model.path, reason: "cannot lock \(lockPath): \(String(cString: strerror(errno)))")
            }
        }
        // Another process may have finished it while this one waited.
        if ModelResolution.isRegularFile(model) { return false }
        let trainer = try configuration.trainer(lexicons: lexicons)
        let built = try trainer.train(LabelledCorpus.read(corpus))
        let bytes = try ModelFile.encode(built)
        let temporary = directory.appendingPathComponent(".\(model.lastPathComponent).\(getpid()).tmp")
        do {
            try Data(bytes).write(to: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw ClassifierError.modelFile(path: temporary.path, reason: "cannot write: \(error.localizedDescription)")
        }
        guard rename(temporary.path, model.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw ClassifierError.modelFile(path: model.path, reason: "cannot move the new model into place: \(reason)")
        }
        return true
    }
}
