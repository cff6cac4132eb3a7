/// Where a batch run reads from.
public enum BatchInput: Sendable, Equatable {
    case file(String)
    case standardInput
}

/// Where a batch run writes output or rejects to.
public enum BatchOutput: Sendable, Equatable {
    case file(String)
    case standardOutput
    case standardError
    /// Count but do not keep.
    case discard

    var path: String? {
        if case .file(let path) = self { path } else { nil }
    }
}
