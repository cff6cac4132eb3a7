import ArgumentParser
import Foundation

/// Where the lexicon directory is: `--lexicons`, else $TOUSU_LEXICONS, else a `lexicons` folder
/// next to the executable or in one of its parent folders (so a built binary finds the repo's), else
/// `./lexicons`.
struct LexiconOptions: ParsableArguments {
    @Option(name: .long, help: "The lexicon directory (default: $TOUSU_LEXICONS or the bundled one).")
    var lexicons: String?

    var url: URL {
        if let lexicons { return URL(fileURLWithPath: lexicons) }
        if let env = ProcessInfo.processInfo.environment["TOUSU_LEXICONS"] {
            return URL(fileURLWithPath: env)
        }
        return Bundled.find("lexicons/dictionary")?.deletingLastPathComponent() ?? URL(fileURLWithPath: "lexicons")
    }
}
