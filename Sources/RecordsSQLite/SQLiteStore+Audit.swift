import Foundation
import JSON
import Records

extension SQLiteStore {
  /// SQLite's own consistency checks: `integrity_check` and `foreign_key_check`. Empty when sound.
  public func integrityProblems() throws(RecordsError) -> [String] {
    try db.read { c in
      var problems = try c.prepare("PRAGMA integrity_check").rows { $0.text(0) ?? "" }.filter { $0 != "ok" }
      problems += try c.prepare("PRAGMA foreign_key_check").rows { s in
        "foreign key: \(s.text(0) ?? "?") row \(s.int(1)) points to a missing \(s.text(2) ?? "?") row"
      }
      return problems
    }
  }

  /// Sums, on one connection, every column the network report reads from the activities,
  /// practitioners and signoffs tables, as one `sqlite3` process would: the floor any report of
  /// the store stands on. Returns the rows read.
  public func readEveryRow() throws(RecordsError) -> Int {
    try db.read { c in
      var rows = 0
      for sql in Self.plainReads {
        let s = try c.prepare(sql)
        while try s.step() { rows += Int(s.int(0)) }
      }
      return rows
    }
  }

  /// Every column the network report reads, summed by SQLite itself: no value leaves the library.
  static let plainReads = [
    """
    SELECT count(*), sum(practitioner), sum(day), sum(kind), sum(centihours), sum(participatory), sum(length(module)),
      sum(length(claims)), sum(status), sum(supersedes), sum(reflection_words) FROM activities
    """,
    """
    SELECT count(*), sum(pid), sum(length(id)), sum(length(name)), sum(length(agency)), sum(length(team)), sum(length(role)),
      sum(manager), sum(length(language)) FROM practitioners
    """,
    "SELECT count(*), sum(activity), sum(decision) FROM signoffs",
  ]
}
