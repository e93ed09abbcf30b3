import Foundation
import Records

extension SQLiteStore {
  /// Everything the store holds, row by row, from one snapshot (`cpd store copy`).
  public func contents() throws(RecordsError) -> StoreContents {
    let key = StoreKey.publicKey(in: keysDirectory)?.pem
    return try db.read { c in
      func optionalInt(_ s: Statement, _ i: Int32) -> Int64? { s.isNull(i) ? nil : s.int(i) }
      let practitioners = try c.prepare(
        "SELECT pid, id, name, email, agency, team, role, manager, language, created_at FROM practitioners ORDER BY pid"
      ).rows { s in
        StoreContents.Practitioner(
          pid: s.int(0), id: s.text(1) ?? "", name: s.text(2) ?? "", email: s.text(3), agency: s.text(4) ?? "", team: s.text(5) ?? "",
          role: s.text(6) ?? "", manager: optionalInt(s, 7), language: s.text(8) ?? "en", createdAt: s.text(9) ?? "")
      }
      let activities = try c.prepare(
        """
        SELECT a.aid, a.practitioner, a.day, a.kind, a.centihours, a.participatory, a.module, a.claims, a.status, a.supersedes,
               a.reflection_words, d.id, d.title, d.reflection, d.source, d.xapi_id, d.framework_version, d.recorded_at
        FROM activities a JOIN activity_details d USING (aid) ORDER BY a.aid
        """
      ).rows { s in
        StoreContents.Activity(
          aid: s.int(0), practitioner: s.int(1), day: Int32(truncatingIfNeeded: s.int(2)), kind: Int(s.int(3)),
          centihours: optionalInt(s, 4).map { Int($0) }, participatory: s.int(5) == 1, module: s.text(6), claims: s.text(7) ?? "",
          status: Int(s.int(8)), supersedes: optionalInt(s, 9), reflectionWords: Int(s.int(10)), id: s.text(11) ?? "",
          title: s.text(12) ?? "", reflection: s.text(13), source: s.text(14) ?? "", xapiID: s.text(15),
          frameworkVersion: s.text(16) ?? "", recordedAt: s.text(17) ?? "")
      }
      let signoffs = try c.prepare(
        "SELECT sid, activity, decision, verifier, note, day, recorded_at, centihours FROM signoffs ORDER BY sid"
      ).rows { s in
        StoreContents.SignOff(
          sid: s.int(0), activity: s.int(1), decision: Int(s.int(2)), verifier: optionalInt(s, 3), note: s.text(4),
          day: Int32(truncatingIfNeeded: s.int(5)), recordedAt: s.text(6) ?? "", centihours: optionalInt(s, 7).map { Int($0) })
      }
      let voidings = try c.prepare(
        "SELECT vid, statement, target, activity, reason, day, recorded_at FROM voidings ORDER BY vid"
      ).rows { s in
        StoreContents.Voiding(
          vid: s.int(0), statement: s.text(1) ?? "", target: s.text(2) ?? "", activity: optionalInt(s, 3), reason: s.text(4),
          day: Int32(truncatingIfNeeded: s.int(5)), recordedAt: s.text(6) ?? "")
      }
      let files = try c.prepare("SELECT activity, sha256, name, bytes FROM evidence_files ORDER BY activity, sha256").rows { s in
        StoreContents.EvidenceFile(activity: s.int(0), sha256: s.text(1) ?? "", name: s.text(2) ?? "", bytes: Int(s.int(3)))
      }
      let assessments = try c.prepare(
        "SELECT practitioner, competency, level, day, recorded_at FROM self_assessments ORDER BY practitioner, day, competency"
      ).rows { s in
        StoreContents.SelfAssessment(
          practitioner: s.int(0), competency: s.text(1) ?? "", level: Int(s.int(2)), day: Int32(truncatingIfNeeded: s.int(3)),
          recordedAt: s.text(4) ?? "")
      }
      let logins = try c.prepare(
        "SELECT number, name, role, practitioner, created_at, password_hash, language FROM logins ORDER BY number"
      ).rows { s in
        StoreContents.Login(
          number: s.int(0), name: s.text(1) ?? "", role: LoginRole(rawValue: s.text(2) ?? "") ?? .practitioner,
          practitioner: optionalInt(s, 3), createdAt: s.text(4) ?? "", passwordHash: s.text(5), language: s.text(6))
      }
      let versions = try c.prepare("SELECT version, bound_at, snapshot FROM framework_versions ORDER BY bound_at").rows { s in
        StoreContents.FrameworkVersion(version: s.text(0) ?? "", boundAt: s.text(1) ?? "", snapshot: s.blob(2))
      }
      let certificates = try c.prepare(Self.certificateColumns + " ORDER BY k.cid").rows { s in Self.certificateEntry(s) }
      var binding: FrameworkBinding? = nil
      if let id = try meta(c, "framework_id") {
        let version = try meta(c, "framework_version") ?? ""
        binding = FrameworkBinding(id: id, version: version, snapshot: versions.first { $0.version == version }?.snapshot)
      }
      return StoreContents(
        storeID: try meta(c, "store_id") ?? "", binding: binding, frameworkVersions: versions, practitioners: practitioners,
        activities: activities, signoffs: signoffs, voidings: voidings, evidenceFiles: files, selfAssessments: assessments,
        logins: logins, certificates: certificates, audit: try Self.auditEntries(c), auditPublicKey: key)
    }
  }
}
