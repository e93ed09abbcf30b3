import Competency
import Foundation
import JSON
import Records
import Workforce

extension SQLiteStore {
  /// Everything the store holds about one person, for a subject access request: their record,
  /// every activity with its sign-offs and evidence, their self-assessments, the sign-offs they
  /// gave others, their logins, and the audit entries about them or their activities. One
  /// snapshot.
  public func personalData(of id: String) throws(RecordsError) -> PersonalData {
    try db.read { c in
      guard let pid = try Self.pid(c, of: id),
        let person = try c.prepare(Self.practitionerColumns + " WHERE p.id = ?").rows([.text(id)], Self.practitionerRecord).first
      else { throw RecordsError.invalid("practitioner", .unknown, "unknown practitioner \"\(id)\"") }
      let activities = try Self.activityRecords(c, where: "WHERE p.id = ? ORDER BY a.day DESC, a.aid DESC", [.text(id)])
      let given = try c.prepare(
        """
        SELECT d.id, s.decision, s.note, s.day FROM signoffs s JOIN activity_details d ON d.aid = s.activity
        WHERE s.verifier = ? ORDER BY s.sid
        """
      ).rows([.int(pid)]) { s in
        SignOffGiven(
          activity: s.text(0) ?? "", decision: SignOffStatus(rawValue: UInt8(truncatingIfNeeded: s.int(1))) ?? .verified,
          note: s.text(2), date: Day(ordinal: Int32(s.int(3))))
      }
      let logins = try c.prepare(Self.loginColumns + " WHERE l.practitioner = ? ORDER BY l.name").rows([.int(pid)], Self.loginRecord)
      var subjects = Set(["practitioner#\(pid)"])
      for a in activities { subjects.insert("activity#\(a.aid)") }
      for cid in try c.prepare("SELECT cid FROM certificates WHERE practitioner = ?").rows([.int(pid)], { $0.int(0) }) {
        subjects.insert("certificate#\(cid)")
      }
      let actors = Set(logins.map { "login#\($0.number)" })
      let audit = try Self.auditEntries(c).filter { subjects.contains($0.subject) || actors.contains($0.actor) }
      return PersonalData(
        practitioner: person, activities: activities.map(\.record), selfAssessments: try Self.selfAssessments(c, of: id),
        signOffsGiven: given, logins: logins, auditEntries: audit,
        certificates: try c.prepare(Self.certificateColumns + " WHERE k.practitioner = ? ORDER BY k.cid").rows([.int(pid)], Self.certificateEntry))
    }
  }

  /// Removes a person's data: their record, activities, evidence attachments, self-assessments
  /// and logins. Sign-offs they gave others stay, with the verifier removed; people they managed
  /// lose the link. Nothing about them is left to read or recover: deleted content is
  /// overwritten (`secure_delete`), the WAL is checkpointed and truncated, evidence only they
  /// referenced is deleted, and the audit log names no one. Entries that covered rows the erasure
  /// removed or changed are re-anchored by the erasure's own entry.
  public func erase(_ id: String, actor: AuditActor) throws(RecordsError) -> Erasure {
    var orphaned: [String] = []
    let result = try write { c -> Erasure in
      guard let pid = try Self.pid(c, of: id) else {
        throw RecordsError.invalid("practitioner", .unknown, "unknown practitioner \"\(id)\"")
      }
      let hashes = try c.prepare(
        "SELECT DISTINCT e.sha256 FROM evidence_files e JOIN activities a ON a.aid = e.activity WHERE a.practitioner = ?"
      ).rows([.int(pid)]) { $0.text(0) ?? "" }
      let erasedAids = Set(try c.prepare("SELECT aid FROM activities WHERE practitioner = ?").rows([.int(pid)]) { $0.int(0) })
      let touchedSids = Set(
        try c.prepare(
          "SELECT s.sid FROM signoffs s JOIN activities a ON a.aid = s.activity WHERE a.practitioner = ? OR s.verifier = ?"
        ).rows([.int(pid), .int(pid)]) { $0.int(0) })
      let touchedVids = Set(
        try c.prepare("SELECT v.vid FROM voidings v JOIN activities a ON a.aid = v.activity WHERE a.practitioner = ?")
          .rows([.int(pid)]) { $0.int(0) })
      // Corrections point at older activities of the same person: remove those first.
      try c.prepare("DELETE FROM activities WHERE practitioner = ? AND supersedes IS NOT NULL").run([.int(pid)])
      try c.prepare("DELETE FROM activities WHERE practitioner = ?").run([.int(pid)])
      try c.prepare("DELETE FROM self_assessments WHERE practitioner = ?").run([.int(pid)])
      let certificates = try Self.releaseCertificates(c, of: pid)
      try c.prepare("DELETE FROM practitioners WHERE pid = ?").run([.int(pid)])
      let stillUsed = try c.prepare("SELECT 1 FROM evidence_files WHERE sha256 = ? LIMIT 1")
      for hash in hashes {
        stillUsed.reset()
        stillUsed.bindAll([.text(hash)])
        if try !stillUsed.step() { orphaned.append(hash) }
      }
      // Re-anchor every entry whose rows the erasure removed or changed.
      var reanchor = JSONObject()
      for entry in try Self.auditEntries(c, where: "WHERE rows != ''") {
        guard let coverage = AuditCoverage(text: entry.rows) else { continue }
        let hit =
          (coverage.activities.map { range in erasedAids.contains { range.contains($0) } } ?? false)
          || (coverage.signoffs.map { range in touchedSids.contains { range.contains($0) } } ?? false)
          || (coverage.voidings.map { range in touchedVids.contains { range.contains($0) } } ?? false)
        if hit { reanchor[String(entry.seq)] = .string(try CoveredRows(c).digest(of: coverage).digest) }
      }
      var detail = JSONObject([
        ("activities", .int(erasedAids.count)), ("files", .int(orphaned.count)), ("certificatesRevoked", .int(certificates)),
      ])
      if !reanchor.isEmpty { detail["reanchor"] = .object(reanchor) }
      try appendAudit(c, actor: actor, action: "practitioner.erase", subject: "practitioner#\(pid)", detail: .object(detail))
      return Erasure(activities: erasedAids.count, files: orphaned.count)
    }
    for hash in orphaned { vault.remove(hash) }
    // What was deleted is overwritten in the database; now nothing of it may stay in the WAL
    // (the checkpoint waits, on the busy timeout, for readers to let go of it).
    var erasure = result
    erasure.walCleared = try db.outsideTransaction { c in
      let s = try c.prepare("PRAGMA wal_checkpoint(TRUNCATE)")
      return try s.step() && s.int(0) == 0
    }
    return erasure
  }
}
