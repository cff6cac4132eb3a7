/// Errors of training, loading and classifying, each naming what and why.
public enum ClassifierError: Error, CustomStringConvertible, Sendable, Equatable {
    case badDataFile(path: String, line: Int, reason: String)
    case badRecord(source: String, line: Int, reason: String)
    case emptyTrainingSet
    case modelFile(path: String, reason: String)
    case incompatibleModels(reason: String)
    /// A training or classification setting out of range: its name (as the CLI option without
    /// dashes) and what it must be.
    case badSetting(name: String, reason: String)
    /// No model was given and the default one can neither be found nor built.
    case noModel(reason: String)
    /// A file or directory that is missing or of the wrong kind (e.g. a directory given as a file).
    case missingInput(path: String, reason: String)

    public var description: String {
        switch self {
        case .badDataFile(let path, let line, let reason): "\(path):\(line): \(reason)"
        case .badRecord(let source, let line, let reason): "\(source): record at line \(line): \(reason)"
        case .emptyTrainingSet: "no record with a sector label to train on (a model needs at least one; see --label-field)"
        case .modelFile(let path, let reason): "model \(path): \(reason)"
        case .incompatibleModels(let reason): "cannot combine models: \(reason)"
        case .badSetting(let name, let reason): "\(name) \(reason)"
        case .noModel(let reason): "no model: \(reason)"
        case .missingInput(let path, let reason): "\(path): \(reason)"
        }
    }
}
