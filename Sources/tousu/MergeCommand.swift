import ArgumentParser
import Foundation
import TousuBatch
import TousuClassifier

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Add the counts of two models trained with the same settings.",
        discussion: """
            Models trained on shards of a corpus merge into the model of the whole corpus.

            Examples:
              tousu train corpora/sectors/train.jsonl -o shard-a.tousu
              tousu train corpora/sectors/dev.jsonl -o shard-b.tousu
              tousu merge shard-a.tousu shard-b.tousu -o all.tousu
            """
    )

    @Argument(help: "The first model.") var first: String
    @Argument(help: "The second model.") var second: String
    @Option(name: .shortAndLong, help: "Where to write the merged model.") var output: String

    @Flag(help: "No summary on stderr.")
    var quiet = false

    func run() throws {
        try InputCheck.requireFiles([first, second])
        try OutputBuffer.createFolder(of: output)
        let claimed = try PathSafety.claim(
            output: NamedPath("-o", output), inputs: [NamedPath("first model", first), NamedPath("second model", second)])
        defer { claimed.lock.release() }
        let a = try ModelFile.read(URL(fileURLWithPath: first))
        let b = try ModelFile.read(URL(fileURLWithPath: second))
        let merged = try a.merged(with: b)
        try ModelFile.write(merged, to: URL(fileURLWithPath: claimed.path))
        if !quiet {
            Console.note("tousu: merged \(first) + \(second): \(merged.counts.documentCount) records, \(merged.counts.featureCount) features → \(output)")
        }
    }
}
