/// Failures the CLI itself detects (before a library call), each with its sysexits status.
enum CommandError: Error, CustomStringConvertible {
    /// An input file that is missing, unreadable or a directory (66).
    case noInput(path: String, reason: String)
    /// An output that cannot be created (73).
    case cannotCreate(path: String, reason: String)
    /// Reading or writing failed midway (74).
    case ioError(path: String, reason: String)
    /// Input data that cannot be used (65).
    case badData(String)
    /// Options that do not fit together, found after parsing (64).
    case usage(String)
    /// `serve` could not run: it cannot listen on its address, or stopped on an error (69).
    case unavailable(String)

    var description: String {
        switch self {
        case .noInput(let path, let reason), .cannotCreate(let path, let reason), .ioError(let path, let reason):
            "\(path): \(reason)"
        case .badData(let why), .usage(let why), .unavailable(let why): why
        }
    }
}
