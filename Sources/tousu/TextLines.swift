import Foundation
import TousuText

/// The lines of a text file or stdin for `tokenize` and `classify`: each valid UTF-8 line is handed
/// to `body` with its 1-based line number; a line that is not UTF-8 is named on stderr and counted.
enum TextLines {
    /// Returns how many lines were skipped.
    static func forEach(input: String?, output: OutputBuffer, _ body: (_ line: String, _ number: Int) throws -> Void) throws -> Int {
        let handle: FileHandle
        if let input, input != "-" {
            try InputCheck.requireFile(input)
            guard let h = FileHandle(forReadingAtPath: input) else {
                throw CommandError.noInput(path: input, reason: "cannot open")
            }
            handle = h
        } else {
            handle = FileHandle.standardInput
        }
        let source = input ?? "stdin"
        var reader = LineReader(handle: handle)
        var bad = 0
        while let bytes = reader.next() {
            guard let line = String(validating: bytes, as: UTF8.self) else {
                try output.flush()
                Console.note("tousu: \(source): line \(reader.lineNumber) is not valid UTF-8; skipped")
                bad += 1
                continue
            }
            try body(line, reader.lineNumber)
        }
        return bad
    }
}
