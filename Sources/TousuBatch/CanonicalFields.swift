extension RecordMapping {
    /// The input field names a canonical field is mapped from.
    func sources(of canonical: String) -> [String]? {
        switch canonical {
        case ClassifiedSchema.id: [idField]
        case ClassifiedSchema.text: textFields.isEmpty ? nil : textFields
        case ClassifiedSchema.date: [dateField]
        case ClassifiedSchema.merchant: merchantFields
        case ClassifiedSchema.region: regionFields
        default: []
        }
    }

    /// Whether the canonical field is mapped from a field of another name, i.e. must be added.
    /// The default text fields: only when the record's text came from another field.
    func isMapped(_ canonical: String, has: (String) -> Bool) -> Bool {
        guard let sources = sources(of: canonical) else {
            // Default text fields: the first present one is the source.
            let source = Self.defaultTextFields.first(where: has)
            return source != nil && source != canonical
        }
        return !sources.isEmpty && !(sources.count == 1 && sources[0] == canonical)  // no array built per record
    }

    /// The values of `names` joined with `joiner`; nil when none is present and non-empty.
    func joined(_ names: [String], _ value: (String) -> String?) -> String? {
        let parts = names.compactMap(value).filter { !$0.isEmpty }
        return parts.isEmpty ? nil : parts.joined(separator: joiner)
    }

    /// A record's output fields: its input fields (one with a reserved name — a tag or `_tousu` —
    /// or named like a canonical field mapped from another field, renamed with
    /// `ClassifiedSchema.renamedInputPrefix`), then each canonical field mapped from other fields
    /// that has a value.
    func outputFields(_ record: BatchRecord) -> [BatchField] {
        let fields = record.fields
        let mapped = ClassifiedSchema.canonicalFields.filter { name in
            isMapped(name) { candidate in fields.contains { $0.isNamed(candidate) } }
        }
        let hasTags = fields.contains { ClassifiedSchema.isReserved($0.name) }
        guard !mapped.isEmpty || hasTags else { return record.fields }
        var out = record.fields.map { field in
            mapped.contains(field.name) || ClassifiedSchema.isReserved(field.name)
                ? BatchField(name: ClassifiedSchema.renamed(field.name), value: field.value, isJSON: field.isJSON)
                : field
        }
        for name in mapped {
            let value: String? = switch name {
            case ClassifiedSchema.id: record.id
            case ClassifiedSchema.text: record.text
            case ClassifiedSchema.date: record.date
            case ClassifiedSchema.merchant: record.merchant
            default: record.region
            }
            if let value { out.append(BatchField(name: name, value: value)) }
        }
        return out
    }

    /// The CSV output columns for input columns `names` (same rule as `outputFields`; every mapped
    /// canonical column is present, empty where a record has no value).
    public func outputColumns(_ names: [String]) -> [String] {
        let mapped = ClassifiedSchema.canonicalFields.filter { isMapped($0, has: names.contains) }
        return names.map {
            mapped.contains($0) || ClassifiedSchema.isReserved($0) ? ClassifiedSchema.renamedInputPrefix + $0 : $0
        } + mapped
    }
}
