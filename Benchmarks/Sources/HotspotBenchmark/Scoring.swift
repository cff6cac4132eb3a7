import Foundation
import TousuHotspots

/// One method's alarm: on `day` (stream index) it names the group `kind`/`key` (sector left aside:
/// a group split over sectors by the classifier is still the same merchant or region).
struct Alarm: Hashable {
    var stream: Int
    var day: Int
    var kind: GroupKind
    var key: String
}

/// How a method did on a set of streams.
///
/// Scoring: an alarm is true when it names an injected group (that merchant, product, car model
/// or district) on a day inside that burst's span (first to last day with injected complaints);
/// every other alarm is false — other groups, nature and term hotspots, and the injected group
/// before or after its span. Precision = true alarms / alarms (alarm-days, each group once a day).
/// A scenario is detected when at least one of its days has a true alarm; recall = detected /
/// scenarios; delay = first true alarm day − first burst day, in windows (days).
struct Score {
    var name: String
    var alarms = 0
    var trueAlarms = 0
    var scenarios = 0
    var detected = 0
    var delays: [Int] = []
    var byKind: [String: (detected: Int, of: Int)] = [:]
    var bySize: [String: (detected: Int, of: Int)] = [:]
    /// False alarms by the kind of group they name.
    var falseByKind: [GroupKind: Int] = [:]
    /// Delays by scenario kind, and alarms on a scenario's group by kind (true and false ones:
    /// the latter outside its span) for a per-kind precision.
    var delaysByKind: [String: [Int]] = [:]
    var alarmsByKind: [String: (true: Int, all: Int)] = [:]
    /// False alarms attributed to scenario kinds: one on a scenario's group (outside its span) to
    /// that kind; one on another merchant to the merchant kinds of the stream, on another region to
    /// its region kinds, on a nature or term to all its kinds, split evenly (fractions).
    var falseByScenarioKind: [String: Double] = [:]
    /// Closure scenarios: raised by the day of the second complaint.
    var closureOnTime = 0
    var closures = 0

    /// False alarms naming no scenario's group, by group kind.
    var falseShare: [GroupKind: Int] = [:]

    init(name: String) { self.name = name }

    /// The kind of group a scenario kind's detection must name.
    static func groupKind(_ k: Scenario.Kind) -> GroupKind {
        k == .elderlyWave || k == .regionalWave ? .region : .merchant
    }

    /// Precision of one scenario kind: its true alarms over those plus the false alarms
    /// attributed to it (`falseByScenarioKind`).
    func precision(of kind: Scenario.Kind) -> Double? {
        let t = Double(alarmsByKind[kind.rawValue]?.true ?? 0)
        let f = falseByScenarioKind[kind.rawValue] ?? 0
        return t + f == 0 ? nil : t / (t + f)
    }

    var precision: Double { alarms == 0 ? 1 : Double(trueAlarms) / Double(alarms) }
    var recall: Double { scenarios == 0 ? 0 : Double(detected) / Double(scenarios) }
    var medianDelay: Double? { Self.median(delays) }

    static func median(_ delays: [Int]) -> Double? {
        guard !delays.isEmpty else { return nil }
        let s = delays.sorted()
        return s.count % 2 == 1 ? Double(s[s.count / 2]) : Double(s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    /// Adds the alarms of one stream against its scenarios.
    mutating func add(_ alarmSet: Set<Alarm>, scenarios list: [Scenario]) {
        var firstHit: [Int: Int] = [:]
        for a in alarmSet {
            alarms += 1
            if let i = list.indices.first(where: { list[$0].group == a.kind && list[$0].key == a.key && (list[$0].start...list[$0].end).contains(a.day) }) {
                trueAlarms += 1
                firstHit[i] = min(firstHit[i] ?? .max, a.day)
                alarmsByKind[list[i].kind.rawValue, default: (0, 0)].true += 1
                alarmsByKind[list[i].kind.rawValue, default: (0, 0)].all += 1
            } else {
                falseByKind[a.kind, default: 0] += 1
                if let owner = list.first(where: { $0.group == a.kind && $0.key == a.key }) {
                    alarmsByKind[owner.kind.rawValue, default: (0, 0)].all += 1
                    falseByScenarioKind[owner.kind.rawValue, default: 0] += 1
                } else {
                    // A quiet stream's false alarms go to every kind.
                    let present = list.isEmpty ? Set(Scenario.Kind.allCases) : Set(list.map(\.kind))
                    var kinds = present.filter { a.kind == .merchant || a.kind == .region ? Self.groupKind($0) == a.kind : true }
                    if kinds.isEmpty { kinds = present }
                    for k in kinds { falseByScenarioKind[k.rawValue, default: 0] += 1 / Double(kinds.count) }
                    falseShare[a.kind, default: 0] += 1
                }
            }
        }
        for (i, s) in list.enumerated() {
            scenarios += 1
            let hit = firstHit[i]
            if let hit {
                detected += 1
                delays.append(hit - s.start)
            }
            byKind[s.kind.rawValue, default: (0, 0)].of += 1
            bySize[s.size, default: (0, 0)].of += 1
            if let hit {
                byKind[s.kind.rawValue]!.detected += 1
                bySize[s.size]!.detected += 1
                delaysByKind[s.kind.rawValue, default: []].append(hit - s.start)
            }
            if s.kind == .closure {
                closures += 1
                if let hit, let second = s.second, hit <= second { closureOnTime += 1 }
            }
        }
    }
}
