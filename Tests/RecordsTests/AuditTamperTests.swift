import Cryptography
import Foundation
import JSON
import Records
import RecordsSQLite
import TestSupport
import Testing

/// Each way someone with write access to the database file (but not the store's key) could try to
/// rewrite history, and what `audit verify` says about it. Before entries were signed, covered
/// rows and a signed head was kept beside the store, every one of these read as intact.
@Suite struct AuditTamperTests {
  /// A store with some history: people, three activities (one signed off), an assessment.
  static func history() throws -> (StoreFixture, activity: String) {
    let f = try StoreFixture()
    let id = try f.log("p1", "2026-03-01", .classroom, hours: 3)
    try f.log("p1", "2026-03-02", .reading, hours: 1.5)
    try f.log("p2", "2026-03-03", .reading, hours: 2)
    try f.signOff(id)
    try f.assess("p1", "C-INF", 2, on: "2026-03-04")
    #expect(try f.store.verifyAudit().isIntact)
    return (f, id)
  }

  static func dropTriggers(_ f: StoreFixture) throws {
    try f.sql("""
      DROP TRIGGER audit_is_append_only_update; DROP TRIGGER audit_is_append_only_delete;
      DROP TRIGGER signed_off_activities_are_not_edited; DROP TRIGGER activity_content_is_not_edited;
      DROP TRIGGER signoffs_are_not_edited;
      """)
  }

  static func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }

  /// Replaces the whole log with `entries`, their chain worked out again as a forger would (the
  /// hash needs no key); signatures are kept as they were, since the forger has no key to sign.
  static func rewrite(_ f: StoreFixture, _ entries: [AuditEntry]) throws {
    var prev = AuditEntry.genesis
    var sql = "DELETE FROM audit;\n"
    for (i, original) in entries.enumerated() {
      var e = original
      e.seq = Int64(i + 1)
      e.prev = prev
      e.hash = e.expectedHash
      prev = e.hash
      sql += """
        INSERT INTO audit (seq, at, actor, action, subject, detail, prev, hash, version, rows, signature) VALUES
        (\(e.seq), \(quoted(e.at)), \(quoted(e.actor)), \(quoted(e.action)), \(quoted(e.subject)), \(quoted(e.detail)),
         \(quoted(e.prev)), \(quoted(e.hash)), \(e.version), \(quoted(e.rows)), \(quoted(e.signature)));

        """
    }
    try f.sql(sql)
  }

  static func broken(_ f: StoreFixture) throws -> String? {
    let check = try f.store.verifyAudit()
    return check.firstBroken.map { "\($0.seq): \($0.reason)" }
  }

  @Test func truncatingTheTailIsDetected() throws {
    let (f, _) = try Self.history()
    try Self.dropTriggers(f)
    let last = try #require(try f.store.auditEntries().last?.seq)
    try f.sql("DELETE FROM audit WHERE seq > \(last - 2)")
    #expect(try Self.broken(f)?.contains("the log ends before entry \(last)") == true)
  }

  @Test func emptyingTheLogIsDetected() throws {
    let (f, _) = try Self.history()
    try Self.dropTriggers(f)
    try f.sql("DELETE FROM audit")
    let check = try f.store.verifyAudit()
    #expect(!check.isIntact)
    #expect(check.entries == 0)
  }

  @Test func recomputingTheChainIsDetected() throws {
    let (f, _) = try Self.history()
    var entries = try f.store.auditEntries()
    try Self.dropTriggers(f)
    entries[entries.count - 2].actor = "system:someone-else"
    try Self.rewrite(f, entries)
    #expect(try Self.broken(f) != nil)
    // Recomputed as unsigned, first-format entries throughout: the head names a hash no longer there.
    let unsigned = entries.map { e -> AuditEntry in
      var e = e
      e.version = 1
      e.rows = ""
      e.signature = ""
      return e
    }
    try Self.rewrite(f, unsigned)
    #expect(try Self.broken(f) != nil)
  }

  @Test func appendingAForgedEntryIsDetected() throws {
    let (f, _) = try Self.history()
    var entries = try f.store.auditEntries()
    let last = entries.last!
    // The forger copies a real signature onto the new entry: it signs another hash.
    entries.append(
      AuditEntry(seq: last.seq + 1, at: last.at, actor: "owner", action: "practitioner.erase", subject: "practitioner#2",
        detail: "{}", prev: last.hash, hash: "", version: 2, rows: "", signature: last.signature))
    try Self.dropTriggers(f)
    try Self.rewrite(f, entries)
    #expect(try Self.broken(f) == "\(last.seq + 1): its signature is not the store's")
    // An unsigned one after signed ones is no better.
    entries[entries.count - 1].version = 1
    entries[entries.count - 1].signature = ""
    try Self.rewrite(f, entries)
    #expect(try Self.broken(f) == "\(last.seq + 1): an unsigned entry after signed ones")
  }

  @Test func reorderingEntriesIsDetected() throws {
    let (f, _) = try Self.history()
    var entries = try f.store.auditEntries()
    entries.swapAt(entries.count - 2, entries.count - 3)
    try Self.dropTriggers(f)
    try Self.rewrite(f, entries)
    #expect(try Self.broken(f) != nil)
  }

  @Test func editingAVerifiedActivityIsDetected() throws {
    let (f, activity) = try Self.history()
    try Self.dropTriggers(f)
    try f.sql("UPDATE activities SET centihours = 2300 WHERE aid = (SELECT aid FROM activity_details WHERE id = \(Self.quoted(activity)))")
    #expect(try Self.broken(f)?.contains("the activities or sign-offs it covers have been changed") == true)
  }

  @Test func editingASignOffIsDetected() throws {
    let (f, _) = try Self.history()
    try Self.dropTriggers(f)
    try f.sql("UPDATE signoffs SET decision = 2")
    #expect(try Self.broken(f)?.contains("have been changed") == true)
  }

  @Test func deletingOrAddingAnActivityIsDetected() throws {
    do {
      let (f, _) = try Self.history()
      try Self.dropTriggers(f)
      try f.sql("DELETE FROM activities WHERE aid = (SELECT max(aid) FROM activities)")
      #expect(try Self.broken(f)?.contains("have been changed") == true)
    }
    let (f, _) = try Self.history()
    try f.sql("""
      INSERT INTO activities (practitioner, day, kind, centihours, participatory, claims, reflection_words)
        SELECT practitioner, day, kind, 900, participatory, claims, reflection_words FROM activities LIMIT 1
      """)
    #expect(try Self.broken(f)?.contains("with no audit entry") == true)
  }

  @Test func removingOrReplacingTheHeadIsDetected() throws {
    let (f, _) = try Self.history()
    let head = f.sqlite.path + "-audit-head"
    let saved = try Data(contentsOf: URL(fileURLWithPath: head))
    try FileManager.default.removeItem(atPath: head)
    #expect(try Self.broken(f)?.contains("signed head of the log kept beside the store is missing") == true)
    // An earlier head, its signature kept: it no longer signs what it says.
    let real = try #require(AuditHead(text: String(decoding: saved, as: UTF8.self)))
    let earlier = AuditHead(store: real.store, seq: real.seq - 2, hash: real.hash, signature: real.signature)
    try Data(earlier.text.utf8).write(to: URL(fileURLWithPath: head))
    #expect(try Self.broken(f) != nil)
    try saved.write(to: URL(fileURLWithPath: head))
    #expect(try Self.broken(f) == nil)
    try FileManager.default.removeItem(atPath: f.sqlite.keysDirectory + "/audit-public.pem")
    #expect(try Self.broken(f)?.contains("audit key is missing") == true)
  }
}

/// The audit log of a store copied into another (`cpd store copy`) is carried entry by entry, and
/// checked again whenever the receiving store's log is: a carried entry changed, left out or
/// signed by another key is found, even though each carrier is a sound entry of its own chain.
@Suite struct CopiedAuditLogTests {
  static func copy(of source: [AuditEntry], key: Ed25519PublicKey, head: AuditEntry? = nil) -> [AuditEntry] {
    var log: [AuditEntry] = []
    func append(_ action: String, _ subject: String, _ detail: JSONValue) {
      log.append(
        AuditEntry(
          seq: Int64(log.count + 1), at: "2026-12-02T00:00:00Z", actor: "owner", action: action, subject: subject,
          detail: JSONWriter.string(detail, style: .canonical), prev: log.last?.hash ?? AuditEntry.genesis))
    }
    append("store.init", "store", [:])
    for entry in source { append(CopiedAuditEntry.action, "store:team#\(entry.seq)", CopiedAuditEntry.detail(entry)) }
    let last = head ?? source.last!
    append(
      CopiedAuditEntry.closingAction, "store:team",
      ["store": "team", "head": ["seq": .int(Int(last.seq)), "hash": .string(last.hash)], "key": .string(key.pem)])
    return log
  }

  static func teamLog(_ key: Ed25519PrivateKey) throws -> [AuditEntry] {
    var log: [AuditEntry] = []
    for (i, action) in ["store.init", "practitioners.add", "activity.log", "signoff.verify"].enumerated() {
      let entry = AuditEntry(
        seq: Int64(i + 1), at: "2026-01-0\(i + 1)T09:00:00Z", actor: "login#\(i)", action: action, subject: "activity#\(i)",
        detail: "{}", prev: log.last?.hash ?? AuditEntry.genesis)
      log.append(try entry.signed(with: key))
    }
    return log
  }

  @Test func aCarriedLogIsCheckedAgain() throws {
    let key = try Ed25519PrivateKey()
    let team = try Self.teamLog(key)
    #expect(CopiedAuditLog.check(Self.copy(of: team, key: key.publicKey)) == nil)
    #expect(AuditCheck.walk(Self.copy(of: team, key: key.publicKey)).isIntact)

    var changed = team
    changed[1].detail = #"{"count":99}"#
    let found = CopiedAuditLog.check(Self.copy(of: changed, key: key.publicKey))
    #expect(found?.reason.contains("broken at its entry 2") == true, "\(String(describing: found))")

    var missing = team
    missing.remove(at: 2)
    #expect(CopiedAuditLog.check(Self.copy(of: missing, key: key.publicKey))?.reason.contains("broken at its entry 4") == true)

    let cut = Array(team.dropLast())
    #expect(CopiedAuditLog.check(Self.copy(of: cut, key: key.publicKey, head: team.last))?.reason.contains("head") == true)

    let other = try Ed25519PrivateKey()
    #expect(CopiedAuditLog.check(Self.copy(of: team, key: other.publicKey))?.reason.contains("not signed by the key") == true)

    var unclosed = Self.copy(of: team, key: key.publicKey)
    unclosed.removeLast()
    #expect(CopiedAuditLog.check(unclosed)?.reason.contains("not closed") == true)
  }
}
