// Hotspot detection on simulated complaint streams with labelled bursts: tousu beside Kleinberg's
// algorithm (PyPI burst_detection, peers/kleinberg_peer.py with "queries") and a plain top-N-by-count
// baseline, all on the same streams and scored the same way (see Score); then the time tousu takes
// to find hotspots over a large classified stream.
//
// Each stream is run as a daily job: on every day from day 56 on, each method says which groups
// are hot on that day using only the days up to it.
// - tousu: HotspotFinder with its default parameters (day windows), all hotspots it reports.
// - Kleinberg: every merchant and region group with at least 5 complaints that day (tousu's
//   minimum support), burst_detection over the trailing 28 days (r = the group's count,
//   d = all complaints, s = 2, γ = 1); an alarm when the last day is in the burst state.
// - top-N: the N merchant and region groups with the most complaints that day.
//
// Usage: HotspotBenchmark [--seeds 101-112] [--python PY] [--top 10] [--model M]
//        HotspotBenchmark --scale 1000000 [--tousu PATH]
// Tuning is done on seeds 1-4 only; the figures to report come from seeds 101-112.
import BenchSupport
import Foundation
import TousuBatch
import TousuClassifier
import TousuHotspots
import TousuText

let args = CommandLine.arguments
@MainActor func option(_ name: String) -> String? { args.firstIndex(of: name).flatMap { $0 + 1 < args.count ? args[$0 + 1] : nil } }
let seedText = option("--seeds") ?? "101-112"
let seeds: [UInt64] = seedText.split(separator: ",").flatMap { part -> [UInt64] in
    let ends = part.split(separator: "-").compactMap { UInt64($0) }
    return ends.count == 2 ? Array(ends[0]...ends[1]) : ends
}
let python = option("--python")
let topN = option("--top").flatMap(Int.init) ?? 10
let scale = option("--scale").flatMap(Int.init)
/// Prints each tousu hotspot with its verdict (for tuning on the tuning seeds).
let verbose = args.contains("--verbose")
let lexicons = Bench.root.appendingPathComponent("lexicons")
let out = Bench.root.appendingPathComponent("Benchmarks/out")
try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)

// The sector model: --model, else trained here on the bundled corpus with the default settings.
let classifier: Classifier
if let model = option("--model") {
    classifier = try Classifier.load(contentsOf: URL(fileURLWithPath: model))
} else {
    let taxonomy = try Taxonomy.load(lexicons: lexicons)
    let trainer = Trainer(
        taxonomy: taxonomy, lexicon: try Lexicon.load(lexicons: lexicons, taxonomy: taxonomy),
        tokenizer: try TokenizerSettings.load(lexicons: lexicons, options: .init()))
    classifier = try Classifier(model: trainer.train(LabelledCorpus.read(Bench.root.appendingPathComponent("corpora/sectors/train.jsonl"))))
}
let annotator = Annotator(classifier: classifier, analyzer: try RecordAnalyzer.load(lexicons: lexicons))
let pools = try TextPools.load()
// --set name=value,… changes detector parameters (for tuning on the tuning seeds only).
var parameters = HotspotParameters()
for item in (option("--set") ?? "").split(separator: ",") {
    let kv = item.split(separator: "=")
    guard kv.count == 2, let v = Double(kv[1]) else { continue }
    switch kv[0] {
    case "fdr": parameters.fdr = v
    case "minCount": parameters.minCount = Int(v)
    case "minRatio": parameters.minRatio = v
    case "weekdayPseudoCount": parameters.detector.weekdayPseudoCount = v
    case "elevatedP": parameters.detector.elevatedP = v
    case "outlierP": parameters.detector.outlierP = v
    case "priorWindows": parameters.detector.priorWindows = v
    case "historyWindows": parameters.detector.historyWindows = Int(v)
    default: print("unknown parameter \(kv[0])"); exit(2)
    }
}
if let set = option("--set") { print("parameters changed: \(set)") }
let finder = HotspotFinder(
    parameters: parameters, names: DisplayNames.load(lexicons: lexicons),
    templates: try WarningTemplates.load(directory: lexicons.appendingPathComponent("warnings")))

if let scale {
    try timeLargeStream(records: scale)
    fflush(nil)  // all streams: Swift 6 refuses the global `stdout` (not concurrency-safe)
    exit(0)
}

// MARK: Detection on simulated streams.

let simulator = Simulator(pools: pools)
let evaluateFrom = 56
let trailing = 28
let minSupport = HotspotParameters().minCount
var tousuAlarms: [Set<Alarm>] = []
/// tousu's closure alerts alone (also in `tousuAlarms`): their own precision, beside the per-kind one.
var alertAlarms: [Set<Alarm>] = []
var topAlarms: [Set<Alarm>] = []
var exactKleinbergAlarms: [Set<Alarm>] = []
var allScenarios: [[Scenario]] = []
struct PeerQuery { var alarm: Alarm; var counts: [Int]; var totals: [Int] }
var peerQueries: [PeerQuery] = []
var recordCount = 0
var findSeconds = 0.0
var finds = 0

print("Simulated streams: seeds \(seedText), \(simulator.days) days each from \(Simulator.start), ~\(Int(simulator.dailyVolume)) complaints a day;")
print("  daily runs on days \(evaluateFrom)…\(simulator.days - 1); bursts start on day \(simulator.firstBurstDay) or later")
// Quiet streams (no burst: every alarm is false) after the streams with bursts.
let quietSeeds: [UInt64] = (option("--quiet-seeds") ?? "901-902").split(separator: "-").compactMap { UInt64($0) }
let quiet = quietSeeds.count == 2 ? Array(quietSeeds[0]...quietSeeds[1]) : quietSeeds
var quietSimulator = simulator
quietSimulator.bursts = false
let allSeeds = seeds.map { ($0, true) } + quiet.map { ($0, false) }
for (s, (seed, withBursts)) in allSeeds.enumerated() {
    let (sim, scenarios) = (withBursts ? simulator : quietSimulator).stream(seed: seed)
    let records = try annotator.records(sim, start: Simulator.start)
    recordCount += records.count
    let aggregates = DailyAggregates(records)
    let byDay = Dictionary(grouping: records) { $0.date!.number - Simulator.start.number }
    var tousu = Set<Alarm>(), top = Set<Alarm>(), exact = Set<Alarm>(), alerts = Set<Alarm>()
    for t in evaluateFrom..<simulator.days {
        let day = Simulator.start + t
        var report: HotspotReport!
        findSeconds += try Bench.time {
            // The last two weeks' records: echoes of the windows carried and closure alerts need them.
            report = try finder.find(aggregates: aggregates, records: ((t - 13)...t).flatMap { byDay[$0] ?? [] }, asOf: day)
        }
        finds += 1
        for a in report.alerts {
            tousu.insert(Alarm(stream: s, day: t, kind: .merchant, key: a.merchant))
            alerts.insert(Alarm(stream: s, day: t, kind: .merchant, key: a.merchant))
            if verbose {
                let hit = scenarios.first { $0.group == .merchant && $0.key == a.merchant && ($0.start...$0.end).contains(t) }
                print("    day \(t) \(hit == nil ? "FALSE" : "true ") closure alert \(a.merchant) (\(a.merchantSource)): \(a.closureComplaints) closure complaints, \(a.signals)")
            }
        }
        for h in report.hotspots {
            tousu.insert(Alarm(stream: s, day: t, kind: h.kind, key: h.key))
            if verbose {
                let hit = scenarios.first { $0.group == h.kind && $0.key == h.key && ($0.start...$0.end).contains(t) }
                let injected = (byDay[t] ?? []).filter { $0.id.hasPrefix("b") && DailyAggregates.keys(of: $0).contains(GroupKey(h.kind, sector: h.sector, key: h.key)) }.count
                print("    day \(t) \(hit == nil ? "FALSE" : "true ") \(h.kind.rawValue) \(h.sector)/\(h.key): \(h.count) vs \(Bench.f(h.expected, 2)), injected \(injected), score \(Bench.f(h.score, 1)) q \(Bench.f(h.qScore, 1)), first \(h.firstWindow)")
            }
        }
        let counts = aggregates.days[day] ?? [:]
        let groups = counts.filter { $0.key.kind == .merchant || $0.key.kind == .region }
            .sorted { ($1.value, $0.key) < ($0.value, $1.key) }
        for (g, _) in groups.prefix(topN) { top.insert(Alarm(stream: s, day: t, kind: g.kind, key: g.key)) }
        for (g, c) in groups where c >= minSupport {
            let window = (t - trailing + 1)...t
            let series = window.map { aggregates.days[Simulator.start + $0]?[g] ?? 0 }
            let totals = window.map { aggregates.days[Simulator.start + $0]?[GroupKey(.total)] ?? 0 }
            let alarm = Alarm(stream: s, day: t, kind: g.kind, key: g.key)
            peerQueries.append(PeerQuery(alarm: alarm, counts: series, totals: totals))
            if finder.parameters.kleinberg.states(relevant: series, totals: totals).last == 1 { exact.insert(alarm) }
        }
    }
    tousuAlarms.append(tousu)
    alertAlarms.append(alerts)
    topAlarms.append(top)
    exactKleinbergAlarms.append(exact)
    allScenarios.append(scenarios)
    let described = scenarios.map { "\($0.group == .region ? "R" : "M"):\($0.key)[\($0.size) d\($0.start)-\($0.end) n\($0.total)]" }
    print("  seed \(seed)\(withBursts ? "" : " (quiet)"): \(records.count) complaints; \(described.joined(separator: " "))")
    if let key = option("--debug-key") {
        // Every test of that group on every day, as the finder sees it (thresholds off).
        var open = finder.parameters
        open.fdr = 1
        open.minRatio = 0
        open.minCount = 1
        open.maxHotspots = 100_000
        let all = HotspotFinder(parameters: open, names: finder.names, templates: finder.templates)
        for t in evaluateFrom..<simulator.days {
            let report = try all.find(aggregates: aggregates, records: byDay[t] ?? [], asOf: Simulator.start + t)
            for h in report.hotspots where h.key == key {
                print("    debug day \(t) \(h.kind.rawValue) \(h.sector)/\(h.key): \(h.count) vs \(Bench.f(h.expected, 2)) score \(Bench.f(h.score, 1)) q \(Bench.f(h.qScore, 1)) series \(h.series.suffix(10).map(\.count))")
            }
        }
    }
    if verbose {
        for sc in scenarios where !tousu.contains(where: { $0.kind == sc.group && $0.key == sc.key && (sc.start...sc.end).contains($0.day) }) {
            let injected = sim.indices.filter { sim[$0].injected }.map { records[$0] }
                .filter { ($0.merchant == sc.key || $0.region == sc.key) }
            let byDayCount = Dictionary(grouping: injected, by: { $0.date!.number - Simulator.start.number }).mapValues(\.count).sorted { $0.key < $1.key }
            print("    MISSED \(sc.kind.rawValue) \(sc.key): injected by day \(byDayCount.map { "\($0.key):\($0.value)" }.joined(separator: " ")); sectors \(Set(injected.map(\.sector)))")
            if sc.group == .region {
                // Per sector and day of the span: the region's count and its place term's (records
                // naming it in the text), with their means over the 28 days before the span.
                let sectors = Set(injected.map(\.sector)).sorted()
                for sector in sectors {
                    for kind in [GroupKind.region, .term] {
                        let g = GroupKey(kind, sector: sector, key: sc.key)
                        let before = (sc.start - 28..<sc.start).map { aggregates.days[Simulator.start + $0]?[g] ?? 0 }
                        let span = (sc.start...sc.end).map { aggregates.days[Simulator.start + $0]?[g] ?? 0 }
                        let own = (sc.start...sc.end).map { t in injected.filter { $0.date! == Simulator.start + t && $0.sector == sector && (kind == .region ? $0.region == sc.key : $0.regionSource == .text) }.count }
                        print("      \(sector) \(kind.rawValue): mean before \(Bench.f(Double(before.reduce(0, +)) / 28, 2)); span \(span) injected \(own)")
                    }
                }
            }
        }
    }
}

// Kleinberg's algorithm from PyPI on the same groups and days.
var peerAlarms: [Set<Alarm>]? = nil
var peerSeconds = 0.0
if let python {
    // One file per process: runs over different seeds may go side by side (pooled after).
    let file = out.appendingPathComponent("kleinberg-queries-\(ProcessInfo.processInfo.processIdentifier).json")
    let queries = peerQueries.enumerated().map { i, q in ["id": String(i), "counts": q.counts, "totals": q.totals] as [String: Any] }
    try JSONSerialization.data(withJSONObject: ["s": 2, "gamma": 1, "queries": queries]).write(to: file)
    var answer: [String: Any]? = nil
    peerSeconds = try Bench.time {
        answer = Bench.lastJSON(try Bench.run([python, Bench.root.appendingPathComponent("Benchmarks/peers/kleinberg_peer.py").path, file.path]))
    }
    guard let burstNow = answer?["burst_now"] as? [String] else {
        print("kleinberg_peer.py gave no answer"); exit(1)
    }
    var sets = Array(repeating: Set<Alarm>(), count: allSeeds.count)
    for id in burstNow { if let i = Int(id) { sets[peerQueries[i].alarm.stream].insert(peerQueries[i].alarm) } }
    peerAlarms = sets
}

@MainActor func score(_ name: String, _ alarms: [Set<Alarm>]) -> Score {
    var s = Score(name: name)
    for (a, scenarios) in zip(alarms, allScenarios) { s.add(a, scenarios: scenarios) }
    return s
}
var scores = [score("tousu (HotspotFinder, defaults)", tousuAlarms)]
if let peerAlarms { scores.append(score("Kleinberg, burst_detection 0.1.3", peerAlarms)) }
scores.append(score("Kleinberg, tousu's exact Viterbi", exactKleinbergAlarms))
scores.append(score("top-\(topN) merchants/regions by count", topAlarms))

let scenarioCount = allScenarios.reduce(0) { $0 + $1.count }
print("\n\(scenarioCount) scenarios in \(seeds.count) streams and \(quiet.count) quiet ones (\(recordCount) complaints); \(finds) daily runs, tousu \(Bench.f(findSeconds / Double(max(finds, 1)) * 1000, 1)) ms a run"
    + (python == nil ? "" : "; burst_detection: \(peerQueries.count) group-days in \(Bench.f(peerSeconds, 1)) s"))
func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
print("  \(pad("method", 40)) alarms  true  precision  recall  median delay (days)")
for s in scores {
    print("  \(pad(s.name, 40)) \(pad(String(s.alarms), 7)) \(pad(String(s.trueAlarms), 5)) \(pad(Bench.f(s.precision), 10)) \(pad(Bench.f(s.recall), 7)) \(s.medianDelay.map { Bench.f($0, 1) } ?? "-")")
}
print("  targets for tousu: recall ≥ 0.9 at precision ≥ 0.9, median delay ≤ 1 window")
print("\n  by scenario kind (detected/scenarios, recall, median delay in windows, true alarms, false alarms attributed, precision):")
for s in scores {
    print("  \(s.name)")
    for k in Scenario.Kind.allCases {
        let v = s.byKind[k.rawValue] ?? (0, 0)
        let d = Score.median(s.delaysByKind[k.rawValue] ?? []).map { Bench.f($0, 1) } ?? "-"
        let t = s.alarmsByKind[k.rawValue]?.true ?? 0
        let f = s.falseByScenarioKind[k.rawValue] ?? 0
        print("    \(pad(k.rawValue, 52)) \(pad("\(v.detected)/\(v.of)", 7)) recall \(pad(v.of == 0 ? "-" : Bench.f(Double(v.detected) / Double(v.of), 2), 5)) delay \(pad(d, 4)) true \(pad(String(t), 5)) false \(pad(Bench.f(f, 1), 6)) precision \(s.precision(of: k).map { Bench.f($0, 3) } ?? "-")")
    }
    let sizes = ["small", "medium", "large"].map { z in "\(z) \(s.bySize[z].map { "\($0.detected)/\($0.of)" } ?? "-")" }
    print("    by size: " + sizes.joined(separator: ", "))
}
for s in scores where s.closures > 0 {
    print("  \(pad(s.name, 40)) closures raised by the second complaint: \(s.closureOnTime)/\(s.closures) (\(Bench.f(Double(s.closureOnTime) / Double(s.closures), 2)))")
}
// Closure alerts on their own: an alert is true when it names an injected merchant inside its span.
let alertScore = score("tousu closure alerts", alertAlarms)
print("  tousu closure alerts: \(alertScore.alarms) alarm-days, \(alertScore.trueAlarms) true, precision \(Bench.f(alertScore.precision, 3))")
print("\n  false alarms by the kind of group named:")
for s in scores {
    print("  \(pad(s.name, 40)) " + GroupKind.allCases.compactMap { k in s.falseByKind[k].map { "\(k.rawValue) \($0)" } }.joined(separator: ", "))
}

// --json FILE: the per-scenario outcomes and the per-kind alarm tallies of each method, so that
// runs over different seeds (separate processes) can be pooled (Benchmarks/pool_hotspots.py).
if let path = option("--json") {
    func outcomes(_ alarms: [Set<Alarm>]) -> [[String: Any]] {
        var rows: [[String: Any]] = []
        for (a, scenarios) in zip(alarms, allScenarios) {
            for sc in scenarios {
                let hit = a.filter { $0.kind == sc.group && $0.key == sc.key && (sc.start...sc.end).contains($0.day) }.map(\.day).min()
                var row: [String: Any] = ["kind": sc.kind.rawValue, "size": sc.size, "start": sc.start]
                if let hit { row["delay"] = hit - sc.start }
                if let second = sc.second { row["onTime"] = hit.map { $0 <= second } ?? false }
                rows.append(row)
            }
        }
        return rows
    }
    let methods: [(String, [Set<Alarm>])] = [("tousu", tousuAlarms)] + (peerAlarms.map { [("kleinberg_pypi", $0)] } ?? [])
        + [("kleinberg_exact", exactKleinbergAlarms), ("top\(topN)", topAlarms)]
    let alertScore = score("alerts", alertAlarms)
    var object: [String: Any] = [
        "seeds": seedText, "quiet": quiet.map(Int.init), "streams": allSeeds.count,
        "closureAlerts": ["alarms": alertScore.alarms, "true": alertScore.trueAlarms],
    ]
    for (name, alarms) in methods {
        let s = score(name, alarms)
        object[name] = [
            "alarms": s.alarms, "true": s.trueAlarms, "scenarios": outcomes(alarms),
            "trueByKind": s.alarmsByKind.mapValues { $0.true }, "falseByKind": s.falseByScenarioKind,
            "falseByGroupKind": Dictionary(uniqueKeysWithValues: s.falseByKind.map { ($0.key.rawValue, $0.value) }),
        ] as [String: Any]
    }
    try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]).write(to: URL(fileURLWithPath: path))
}

// MARK: Large stream.

/// Time to find hotspots over `records` classified complaints: the library (aggregation and
/// the finder, terms already extracted), and the CLI on a JSONL file (reading, terms,
/// aggregation, finder, rendering).
@MainActor func timeLargeStream(records target: Int) throws {
    var simulator = Simulator(pools: pools)
    simulator.days = 120
    simulator.dailyVolume = Double(target) / 120 / 0.9
    var sim = simulator.stream(seed: 7).records
    sim = Array(sim.prefix(target))
    var records: [ClassifiedRecord] = []
    let annotateSeconds = try Bench.time { records = try annotator.records(sim, start: Simulator.start) }
    print("Large stream: \(records.count) classified complaints over \(simulator.days) days (annotated in \(Bench.f(annotateSeconds, 1)) s, not timed below)")
    var aggregates = DailyAggregates()
    let aggregateSeconds = Bench.time { aggregates = DailyAggregates(records) }
    let last = records.compactMap(\.date).max()!
    for window in WindowKind.allCases {
        var p = finder.parameters
        p.window = window
        let f = HotspotFinder(parameters: p, names: finder.names, templates: finder.templates)
        var report: HotspotReport!
        let current = records.filter { $0.date.map { window.start(of: $0) == window.start(of: last) } ?? false }
        let seconds = try Bench.time { report = try f.find(aggregates: aggregates, records: current) }
        print("  library, \(window) window: aggregation \(Bench.f(aggregateSeconds, 2)) s + finder \(Bench.f(seconds, 2)) s (\(report.tested) groups tested, \(report.hotspots.count) hotspots)")
    }
    let file = out.appendingPathComponent("hotspots-\(records.count).jsonl")
    var bytes: [UInt8] = []
    for r in records {
        let object: [String: Any] = [
            "id": r.id, "date": r.date!.description, "sector": r.sector, "natures": r.natures,
            "merchant": r.merchant ?? "", "region": r.region ?? "", "text": r.text,
        ]
        bytes += try JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes])
        bytes.append(0x0A)
    }
    try Data(bytes).write(to: file)
    guard let tousu = option("--tousu") else {
        try timeCommandsInProcess(file: file, records: records.count)
        return
    }
    for window in WindowKind.allCases {
        var output = ""
        let seconds = try Bench.time {
            output = try Bench.run([tousu, "hotspots", "--input", file.path, "--window", window.rawValue, "--format", "csv", "--top", "3"])
        }
        print("  tousu hotspots CLI, \(window) window, \(bytes.count / 1_000_000) MB JSONL: \(Bench.f(seconds, 1)) s; top: \(output.split(whereSeparator: \.isNewline).dropFirst().first.map { String($0.prefix(60)) } ?? "-")")
    }
}

/// CPU seconds (user + system) this process has used: beside wall time on a shared machine.
func cpuSeconds() -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6
}

/// What `tousu hotspots` (day and week) and `tousu report` do after start-up, in this process,
/// on the classified JSONL `file`: read it (the batch reader, all cores), the text stage, counts,
/// detection or the period report, JSON rendering. Wall and CPU seconds, and the load average.
@MainActor func timeCommandsInProcess(file: URL, records: Int) throws {
    let analyzer = try RecordAnalyzer.load(lexicons: lexicons)
    let model = classifier
    func load() -> String { (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?" }
    let lastUsable = Day(year: 2030, month: 1, day: 1)!
    for window in WindowKind.allCases {
        var p = finder.parameters
        p.window = window
        var hotspots = 0
        let cpu0 = cpuSeconds()
        let wall = try Bench.time {
            let input = HotspotInput(options: BatchOptions(), analyzer: analyzer, parts: [.mentions, .closure], classifier: { model })
            let read = try input.read(input: .file(file.path))
            var run = HotspotRun(parameters: p, names: finder.names, templates: finder.templates)
            run.analyzer = analyzer
            let report = try run.report(records: read.records, summary: read.summary, asOf: nil, lastUsable: lastUsable)
            hotspots = report.hotspots.count
            _ = try ReportFormat.json.render(report, top: nil)
        }
        print("  hotspots as the CLI runs it (in process), \(window) window, \(records) records: wall \(Bench.f(wall, 1)) s, CPU \(Bench.f(cpuSeconds() - cpu0, 1)) s, \(hotspots) hotspots (load \(load()))")
    }
    var themes = 0
    let cpu0 = cpuSeconds()
    let wall = try Bench.time {
        let input = HotspotInput(options: BatchOptions(), analyzer: analyzer, parts: [.mentions], classifier: { model })
        let read = try input.read(input: .file(file.path))
        let days = read.records.compactMap(\.date)
        guard let from = days.min(), let to = days.max() else { return }
        var builder = PeriodReportBuilder(names: finder.names, templates: finder.templates)
        builder.analyzer = analyzer
        let report = try PeriodReportRun(builder: builder).report(records: read.records, from: from, to: to)
        themes = report.themes.count
        _ = try PeriodReportFormat.json.render(report)
    }
    print("  report as the CLI runs it (in process), whole stream, \(records) records: wall \(Bench.f(wall, 1)) s, CPU \(Bench.f(cpuSeconds() - cpu0, 1)) s, \(themes) themes (load \(load()))")
}
