import Foundation
import Testing

extension EndToEnd {
/// Runs the built `tousu report` and `tousu hotspots` date checks on the real car stream.
@Suite struct ReportCLITests {
    static let carStream = HotspotsCLITests.carStream
    static var hasData: Bool { FileManager.default.fileExists(atPath: carStream.path) }

    @Test(.enabled(if: hasData)) func periodReportOfJune2020() throws {
        let scratch = try BatchCLITests.Scratch()
        defer { scratch.remove() }
        let args = ["report", "--input", Self.carStream.path, "--default-sector", "auto", "--merchant-field", "brand,model",
                    "--from", "2020-06-01", "--to", "2020-06-30", "--top", "5"]
        let md = try CLI.run(args)
        #expect(md.status == 0, "\(md.err)")
        #expect(md.out.contains("## 十大投诉热点") && md.out.contains("| 1 | 汽车及配件 · 一汽马自达阿特兹 | 153 |"), "\(md.out.prefix(2000))")
        let html = scratch.path("june.html")
        let h = try CLI.run(args + ["--format", "html", "-o", html])
        #expect(h.status == 0, "\(h.err)")
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>") && page.contains("<svg") && !page.contains("<script"))
        let json = try CLI.run(args + ["--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any]
        #expect(object?["total"] as? Int == 1530 && (object?["themes"] as? [Any])?.count == 5)
        // A period outside the data says so.
        let outside = try CLI.run(["report", "--input", Self.carStream.path, "--from", "2019-01-01", "--to", "2019-03-31"])
        #expect(outside.status != 0 && outside.err.contains("outside the data"), "\(outside.err)")
    }

    @Test(.enabled(if: hasData)) func hotspotsDateChecks() throws {
        let scratch = try BatchCLITests.Scratch()
        defer { scratch.remove() }
        let input = scratch.path("cars.jsonl")
        var content = try String(contentsOf: Self.carStream, encoding: .utf8)
        content += #"{"id": "future", "date": "9999-01-01", "brand": "x", "model": "y", "text": "日期写错了"}"# + "\n"
        try content.write(toFile: input, atomically: true, encoding: .utf8)
        let run = try CLI.run(["hotspots", "--input", input, "--default-sector", "auto", "--merchant-field", "brand,model", "--window", "week", "--format", "json"])
        #expect(run.status == 0, "\(run.err)")
        let object = try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any]
        #expect(object?["windowStart"] as? String == "2021-02-01" && object?["futureDated"] as? Int == 1, "\(run.out.prefix(300))")
        #expect(run.err.contains("1 record(s) dated after"))
        let before = try CLI.run(["hotspots", "--input", input, "--default-sector", "auto", "--as-of", "2019-01-01"])
        #expect(before.status != 0 && before.err.contains("outside the data"), "\(before.err)")
    }
}
}
