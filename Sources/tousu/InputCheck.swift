import Foundation

/// Checks an input path before anything opens it, so that a missing file or a directory is a clear
/// error (exit status 66) instead of a crash inside Foundation.
enum InputCheck {
    /// `path` (not "-") must be a readable regular file (or a FIFO / character device such as
    /// /dev/stdin).
    static func requireFile(_ path: String) throws {
        guard path != "-" else { return }
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw CommandError.noInput(path: path, reason: String(cString: strerror(errno)))
        }
        if info.st_mode & S_IFMT == S_IFDIR {
            throw CommandError.noInput(path: path, reason: "is a directory, not a file")
        }
        guard access(path, R_OK) == 0 else {
            throw CommandError.noInput(path: path, reason: String(cString: strerror(errno)))
        }
    }

    /// Each of `paths` must be a readable file.
    static func requireFiles(_ paths: [String]) throws {
        for path in paths { try requireFile(path) }
    }
}
