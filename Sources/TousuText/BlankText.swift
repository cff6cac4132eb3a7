extension StringProtocol {
    /// Nothing but whitespace (full-width spaces and line breaks too): no text to read. Batch,
    /// the service and the CLI refuse such a complaint text.
    public var isBlank: Bool { unicodeScalars.allSatisfy { $0.properties.isWhitespace } }
}
