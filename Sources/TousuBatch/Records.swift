import TousuText

/// One input field, passed through to the output.
public struct BatchField: Sendable, Equatable {
    public var name: String
    /// The value: a string's contents, or for a non-string JSON value its JSON text.
    public var value: String
    /// True when `value` is JSON text (number, bool, null, object, array), not a string.
    public var isJSON: Bool

    public init(name: String, value: String, isJSON: Bool = false) {
        self.name = name
        self.value = value
        self.isJSON = isJSON
    }

    /// The type of a JSON value from its text: "null", "a boolean", "an array", "an object" or "a number".
    static func jsonType(_ json: String) -> String {
        switch json.utf8.first {
        case UInt8(ascii: "n"): "null"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): "a boolean"
        case UInt8(ascii: "["): "an array"
        case UInt8(ascii: "{"): "an object"
        default: "a number"
        }
    }
}

extension BatchField {
    /// Whether the field is called `name` (lengths first: a record's dozen field names are looked
    /// up many times, and most differ in length).
    @inline(__always)
    public func isNamed(_ name: String) -> Bool { self.name.utf8.count == name.utf8.count && self.name == name }
}

/// A decoded, validated input record, ready to classify.
public struct BatchRecord: Sendable {
    /// 1-based ordinal among the input's records (a header row and blank lines are not records).
    public var ordinal: Int
    /// 1-based line of its first byte.
    public var line: Int
    /// Byte offset of its first byte in the input (as stored, before decoding).
    public var offset: Int
    /// All fields, in input order.
    public var fields: [BatchField]
    /// The text to classify (several text fields joined with "\n").
    public var text: String
    public var id: String?
    public var date: String?
    public var merchant: String?
    public var region: String?

    public init(
        ordinal: Int, line: Int, offset: Int, fields: [BatchField], text: String, id: String? = nil,
        date: String? = nil, merchant: String? = nil, region: String? = nil
    ) {
        self.ordinal = ordinal
        self.line = line
        self.offset = offset
        self.fields = fields
        self.text = text
        self.id = id
        self.date = date
        self.merchant = merchant
        self.region = region
    }
}

/// A record's bytes as framed from the input, still in the input encoding.
struct RawRecord: Sendable {
    var ordinal: Int
    var line: Int
    var offset: Int
    /// Without the line ending.
    var bytes: [UInt8]
    /// Set by the framer when a quoted field never closed.
    var unterminated = false
    /// Input offset just after the record (and its line ending), and the line number there.
    var endOffset = 0
    var nextLine = 0
}

extension RecordMapping {
    /// Builds the record from parsed fields, or says why it is rejected.
    func record(
        _ fields: [BatchField], raw: RawRecord, maxTextLength: Int
    ) -> Result<BatchRecord, RejectReason> {
        func value(_ name: String) -> String? { fields.first { $0.isNamed(name) }?.value }
        /// A text field's string; a JSON value of another type is a reject, not its JSON text.
        func textValue(_ name: String) -> Result<String, RejectReason>? {
            guard let field = fields.first(where: { $0.isNamed(name) }) else { return nil }
            guard field.isJSON else { return .success(field.value) }
            return .failure(.textNotAString(field: name, type: BatchField.jsonType(field.value)))
        }
        var text: String
        if textFields.isEmpty {
            guard let name = Self.defaultTextFields.first(where: { value($0) != nil }) else {
                return .failure(.missingTextField(Self.defaultTextFields[0]))
            }
            switch textValue(name)! {
            case .success(let v): text = v
            case .failure(let reason): return .failure(reason)
            }
        } else {
            var parts: [String] = []
            for name in textFields {
                switch textValue(name) {
                case nil: return .failure(.missingTextField(name))
                case .failure(let reason)?: return .failure(reason)
                case .success(let v)?: if !v.isEmpty { parts.append(v) }
                }
            }
            text = parts.joined(separator: "\n")
        }
        if text.isBlank {
            return .failure(.emptyText)
        }
        // A text has at most as many scalars as UTF-8 bytes: count scalars only when it may be too long.
        if text.utf8.count > maxTextLength && text.unicodeScalars.count > maxTextLength {
            return .failure(.textOverLengthLimit)
        }
        var record = BatchRecord(
            ordinal: raw.ordinal, line: raw.line, offset: raw.offset, fields: fields, text: text,
            id: value(idField), date: value(dateField).flatMap { $0.isEmpty ? nil : $0 },
            merchant: joined(merchantFields, value), region: joined(regionFields, value))
        record.fields = outputFields(record)
        return .success(record)
    }
}
