import Cryptography
import Foundation
import JSON

/// The audit log: every change appended, who and when, each entry's hash covering the
/// previous one's, so that editing, removing or reordering entries is detectable.
///
/// Entries name people and activities only by the store's internal numbers and carry no
/// personal data, so erasing a person leaves the chain intact and nothing about them in it.
public struct AuditEntry: Sendable, Hashable {
  public var seq: Int64
  public var at: String
  public var actor: String
  public var action: String
  public var subject: String
  public var detail: String
  public var prev: String
  public var hash: String

  static let genesis = String(repeating: "0", count: 64)

  static func hash(seq: Int64, at: String, actor: String, action: String, subject: String, detail: String, prev: String)
    -> String
  {
    let fields = [prev, String(seq), at, actor, action, subject, detail]
    return Digest.sha256(Array(fields.joined(separator: "\u{1F}").utf8)).hexString
  }

  var expectedHash: String {
    Self.hash(seq: seq, at: at, actor: actor, action: action, subject: subject, detail: detail, prev: prev)
  }
}

/// The outcome of `cpd audit verify`.
public struct AuditCheck: Sendable, Equatable {
  public var entries: Int
  /// The first entry that does not follow from the one before, and why.
  public var firstBroken: (seq: Int64, reason: String)?

  public var isIntact: Bool { firstBroken == nil }

  public static func == (a: AuditCheck, b: AuditCheck) -> Bool {
    a.entries == b.entries && a.firstBroken?.seq == b.firstBroken?.seq && a.firstBroken?.reason == b.firstBroken?.reason
  }
}

extension SQLiteStore {
  /// Appends an entry inside the caller's transaction.
  func appendAudit(actor: Actor, action: String, subject: String, detail: JSONValue) throws {
    let last = try db.prepare("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
    var seq: Int64 = 1
    var prev = AuditEntry.genesis
    if try last.step() {
      seq = last.int(0) + 1
      prev = last.text(1) ?? AuditEntry.genesis
    }
    let at = Clock.timestamp()
    let who = try actorName(actor)
    let detailText = JSONWriter.string(detail, style: .canonical)
    let hash = AuditEntry.hash(seq: seq, at: at, actor: who, action: action, subject: subject, detail: detailText, prev: prev)
    try db.prepare("INSERT INTO audit (seq, at, actor, action, subject, detail, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .run([.int(seq), .text(at), .text(who), .text(action), .text(subject), .text(detailText), .text(prev), .text(hash)])
  }

  public func auditEntries(subject: String? = nil) throws(RecordsError) -> [AuditEntry] {
    try guarded {
      let sql = "SELECT seq, at, actor, action, subject, detail, prev, hash FROM audit"
        + (subject == nil ? "" : " WHERE subject = ? OR actor = ?") + " ORDER BY seq"
      return try db.prepare(sql).rows(subject.map { [.text($0), .text($0)] } ?? []) { s in
        AuditEntry(
          seq: s.int(0), at: s.text(1) ?? "", actor: s.text(2) ?? "", action: s.text(3) ?? "", subject: s.text(4) ?? "",
          detail: s.text(5) ?? "", prev: s.text(6) ?? "", hash: s.text(7) ?? "")
      }
    }
  }

  /// Walks the chain from the first entry; reports the first one that does not follow.
  public func verifyAudit() throws(RecordsError) -> AuditCheck {
    let entries = try auditEntries()
    var expectedPrev = AuditEntry.genesis
    var expectedSeq: Int64 = 1
    for entry in entries {
      if entry.seq != expectedSeq {
        return AuditCheck(entries: entries.count, firstBroken: (entry.seq, "expected entry \(expectedSeq) here: entries are missing"))
      }
      if entry.prev != expectedPrev {
        return AuditCheck(entries: entries.count, firstBroken: (entry.seq, "it does not follow the previous entry's hash"))
      }
      if entry.hash != entry.expectedHash {
        return AuditCheck(entries: entries.count, firstBroken: (entry.seq, "its content does not match its hash"))
      }
      expectedPrev = entry.hash
      expectedSeq += 1
    }
    return AuditCheck(entries: entries.count, firstBroken: nil)
  }
}

extension SQLiteStore {
  /// SQLite's own consistency checks: `integrity_check` and `foreign_key_check`. Empty when sound.
  public func integrityProblems() throws(RecordsError) -> [String] {
    try guarded {
      var problems = try db.prepare("PRAGMA integrity_check").rows { $0.text(0) ?? "" }.filter { $0 != "ok" }
      problems += try db.prepare("PRAGMA foreign_key_check").rows { s in
        "foreign key: \(s.text(0) ?? "?") row \(s.int(1)) points to a missing \(s.text(2) ?? "?") row"
      }
      return problems
    }
  }
}

extension SQLiteStore {
  /// Steps through every row of the given tables on one connection, reading each column by its
  /// type and doing nothing else: the floor any analysis of the store stands on.
  public func readEveryRow(of tables: [String]) throws(RecordsError) -> Int {
    try guarded {
      var rows = 0
      var sink = 0
      for table in tables {
        let s = try db.prepare("SELECT * FROM \"\(table)\"")
        let columns = s.columnCount
        while try s.step() {
          rows += 1
          for c in 0..<columns {
            if s.isNull(c) { continue }
            let bytes = s.bytesIfText(c)
            sink &+= bytes.map { $0.count } ?? Int(s.int(c))
          }
        }
      }
      return rows + (sink == Int.min ? 1 : 0)
    }
  }
}
