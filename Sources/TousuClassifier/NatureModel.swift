import Foundation
import TousuText

/// A held-out nature-labelled document kept for calibration (see `CalibrationSample`): its
/// natures (primary first), its nature-lexicon evidence and its feature occurrences.
public struct NatureSample: Sendable, Equatable {
    public var key: UInt64
    public var natures: [String]
    /// Lexicon evidence per nature of the model, in the model's nature order (Float: stored so).
    public var evidence: [Float]
    public var features: [UInt64]

    public init(key: UInt64, natures: [String], evidence: [Float], features: [UInt64]) {
        self.key = key
        self.natures = natures
        self.evidence = evidence
        self.features = features
    }

    static func precedes(_ a: NatureSample, _ b: NatureSample) -> Bool {
        if a.key != b.key { return a.key < b.key }
        if a.natures != b.natures { return a.natures.lexicographicallyPrecedes(b.natures) }
        return a.features.lexicographicallyPrecedes(b.features)
    }
}

/// The multi-label nature model: naive-Bayes counts over the same features as the sector model,
/// laid out as one column per nature (documents carrying it), one column of all nature-labelled
/// documents (so each nature's complement is all minus it: one binary naive Bayes per nature)
/// and one column per nature of the documents it is the primary nature of (a multinomial naive
/// Bayes that orders the natures found). All counts are additive; calibration is refitted from
/// the held-out samples whenever counts are added.
public struct NatureModel: Sendable, Equatable {
    /// Nature ids, in taxonomy order (including "other").
    public var natures: [String]
    public var counts: NaiveBayesCounts
    public var calibration: NatureCalibration
    public var samples: [NatureSample]

    /// Column labels of the counts: the natures, "*" (every document), "^" + nature (primary).
    static func columns(_ natures: [String]) -> [String] {
        natures + ["*"] + natures.map { "^" + $0 }
    }

    public init(natures: [String], counts: NaiveBayesCounts, calibration: NatureCalibration, samples: [NatureSample]) {
        self.natures = natures
        self.counts = counts
        self.calibration = calibration
        self.samples = samples
    }

    /// An empty model of these natures.
    public init(natures: [String]) {
        self.init(
            natures: natures, counts: NaiveBayesCounts(labels: Self.columns(natures)),
            calibration: NatureCalibration(natures: natures), samples: [])
    }

    /// Count columns a document with these natures (primary first) is added to.
    func columns(of labels: [String]) -> [Int] {
        let n = natures.count
        var out: [Int] = []
        for label in labels { if let i = natures.firstIndex(of: label) { out.append(i) } }
        out.append(n)
        if let first = labels.first, let i = natures.firstIndex(of: first) { out.append(n + 1 + i) }
        return out
    }

    /// Documents counted.
    public var documentCount: Int { counts.documents[natures.count] }

    /// Adds the counts and samples of another nature model of the same natures, then refits.
    mutating func merge(_ other: NatureModel, parameters: NaiveBayesParameters) throws {
        counts.merge(other.counts)
        samples += other.samples
        try refit(parameters: parameters)
    }

    /// Fits calibration to every sample scored leave-one-out: by the counts without that one
    /// document (naive Bayes makes that exact and cheap), so that all nature documents, not a
    /// held-out fifth, calibrate the model.
    mutating func refit(parameters: NaiveBayesParameters) throws {
        samples.sort(by: NatureSample.precedes)
        let logs = LogTable(upTo: counts.documents.max() ?? 0, alpha: parameters.alpha)
        let model = self
        let scored = try parallelMap(samples) { s -> NatureCalibration.Sample in
            let (binary, primary, known) = model.leaveOneOut(s, alpha: parameters.alpha, logs: logs)
            return .init(binary: binary, primary: primary, known: known, evidence: s.evidence.map(Double.init), natures: s.natures)
        }
        calibration = NatureCalibration.fit(scored, natures: natures, settings: calibration)
    }

    /// The scores `NatureScorer` gives a sample's features under the counts without the sample
    /// (the vocabulary size stays that of all counts).
    func leaveOneOut(_ sample: NatureSample, alpha: Double, logs: LogTable? = nil) -> (binary: [Double], primary: [Double], known: Int) {
        let n = natures.count, width = counts.labels.count, all = n
        var mine = [Bool](repeating: false, count: width)
        for c in columns(of: sample.natures) { mine[c] = true }
        var multiplicity: [UInt64: Int32] = [:]
        for f in sample.features { multiplicity[f, default: 0] += 1 }
        let length = Double(sample.features.count)
        let vocabulary = Double(max(counts.featureCount, 1))
        func less(_ col: Int) -> Double { mine[col] ? 1 : 0 }
        let documents = (0..<width).map { Double(counts.documents[$0]) - less($0) }
        let totals = (0..<width).map { Double(counts.totals[$0]) - less($0) * length }
        let positiveDenominator = (0..<n).map { log(totals[$0] + alpha * vocabulary) }
        let negativeDenominator = (0..<n).map { log(totals[all] - totals[$0] + alpha * vocabulary) }
        let primaryDenominator = (0..<n).map { log(totals[n + 1 + $0] + alpha * vocabulary) }
        var binary = (0..<n).map { log((documents[$0] + 0.5) / (documents[all] - documents[$0] + 0.5)) }
        var primary = (0..<n).map { log((documents[n + 1 + $0] + 0.5) / (documents[all] + 0.5 * Double(n))) }
        var known = 0
        var done = Set<UInt64>()
        let raw = counts.counts
        var binaryWeight = [Double](repeating: 0, count: n), primaryWeight = binaryWeight
        for feature in sample.features where done.insert(feature).inserted {
            guard let row = counts.rowIndex(feature) else { continue }
            let k = Double(multiplicity[feature] ?? 1)
            let base = row * width
            func c(_ col: Int) -> Double { Double(raw[base + col]) - less(col) * k }
            func smoothedLog(_ count: Double) -> Double { logs?[count] ?? log(count + alpha) }
            let everywhere = c(all)
            guard everywhere > 0 else { continue }
            for j in 0..<n {
                let inside = c(j)
                binaryWeight[j] = Double(Float(smoothedLog(inside) - positiveDenominator[j]
                    - (smoothedLog(everywhere - inside) - negativeDenominator[j])))
                primaryWeight[j] = Double(Float(smoothedLog(c(n + 1 + j)) - primaryDenominator[j]))
            }
            for _ in 0..<Int(k) {
                known += 1
                for j in 0..<n {
                    binary[j] += binaryWeight[j]
                    primary[j] += primaryWeight[j]
                }
            }
        }
        return (binary, primary, known)
    }
}

/// log(count + alpha) for the whole counts 0...limit, looked up instead of computed (leave-one-out
/// scoring takes three such logarithms per feature and nature of every sample).
struct LogTable: Sendable {
    private let values: [Double]
    private let alpha: Double

    init(upTo limit: Int, alpha: Double) {
        self.alpha = alpha
        values = (0...max(limit, 0)).map { log(Double($0) + alpha) }
    }

    /// The logarithm of a whole count (computed when outside the table).
    subscript(count: Double) -> Double {
        let i = Int(count)
        return Double(i) == count && i >= 0 && i < values.count ? values[i] : log(count + alpha)
    }
}

/// Per-nature log-odds and primary-nature scores from nature counts, laid out for one lookup
/// and two vector additions per feature: each row holds the binary weights of every nature in
/// 16-lane blocks, then the primary weights in the same blocks.
public struct NatureScorer: Sendable {
    public let natures: [String]
    let blocks: Int
    private let rows: FeatureRows
    let weights: [SIMD16<Float>]
    let binaryPrior: [Double]
    /// Log share of the documents each nature is the primary nature of.
    let primaryPrior: [Double]
    private let names: [String]

    public init(counts: NaiveBayesCounts, natures: [String], alpha: Double) {
        self.natures = natures
        let n = natures.count
        blocks = max(1, (n + 15) / 16)
        names = counts.names
        let columns = counts.labels
        let index = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) })
        let all = index["*"] ?? 0
        let positive = natures.map { index[$0] ?? 0 }
        let primary = natures.map { index["^" + $0] ?? 0 }
        let stride = columns.count
        let vocabulary = Double(max(counts.featureCount, 1))
        let totals = counts.totals.map(Double.init)
        let documents = counts.documents.map(Double.init)
        let allTotal = totals[all]
        let positiveDenominator = positive.map { log(totals[$0] + alpha * vocabulary) }
        let negativeDenominator = positive.map { log(allTotal - totals[$0] + alpha * vocabulary) }
        let primaryDenominator = primary.map { log(totals[$0] + alpha * vocabulary) }
        rows = FeatureRows(counts.features, count: counts.featureCount)
        var weights = [SIMD16<Float>](repeating: .zero, count: counts.featureCount * 2 * blocks)
        let raw = counts.counts
        for row in 0..<counts.featureCount {
            let base = row * stride
            let everywhere = Double(raw[base + all])
            for j in 0..<n {
                let inside = Double(raw[base + positive[j]])
                let with = log(inside + alpha) - positiveDenominator[j]
                let without = log(everywhere - inside + alpha) - negativeDenominator[j]
                weights[(row * 2) * blocks + j / 16][j % 16] = Float(with - without)
                weights[(row * 2 + 1) * blocks + j / 16][j % 16] =
                    Float(log(Double(raw[base + primary[j]]) + alpha) - primaryDenominator[j])
            }
        }
        self.weights = weights
        let d = documents[all]
        binaryPrior = positive.map { log((documents[$0] + 0.5) / (d - documents[$0] + 0.5)) }
        primaryPrior = primary.map { log((documents[$0] + 0.5) / (d + 0.5 * Double(n))) }
    }

    /// Per-nature log-odds (binary naive Bayes), primary-nature log scores (multinomial, priors
    /// from the primary-nature shares) and the number of known features.
    public func score(features: [UInt64]) -> (binary: [Double], primary: [Double], known: Int) {
        let n = natures.count
        var known = 0
        var binarySums = [SIMD16<Float>](repeating: .zero, count: blocks)
        var primarySums = binarySums
        if blocks == 1 {
            var b = SIMD16<Float>.zero, p = SIMD16<Float>.zero
            for feature in features {
                guard let row = rows[feature] else { continue }
                known += 1
                b += weights[Int(row) * 2]
                p += weights[Int(row) * 2 + 1]
            }
            binarySums[0] = b
            primarySums[0] = p
        } else {
            for feature in features {
                guard let row = rows[feature] else { continue }
                known += 1
                for k in 0..<blocks {
                    binarySums[k] += weights[(Int(row) * 2) * blocks + k]
                    primarySums[k] += weights[(Int(row) * 2 + 1) * blocks + k]
                }
            }
        }
        let binary = (0..<n).map { binaryPrior[$0] + Double(binarySums[$0 / 16][$0 % 16]) }
        let primary = (0..<n).map { primaryPrior[$0] + Double(primarySums[$0 / 16][$0 % 16]) }
        return (binary, primary, known)
    }

    /// The features that most raise a nature's log-odds, with their weight.
    public func topFeatures(_ features: [UInt64], nature: Int, limit: Int) -> [FeatureWeight] {
        var best: [(row: Int32, weight: Float)] = []
        var seen = Set<Int32>()
        for feature in features {
            guard let row = rows[feature], seen.insert(row).inserted else { continue }
            let w = weights[(Int(row) * 2) * blocks + nature / 16][nature % 16]
            if w > 0 { best.append((row, w)) }
        }
        return best.sorted { $0.weight > $1.weight || $0.weight == $1.weight && names[Int($0.row)] < names[Int($1.row)] }.prefix(limit)
            .map { FeatureWeight(feature: names[Int($0.row)], weight: (Double($0.weight) * 1000).rounded() / 1000) }
    }
}
