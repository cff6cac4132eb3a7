import Hummingbird
import TousuBatch
import TousuClassifier

/// The JSON of a prediction written straight into bytes: the same document, byte for byte, as
/// `JSONEncoder` with sorted keys and unescaped slashes gives (what `tousu classify` prints;
/// `PredictionJSONTests` compares the two over the dev corpus). The encoder was the largest item
/// of a single classify request in the profile (about half of the handler's time), more than
/// the classification.
enum PredictionJSON {
    /// `{"id":…,"prediction":…}` items (id left out when nil) under `"items"`.
    static func items(_ items: [ClassifiedItem]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1024 * items.count)
        out += #"{"items":["#.utf8
        for (k, item) in items.enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "{"))
            if let id = item.id {
                out += #""id":"#.utf8
                string(id, &out)
                out.append(UInt8(ascii: ","))
            }
            out += #""prediction":"#.utf8
            append(item.prediction, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        out += "]}".utf8
        return out
    }

    static func document(_ p: Prediction) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        append(p, to: &out)
        return out
    }

    /// Keys in sorted order: confidence, keywords, nature_scores, natures, needs_review, sector,
    /// sector_name, sector_scores, top_features.
    static func append(_ p: Prediction, to out: inout [UInt8]) {
        out += #"{"confidence":"#.utf8
        number(p.confidence, &out)
        out += #","keywords":["#.utf8
        for (k, hit) in p.keywords.enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            out += #"{"end":"#.utf8
            out += String(hit.end).utf8
            out += #","label":"#.utf8
            string(hit.label, &out)
            out += #","original":"#.utf8
            string(hit.original, &out)
            out += #","phrase":"#.utf8
            string(hit.phrase, &out)
            out += #","start":"#.utf8
            out += String(hit.start).utf8
            out += #","weight":"#.utf8
            number(hit.weight, &out)
            out.append(UInt8(ascii: "}"))
        }
        out += #"],"nature_scores":["#.utf8
        for (k, score) in p.natureScores.enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            out += #"{"nature":"#.utf8
            string(score.nature, &out)
            out += #","probability":"#.utf8
            number(score.probability, &out)
            out += #","top_features":"#.utf8
            features(score.topFeatures, &out)
            out.append(UInt8(ascii: "}"))
        }
        out += #"],"natures":["#.utf8
        for (k, nature) in p.natures.enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            string(nature, &out)
        }
        out += #"],"needs_review":"#.utf8
        out += (p.needsReview ? "true" : "false").utf8
        out += #","sector":"#.utf8
        string(p.sector, &out)
        out += #","sector_name":"#.utf8
        string(p.sectorName, &out)
        out += #","sector_scores":{"#.utf8
        for (k, score) in p.scores.sorted(by: { $0.key < $1.key }).enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            string(score.key, &out)
            out.append(UInt8(ascii: ":"))
            number(score.value, &out)
        }
        out += #"},"top_features":"#.utf8
        features(p.topFeatures, &out)
        out.append(UInt8(ascii: "}"))
    }

    static func features(_ list: [FeatureWeight], _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (k, f) in list.enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            out += #"{"feature":"#.utf8
            string(f.feature, &out)
            out += #","weight":"#.utf8
            number(f.weight, &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "]"))
    }

    /// A JSON string as JSONEncoder writes it: `"`, `\` and control characters escaped (\b, \f,
    /// \n, \r, \t by name, the rest as \u00XX), everything else as UTF-8.
    static func string(_ s: String, _ out: inout [UInt8]) {
        if !s.utf8.contains(where: { $0 < 0x20 }) {
            RecordWriter.appendJSONString(s, to: &out)  // no control characters: the shared writer
            return
        }
        out.append(UInt8(ascii: "\""))
        for c in s.utf8 {
            switch c {
            case UInt8(ascii: "\""): out += #"\""#.utf8
            case UInt8(ascii: "\\"): out += #"\\"#.utf8
            case 0x08: out += #"\b"#.utf8
            case 0x0C: out += #"\f"#.utf8
            case 0x0A: out += #"\n"#.utf8
            case 0x0D: out += #"\r"#.utf8
            case 0x09: out += #"\t"#.utf8
            case ..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += #"\u00"#.utf8
                out += [hex[Int(c >> 4)], hex[Int(c & 15)]]
            default: out.append(c)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// A number as JSONEncoder writes a Double: Swift's shortest form without a trailing ".0".
    static func number(_ x: Double, _ out: inout [UInt8]) {
        guard x.isFinite else {
            out += "null".utf8  // not reached: scores and weights are finite
            return
        }
        var text = x.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        out += text.utf8
    }
}

extension ServiceState {
    /// A JSON answer from bytes already rendered.
    static func json(bytes: [UInt8]) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
