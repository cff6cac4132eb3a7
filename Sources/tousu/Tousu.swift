import ArgumentParser

@main
struct Tousu: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tousu",
        abstract: "Reads Chinese and English consumer complaints, tags them by sector, finds hotspots.",
        discussion: """
            Examples:
              tousu tokenize "我在健身房办的预付卡，老板跑路了"
              echo "4S店拒绝三包" | tousu tokenize --format json
            """,
        subcommands: [
            BatchCommand.self, HotspotsCommand.self, ServeCommand.self,
            TokenizeCommand.self, TrainCommand.self, MergeCommand.self, ClassifyCommand.self, EvalCommand.self,
        ]
    )
}
