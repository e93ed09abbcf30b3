import Foundation
import JSON
import Records

extension SQLiteStore {
  /// Appends an entry inside the caller's transaction. Every write appends one, which is also
  /// what lets parallel readers prove they share a snapshot (they see the same last entry).
  func appendAudit(_ c: Connection, actor: AuditActor, action: String, subject: String, detail: JSONValue) throws {
    let last = try c.prepare("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
    var seq: Int64 = 1
    var prev = AuditEntry.genesis
    if try last.step() {
      seq = last.int(0) + 1
      prev = last.text(1) ?? AuditEntry.genesis
    }
    let entry = AuditEntry(
      seq: seq, at: Clock.timestamp(), actor: actor.name, action: action, subject: subject,
      detail: JSONWriter.string(detail, style: .canonical), prev: prev)
    try c.prepare("INSERT INTO audit (seq, at, actor, action, subject, detail, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .run([
        .int(entry.seq), .text(entry.at), .text(entry.actor), .text(entry.action), .text(entry.subject), .text(entry.detail),
        .text(entry.prev), .text(entry.hash),
      ])
  }

  static func auditEntries(_ c: Connection, where clause: String = "", _ values: [SQLValue] = []) throws -> [AuditEntry] {
    try c.prepare("SELECT seq, at, actor, action, subject, detail, prev, hash FROM audit \(clause) ORDER BY seq").rows(values) { s in
      AuditEntry(
        seq: s.int(0), at: s.text(1) ?? "", actor: s.text(2) ?? "", action: s.text(3) ?? "", subject: s.text(4) ?? "",
        detail: s.text(5) ?? "", prev: s.text(6) ?? "", hash: s.text(7) ?? "")
    }
  }

  public func auditEntries() throws(RecordsError) -> [AuditEntry] {
    try db.read { c in try Self.auditEntries(c) }
  }

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
