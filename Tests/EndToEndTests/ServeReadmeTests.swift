import Foundation
import Testing

extension EndToEnd {
/// The README's quick start for `tousu serve`, run as written: the `tousu serve` line (on a free
/// port) in a newcomer's folder, then every `curl` line of the block against it, each of which
/// must answer 2xx (`curl -f`) — so the README cannot show a call that does not work.
@Suite(.serialized) struct ServeReadmeTests {
    /// The shell block of the README's serve section, continuation lines joined.
    static func quickStart() throws -> [String] {
        let readme = try String(contentsOf: CLI.root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "### The service: `tousu serve`"), "no serve section in README.md")
        let rest = readme[section.upperBound...]
        let open = try #require(rest.range(of: "```sh\n"))
        let close = try #require(rest[open.upperBound...].range(of: "```"))
        var lines: [String] = []
        var pending = ""
        for line in rest[open.upperBound..<close.lowerBound].split(separator: "\n") {
            if line.hasSuffix("\\") {
                pending += line.dropLast() + " "
            } else {
                lines.append(pending + line)
                pending = ""
            }
        }
        return lines
    }

    static let curlPresent = FileManager.default.isExecutableFile(atPath: "/usr/bin/curl")

    @Test(.enabled(if: curlPresent, "needs /usr/bin/curl"), .timeLimit(.minutes(10)))
    func everyQuickStartCallWorks() throws {
        let lines = try Self.quickStart()
        // `NAME=value … tousu serve ARGS &`: the environment and the arguments, without the port.
        let serveLine = try #require(lines.first { $0.contains("tousu serve") }, "\(lines)")
        let words = serveLine.split(separator: "#")[0].split(separator: " ").map(String.init).filter { $0 != "&" }
        let command = try #require(words.firstIndex { $0.hasSuffix("tousu") })
        var environment: [String: String] = [:]
        for word in words[..<command] {
            let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
            try #require(parts.count == 2, "\(word)")
            environment[parts[0]] = parts[1]
        }
        var arguments = Array(words[(command + 2)...])
        if let port = arguments.firstIndex(of: "--port") { arguments.removeSubrange(port...(port + 1)) }

        let me = try Newcomer()
        defer { me.remove() }
        let server = try ServeCLITests.Server(
            arguments: arguments, environment: environment, executable: URL(fileURLWithPath: me.path("tousu")),
            directory: me.folder)
        defer { server.stop() }

        let calls = lines.filter { $0.hasPrefix("curl ") }
        #expect(calls.count >= 10, "\(calls)")
        var routes = Set<String>()
        for call in calls {
            let line = call.replacingOccurrences(of: "localhost:8315", with: "127.0.0.1:\(server.port)")
                .replacingOccurrences(of: "curl -s ", with: "curl -sSf --max-time 120 ")
            for m in call.matches(of: #/localhost:8315(/[a-z0-9/._]*)/#) { routes.insert(String(m.1)) }
            let run = try me.start(["/bin/bash", "-o", "pipefail", "-c", line]).wait()
            #expect(run.status == 0, "\(call)\n\(run.err)\n\(run.out.prefix(500))")
        }
        // One call for each route of the service.
        let expected: Set<String> = [
            "/", "/openapi.yaml", "/v1/classify", "/v1/tokenize", "/v1/batch", "/v1/complaints", "/v1/hotspots",
            "/v1/report", "/healthz", "/readyz", "/metrics", "/v1/admin/reload",
        ]
        #expect(expected.subtracting(routes).isEmpty, "not in the README: \(expected.subtracting(routes))")
    }
}
}
