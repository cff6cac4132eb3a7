import ArgumentParser
import Foundation

/// Where the lexicon directory is: `--lexicons`, else $TOUSU_LEXICONS, else a `lexicons` folder
/// next to the executable or in one of its parent folders, else `./lexicons`.
struct LexiconOptions: ParsableArguments {
    @Option(name: .long, help: "The lexicon directory (default: $TOUSU_LEXICONS or the bundled one).")
    var lexicons: String?

    func validate() throws {
        if let lexicons { try Self.requireDirectory(lexicons, option: "--lexicons") }
    }

    var url: URL {
        if let lexicons { return URL(fileURLWithPath: lexicons) }
        if let env = ProcessInfo.processInfo.environment["TOUSU_LEXICONS"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        return Bundled.find("lexicons/dictionary")?.deletingLastPathComponent() ?? URL(fileURLWithPath: "lexicons")
    }

    /// The lexicon directory, checked to exist (an unknown directory is an error, never ignored).
    func directory() throws -> URL {
        let url = self.url
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandError.noInput(path: url.path, reason: "no such lexicon directory (--lexicons or $TOUSU_LEXICONS)")
        }
        return url
    }

    static func requireDirectory(_ path: String, option: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("\(option) \(path): no such directory")
        }
    }
}
