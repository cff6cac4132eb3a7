import Foundation
import TousuText

/// One labelled text for training or evaluation: a sector label (empty: none) and complaint
/// natures, primary first (empty: not nature-labelled).
public struct LabelledRecord: Sendable, Equatable {
    public var id: String
    public var text: String
    public var label: String
    public var natures: [String]

    public init(id: String, text: String, label: String, natures: [String] = []) {
        self.id = id
        self.text = text
        self.label = label
        self.natures = natures
    }
}

/// Reads labelled JSONL corpora: one JSON object a line with a text field and a label field.
public enum LabelledCorpus {
    /// Text field names tried in order when none is named (also batch's default).
    public static let defaultTextFields = ["text", "content", "review", "complaint", "内容", "投诉内容"]

    /// Records of a file; a line that is not JSON or lacks a field is an error naming the line.
    /// A `natures` field (a list of nature ids, primary first, or one string "a,b") is read too.
    public static func read(_ url: URL, textField: String = "text", labelField: String = "sector", idField: String = "id") throws -> [LabelledRecord] {
        try read(url, textFields: [textField], labelField: labelField, idField: idField)
    }

    /// Records of a file whose text is the named fields joined with "\n" (empty: the first present
    /// of `defaultTextFields`).
    public static func read(_ url: URL, textFields: [String], labelField: String = "sector", idField: String = "id") throws -> [LabelledRecord] {
        try read(url, textFields: textFields, labelField: labelField, idField: idField, needsLabel: true)
    }

    /// Nature-labelled records of a file: each line needs a text and a non-empty `natures`
    /// field; the sector label is read when present (else empty).
    public static func readNatures(_ url: URL, textField: String = "text", labelField: String = "sector", idField: String = "id") throws -> [LabelledRecord] {
        let records = try read(url, textFields: [textField], labelField: labelField, idField: idField, needsLabel: false)
        if let bad = records.firstIndex(where: { $0.natures.isEmpty }) {
            throw ClassifierError.badRecord(source: url.path, line: bad + 1, reason: "missing \"natures\" (record \(records[bad].id))")
        }
        return records
    }

    static func read(_ url: URL, textFields: [String], labelField: String, idField: String, needsLabel: Bool) throws -> [LabelledRecord] {
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
            let names = textFields.isEmpty
                ? Array(defaultTextFields.first { object[$0] != nil }.map { [$0] } ?? [defaultTextFields[0]]) : textFields
            let parts = names.compactMap { object[$0] as? String }.filter { !$0.isEmpty }
            let text = parts.joined(separator: "\n")
            guard !text.isEmpty else {
                throw ClassifierError.badRecord(
                    source: url.path, line: line,
                    reason: "missing or empty \(names.map { "\"\($0)\"" }.joined(separator: ", "))")
            }
            let label: String
            if let s = object[labelField] as? String, !s.isEmpty { label = s }
            else if let n = object[labelField] as? NSNumber { label = n.stringValue }
            else if !needsLabel { label = "" }
            else { throw ClassifierError.badRecord(source: url.path, line: line, reason: "missing \"\(labelField)\"") }
            let natures = try Self.natures(object["natures"], source: url.path, line: line)
            let id = (object[idField] as? String) ?? "\(url.lastPathComponent):\(line)"
            records.append(LabelledRecord(id: id, text: text, label: label, natures: natures))
        }
        return records
    }

    /// A record's natures: a list of ids or one string "a,b" / "a|b"; absent or null: none.
    static func natures(_ value: Any?, source: String, line: Int) throws -> [String] {
        var natures: [String] = []
        switch value {
        case nil, is NSNull: break
        case let list as [Any]:
            natures = try list.map {
                guard let s = $0 as? String, !s.isEmpty else {
                    throw ClassifierError.badRecord(source: source, line: line, reason: "\"natures\" must list nature ids")
                }
                return s
            }
        case let s as String:
            natures = s.split(whereSeparator: { $0 == "," || $0 == "|" }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        default:
            throw ClassifierError.badRecord(source: source, line: line, reason: "\"natures\" must be a list of nature ids")
        }
        if Set(natures).count != natures.count {
            throw ClassifierError.badRecord(source: source, line: line, reason: "a nature is listed twice")
        }
        return natures
    }
}
