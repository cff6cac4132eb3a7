import Foundation
import Testing

/// A fresh folder as a newcomer has it: only a copy of the built `tousu`, `lexicons/` and
/// `corpora/` (no `models/`), outside the repository so that nothing of it is found by accident.
struct Newcomer {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("tousu-newcomer-\(UUID().uuidString)")
        let fm = FileManager.default
        try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        // A copy, not a symlink: tousu finds its data beside the resolved executable.
        try fm.copyItem(at: CLI.binary, to: folder.appendingPathComponent("tousu"))
        for name in ["lexicons", "corpora"] {
            try fm.copyItem(at: CLI.root.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    /// Runs `tousu ARGUMENTS` in the folder.
    func run(_ arguments: [String], stdin: Data? = nil) throws -> (status: Int32, out: String, err: String) {
        try start(["./tousu"] + arguments, stdin: stdin).wait()
    }

    /// Runs a shell command line in the folder with the folder first on PATH (as the help
    /// examples are written: `tousu …`, pipes and all).
    func shell(_ line: String) throws -> (status: Int32, out: String, err: String) {
        try start(["/bin/sh", "-c", line]).wait()
    }

    /// Starts a process in the folder without waiting for it (`./tousu` is the folder's copy).
    func start(_ command: [String], stdin: Data? = nil) throws -> CLI.Running {
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = folder.path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment.removeValue(forKey: "TOUSU_MODEL")
        environment.removeValue(forKey: "TOUSU_LEXICONS")
        let executable = URL(fileURLWithPath: command[0] == "./tousu" ? path("tousu") : command[0])
        return try CLI.start(executable, Array(command.dropFirst()), in: folder, environment: environment, stdin: stdin)
    }

    /// The examples of a command's help: lines after "Example(s):" up to a blank line, with
    /// backslash continuations joined.
    static func examples(inHelp help: String) -> [String] {
        var examples: [String] = []
        var inside = false
        var pending = ""
        for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text == "Examples:" || text == "Example:" {
                inside = true
                continue
            }
            guard inside else { continue }
            if text.isEmpty {
                inside = false
                continue
            }
            if text.hasSuffix("\\") {
                pending += text.dropLast() + " "
            } else {
                examples.append(pending + text)
                pending = ""
            }
        }
        return examples
    }

    /// Parses one JSON object.
    static func object(_ text: some StringProtocol) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text.prefix(300))")
    }
}
