import Foundation
import Testing
@testable import TousuHotspots

/// The period report over a synthetic stream: totals, change, breakdowns, themes.
@Suite struct PeriodReportTests {
    static func records() -> [ClassifiedRecord] {
        var out: [ClassifiedRecord] = []
        let start = Day(year: 2024, month: 1, day: 1)!
        for d in 0..<60 {
            // 4 a day in the first month, 6 a day in the second; the second month adds a gym theme.
            for i in 0..<(d < 30 ? 4 : 6) {
                out.append(ClassifiedRecord(
                    id: "r\(d)-\(i)", date: start + d, sector: i % 2 == 0 ? "food" : "prepaid",
                    natures: i % 2 == 0 ? ["quality"] : ["other", "contract"], merchant: i == 5 ? "星光健身房" : nil,
                    region: i == 5 ? "杭州市西湖区" : nil, text: i == 5 ? "星光健身房关门跑路，年卡退不了" : "普通投诉\(i)",
                    tokens: i == 5 ? ["关门", "跑路", "年卡"] : ["普通"]))
            }
        }
        return out
    }

    @Test func totalsChangeAndThemes() throws {
        let records = Self.records()
        let builder = PeriodReportBuilder(
            names: DisplayNames(sectors: ["food": "食品", "prepaid": "预付式消费"], natures: ["quality": "质量", "contract": "合同"]),
            templates: WarningTemplates(templates: ["prepaid": "# 警示\n{period}{merchant}投诉共{count}件，{concentration}{nature_clause}多次出现：{terms}。"]))
        let from = Day(year: 2024, month: 1, day: 31)!, to = Day(year: 2024, month: 2, day: 29)!
        let r = try builder.build(aggregates: DailyAggregates(records), records: records, from: from, to: to)
        #expect(r.total == 30 * 6 && r.previousTotal == 30 * 4 && r.previousFrom == Day(year: 2024, month: 1, day: 1)!)
        #expect(r.yearAgoTotal == nil)
        #expect(r.sectors.map(\.id) == ["food", "prepaid"] && r.sectors[0].count == 90 && r.sectors[0].change == 90.0 / 60 - 1)
        // The primary nature skips "other": the prepaid records are 合同.
        #expect(r.natures.map(\.id).sorted() == ["contract", "quality"])
        let gym = try #require(r.themes.first { $0.merchant == "星光健身房" })
        #expect(gym.count == 30 && gym.previous == 0 && gym.change == nil && gym.title == "预付式消费 · 合同 · 星光健身房")
        #expect(gym.weekly.reduce(0) { $0 + $1.count } == 30 && gym.concentration.first?.key == "杭州市西湖区")
        #expect(gym.warning.contains("其中杭州市西湖区30件，主要反映合同方面的问题，") && gym.cases.count == 1)
        #expect(r.themes.map(\.rank) == Array(1...r.themes.count) && r.themes.first!.count >= r.themes.last!.count)
        for format in PeriodReportFormat.allCases {
            let text = try format.render(r)
            #expect(text.contains("星光健身房"), "\(format)")
        }
        let html = try PeriodReportFormat.html.render(r)
        #expect(html.contains("<svg") && !html.contains("<script"))
        #expect(throws: HotspotError.self) {
            try builder.build(aggregates: DailyAggregates(records), records: records, from: Day(year: 2023, month: 1, day: 1)!, to: Day(year: 2023, month: 2, day: 1)!)
        }
    }
}
