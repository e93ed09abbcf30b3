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

  /// Steps through every row of the tables an analysis reads on one connection, reading each
  /// column by its type and doing nothing else: the floor any analysis of the store stands on.
  public func readEveryRow() throws(RecordsError) -> Int {
    try db.read { c in
      var rows = 0
      var sink = 0
      for table in ["practitioners", "activities", "self_assessments"] {
        let s = try c.prepare("SELECT * FROM \"\(table)\"")
        let columns = s.columnCount
        while try s.step() {
          rows += 1
          for col in 0..<columns {
            if s.isNull(col) { continue }
            let bytes = s.bytesIfText(col)
            sink &+= bytes.map { $0.count } ?? Int(s.int(col))
          }
        }
      }
      return rows + (sink == Int.min ? 1 : 0)
    }
  }
}
