import Foundation
import Testing

extension EndToEnd {
/// Runs the built `tousu` binary on real files.
@Suite struct TokenizeCLITests {
    static let domain = CLI.root.deletingLastPathComponent().appendingPathComponent("shared/domain")

    @Test(.enabled(if: FileManager.default.fileExists(atPath: domain.path), "needs ../shared/domain"))
    func tokenizesATraditionalDomainDocument() throws {
        let domain = Self.domain
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: domain.path).first { $0.hasPrefix("002") })
        let result = try CLI.run(["tokenize", "--input", domain.appendingPathComponent(name).path])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("消费者"))
        #expect(!result.out.contains("消費者"))
    }

    @Test func jsonCarriesKindsAndOriginalOffsets() throws {
        let result = try CLI.run(["tokenize", "--format", "json", "會員卡１０００元"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        let tokens = try #require(object["tokens"] as? [[String: Any]])
        let amount = try #require(tokens.first { $0["text"] as? String == "1000" })
        #expect(amount["kind"] as? String == "number")
        #expect(amount["original"] as? String == "１０００")
        #expect(amount["start"] as? Int == 3 && amount["end"] as? Int == 7)
    }

    @Test func invalidUTF8LineIsNamedAndTheOthersStillCome() throws {
        var bytes = Data("健身房跑路了\n".utf8)
        bytes.append(contentsOf: [0xB7, 0xC7, 0xB7, 0xA8, 0x0A])  // GB18030 bytes, not UTF-8
        bytes.append(Data("预付卡退不了\n".utf8))
        let result = try CLI.run(["tokenize"], stdin: bytes)
        #expect(result.status == 65)  // bad data
        #expect(result.err.contains("line 2"))
        #expect(result.out.split(separator: "\n").count == 2)
    }

    @Test func helpCarriesExamples() throws {
        for arguments in [["--help"], ["tokenize", "--help"]] {
            let result = try CLI.run(arguments)
            #expect(result.status == 0)
            #expect(result.out.contains("Example"))
        }
    }
}
}
