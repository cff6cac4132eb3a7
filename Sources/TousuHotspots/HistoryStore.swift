import Foundation
import GRDB

/// Per-day aggregates in a SQLite file (GRDB), so that a daily run reads only the new records yet
/// compares with months of history. Days are the unit stored (a week is the sum of its days), so
/// daily and weekly reports share one history. Ingesting a day replaces everything stored for it:
/// re-running the same day is idempotent.
///
/// Table `day_counts(day, kind, sector, key, count)`: day as yyyy-MM-dd, kind one of
/// total, sector, nature, merchant, region, term (terms are the per-day term counts).
public final class HistoryStore: Sendable {
    private let queue: DatabaseQueue

    /// Opens (and creates or migrates) the database at `path`.
    public init(path: String) throws(HotspotError) {
        do {
            queue = try DatabaseQueue(path: path)
            var migrator = DatabaseMigrator()
            migrator.registerMigration("v1") { db in
                try db.execute(sql: """
                    CREATE TABLE day_counts (
                        day TEXT NOT NULL, kind TEXT NOT NULL, sector TEXT NOT NULL,
                        key TEXT NOT NULL, count INTEGER NOT NULL,
                        PRIMARY KEY (day, kind, sector, key)) WITHOUT ROWID
                    """)
            }
            try migrator.migrate(queue)
        } catch {
            throw .history(reason: "\(path): \(error)")
        }
    }

    /// Stores the days of `aggregates`, replacing what was stored for those days.
    public func ingest(_ aggregates: DailyAggregates) throws(HotspotError) {
        do {
            try queue.write { db in
                let insert = try db.makeStatement(
                    sql: "INSERT INTO day_counts (day, kind, sector, key, count) VALUES (?, ?, ?, ?, ?)")
                for (day, counts) in aggregates.days {
                    try db.execute(sql: "DELETE FROM day_counts WHERE day = ?", arguments: [day.description])
                    for (g, c) in counts {
                        try insert.execute(arguments: [day.description, g.kind.rawValue, g.sector, g.key, c])
                    }
                }
            }
        } catch {
            throw .history(reason: "ingest: \(error)")
        }
    }

    /// The stored days in `from...to` (all days when nil).
    public func load(from: Day? = nil, to: Day? = nil) throws(HotspotError) -> DailyAggregates {
        do {
            return try queue.read { db in
                var out = DailyAggregates()
                let rows = try Row.fetchCursor(
                    db, sql: "SELECT day, kind, sector, key, count FROM day_counts WHERE day >= ? AND day <= ?",
                    arguments: [from?.description ?? "0000-00-00", to?.description ?? "9999-99-99"])
                while let row = try rows.next() {
                    let dayText: String = row[0]
                    let kindText: String = row[1]
                    guard let day = Day(parsing: dayText), let kind = GroupKind(rawValue: kindText) else { continue }
                    out.days[day, default: [:]][GroupKey(kind, sector: row[2], key: row[3])] = row[4]
                }
                return out
            }
        } catch {
            throw .history(reason: "load: \(error)")
        }
    }

    /// The days stored, oldest first.
    public func days() throws(HotspotError) -> [Day] {
        do {
            return try queue.read { db in
                try String.fetchAll(db, sql: "SELECT DISTINCT day FROM day_counts ORDER BY day")
                    .compactMap { Day(parsing: $0) }
            }
        } catch {
            throw .history(reason: "days: \(error)")
        }
    }
}
