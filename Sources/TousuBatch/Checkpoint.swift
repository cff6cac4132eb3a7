import Foundation
import TousuText

/// Where a run stands after its last written chunk; written atomically next to the output.
struct Checkpoint: Codable, Equatable {
    var version = Checkpoint.currentVersion
    /// Input byte offset of the next unread record, its line and the ordinal of the last record.
    var inputOffset: Int
    var nextLine: Int
    var read: Int
    var written: Int
    var rejected: Int
    /// Byte lengths of the output and rejects files after the last written chunk.
    var outputLength: Int
    var rejectsLength: Int
    /// The input's size, and the FNV-1a hash of every input byte before `inputOffset` (checked
    /// on resume: an input edited anywhere in the part already done is refused).
    var inputSize: Int
    var inputHash: String
    /// A hash of the options that change the output.
    var optionsHash: String
    var encoding: InputEncoding
    var format: InputFormat
    /// The CSV/TSV header and the CSV output columns.
    var header: [String]
    var columns: [String]

    static let currentVersion = 2

    static func path(forOutput output: String) -> String { output + ".checkpoint.json" }

    static func load(_ path: String) throws -> Checkpoint? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let checkpoint = try JSONDecoder().decode(Checkpoint.self, from: data)
            guard checkpoint.version == currentVersion else {
                throw BatchError.badCheckpoint(path: path, reason: "unknown version \(checkpoint.version)")
            }
            return checkpoint
        } catch let error as BatchError {
            throw error
        } catch {
            throw BatchError.badCheckpoint(path: path, reason: "\(error)")
        }
    }

    /// Writes to a temporary file and renames it over the old checkpoint.
    func save(_ path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let temp = path + ".tmp"
        do {
            try encoder.encode(self).write(to: URL(fileURLWithPath: temp))
        } catch {
            throw BatchError.writeFailed(path: temp, reason: "\(error)")
        }
        if rename(temp, path) != 0 {
            throw BatchError.writeFailed(path: path, reason: String(cString: strerror(errno)))
        }
    }
}

/// 64-bit FNV-1a, as hex.
func fnv1a(_ bytes: some Sequence<UInt8>) -> String { FNV1a.hex(bytes) }

/// The size of a file and the running hash of its first `prefix` bytes.
func fingerprintFile(_ path: String, prefix: Int) throws -> (size: Int, hash: RunningHash) {
    guard let handle = FileHandle(forReadingAtPath: path) else {
        throw BatchError.cannotOpen(path: path, reason: "no such file or not readable")
    }
    defer { try? handle.close() }
    do {
        let size = Int(try handle.seekToEnd())
        try handle.seek(toOffset: 0)
        var hash = RunningHash()
        var left = min(prefix, size)
        while left > 0 {
            guard let block = try handle.read(upToCount: min(left, 1 << 20)), !block.isEmpty else { break }
            let bytes = [UInt8](block)
            hash.add(bytes, 0..<bytes.count)
            left -= bytes.count
        }
        return (size, hash)
    } catch {
        throw BatchError.readFailed(path: path, reason: "\(error)")
    }
}
