import TousuMentions

extension RecordMapping {
    /// Gives a record without a merchant (region) the one its text names, and writes the mention
    /// fields (`ClassifiedSchema.mentionFields`) after the record's other fields: `merchant_source`
    /// / `region_source` is `field` when the input had the value, `text` when it was found in the
    /// text, absent when neither. The merchant (region) field the mapping reads moves there; any
    /// other input field of one of those names passes through as `input_<name>`.
    func addMentions(_ record: inout BatchRecord, finder: TextMentionFinder) throws {
        var merchantSource = record.merchant == nil ? nil : MentionSource.field
        var regionSource = record.region == nil ? nil : MentionSource.field
        if record.merchant == nil || record.region == nil {
            let found = try finder.mentions(in: record.text)
            if record.merchant == nil, let m = found.merchant {
                record.merchant = m
                merchantSource = .text
            }
            if record.region == nil, let r = found.region {
                record.region = r
                regionSource = .text
            }
        }
        var kept: [BatchField] = []
        var original: [String: String] = [:]
        for field in record.fields {
            if isCanonicalMention(field.name) && !field.isJSON {
                original[field.name] = field.value
            } else if ClassifiedSchema.mentionFields.contains(field.name) {
                kept.append(BatchField(name: ClassifiedSchema.renamedInputPrefix + field.name, value: field.value, isJSON: field.isJSON))
            } else {
                kept.append(field)
            }
        }
        let values: [(String, String?)] = [
            (ClassifiedSchema.merchant, record.merchant ?? original[ClassifiedSchema.merchant]),
            (ClassifiedSchema.merchantSource, merchantSource?.rawValue),
            (ClassifiedSchema.region, record.region ?? original[ClassifiedSchema.region]),
            (ClassifiedSchema.regionSource, regionSource?.rawValue),
        ]
        for case (let name, let value?) in values { kept.append(BatchField(name: name, value: value)) }
        record.fields = kept
    }

    /// Whether a field of this name (after `outputFields`) is the record's merchant or region:
    /// the input field the mapping reads it from, or the canonical field mapped from others.
    func isCanonicalMention(_ name: String) -> Bool {
        (name == ClassifiedSchema.merchant && !merchantFields.isEmpty) || (name == ClassifiedSchema.region && !regionFields.isEmpty)
    }
}

extension BatchOptions {
    /// The CSV output columns for input columns `names`: those of `RecordMapping.outputColumns`,
    /// and when mentions are looked for the mention fields last (the merchant and region columns
    /// moved there; another input column of such a name as `input_<name>`).
    func outputColumns(_ names: [String]) -> [String] {
        let columns = mapping.outputColumns(names)
        guard mentions != nil else { return columns }
        return columns.compactMap { name in
            if mapping.isCanonicalMention(name) { return nil }
            return ClassifiedSchema.mentionFields.contains(name) ? ClassifiedSchema.renamedInputPrefix + name : name
        } + ClassifiedSchema.mentionFields
    }
}
