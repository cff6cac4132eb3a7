import Foundation
import GRDB
import TousuClassifier
import TousuHotspots

/// The service's record store: classified complaints in SQLite (GRDB, WAL), one row per id.
/// Storing is idempotent by id: a second record with a stored id is kept out and reported as a
/// duplicate, so a platform that retries an ingest never counts a complaint twice.
///
/// Table `complaints(id, day, text, merchant, region, sector, natures, prediction, terms,
/// received_at)`: natures and terms as JSON arrays, prediction as the JSON of `tousu classify`.
public final class ComplaintStore: Sendable {
    private let pool: DatabasePool

    /// One complaint to store, classified.
    public struct Entry: Sendable {
        public var id: String
        public var day: Day?
        public var text: String
        public var merchant: String?
        public var region: String?
        public var prediction: Prediction
        /// The record's hotspot terms (`TermExtractor`).
        public var terms: [String]

        public init(
            id: String, day: Day?, text: String, merchant: String?, region: String?, prediction: Prediction,
            terms: [String]
        ) {
            self.id = id
            self.day = day
            self.text = text
            self.merchant = merchant
            self.region = region
            self.prediction = prediction
            self.terms = terms
        }
    }

    public enum Outcome: String, Sendable, Codable {
        case stored, duplicate
    }

    public init(path: String) throws {
        var config = Configuration()
        config.busyMode = .timeout(5)
        pool = try DatabasePool(path: path, configuration: config)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("complaints-v1") { db in
            try db.execute(sql: """
                CREATE TABLE complaints (
                    id TEXT PRIMARY KEY NOT NULL, day TEXT, text TEXT NOT NULL, merchant TEXT, region TEXT,
                    sector TEXT NOT NULL, natures TEXT NOT NULL, prediction TEXT NOT NULL, terms TEXT NOT NULL,
                    received_at TEXT NOT NULL);
                CREATE INDEX complaints_day ON complaints(day);
                """)
        }
        try migrator.migrate(pool)
    }

    /// Stores the entries not stored yet, in one transaction; says for each whether it was new.
    public func store(_ entries: [Entry]) async throws -> [Outcome] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let received = ISO8601DateFormatter().string(from: Date())
        let rows = try entries.map { e in
            (e, String(decoding: try encoder.encode(e.prediction.natures), as: UTF8.self),
             String(decoding: try encoder.encode(e.prediction), as: UTF8.self),
             String(decoding: try encoder.encode(e.terms), as: UTF8.self))
        }
        return try await pool.write { db in
            let insert = try db.makeStatement(sql: """
                INSERT INTO complaints (id, day, text, merchant, region, sector, natures, prediction, terms, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING
                """)
            var outcomes: [Outcome] = []
            for (e, natures, prediction, terms) in rows {
                try insert.execute(arguments: [
                    e.id, e.day?.description, e.text, e.merchant, e.region, e.prediction.sector, natures,
                    prediction, terms, received,
                ])
                outcomes.append(db.changesCount > 0 ? .stored : .duplicate)
            }
            return outcomes
        }
    }

    /// The stored records dated `from...to`, as hotspot detection reads them. With `countsOnly`
    /// the text and terms are left out (empty): enough for `DailyAggregates`, at a fraction of
    /// the memory, for the periods a report only counts.
    public func records(from: Day, to: Day, countsOnly: Bool = false) async throws -> [ClassifiedRecord] {
        try await pool.read { db in
            let decoder = JSONDecoder()
            var out: [ClassifiedRecord] = []
            let columns = countsOnly ? "id, day, merchant, region, sector, natures" : "id, day, text, merchant, region, sector, natures, terms"
            let rows = try Row.fetchCursor(
                db, sql: "SELECT \(columns) FROM complaints WHERE day >= ? AND day <= ?",
                arguments: [from.description, to.description])
            while let row = try rows.next() {
                let dayText: String? = row["day"]
                let natures = (try? decoder.decode([String].self, from: Data((row["natures"] as String).utf8))) ?? ["other"]
                let terms = countsOnly ? nil : (try? decoder.decode([String].self, from: Data((row["terms"] as String).utf8))) ?? []
                out.append(
                    ClassifiedRecord(
                        id: row["id"], date: dayText.flatMap(Day.init(parsing:)), sector: row["sector"],
                        natures: natures, merchant: row["merchant"], region: row["region"],
                        text: countsOnly ? "" : row["text"], tokens: terms))
            }
            return out
        }
    }

    /// The earliest stored day, if any record is dated.
    public func firstDay() async throws -> Day? {
        try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT MIN(day) FROM complaints").flatMap(Day.init(parsing:))
        }
    }

    /// The latest stored day, if any record is dated.
    public func lastDay() async throws -> Day? {
        try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT MAX(day) FROM complaints").flatMap(Day.init(parsing:))
        }
    }

    /// How many complaints are stored.
    public func count() async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM complaints") ?? 0 }
    }

    /// True when the database answers (for /readyz).
    public func ping() async -> Bool {
        (try? await pool.read { db in try Int.fetchOne(db, sql: "SELECT 1") }) == 1
    }
}
