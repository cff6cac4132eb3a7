import BenchSupport
import Foundation
import TousuHotspots
import TousuText

/// A labelled burst injected into a stream.
struct Scenario {
    enum Kind: String, CaseIterable {
        case prepaidClosure = "prepaid merchant closing"
        case elderlyWave = "regional elderly-health wave"
        case foodProduct = "one food product"
        case carDefect = "one car model defect"
        case textMerchant = "merchant named only in text"
        case closure = "closure, 2-3 complaints"
        case regionalWave = "regional food wave, district often only in text"
    }

    var kind: Kind
    /// The group a detection must name: a merchant (gym, product, car model) or a region.
    var group: GroupKind
    var key: String
    /// small, medium or large (peak-day injected complaints 5–8, 10–20, 30–60).
    var size: String
    /// First and last day (stream index) with injected complaints.
    var start: Int
    var end: Int
    var total: Int
    /// Day of the second injected complaint (closure scenarios: the alert is due by then).
    var second: Int? = nil
}

/// One simulated complaint before classification: where its text comes from and its metadata.
struct SimRecord {
    var day: Int
    var text: String
    var merchant: String?
    var region: String?
    var injected: Bool
}

/// Builds realistic daily complaint streams from real texts and injects labelled bursts.
///
/// Background, per day: volume `dailyVolume` × weekday pattern × day noise (gamma, CV ≈ 16 %) ×
/// one three-day holiday (× 0.45, then a catch-up day × 1.5); five sectors with their own slow
/// trends (±30 % over the stream); per sector a catalogue of merchants with Zipf shares (car
/// models: the real models with their real frequencies, capped), each merchant-day with its own
/// gamma noise (shape 3: counts overdispersed like real ones); a merchant's complaints come 70 %
/// from its home district, the others from districts by population with daily noise.
///
/// Bursts (five a stream, sizes cycling small/medium/large, start days drawn after the first 63
/// days): a prepaid merchant closing (closure texts, sudden then decaying, 3–8 days), an
/// elderly-health wave in one district (lecture/free-gift texts, rising and falling, 6–14 days),
/// one food product (food-safety texts, 4–10 days), one car model's defect (the model's name + a
/// real problem phrase of one defect family, rising for 7–16 days); the fifth of a random kind.
struct Simulator {
    let pools: TextPools
    var days = 154
    var dailyVolume = 400.0
    /// First day a burst may start (earlier days are history).
    var firstBurstDay = 63
    /// Inject bursts (false: a quiet stream, every alarm is false).
    var bursts = true

    static let start = Day(year: 2024, month: 1, day: 1)!  // a Monday
    static let weekday = [1.12, 1.10, 1.05, 1.02, 1.0, 0.72, 0.62]
    static let sectorMix: [(String, Double)] = [
        ("auto", 0.22), ("food", 0.25), ("prepaid", 0.15), ("elderly_health", 0.08), ("other", 0.30),
    ]
    /// The region key of a district, as a regulator's export writes it and as the gazetteer
    /// resolves a district named in a text (朝阳区 → 北京市朝阳区).
    static func regionKey(_ district: Int) -> String { "北京市" + districts[district].0 }
    /// Districts of a city with relative populations.
    static let districts: [(String, Double)] = [
        ("朝阳区", 3.4), ("海淀区", 3.1), ("昌平区", 2.2), ("丰台区", 2.0), ("大兴区", 2.0), ("通州区", 1.8),
        ("顺义区", 1.3), ("房山区", 1.3), ("西城区", 1.1), ("东城区", 0.7), ("石景山区", 0.6), ("密云区", 0.5),
        ("平谷区", 0.45), ("怀柔区", 0.4), ("门头沟区", 0.4), ("延庆区", 0.35),
    ]

    struct Merchant {
        var name: String
        var share: Double
        var home: Int
        /// Texts of this merchant only (car models); nil: the sector's pool.
        var texts: [String]?
    }

    /// Merchant catalogues per sector (the same city in every stream).
    let catalogue: [String: [Merchant]]
    let closureTexts: [String]
    let lectureTexts: [String]
    let foodSafetyTexts: [String]
    /// Prepaid texts without a closure story.
    let openPrepaid: [String]

    init(pools: TextPools) {
        self.pools = pools
        var rng = Random(seed: 0xC17)
        let districtCount = Self.districts.count
        func names(_ count: Int, _ make: (String, Int) -> String) -> [String] {
            let syllables = Array("悦力乐星蓝金优美新博恒启橙拓卓嘉轩宏锦盛康泰瑞安德合信达华天鼎")
            var seen: Set<String> = []
            var out: [String] = []
            while out.count < count {
                let stem = String([syllables[rng.int(0...syllables.count - 1)], syllables[rng.int(0...syllables.count - 1)]])
                let name = make(stem, out.count)
                if seen.insert(name).inserted { out.append(name) }
            }
            return out
        }
        func zipf(_ names: [String], covered: Double) -> [Merchant] {
            let weights = names.indices.map { 1 / Double($0 + 2) }
            let total = weights.reduce(0, +)
            return zip(names, weights).map {
                Merchant(name: $0, share: covered * $1 / total, home: rng.int(0...districtCount - 1), texts: nil)
            }
        }
        let prepaidKinds = ["健身", "健身工作室", "瑜伽馆", "美容美发", "美甲店", "少儿英语", "艺术培训", "游泳馆", "洗车店", "舞蹈培训"]
        let foodKinds = ["牌纯牛奶", "牌酸奶", "牌速冻水饺", "牌火腿肠", "牌面包", "鲜果店", "奶茶店", "牌月饼", "牌辣条", "餐厅", "牌卤味", "蛋糕店"]
        let otherKinds = ["商城", "旅行网", "通信营业厅", "电器", "家居", "手机专卖店", "在线教育", "快递"]
        var catalogue: [String: [Merchant]] = [:]
        catalogue["prepaid"] = zipf(names(150) { stem, i in
            let d = Self.districts[i % districtCount].0.dropLast()
            return "\(stem)\(prepaidKinds[i % prepaidKinds.count])（\(d)店）"
        }, covered: 0.92)
        catalogue["food"] = zipf(names(120) { stem, i in stem + foodKinds[i % foodKinds.count] }, covered: 0.85)
        catalogue["elderly_health"] = zipf(names(40) { stem, i in stem + (i % 2 == 0 ? "健康科技有限公司" : "生物科技有限公司") }, covered: 0.6)
        catalogue["other"] = zipf(names(80) { stem, i in stem + otherKinds[i % otherKinds.count] }, covered: 0.8)
        // Car models: the real ones, share by their real frequency (capped so the June 2020
        // waves of the real stream do not make their models the background's giants).
        var byModel: [String: [TextPools.Car]] = [:]
        for car in pools.car { byModel[car.key, default: []].append(car) }
        let models = byModel.keys.sorted()
        let weights = models.map { min(Double(byModel[$0]!.count), 40) }
        let total = weights.reduce(0, +)
        catalogue["auto"] = zip(models, weights).map { key, w in
            Merchant(name: key, share: w / total, home: rng.int(0...districtCount - 1), texts: byModel[key]!.map(\.text))
        }
        self.catalogue = catalogue
        let closing = TextPools.mentioning(
            ["跑路", "关门", "停业", "倒闭", "失联", "联系不上", "人去楼空", "闭店", "卷款", "搬走", "找不到人", "不营业", "转让"],
            in: pools.prepaid)
        closureTexts = closing
        // Every closure signal of the lexicon (lexicons/mentions/closure_signals.txt) counts here.
        let signals = ((try? String(contentsOf: Bench.root.appendingPathComponent("lexicons/mentions/closure_signals.txt"), encoding: .utf8)) ?? "")
            .split(separator: "\n").map(String.init).filter { !$0.isEmpty && !$0.hasPrefix("#") }
        let closingSet = Set(closing)
        // Matched as the text stage matches them: after normalization (a story in Traditional
        // characters, 關門, is a closure story too).
        let normalizer = Normalizer()
        openPrepaid = pools.prepaid.filter { text in
            let normalized = (try? normalizer.normalize(text).text) ?? text
            return !signals.contains { normalized.contains($0) } && !closingSet.contains(text)
        }
        lectureTexts = TextPools.mentioning(
            ["讲座", "免费", "鸡蛋", "专家", "义诊", "体验", "会场", "旅游", "礼品", "教授"], in: pools.elderly)
        foodSafetyTexts = TextPools.mentioning(
            ["变质", "坏了", "过期", "异物", "拉肚子", "吃出", "发霉", "馊", "异味", "臭", "虫", "头发", "不新鲜", "酸了", "吐"],
            in: pools.food)
    }

    /// Defect families for the car scenario: words a problem phrase must contain.
    static let defects = [
        ["异响"], ["漏油", "渗油"], ["变速箱", "顿挫"], ["刹车", "制动"], ["车机", "黑屏", "死机"], ["生锈", "锈蚀"],
        ["熄火"], ["漏水"], ["天窗"], ["大灯", "车灯"], ["烧机油"], ["方向盘", "转向"],
    ]

    /// The stream of one seed: background records, then the injected ones, and the scenarios.
    func stream(seed: UInt64) -> (records: [SimRecord], scenarios: [Scenario]) {
        var rng = Random(seed: seed)
        var records: [SimRecord] = []
        let districtWeights = Self.districts.map(\.1)
        let holiday = rng.int(30...(days - 10))
        let trends = Dictionary(uniqueKeysWithValues: Self.sectorMix.map { ($0.0, (rng.uniform() - 0.5) * 0.6) })
        for day in 0..<days {
            var factor = Self.weekday[(Self.start + day).weekday] * rng.gammaNoise(shape: 40)
            if (holiday..<holiday + 3).contains(day) { factor *= 0.45 }
            if day == holiday + 3 { factor *= 1.5 }
            let regionCumulative = cumulative(districtWeights.map { $0 * rng.gammaNoise(shape: 10) })
            for (sector, mix) in Self.sectorMix {
                let mean = dailyVolume * mix * exp(trends[sector]! * Double(day) / Double(days)) * factor
                let merchants = catalogue[sector]!
                let unnamed = 1 - merchants.reduce(0) { $0 + $1.share }
                for m in merchants.indices + [-1] {
                    let share = m >= 0 ? merchants[m].share : unnamed
                    let n = rng.poisson(mean * share * rng.gammaNoise(shape: 3))
                    for _ in 0..<n {
                        let merchant = m >= 0 ? merchants[m] : nil
                        // A merchant that keeps trading draws no closure stories (those come
                        // with the closing merchants and the records that name no merchant).
                        let texts = merchant?.texts ?? (merchant != nil && sector == "prepaid" ? openPrepaid : pool(sector))
                        let region = merchant.map { rng.uniform() < 0.7 ? $0.home : rng.pick(cumulative: regionCumulative) }
                            ?? rng.pick(cumulative: regionCumulative)
                        records.append(SimRecord(
                            day: day, text: rng.element(texts), merchant: merchant?.name,
                            region: Self.regionKey(region), injected: false))
                    }
                }
            }
        }
        // Bursts.
        var kinds = Scenario.Kind.allCases
        kinds.append(rng.element(Scenario.Kind.allCases))
        if !bursts { kinds = [] }
        var used: Set<String> = []
        var scenarios: [Scenario] = []
        for (i, kind) in kinds.enumerated() {
            let size = ["small", "medium", "large"][Int((seed &* 5 &+ UInt64(i)) % 3)]
            let peak = Double(size == "small" ? rng.int(5...8) : size == "medium" ? rng.int(10...20) : rng.int(30...60))
            var injected: [SimRecord] = []
            var weights: [Double]
            var group = GroupKind.merchant
            var key = ""
            let cityCumulative = cumulative(districtWeights)
            switch kind {
            case .prepaidClosure:
                let merchants = catalogue["prepaid"]!
                var m: Merchant
                repeat { m = merchants[rng.int(10...(merchants.count - 1))] } while used.contains(m.name)
                key = m.name
                weights = (0..<rng.int(3...8)).map { pow(0.7, Double($0)) }
                injected = burst(weights, peak: peak, &rng) { rng in
                    SimRecord(day: 0, text: rng.element(closureTexts), merchant: m.name,
                              region: Self.regionKey(rng.uniform() < 0.9 ? m.home : rng.pick(cumulative: cityCumulative)),
                              injected: true)
                }
            case .elderlyWave:
                var r: Int
                repeat { r = rng.pick(cumulative: cityCumulative) } while used.contains(Self.regionKey(r))
                group = .region
                key = Self.regionKey(r)
                let d = rng.int(6...14)
                weights = (0..<d).map { Double(min($0 + 1, d - $0)) }
                let companies = catalogue["elderly_health"]!
                injected = burst(weights, peak: peak, &rng) { rng in
                    SimRecord(day: 0, text: rng.element(lectureTexts),
                              merchant: rng.uniform() < 0.6 ? nil : rng.element(companies).name,
                              region: Self.regionKey(r), injected: true)
                }
            case .regionalWave:
                // Food-safety complaints about many vendors of one district (a market, a water
                // supply): half of them give the district only in the text (家住朝阳区，…), the
                // export's region field empty; most name no merchant.
                var r: Int
                repeat { r = rng.pick(cumulative: cityCumulative) } while used.contains(Self.regionKey(r))
                group = .region
                key = Self.regionKey(r)
                let district = Self.districts[r].0
                let frames = ["家住\(district)，", "\(district)这边，", "在\(district)买的，", "\(district)某小区，", "坐标\(district)，"]
                let d = rng.int(5...12)
                weights = (0..<d).map { Double(min($0 + 1, d - $0)) }
                let vendors = catalogue["food"]!
                injected = burst(weights, peak: peak, &rng) { rng in
                    let inText = rng.uniform() < 0.5
                    return SimRecord(
                        day: 0, text: (inText ? rng.element(frames) : "") + rng.element(foodSafetyTexts),
                        merchant: rng.uniform() < 0.7 ? nil : rng.element(vendors).name,
                        region: inText ? nil : key, injected: true)
                }
            case .foodProduct:
                let products = catalogue["food"]!
                var m: Merchant
                repeat { m = rng.element(products) } while used.contains(m.name)
                key = m.name
                let d = rng.int(4...10)
                weights = (0..<d).map { $0 == 0 || $0 == d - 1 ? 0.5 : 1 }
                injected = burst(weights, peak: peak, &rng) { rng in
                    SimRecord(day: 0, text: rng.element(foodSafetyTexts), merchant: m.name,
                              region: Self.regionKey(rng.pick(cumulative: cityCumulative)), injected: true)
                }
            case .textMerchant, .closure:
                // A shop the catalogue does not have, named only in the text (丽人坊美容院).
                let syllables = Array("丽颜坊韵雅璇莎沁朵瑶馨蔻黛禾谷麦兰芷若")
                var name: String
                repeat {
                    name = String((0..<3).map { _ in syllables[rng.int(0...syllables.count - 1)] })
                        + rng.element(["美容院", "健身房", "养生馆", "瑜伽馆", "美发店", "培训学校"])
                } while used.contains(name)
                key = name
                let home = rng.int(0...Self.districts.count - 1)
                let frames = ["我在\(name)办的卡，", "\(name)：", "投诉\(name)，", "\(Self.districts[home].0)的\(name)，", "去年在“\(name)”充值，"]
                if kind == .closure {
                    // 2–3 closure complaints within 2–3 days, before counts are large.
                    let n = rng.int(2...3)
                    weights = (0..<n).map { _ in 1 }
                    injected = (0..<n).map { j in
                        SimRecord(day: j == 0 ? 0 : rng.int(1...(n - 1)), text: rng.element(frames) + rng.element(closureTexts),
                                  merchant: nil, region: nil, injected: true)
                    }
                    injected.sort { $0.day < $1.day }
                } else {
                    let d = rng.int(3...9)
                    weights = (0..<d).map { Double(min($0 + 1, d - $0)) }
                    let texts = rng.uniform() < 0.5 ? closureTexts : pools.prepaid
                    injected = burst(weights, peak: peak, &rng) { rng in
                        SimRecord(day: 0, text: rng.element(frames) + rng.element(texts), merchant: nil, region: nil, injected: true)
                    }
                }
            case .carDefect:
                let models = catalogue["auto"]!
                var m: Merchant
                repeat { m = rng.element(models) } while used.contains(m.name)
                key = m.name
                let family = rng.element(Self.defects)
                let problems = TextPools.mentioning(family, in: pools.carProblems)
                let car = pools.car.first { $0.key == m.name }!
                let display = car.brand.replacingOccurrences(of: "-", with: "")
                    .replacingOccurrences(of: "（进口）", with: "") + car.model
                weights = (0..<rng.int(7...16)).map { Double($0 + 1) }
                injected = burst(weights, peak: peak, &rng) { rng in
                    SimRecord(day: 0, text: display + rng.element(problems), merchant: m.name,
                              region: Self.regionKey(rng.pick(cumulative: cityCumulative)), injected: true)
                }
            }
            used.insert(key)
            let first = rng.int(firstBurstDay...(days - 1 - weights.count))
            for j in injected.indices { injected[j].day += first }
            guard let s = injected.map(\.day).min(), let e = injected.map(\.day).max() else { continue }
            records += injected
            let days = injected.map(\.day).sorted()
            scenarios.append(Scenario(
                kind: kind, group: group, key: key, size: kind == .closure ? "small" : size, start: s, end: e,
                total: injected.count, second: days.count > 1 ? days[1] : nil))
        }
        return (records, scenarios)
    }

    /// Injected records: on day offset d, Poisson(peak × weight_d / max weight) records.
    private func burst(
        _ weights: [Double], peak: Double, _ rng: inout Random, make: (inout Random) -> SimRecord
    ) -> [SimRecord] {
        let top = weights.max() ?? 1
        var out: [SimRecord] = []
        for (d, w) in weights.enumerated() {
            for _ in 0..<rng.poisson(peak * w / top) {
                var r = make(&rng)
                r.day = d
                out.append(r)
            }
        }
        return out
    }

    func pool(_ sector: String) -> [String] {
        switch sector {
        case "food": pools.food
        case "prepaid": pools.prepaid
        case "elderly_health": pools.elderly
        default: pools.other
        }
    }
}
