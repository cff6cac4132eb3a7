import Foundation

/// Wall-clock timing and the shared data's location for benchmarks.
public enum Bench {
    /// Seconds taken by `body`.
    public static func time(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// The best of `runs` timings.
    public static func best(of runs: Int, _ body: () throws -> Void) rethrows -> Double {
        var best = Double.infinity
        for _ in 0..<runs { best = min(best, try time(body)) }
        return best
    }

    /// The repository root (the parent of Benchmarks/).
    public static let root: URL = {
        var dir = URL(fileURLWithPath: #filePath)
        while dir.lastPathComponent != "Benchmarks" && dir.path != "/" { dir.deleteLastPathComponent() }
        return dir.deletingLastPathComponent()
    }()

    /// ../shared/data beside the repository (or $TOUSU_SHARED_DATA).
    public static var sharedData: URL {
        if let env = ProcessInfo.processInfo.environment["TOUSU_SHARED_DATA"] { return URL(fileURLWithPath: env) }
        return root.deletingLastPathComponent().appendingPathComponent("shared/data")
    }

    /// Review texts from the shared CSV files (the text column), one per line.
    public static func reviewTexts() throws -> [String] {
        try csvRows("online_shopping_10_cats.csv", columns: 3).map { $0[2] }
            + csvRows("waimai_10k.csv", columns: 2).map { $0[1] }
    }

    /// The data rows of a shared CSV file (one row a line, header skipped) whose last column is
    /// free text that may hold commas: `columns` fields a row, the last one trimmed of spaces, BOMs
    /// and quotes; rows with fewer fields or an empty text are left out.
    public static func csvRows(_ file: String, columns: Int) throws -> [[String]] {
        let content = try String(contentsOf: sharedData.appendingPathComponent(file), encoding: .utf8)
        var rows: [[String]] = []
        for line in content.split(separator: "\n").dropFirst() {
            var fields = line.split(separator: ",", maxSplits: columns - 1, omittingEmptySubsequences: false).map(String.init)
            guard fields.count == columns else { continue }
            fields[columns - 1] = fields[columns - 1].trimmingCharacters(in: .whitespacesAndNewlines.union(["\u{FEFF}", "\""]))
            if !fields[columns - 1].isEmpty { rows.append(fields) }
        }
        return rows
    }

    /// Runs a command and returns its standard output.
    public static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// The last JSON object line of a peer's output.
    public static func lastJSON(_ output: String) -> [String: Any]? {
        for line in output.split(separator: "\n").reversed() {
            if let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] { return object }
        }
        return nil
    }

    public static func f(_ x: Double, _ digits: Int = 3) -> String { String(format: "%.\(digits)f", x) }
}
