import Foundation
import Synchronization

/// An exclusive lock (flock) on an output for the whole run, held on `OUTPUT.lock` beside it, which
/// names the holder's process id: a second run on the same output is refused at once instead of
/// interleaving with the first. Released by `release()` or when the lock is dropped; a killed
/// process's lock goes with it (the kernel drops flocks of closed files).
public final class OutputLock: Sendable {
    public let path: String
    private let descriptor: Mutex<Int32?>

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = Mutex(descriptor)
    }

    /// The lock file of an output.
    public static func lockPath(for output: String) -> String { output + ".lock" }

    /// Takes the lock of `output` (a path as `PathSafety` resolved it) or refuses at once.
    public static func acquire(_ output: NamedPath) throws(PathError) -> OutputLock {
        let path = lockPath(for: output.path)
        for _ in 0..<100 {
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw .cannotLock(output, reason: String(cString: strerror(errno))) }
            if flock(fd, LOCK_EX | LOCK_NB) != 0 {
                let failure = errno
                let holder = readPID(fd)
                close(fd)
                if failure == EWOULDBLOCK { throw .inUse(output, pid: holder) }
                throw .cannotLock(output, reason: String(cString: strerror(failure)))
            }
            // The holder before us may have removed the file after we opened it: lock the file
            // that is at the path now.
            var held = stat()
            var current = stat()
            guard fstat(fd, &held) == 0, stat(path, &current) == 0, held.st_ino == current.st_ino,
                held.st_dev == current.st_dev
            else {
                close(fd)
                continue
            }
            let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: false)
            try? handle.truncate(atOffset: 0)
            try? handle.write(contentsOf: Data("\(getpid())\n".utf8))
            return OutputLock(path: path, descriptor: fd)
        }
        throw .cannotLock(output, reason: "the lock file keeps changing")
    }

    private static func readPID(_ fd: Int32) -> Int? {
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: false)
        guard (try? handle.seek(toOffset: 0)) != nil, let data = try? handle.read(upToCount: 32) else { return nil }
        return Int(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Removes the lock file and releases the lock (idempotent).
    public func release() {
        descriptor.withLock { fd in
            guard let held = fd else { return }
            unlink(path)
            close(held)
            fd = nil
        }
    }

    deinit { release() }
}
