/// Errors of reading the mention lexicons.
public enum MentionError: Error, CustomStringConvertible, Sendable {
    case badData(path: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case .badData(let path, let line, let reason): "\(path): line \(line): \(reason)"
        }
    }
}
