import ArgumentParser
import TousuBatch

/// Which input fields hold the text and the id: shared by train, eval, batch and hotspots.
/// Options naming fields take several names comma-separated or repeated.
struct TextFieldOptions: ParsableArguments {
    @Option(name: .customLong("text-field"), help: ArgumentHelp(
        "Field holding the text; several (comma-separated or repeated) are joined with newlines. Default: the first present of \(RecordMapping.defaultTextFields.joined(separator: ", ")).",
        valueName: "field"))
    var textFieldValues: [String] = []

    @Option(name: .customLong("id-field"), help: ArgumentHelp("Field holding the record id.", valueName: "field"))
    var idField = ClassifiedSchema.id

    var textFields: [String] { FieldList.split(textFieldValues) }

    func validate() throws {
        try FieldList.check(textFieldValues, option: "--text-field")
        try FieldList.check([idField], option: "--id-field")
    }
}

/// Which input fields hold a record's date, merchant and region: shared by batch and hotspots.
/// batch writes them under the canonical names (date, merchant, region) beside the input fields.
struct RecordFieldOptions: ParsableArguments {
    @OptionGroup var text: TextFieldOptions

    @Option(name: .customLong("date-field"), help: ArgumentHelp(
        "Field holding the complaint date (yyyy-MM-dd, yyyy/MM/dd or an ISO date-time).", valueName: "field"))
    var dateField = ClassifiedSchema.date

    @Option(name: .customLong("merchant-field"), help: ArgumentHelp(
        "Field(s) holding the merchant or product; several (comma-separated or repeated, e.g. brand,model) are joined.",
        valueName: "field"))
    var merchantFieldValues: [String] = []

    @Option(name: .customLong("region-field"), help: ArgumentHelp(
        "Field(s) holding the region; several (comma-separated or repeated) are joined.", valueName: "field"))
    var regionFieldValues: [String] = []

    func validate() throws {
        try FieldList.check([dateField], option: "--date-field")
        try FieldList.check(merchantFieldValues, option: "--merchant-field")
        try FieldList.check(regionFieldValues, option: "--region-field")
    }

    /// The library's mapping of these options.
    var mapping: RecordMapping {
        RecordMapping(
            textFields: text.textFields, idField: text.idField, dateField: dateField,
            merchantFields: merchantFieldValues.isEmpty ? [ClassifiedSchema.merchant] : FieldList.split(merchantFieldValues),
            regionFields: regionFieldValues.isEmpty ? [ClassifiedSchema.region] : FieldList.split(regionFieldValues))
    }
}

/// The comma/repeat rule of field options.
enum FieldList {
    static func split(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",").map { String($0) } }
    }

    static func check(_ values: [String], option: String) throws {
        for value in values where value.split(separator: ",").isEmpty || value.split(separator: ",", omittingEmptySubsequences: false).contains(where: \.isEmpty) {
            throw ValidationError("\(option) needs field names, not \"\(value)\"")
        }
    }
}
