import ArgumentParser
import Foundation
import TousuText

@main
struct Tousu: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tousu",
        abstract: "Reads Chinese and English consumer complaints, tags them by sector, finds hotspots.",
        discussion: """
            Exit status: 0 done, 64 usage error, 65 bad input data, 66 input missing or not a file, 69 serve cannot listen, 73 output cannot be created, 74 read/write error, 3 more rejects than `batch --max-rejects`.

            Examples:
              tousu tokenize "我在健身房办的预付卡，老板跑路了"
              echo "4S店拒绝三包" | tousu tokenize --format json
            """,
        version: TousuVersion.string,
        subcommands: [
            BatchCommand.self, HotspotsCommand.self, ReportCommand.self, ServeCommand.self,
            TokenizeCommand.self, TrainCommand.self, MergeCommand.self, ClassifyCommand.self, EvalCommand.self,
        ]
    )

    /// Parses, runs, and turns any error into "tousu: error: …" and a sysexits status.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            fail(error)
        }
    }

    static func fail(_ error: any Error) -> Never {
        if let (message, status) = ErrorReport.describe(error) {
            Console.note("tousu: error: \(message)")
            Foundation.exit(status.rawValue)
        }
        let code = exitCode(for: error)
        if error is ExitCode || code == .success { exit(withError: error) }  // help, --version, completion
        if code == .failure {
            // Not an argument-parser error and not one of ours: say what it is, no dump.
            Console.note("tousu: error: \(error.localizedDescription)")
            Foundation.exit(ExitStatus.software.rawValue)
        }
        var message = fullMessage(for: error)
        if message.hasPrefix("Error: ") { message.removeFirst("Error: ".count) }
        Console.note("tousu: error: \(message)")
        Foundation.exit(ExitStatus.usage.rawValue)
    }
}
