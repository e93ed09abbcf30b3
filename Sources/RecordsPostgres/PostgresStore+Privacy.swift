import Competency
import Foundation
import JSON
import Records
import Workforce

extension PostgresStore {
  /// Everything the store holds about one person that the caller may read, in one snapshot.
  public func personalData(of id: String) throws(RecordsError) -> PersonalData {
    try read { c in
      guard let person = Self.practitionerRecords(try c.query(Self.practitionerColumns + " WHERE p.id = $1", [id])).first,
        let pid = try c.scalar("SELECT pid FROM cpd.practitioners WHERE id = $1", [id])
      else { throw RecordsError.invalid("practitioner", .unknown, "unknown practitioner \"\(id)\"") }
      let activities = try Self.activityRecords(c, where: "WHERE p.id = $1 ORDER BY a.day DESC, a.aid DESC", [id])
      let g = try c.query(
        """
        SELECT a.id, s.decision, s.note, s.day FROM cpd.signoffs s JOIN cpd.activities a ON a.aid = s.activity
        WHERE s.verifier = $1 ORDER BY s.sid
        """, [pid])
      let given = g.map { i in
        SignOffGiven(
          activity: g.string(i, 0), decision: SignOffStatus(rawValue: UInt8(truncatingIfNeeded: g.int(i, 1))) ?? .verified,
          note: g.text(i, 2), date: Day(ordinal: Int32(g.int(i, 3))))
      }
      let logins = Self.loginRecords(try c.query(Self.loginColumns + " WHERE l.practitioner = $1 ORDER BY l.name COLLATE \"C\"", [pid]))
      var subjects = Set(["practitioner#\(pid)"])
      for a in activities { subjects.insert("activity#\(a.aid)") }
      let actors = Set(logins.map { "login#\($0.number)" })
      let audit = try Self.auditEntries(c).filter { subjects.contains($0.subject) || actors.contains($0.actor) }
      return PersonalData(
        practitioner: person, activities: activities.map(\.record), selfAssessments: try Self.selfAssessments(c, of: id),
        signOffsGiven: given, logins: logins, auditEntries: audit,
        certificates: Self.certificateEntries(try c.query(Self.certificateColumns + " WHERE k.practitioner = $1 ORDER BY k.cid DESC", [pid])))
    }
  }

  /// Removes a person's data (record, activities, evidence only they referenced, self-
  /// assessments, logins and their database roles); sign-offs they gave others stay without the
  /// verifier. Entries that covered rows the erasure removed or changed are re-anchored by its
  /// own entry. The server keeps deleted rows' space until it vacuums the tables, which
  /// `walCleared` reports as not yet done.
  public func erase(_ id: String, actor: AuditActor) throws(RecordsError) -> Erasure {
    try write { c -> Erasure in
      guard let pid = try c.scalar("SELECT pid FROM cpd.practitioners WHERE id = $1", [id]) else {
        throw RecordsError.invalid("practitioner", .unknown, "unknown practitioner \"\(id)\"")
      }
      let hashes = try c.query(
        "SELECT DISTINCT e.sha256 FROM cpd.evidence_files e JOIN cpd.activities a ON a.aid = e.activity WHERE a.practitioner = $1", [pid])
      let erased = try c.query("SELECT aid FROM cpd.activities WHERE practitioner = $1", [pid])
      let erasedAids = Set(erased.map { erased.int($0, 0) })
      let touched = try c.query(
        "SELECT s.sid FROM cpd.signoffs s JOIN cpd.activities a ON a.aid = s.activity WHERE a.practitioner = $1 OR s.verifier = $1", [pid])
      let touchedSids = Set(touched.map { touched.int($0, 0) })
      let voided = try c.query(
        "SELECT v.vid FROM cpd.voidings v JOIN cpd.activities a ON a.aid = v.activity WHERE a.practitioner = $1", [pid])
      let touchedVids = Set(voided.map { voided.int($0, 0) })
      let certificates = try Self.releaseCertificates(c, of: pid)
      let logins = try c.query("SELECT name FROM cpd.logins WHERE practitioner = $1", [pid])
      for i in 0..<logins.rows { try c.query("SELECT cpd.remove_login($1)", [logins.string(i, 0)]) }
      try c.query("DELETE FROM cpd.activities WHERE practitioner = $1 AND supersedes IS NOT NULL", [pid])
      try c.query("DELETE FROM cpd.activities WHERE practitioner = $1", [pid])
      try c.query("DELETE FROM cpd.self_assessments WHERE practitioner = $1", [pid])
      try c.query("DELETE FROM cpd.practitioners WHERE pid = $1", [pid])
      var files = 0
      for i in 0..<hashes.rows {
        files += try c.query(
          "DELETE FROM cpd.evidence_blobs b WHERE b.sha256 = $1 AND NOT EXISTS (SELECT 1 FROM cpd.evidence_files e WHERE e.sha256 = b.sha256)",
          [hashes.string(i, 0)]
        ).affected
      }
      var reanchor = JSONObject()
      for entry in try Self.auditEntries(c, where: "WHERE rows <> ''") {
        guard let coverage = AuditCoverage(text: entry.rows) else { continue }
        let hit =
          (coverage.activities.map { range in erasedAids.contains { range.contains($0) } } ?? false)
          || (coverage.signoffs.map { range in touchedSids.contains { range.contains($0) } } ?? false)
          || (coverage.voidings.map { range in touchedVids.contains { range.contains($0) } } ?? false)
        if hit { reanchor[String(entry.seq)] = .string(try PostgresCoveredRows(c: c).digest(of: coverage).digest) }
      }
      var detail = JSONObject([
        ("activities", .int(erasedAids.count)), ("files", .int(files)), ("certificatesRevoked", .int(certificates)),
      ])
      if !reanchor.isEmpty { detail["reanchor"] = .object(reanchor) }
      try appendAudit(c, actor: actor, action: "practitioner.erase", subject: "practitioner#\(pid)", detail: .object(detail))
      return Erasure(activities: erasedAids.count, files: files)
    }
  }
}
