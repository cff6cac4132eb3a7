import Foundation

/// Runs the built `tousu` (or any command) as a child process.
enum CLI {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The `tousu` executable built beside the test bundle.
    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tousu")
    }

    /// Runs tousu in the repository with arguments and optional stdin; returns exit status, stdout
    /// and stderr.
    static func run(_ arguments: [String], stdin: Data? = nil) throws -> (status: Int32, out: String, err: String) {
        try start(binary, arguments, in: root, stdin: stdin).wait()
    }

    /// Starts `executable` in `folder` without waiting for it.
    static func start(
        _ executable: URL, _ arguments: [String], in folder: URL, environment: [String: String]? = nil, stdin: Data? = nil
    ) throws -> Running {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        return Running(process: process, out: out, err: err)
    }

    /// A started process.
    struct Running {
        let process: Process
        let out: Pipe
        let err: Pipe

        /// Waits for the end; reads both pipes at once so that a full one cannot block the process.
        func wait() -> (status: Int32, out: String, err: String) {
            let group = DispatchGroup()
            nonisolated(unsafe) var o = Data()
            group.enter()
            DispatchQueue.global().async {
                o = out.fileHandleForReading.readDataToEndOfFile()
                group.leave()
            }
            let e = err.fileHandleForReading.readDataToEndOfFile()
            group.wait()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
        }
    }
}
