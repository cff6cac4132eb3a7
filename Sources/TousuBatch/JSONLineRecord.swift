extension BatchOptions {
    /// One line of UTF-8 JSONL input read as the batch pipeline reads it (`RecordProcessor`):
    /// checked as UTF-8, parsed, mapped by `mapping`, or the reason the pipeline would reject it.
    /// Text mentions (`mentions`) are not looked for: a caller with mentions set reads through the
    /// pipeline. `ordinal`, `line` and `offset` are the record's as the framer would number them.
    public func jsonLineRecord(_ bytes: [UInt8], ordinal: Int, line: Int, offset: Int) -> Result<BatchRecord, RejectReason> {
        guard TextDecoding.isValidUTF8(bytes) else { return .failure(.undecodableBytes(.utf8)) }
        switch JSONObjectParser.parse(bytes: bytes) {
        case .failure(let reason): return .failure(reason)
        case .success(let fields):
            let raw = RawRecord(ordinal: ordinal, line: line, offset: offset, bytes: [])
            return mapping.record(fields, raw: raw, maxTextLength: maxTextLength)
        }
    }
}
