import Testing

@testable import TousuHotspots

/// The wording details the screenshots showed wrong.
@Suite struct WordingTests {
    @Test func warningNamesEachProblemOnce() {
        let terms = ["异响", "b柱", "车身", "b柱异响", "中控异响", "中控台", "车"].map { TermScore(term: $0, count: 1, g2: 1) }
        // B柱异响 is spelled out by 异响 and B柱; 车 is part of 车身; 中控异响 says more than 异响.
        #expect(ReportText.warningTerms(terms, limit: 5) == ["异响", "B柱", "车身", "中控异响", "中控台"])
        #expect(ReportText.warningTerms(terms, limit: 2) == ["异响", "B柱"])
        #expect(ReportText.warningTerms([], limit: 5).isEmpty)
    }
}
