import Foundation
import TousuText

/// One labelled text for training or evaluation.
public struct LabelledRecord: Sendable, Equatable {
    public var id: String
    public var text: String
    public var label: String

    public init(id: String, text: String, label: String) {
        self.id = id
        self.text = text
        self.label = label
    }
}

/// Reads labelled JSONL corpora: one JSON object a line with a text field and a label field.
public enum LabelledCorpus {
    /// Records of a file; a line that is not JSON or lacks a field is an error naming the line.
    public static func read(_ url: URL, textField: String = "text", labelField: String = "sector", idField: String = "id") throws -> [LabelledRecord] {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw ClassifierError.badRecord(source: url.path, line: 0, reason: "cannot open file")
        }
        defer { try? handle.close() }
        var reader = LineReader(handle: handle)
        var records: [LabelledRecord] = []
        while let bytes = reader.next() {
            let line = reader.lineNumber
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
                throw ClassifierError.badRecord(source: url.path, line: line, reason: "not a JSON object")
            }
            guard let text = object[textField] as? String, !text.isEmpty else {
                throw ClassifierError.badRecord(source: url.path, line: line, reason: "missing or empty \"\(textField)\"")
            }
            let label: String
            if let s = object[labelField] as? String, !s.isEmpty { label = s }
            else if let n = object[labelField] as? NSNumber { label = n.stringValue }
            else { throw ClassifierError.badRecord(source: url.path, line: line, reason: "missing \"\(labelField)\"") }
            let id = (object[idField] as? String) ?? "\(url.lastPathComponent):\(line)"
            records.append(LabelledRecord(id: id, text: text, label: label))
        }
        return records
    }
}
