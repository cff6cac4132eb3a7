import Foundation
import TousuBatch

/// Buffered output to stdout or to the file of `-o/--output`: many small lines written in large
/// blocks. A file is written beside its target and renamed into place by `commit()`, so a failed
/// run never leaves a half-written file instead of an old one.
final class OutputBuffer {
    private var bytes: [UInt8] = []
    private let limit: Int
    private let handle: FileHandle
    private let target: String?
    private let temporary: String?
    private var committed = false

    /// stdout when `path` is nil or "-"; else a new file that must not be one of `inputs`.
    init(path: String? = nil, inputs: [String] = [], limit: Int = 1 << 16) throws {
        self.limit = limit
        guard let path, path != "-" else {
            handle = FileHandle.standardOutput
            target = nil
            temporary = nil
            return
        }
        try Self.refuseOverwriting(path, inputs: inputs)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw CommandError.cannotCreate(path: path, reason: "is a directory")
        }
        let url = URL(fileURLWithPath: path)
        let temp = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp").path
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw CommandError.cannotCreate(path: path, reason: String(cString: strerror(errno))) }
        handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        target = path
        temporary = temp
    }

    deinit {
        if let temporary, !committed { unlink(temporary) }  // not committed: the target stays as it was
    }

    /// An output path that is one of the inputs (same device and inode, however spelled) or not a
    /// regular file is refused (the library's `PathSafety`).
    static func refuseOverwriting(_ path: String, inputs: [String]) throws {
        _ = try PathSafety.check(
            inputs: inputs.filter { $0 != "-" }.map { NamedPath("input", $0) }, outputs: [NamedPath("-o", path)])
    }

    /// Creates the folder a new output file goes to (`-o models/x.tousu` on a fresh clone).
    static func createFolder(of path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw CommandError.cannotCreate(path: path, reason: "cannot create its folder \(folder.path)")
        }
    }

    func write(_ text: String) throws {
        bytes.append(contentsOf: text.utf8)
        if bytes.count >= limit { try flush() }
    }

    func flush() throws {
        guard !bytes.isEmpty else { return }
        do { try handle.write(contentsOf: bytes) } catch {
            throw CommandError.ioError(path: target ?? "stdout", reason: error.localizedDescription)
        }
        bytes.removeAll(keepingCapacity: true)
    }

    /// Flushes and, for a file, moves it into place.
    func commit() throws {
        try flush()
        guard let target, let temporary else { return }
        try? handle.close()
        guard rename(temporary, target) == 0 else {
            throw CommandError.cannotCreate(path: target, reason: String(cString: strerror(errno)))
        }
        committed = true
    }
}
