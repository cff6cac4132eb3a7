import ArgumentParser
import Foundation
import TousuClassifier

/// Fields of labelled corpora: the shared text and id fields, and the label.
struct CorpusFieldOptions: ParsableArguments {
    @OptionGroup var text: TextFieldOptions

    @Option(help: ArgumentHelp("Field holding the label.", valueName: "field"))
    var labelField = "sector"

    func validate() throws {
        try FieldList.check([labelField], option: "--label-field")
    }

    /// The labelled records of every file (each checked to be a readable file first).
    func read(_ paths: [String]) throws -> [LabelledRecord] {
        try InputCheck.requireFiles(paths)
        return try paths.flatMap {
            try LabelledCorpus.read(
                URL(fileURLWithPath: $0), textFields: text.textFields, labelField: labelField, idField: text.idField)
        }
    }
}
