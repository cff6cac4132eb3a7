import Foundation
import Testing
import TousuText

@testable import TousuBatch

/// A small deterministic generator (SplitMix64), so that a failing case can be replayed by seed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random input files — good and bad records, LF/CRLF/CR line ends in any mixture, blank lines,
/// quotes, commas and line ends inside CSV fields, UTF-8 or GB18030 with a few undecodable
/// records — run through the pipeline. Every record read is written or rejected, and the input
/// is rebuilt byte for byte from the output (each written record rendered back as it was written
/// in the input) and the rejects (their raw bytes at their offsets), with only line ends and
/// blanks between them.
@Suite struct RebuildPropertyTests {
    enum Layout: CaseIterable { case jsonl, csv }

    static let fragments = [
        "我在健身房办的预付卡", "老板跑路了", "4S店", "B柱异响", "车", "卡", "refund please", "退款\"急\"",
        "a,b", "逗号，和、顿号", "back\\slash", "tab\there", "😀", "繁體", " 空格 ", "x",
    ]
    static let lineEnds: [[UInt8]] = [[0x0A], [0x0D, 0x0A], [0x0D]]

    /// The canonical JSONL line of a record (as the writer renders its fields).
    static func jsonLine(id: String, text: String) -> [UInt8] {
        var out: [UInt8] = Array(#"{"id":"#.utf8)
        RecordWriter.appendJSONString(id, to: &out)
        out += Array(#","text":"#.utf8)
        RecordWriter.appendJSONString(text, to: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }

    /// The canonical CSV row of a record.
    static func csvRow(id: String, text: String) -> [UInt8] {
        var out: [UInt8] = []
        RecordWriter.appendCSV(id, to: &out)
        out.append(UInt8(ascii: ","))
        RecordWriter.appendCSV(text, to: &out)
        return out
    }

    static func randomText(_ rng: inout SeededGenerator, csv: Bool) -> String {
        var text = ""
        for _ in 0..<Int.random(in: 1...5, using: &rng) {
            text += fragments.randomElement(using: &rng)!
            if Int.random(in: 0..<8, using: &rng) == 0 {
                // A line end inside the text: an escape in JSON, a quoted line end in CSV.
                text += String(decoding: lineEnds.randomElement(using: &rng)!, as: UTF8.self)
            }
        }
        return text
    }

    /// One generated file: its bytes in the chosen encoding, its records and how many of them
    /// hold undecodable bytes.
    static func generate(
        seed: UInt64, layout: Layout, gb18030: Bool
    ) throws -> (bytes: [UInt8], records: Int, good: Int, undecodable: Int) {
        var rng = SeededGenerator(state: seed)
        var out: [UInt8] = []
        func encode(_ utf8: [UInt8]) throws -> [UInt8] {
            gb18030 ? try ICU.convert(utf8, from: .utf8, to: .gb18030) : utf8
        }
        if layout == .csv { out += Array("id,text".utf8) + lineEnds.randomElement(using: &rng)! }
        let count = Int.random(in: 1...60, using: &rng)
        var undecodable = 0
        var good = 0
        var records = count
        for n in 1...count {
            let id = "r\(n)"
            let text = randomText(&rng, csv: layout == .csv)
            var record: [UInt8]
            switch n == count && layout == .csv ? 99 : Int.random(in: 0..<12, using: &rng) {
            case 99:  // the last record opens a quote it never closes (a swallowed block)
                let open = text.filter { !$0.isNewline }
                record = try encode(Array("\(id),\"\(open)".utf8))
                for _ in 0..<Int.random(in: 0...3, using: &rng) {
                    // Lines without commas and quotes: framed again after the cut, each one field short.
                    let line = randomText(&rng, csv: true).filter { $0 != "," && $0 != "\"" && $0 != " " && !$0.isNewline }
                    record += lineEnds.randomElement(using: &rng)! + (try encode(Array(("x" + line).utf8)))
                    records += 1
                }
            case 0:  // broken: cut short (in CSV without its quotes and commas: one field too few)
                var whole = layout == .jsonl ? jsonLine(id: id, text: text) : csvRow(id: id, text: text)
                if layout == .csv { whole.removeAll { $0 == 0x22 || $0 == 0x2C } }
                let encoded = try encode(whole)
                record = Array(encoded.prefix(max(1, encoded.count / 2)))
                // Keep the bad line one line.
                record.removeAll { $0 == 0x0A || $0 == 0x0D }
            case 1:  // a wrong value or shape
                let bad =
                    layout == .jsonl
                    ? [#"{"id":"\#(id)","text":null}"#, #"{"id":"\#(id)","text":123}"#, #"{"id":"\#(id)","text":"a","text":"b"}"#,
                        #"{"id":"\#(id)","text":["x"]}"#, #"["not an object"]"#, #"{"id":"\#(id)","text":"  "}"#]
                        .randomElement(using: &rng)!
                    : ["\(id),a,b", "\(id)", "\(id),\"x\"y"].randomElement(using: &rng)!
                record = try encode(Array(bad.utf8))
            case 2:  // undecodable bytes in an otherwise good record
                let good = try encode(layout == .jsonl ? jsonLine(id: id, text: text) : csvRow(id: id, text: text))
                record = Array(good.prefix(2)) + (gb18030 ? [0x81, 0x20] : [0xFF, 0xC3]) + good.dropFirst(2)
                undecodable += 1
            default:
                record = try encode(layout == .jsonl ? jsonLine(id: id, text: text) : csvRow(id: id, text: text))
                good += 1
            }
            out += record
            if n < count || Bool.random(using: &rng) { out += lineEnds.randomElement(using: &rng)! }
            if Int.random(in: 0..<10, using: &rng) == 0 {  // a blank line
                out += (Bool.random(using: &rng) ? [] : [0x20, 0x09]) + lineEnds.randomElement(using: &rng)!
            }
        }
        return (out, records, good, undecodable)
    }

    static func isSeparator(_ b: UInt8) -> Bool { b == 0x0A || b == 0x0D || b == 0x20 || b == 0x09 }

    /// Rebuilds `input` from the run's output and rejects; returns what went wrong, nil if nothing.
    static func rebuild(
        input: [UInt8], layout: Layout, gb18030: Bool, output: [UInt8], rejects: [[String: Any]], read: Int
    ) throws -> String? {
        var p = 0
        func skipSeparators(to limit: Int? = nil) -> String? {
            let end = limit ?? input.count
            while p < end {
                guard isSeparator(input[p]) else { return "byte \(p) (\(input[p])) is in no record" }
                p += 1
            }
            return nil
        }
        if layout == .csv {  // the header row
            while p < input.count, input[p] != 0x0A, input[p] != 0x0D { p += 1 }
        }
        var written = output.split(separator: 0x0A).makeIterator()
        let byOrdinal = Dictionary(uniqueKeysWithValues: rejects.map { ($0["record"] as! Int, $0) })
        for ordinal in 1...max(1, read) where read > 0 {
            if let reject = byOrdinal[ordinal] {
                let offset = reject["offset"] as! Int
                let length = reject["length"] as! Int
                let raw: [UInt8] =
                    if let base64 = reject["raw_base64"] as? String { [UInt8](Data(base64Encoded: base64)!) } else {
                        Array((reject["raw"] as! String).utf8)
                    }
                if let gap = skipSeparators(to: offset) { return "before reject \(ordinal): \(gap)" }
                guard p == offset, raw.count == length, offset + length <= input.count,
                    Array(input[offset..<offset + length]) == raw
                else { return "reject \(ordinal) does not hold the input's bytes at \(offset)" }
                p = offset + length
            } else {
                guard let line = written.next() else { return "record \(ordinal) is neither written nor rejected" }
                let fields = try JSONObjectParser.parse(String(decoding: line, as: UTF8.self)).get()
                let (id, text) = (fields[0].value, fields[1].value)
                let utf8 = layout == .jsonl ? jsonLine(id: id, text: text) : csvRow(id: id, text: text)
                let expected = gb18030 ? try ICU.convert(utf8, from: .utf8, to: .gb18030) : utf8
                while p < input.count, isSeparator(input[p]) { p += 1 }
                guard input[p...].starts(with: expected) else {
                    let there = String(decoding: input[p..<min(input.count, p + expected.count + 8)], as: UTF8.self)
                    return "written record \(ordinal) is not the input at \(p): \(String(decoding: expected, as: UTF8.self).debugDescription) vs \(there.debugDescription)"
                }
                p += expected.count
            }
        }
        if written.next() != nil { return "more output lines than records" }
        return skipSeparators()
    }

    @Test(arguments: Array(UInt64(1)...UInt64(120)))
    func outputAndRejectsRebuildTheInput(seed: UInt64) throws {
        let layout: Layout = seed % 2 == 0 ? .jsonl : .csv
        let gb18030 = seed % 3 == 0
        let (bytes, records, good, undecodable) = try Self.generate(seed: seed, layout: layout, gb18030: gb18030)
        var options = BatchOptions()
        options.threads = Int(seed % 3) + 1
        options.chunkSize = Int(seed % 7) + 1
        options.maxRecordBytes = 512
        let r = try run(bytes, name: layout == .jsonl ? "in.jsonl" : "in.csv", options: options)
        #expect(r.summary.read == r.summary.written + r.summary.rejected, "seed \(seed)")
        #expect(r.rejects.count == r.summary.rejected, "seed \(seed)")
        #expect(lines(r.output).count == r.summary.written, "seed \(seed)")
        // Each generated record is one record, whatever its line end; each good one is written.
        #expect(r.summary.read == records, "seed \(seed)")
        if undecodable * 4 <= records {  // a few bad records never change the file's encoding
            #expect(r.summary.encoding == (gb18030 ? .gb18030 : .utf8), "seed \(seed)")
            #expect(r.summary.written == good, "seed \(seed)")
        }
        let problem = try Self.rebuild(
            input: bytes, layout: layout, gb18030: r.summary.encoding == .gb18030, output: r.outputBytes, rejects: r.rejects,
            read: r.summary.read)
        #expect(problem == nil, "seed \(seed): \(problem ?? "")")
    }
}
