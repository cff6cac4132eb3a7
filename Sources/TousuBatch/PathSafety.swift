import Foundation

/// A file named on the command line, with the role it plays ("--input", "--output", "model"…),
/// so that a refusal names both the path and what it was given as.
public struct NamedPath: Sendable, Equatable {
    public var role: String
    public var path: String

    public init(_ role: String, _ path: String) {
        self.role = role
        self.path = path
    }
}

/// Why paths were refused before anything was opened or written.
public enum PathError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An output is an input, or another output (same device and inode, or the same place).
    case sameFile(NamedPath, NamedPath)
    /// An output that exists but is not a regular file (a directory, a device, a FIFO…).
    case notRegularFile(NamedPath, kind: String)
    /// An input that is a directory.
    case inputIsDirectory(NamedPath)
    /// The folder an output would go to does not exist.
    case noSuchDirectory(NamedPath)
    /// Another process holds the output's lock.
    case inUse(NamedPath, pid: Int?)
    case cannotLock(NamedPath, reason: String)

    public var description: String {
        switch self {
        case .sameFile(let a, let b):
            "\(a.role) \(a.path) is the same file as \(b.role) \(b.path): refusing to overwrite it"
        case .notRegularFile(let p, let kind): "\(p.role) \(p.path) is \(kind), not a regular file"
        case .inputIsDirectory(let p): "\(p.role) \(p.path) is a directory, not a file"
        case .noSuchDirectory(let p): "\(p.role) \(p.path): no such directory"
        case .inUse(let p, let pid):
            "\(p.role) \(p.path) is in use by \(pid.map { "process \($0)" } ?? "another process")"
        case .cannotLock(let p, let reason): "cannot lock \(p.role) \(p.path): \(reason)"
        }
    }
}

/// The one place that resolves and checks the paths of a run before anything is opened: every
/// output must be a regular file or not exist yet (in an existing folder), and must be neither an
/// input nor another output — compared by device and inode, however spelled (`./X`, a symlink, a
/// hard link), and by resolved path for outputs that do not exist yet.
public enum PathSafety {
    /// A resolved output: where to write (symlinks followed).
    public struct Checked: Sendable, Equatable {
        public var named: NamedPath
        public var resolved: String
    }

    /// Checks `outputs` against `inputs` and each other; returns the outputs resolved, in order.
    /// Inputs that do not exist are left to the reader to report.
    public static func check(inputs: [NamedPath], outputs: [NamedPath]) throws(PathError) -> [Checked] {
        var seen: [(NamedPath, identity: FileIdentity?, resolved: String)] = []
        for input in inputs {
            let identity = FileIdentity(path: input.path)
            if identity?.isDirectory == true { throw .inputIsDirectory(input) }
            seen.append((input, identity, resolve(input.path) ?? input.path))
        }
        var checked: [Checked] = []
        for output in outputs {
            let identity = FileIdentity(path: output.path)
            if let identity, let kind = identity.nonRegularKind { throw .notRegularFile(output, kind: kind) }
            guard let resolved = resolve(output.path) else { throw .noSuchDirectory(output) }
            for (other, otherIdentity, otherResolved) in seen {
                let same =
                    if let identity, let otherIdentity { identity.sameFile(as: otherIdentity) } else { resolved == otherResolved }
                if same { throw .sameFile(output, other) }
            }
            seen.append((output, identity, resolved))
            checked.append(Checked(named: output, resolved: resolved))
        }
        return checked
    }

    /// The absolute path with symlinks resolved; for a file that does not exist yet, its resolved
    /// folder and its name. Nil when the folder does not exist.
    static func resolve(_ path: String) -> String? {
        let url = URL(fileURLWithPath: path)
        if FileManager.default.fileExists(atPath: path) { return url.resolvingSymlinksInPath().path }
        let folder = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return nil
        }
        return folder.resolvingSymlinksInPath().appendingPathComponent(url.lastPathComponent).path
    }
}

/// A file's device and inode (symlinks followed) and its type.
struct FileIdentity: Equatable {
    var device: UInt64
    var inode: UInt64
    var mode: UInt32

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        mode = UInt32(info.st_mode)
    }

    func sameFile(as other: FileIdentity) -> Bool { device == other.device && inode == other.inode }

    var isDirectory: Bool { mode & UInt32(S_IFMT) == UInt32(S_IFDIR) }

    /// What the file is when it is not a regular file ("a directory", "a device"…); nil for one.
    var nonRegularKind: String? {
        switch mode & UInt32(S_IFMT) {
        case UInt32(S_IFREG): nil
        case UInt32(S_IFDIR): "a directory"
        case UInt32(S_IFCHR), UInt32(S_IFBLK): "a device"
        case UInt32(S_IFIFO): "a pipe"
        case UInt32(S_IFSOCK): "a socket"
        default: "not a regular file"
        }
    }
}

/// An output checked against the inputs and locked for as long as this value is kept.
public struct ClaimedOutput: Sendable {
    /// Where to write it (symlinks resolved).
    public let path: String
    public let lock: OutputLock
}

extension PathSafety {
    /// Checks `output` against `inputs` (see `check`) and takes its lock: the one call a command
    /// that writes a file (a model, a report) makes before doing any work.
    public static func claim(output: NamedPath, inputs: [NamedPath]) throws(PathError) -> ClaimedOutput {
        let checked = try check(inputs: inputs, outputs: [output])[0]
        let lock = try OutputLock.acquire(NamedPath(output.role, checked.resolved))
        return ClaimedOutput(path: checked.resolved, lock: lock)
    }
}
