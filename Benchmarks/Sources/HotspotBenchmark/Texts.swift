import BenchSupport
import Foundation

/// The real complaint texts the simulated streams are made of, by the sector they come from:
/// - auto: the dated car complaints (brand, model, title), and their problem phrases (the title
///   after the model's name, e.g. 行驶中B柱异响) for a defect wave of one model;
/// - food: negative food-delivery reviews and negative reviews of fruit and dairy products;
/// - other: negative reviews of the eight other shopping categories and the platform complaints;
/// - prepaid and elderly_health: the corpus texts written for the project (public text for these
///   sectors is scarce, see corpora/README.md).
struct TextPools {
    struct Car {
        var key: String
        var brand: String
        var model: String
        var text: String
    }

    var car: [Car] = []
    /// Problem phrases of the car titles.
    var carProblems: [String] = []
    var food: [String] = []
    var other: [String] = []
    var prepaid: [String] = []
    var elderly: [String] = []

    static func load() throws -> TextPools {
        var pools = TextPools()
        let car = Bench.sharedData.appendingPathComponent("car_complaints_12365auto.jsonl")
        for object in try jsonLines(car) {
            guard let brand = object["brand"] as? String, let model = object["model"] as? String,
                let text = object["text"] as? String
            else { continue }
            pools.car.append(Car(key: brand + model, brand: brand, model: model, text: text))
            if let range = text.range(of: model) {
                let problem = String(text[range.upperBound...]).trimmingCharacters(in: .whitespaces)
                if problem.count >= 4 { pools.carProblems.append(problem) }
            }
        }
        for row in try Bench.csvRows("online_shopping_10_cats.csv", columns: 3) where row[1] == "0" {
            if row[0] == "水果" || row[0] == "蒙牛" { pools.food.append(row[2]) } else { pools.other.append(row[2]) }
        }
        pools.food += try Bench.csvRows("waimai_10k.csv", columns: 2).filter { $0[0] == "0" }.map { $0[1] }
        let heimao = Bench.sharedData.appendingPathComponent("heimao_complaints.jsonl")
        pools.other += try jsonLines(heimao).compactMap { $0["text"] as? String }
        let written = Bench.root.appendingPathComponent("corpora/written")
        pools.prepaid = try jsonLines(written.appendingPathComponent("prepaid.jsonl")).compactMap { $0["text"] as? String }
        pools.elderly = try jsonLines(written.appendingPathComponent("elderly_health.jsonl")).compactMap { $0["text"] as? String }
        return pools
    }

    /// Texts of the pool that mention one of the words.
    static func mentioning(_ words: [String], in pool: [String]) -> [String] {
        pool.filter { text in words.contains { text.contains($0) } }
    }

    static func jsonLines(_ url: URL) throws -> [[String: Any]] {
        let content = try String(contentsOf: url, encoding: .utf8)
        return content.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }
}
