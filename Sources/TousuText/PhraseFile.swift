import Foundation

/// Errors reading tousu's data files.
public enum DataFileError: Error, CustomStringConvertible, Sendable {
    case unreadable(path: String, reason: String)
    case notUTF8(path: String, line: Int)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
        case .notUTF8(let path, let line): "\(path): line \(line) is not valid UTF-8"
        }
    }
}

/// Reads phrase lists: one phrase a line, `#` starts a comment, blank lines ignored.
public enum PhraseFile {
    /// The phrases of one file.
    public static func read(_ url: URL) throws -> [String] {
        try lines(url).compactMap { line in
            let text = line.trimmingCharacters(in: .whitespaces)
            return text.isEmpty || text.hasPrefix("#") ? nil : text
        }
    }

    /// The phrases of every `.txt` file in a directory, in file-name order ([] if it is missing).
    public static func readDirectory(_ url: URL) throws -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return try names.filter { $0.hasSuffix(".txt") }.sorted().flatMap {
            try read(url.appendingPathComponent($0))
        }
    }

    /// The lines of a UTF-8 file (a leading BOM and CR before LF removed).
    public static func lines(_ url: URL) throws -> [String] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw DataFileError.unreadable(path: url.path, reason: error.localizedDescription)
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var result: [String] = []
        for (number, var line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            if line.last == 0x0D { line = line.dropLast() }
            guard let text = String(validating: line, as: UTF8.self) else {
                throw DataFileError.notUTF8(path: url.path, line: number + 1)
            }
            result.append(text)
        }
        return result
    }
}

extension Tokenizer {
    /// The tokenizer configured by a lexicon directory: `dictionary/*.txt` phrases,
    /// `names/*.txt` names and `stopwords/*.txt`.
    public static func load(lexicons: URL, options: Options = Options()) throws -> Tokenizer {
        try Tokenizer(
            dictionary: PhraseFile.readDirectory(lexicons.appendingPathComponent("dictionary")),
            names: PhraseFile.readDirectory(lexicons.appendingPathComponent("names")),
            stopwords: PhraseFile.readDirectory(lexicons.appendingPathComponent("stopwords")),
            options: options)
    }
}
