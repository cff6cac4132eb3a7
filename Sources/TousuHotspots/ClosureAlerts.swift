import Foundation

/// Finds prepaid closure alerts (预付卡跑路预警): a merchant whose complaints carry closure signals
/// (关门, 闭店, 跑路, 联系不上, 停业, 转让, 人去楼空 …; `ClassifiedRecord.closureSignals`) is raised from
/// the second such complaint (distinct texts) within `closureDays`, the last of them in the
/// current window, when it is a merchant of a closure sector (prepaid by default: at least half
/// of its records at hand are classified there), and when that
/// is news for the merchant: against its closure complaints in the `closureHistoryDays` before
/// (`aggregates`, kind `.closure`), scaled to the span, the span's count has a Poisson tail below
/// `closureP` (a new merchant: from the second complaint; a chain whose branches often "close"
/// needs many more). Two members saying the gym is shut is news before it is a statistic.
public struct ClosureAlertFinder: Sendable {
    public var parameters: HotspotParameters

    public init(parameters: HotspotParameters = HotspotParameters()) { self.parameters = parameters }

    /// Alerts for the window `windowStart...windowEnd`, from the records at hand (those of the
    /// `closureDays` before the window are looked at too). Wording left empty.
    public func alerts(records: [ClassifiedRecord], aggregates: DailyAggregates? = nil, windowStart: Day, windowEnd: Day) -> [ClosureAlert] {
        let p = parameters
        let from = windowStart - (p.closureDays - 1)
        var byMerchant: [String: [ClassifiedRecord]] = [:]
        for i in records.indices {
            guard let d = records[i].date, d >= from, d <= windowEnd, let m = records[i].merchant else { continue }
            byMerchant[m, default: []].append(records[i])
        }
        var out: [ClosureAlert] = []
        // Closure complaints per merchant (any sector) of each day looked at, each day's counts
        // scanned once however many merchants ask for it.
        var closuresOn: [Day: [String: Int]] = [:]
        func closures(on day: Day) -> [String: Int] {
            if let known = closuresOn[day] { return known }
            var found: [String: Int] = [:]
            for (g, c) in aggregates?.days[day] ?? [:] where g.kind == .closure { found[g.key, default: 0] += c }
            closuresOn[day] = found
            return found
        }
        for (merchant, list) in byMerchant {
            let closing = list.filter { !$0.closureSignals.isEmpty }.sorted { ($0.date!, $0.id) < ($1.date!, $1.id) }
            guard Self.isClosureMerchant(list, sectors: p.closureSectors), let lastDay = closing.last?.date, lastDay >= windowStart
            else { continue }
            // The closing complaints within closureDays up to the last one, distinct texts.
            var seen: Set<String> = []
            let span = closing.filter { $0.date! > lastDay - p.closureDays && seen.insert(HotspotDescriber.snippet($0.text, 60)).inserted }
            guard span.count >= p.closureMinimum, let firstDay = span.first?.date else { continue }
            if aggregates != nil {
                // Closure complaints of the merchant before the span (any sector).
                var past = 0
                for d in 1...p.closureHistoryDays { past += closures(on: firstDay - d)[merchant] ?? 0 }
                let expected = Double(past) * Double(p.closureDays) / Double(p.closureHistoryDays) + 0.1
                guard Statistics.logPoissonUpperTail(span.count, mean: expected) < log(p.closureP) else { continue }
            }
            var signals: [String: Int] = [:]
            for r in span { for s in r.closureSignals { signals[s, default: 0] += 1 } }
            func most(_ values: [String]) -> String? {
                var c: [String: Int] = [:]
                for v in values { c[v, default: 0] += 1 }
                return c.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key
            }
            let all = list.filter { $0.date! >= firstDay && $0.date! <= windowEnd }
            out.append(ClosureAlert(
                title: "", merchant: merchant, merchantSource: most(span.map { $0.merchantSource?.rawValue ?? "field" }) ?? "field",
                sector: most(span.map(\.sector)) ?? "other", sectorName: "", region: most(span.compactMap(\.region)),
                closureComplaints: span.count, complaints: all.count, firstDate: firstDay, lastDate: lastDay,
                signals: signals.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map(\.key),
                representatives: span.prefix(p.representatives).map { Representative(id: $0.id, snippet: HotspotDescriber.snippet($0.text, p.snippetLength)) },
                warning: ""))
        }
        return out.sorted { ($0.closureComplaints, $0.complaints, $1.merchant) > ($1.closureComplaints, $1.complaints, $0.merchant) }
    }

    /// Whether a merchant is one of the closure sectors': at least half of its records at hand
    /// (`list`, the window and the `closureDays` before it) are classified in one of `sectors`.
    /// The merchant's sector is what most of its complaints say, not one complaint's: a
    /// health-products company one of whose complaints the classifier put in prepaid is no
    /// prepaid merchant, and its members' "电话打不通" is no closure.
    static func isClosureMerchant(_ list: [ClassifiedRecord], sectors: [String]) -> Bool {
        let inSectors = list.reduce(0) { $0 + (sectors.contains($1.sector) ? 1 : 0) }
        return inSectors > 0 && 2 * inSectors >= list.count
    }
}
