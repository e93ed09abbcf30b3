import Competency
import Foundation
import JSON
import Workforce

extension SQLiteStore {
  /// Everything the store holds about one person, for a subject access request: their record,
  /// every activity with its sign-offs and evidence (file contents included, base64), their
  /// self-assessments, the sign-offs they gave others, and the audit entries about them.
  public func subjectAccessExport(_ id: String) throws(RecordsError) -> JSONValue {
    guard let person = try practitioner(id) else { throw .invalid("practitioner: unknown practitioner \"\(id)\"") }
    let activities = try activities(of: id)
    let ratings = try selfAssessments(of: id)
    return try guarded {
      let pid = try pid(of: id)!
      let given = try db.prepare(
        """
        SELECT d.id, s.decision, s.note, s.day FROM signoffs s JOIN activity_details d ON d.aid = s.activity
        WHERE s.verifier = ? ORDER BY s.sid
        """
      ).rows([.int(pid)]) { s -> JSONValue in
        [
          "activity": .string(s.text(0) ?? ""), "decision": .string(SignOffStatus(rawValue: UInt8(s.int(1)))?.name ?? ""),
          "note": .optional(s.text(2)), "date": .string(Day(ordinal: Int32(s.int(3))).description),
        ]
      }
      let audit = try auditEntries(subject: "practitioner#\(pid)")
      let activitySubjects = Set(
        try db.prepare("SELECT aid FROM activities WHERE practitioner = ?").rows([.int(pid)]) { "activity#\($0.int(0))" })
      let activityAudit = try auditEntries().filter { activitySubjects.contains($0.subject) }
      return [
        "exportedAt": .string(Clock.timestamp()),
        "store": .string(path),
        "practitioner": practitionerJSON(person),
        "activities": .array(activities.map { activityJSON($0, includeFiles: true) }),
        "selfAssessments": .array(
          ratings.map { ["competency": .string($0.competency), "level": .int($0.level), "date": .string($0.date.description)] }),
        "signOffsGiven": .array(given),
        "auditEntries": .array((audit + activityAudit).sorted { $0.seq < $1.seq }.map(auditJSON)),
      ]
    }
  }

  /// Removes a person's data: their record, activities, evidence attachments, self-assessments.
  /// Sign-offs they gave others stay, with the verifier removed; people they managed lose the
  /// link. The audit log keeps an entry of the erasure, which names nobody.
  public func erase(_ id: String, actor: Actor) throws(RecordsError) -> (activities: Int, files: Int) {
    var orphaned: [String] = []
    let result = try write { () throws -> (Int, Int) in
      guard let pid = try pid(of: id) else { throw RecordsError.invalid("practitioner: unknown practitioner \"\(id)\"") }
      let hashes = try db.prepare(
        "SELECT DISTINCT e.sha256 FROM evidence_files e JOIN activities a ON a.aid = e.activity WHERE a.practitioner = ?"
      ).rows([.int(pid)]) { $0.text(0) ?? "" }
      // Corrections point at older activities of the same person: clear those links first.
      let activityCount = Int(try db.scalar("SELECT count(*) FROM activities WHERE practitioner = \(pid)") ?? "0") ?? 0
      try db.prepare("DELETE FROM activities WHERE practitioner = ? AND supersedes IS NOT NULL").run([.int(pid)])
      try db.prepare("DELETE FROM activities WHERE practitioner = ?").run([.int(pid)])
      try db.prepare("DELETE FROM self_assessments WHERE practitioner = ?").run([.int(pid)])
      try db.prepare("DELETE FROM practitioners WHERE pid = ?").run([.int(pid)])
      let stillUsed = try db.prepare("SELECT 1 FROM evidence_files WHERE sha256 = ? LIMIT 1")
      for hash in hashes {
        stillUsed.reset()
        stillUsed.bindAll([.text(hash)])
        if try !stillUsed.step() { orphaned.append(hash) }
      }
      try appendAudit(
        actor: actor, action: "practitioner.erase", subject: "practitioner#\(pid)",
        detail: ["activities": .int(activityCount), "files": .int(orphaned.count)])
      return (activityCount, orphaned.count)
    }
    for hash in orphaned { vault.remove(hash) }
    return result
  }

  func practitionerJSON(_ p: PractitionerRecord) -> JSONValue {
    [
      "id": .string(p.id), "name": .string(p.name), "email": .optional(p.email), "agency": .string(p.agency),
      "team": .string(p.team), "role": .string(p.role), "manager": .optional(p.manager), "language": .string(p.language),
      "createdAt": .string(p.createdAt),
    ]
  }

  public func activityJSON(_ a: ActivityRecord, includeFiles: Bool = false) -> JSONValue {
    [
      "id": .string(a.id), "practitioner": .string(a.practitioner), "date": .string(a.date.description),
      "kind": .string(a.kind.rawValue), "hours": .number(a.hours), "participatory": .bool(a.participatory),
      "title": .string(a.title), "module": .optional(a.module), "competencies": .strings(a.claims.map(\.text)),
      "reflection": .optional(a.reflection), "status": .string(a.status.name), "supersedes": .optional(a.supersedes),
      "supersededBy": .optional(a.supersededBy),
      "evidence": .array(
        a.evidence.map { e in
          var o: JSONValue = ["name": .string(e.name), "sha256": .string(e.sha256), "bytes": .int(e.bytes)]
          if includeFiles, let data = vault.read(e.sha256) {
            o = .object({ var x = o.objectValue!; x["contentBase64"] = .string(data.base64EncodedString()); return x }())
          }
          return o
        }),
      "signOffs": .array(
        a.signOffs.map {
          [
            "decision": .string($0.decision.name), "by": .optional($0.verifier), "note": .optional($0.note),
            "date": .string($0.date.description),
          ]
        }),
      "source": .string(a.source), "frameworkVersion": .string(a.frameworkVersion), "recordedAt": .string(a.recordedAt),
    ]
  }

  func auditJSON(_ e: AuditEntry) -> JSONValue {
    [
      "seq": .int(Int(e.seq)), "at": .string(e.at), "actor": .string(e.actor), "action": .string(e.action),
      "subject": .string(e.subject), "detail": .string(e.detail),
    ]
  }
}
