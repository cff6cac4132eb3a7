/// Errors of training, loading and classifying, each naming what and why.
public enum ClassifierError: Error, CustomStringConvertible, Sendable, Equatable {
    case badDataFile(path: String, line: Int, reason: String)
    case badRecord(source: String, line: Int, reason: String)
    case emptyTrainingSet
    case modelFile(path: String, reason: String)
    case incompatibleModels(reason: String)

    public var description: String {
        switch self {
        case .badDataFile(let path, let line, let reason): "\(path):\(line): \(reason)"
        case .badRecord(let source, let line, let reason): "\(source): record at line \(line): \(reason)"
        case .emptyTrainingSet: "no labelled records to train on"
        case .modelFile(let path, let reason): "model \(path): \(reason)"
        case .incompatibleModels(let reason): "cannot combine models: \(reason)"
        }
    }
}
