import Foundation

/// An output file or stream that counts the bytes it holds. A file is written to `TARGET.partial`
/// beside the target and renamed over it by `commit()` at the end of a successful run, so that a
/// failed or killed run never leaves a half-written output in place of an old one; the partial
/// file is what a checkpoint's lengths refer to, and what `--resume` continues.
// @unchecked: used by one thread at a time — the writer thread, then the caller after joining it.
final class Sink: @unchecked Sendable {
    let handle: FileHandle?
    let name: String
    /// The file being written (the partial file) and where it goes at the end.
    let partial: String?
    let target: String?
    private(set) var length: Int

    private init(handle: FileHandle?, name: String, partial: String?, target: String?, length: Int) {
        self.handle = handle
        self.name = name
        self.partial = partial
        self.target = target
        self.length = length
    }

    /// The partial file of a target.
    static func partialPath(for target: String) -> String { target + ".partial" }

    /// Opens `output` (a file path already resolved by `PathSafety`); a file's partial file is
    /// truncated to `truncateTo` (resume) or emptied.
    static func open(_ output: BatchOutput, truncateTo: Int?) throws -> Sink {
        switch output {
        case .discard: return Sink(handle: nil, name: "-", partial: nil, target: nil, length: 0)
        case .standardOutput:
            return Sink(handle: .standardOutput, name: "stdout", partial: nil, target: nil, length: 0)
        case .standardError:
            return Sink(handle: .standardError, name: "stderr", partial: nil, target: nil, length: 0)
        case .file(let target):
            let path = partialPath(for: target)
            let fd = Foundation.open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (truncateTo == nil ? O_TRUNC : 0), 0o644)
            guard fd >= 0 else {
                throw BatchError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
            }
            let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
            do {
                let size = Int(try handle.seekToEnd())
                if let truncateTo {
                    guard size >= truncateTo else {
                        throw BatchError.badCheckpoint(
                            path: path, reason: "the file is shorter (\(size) bytes) than the checkpoint says (\(truncateTo))")
                    }
                    try handle.truncate(atOffset: UInt64(truncateTo))
                    _ = try handle.seekToEnd()
                }
                return Sink(handle: handle, name: path, partial: path, target: target, length: truncateTo ?? 0)
            } catch let error as BatchError {
                throw error
            } catch {
                throw BatchError.writeFailed(path: path, reason: "\(error)")
            }
        }
    }

    func write(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty, let handle else { return }
        do { try handle.write(contentsOf: bytes) } catch {
            throw BatchError.writeFailed(path: name, reason: "\(error)")
        }
        length += bytes.count
    }

    /// Flushes a file to disk and renames it over its target.
    func commit() throws {
        guard let partial, let target, let handle else { return }
        do { try handle.synchronize() } catch {
            throw BatchError.writeFailed(path: partial, reason: "\(error)")
        }
        if rename(partial, target) != 0 {
            throw BatchError.writeFailed(path: target, reason: String(cString: strerror(errno)))
        }
    }

    /// Removes a partial file that nothing will resume.
    func discard() {
        if let partial { unlink(partial) }
    }

    func close() {
        if partial != nil { try? handle?.close() }
    }
}
