import Competency
import Foundation
import JSON
import Records

extension SQLiteStore {
  static let certificateColumns = """
    SELECT k.credential_id, p.id, k.period_start, k.period_end, k.framework_id, k.framework_version, k.policy_id,
      k.policy_version, k.achievement_id, k.status_list, k.status_index, k.issued_at, k.issuer_did, k.revoked_at,
      k.revocation_reason, k.cid
    FROM certificates k LEFT JOIN practitioners p ON p.pid = k.practitioner
    """

  static func certificateEntry(_ s: Statement) -> CertificateEntry {
    let list = s.text(9)
    return CertificateEntry(
      credentialID: s.text(0) ?? "", practitioner: s.text(1), periodStart: Day(ordinal: Int32(s.int(2))),
      periodEnd: Day(ordinal: Int32(s.int(3))), frameworkID: s.text(4) ?? "", frameworkVersion: s.text(5) ?? "",
      policyID: s.text(6) ?? "", policyVersion: s.text(7) ?? "", achievementID: s.text(8) ?? "",
      status: list.map { StatusSlot(list: $0, index: Int(s.int(10))) }, issuedAt: s.text(11) ?? "", issuerDID: s.text(12) ?? "",
      revokedAt: s.text(13), revocationReason: s.text(14))
  }

  public func register(_ certificate: CertificateEntry, actor: AuditActor) throws(RecordsError) {
    try write { c in
      guard let holder = certificate.practitioner, let pid = try Self.pid(c, of: holder) else {
        throw RecordsError.invalid("practitioner", .unknown, "unknown practitioner \"\(certificate.practitioner ?? "")\"")
      }
      let insert = try c.prepare(
        """
        INSERT INTO certificates (credential_id, practitioner, period_start, period_end, framework_id, framework_version,
          policy_id, policy_version, achievement_id, status_list, status_index, issued_at, issuer_did)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)
      let values: [SQLValue] = [
        .text(certificate.credentialID), .int(pid), .int(Int64(certificate.periodStart.ordinal)),
        .int(Int64(certificate.periodEnd.ordinal)), .text(certificate.frameworkID), .text(certificate.frameworkVersion),
        .text(certificate.policyID), .text(certificate.policyVersion), .text(certificate.achievementID),
        .optional(certificate.status?.list), .optional(certificate.status.map { Int64($0.index) }), .text(certificate.issuedAt),
        .text(certificate.issuerDID),
      ]
      if let problem = try Self.insertReportingConstraint(insert, values) {
        if problem.contains("status_list") {
          throw RecordsError.invalid("status", .duplicate, "status list slot \(certificate.status?.index ?? -1) is already given out")
        }
        if problem.contains("credential_id") {
          throw RecordsError.invalid("credential", .duplicate, "credential \(certificate.credentialID) is already registered")
        }
        throw RecordsError.invalid("credential", .malformed, problem)
      }
      try appendAudit(
        c, actor: actor, action: "certificate.issue", subject: "certificate#\(c.lastInsertRowID)",
        detail: ["holder": .string("practitioner#\(pid)"), "policy": .string(certificate.policyID + " " + certificate.policyVersion)])
    }
  }

  public func certificates(of practitioner: String?) throws(RecordsError) -> [CertificateEntry] {
    try db.read { c in
      if let practitioner {
        return try c.prepare(Self.certificateColumns + " WHERE p.id = ? ORDER BY k.cid DESC").rows([.text(practitioner)], Self.certificateEntry)
      }
      return try c.prepare(Self.certificateColumns + " ORDER BY k.cid DESC").rows([], Self.certificateEntry)
    }
  }

  public func certificate(_ credentialID: String) throws(RecordsError) -> CertificateEntry? {
    try db.read { c in
      try c.prepare(Self.certificateColumns + " WHERE k.credential_id = ?").rows([.text(credentialID)], Self.certificateEntry).first
    }
  }

  public func usedStatusIndexes(list: String) throws(RecordsError) -> Set<Int> {
    try db.read { c in
      Set(try c.prepare("SELECT status_index FROM certificates WHERE status_list = ?").rows([.text(list)]) { Int($0.int(0)) })
    }
  }

  public func revoke(_ revocation: CheckedRevocation, actor: AuditActor) throws(RecordsError) -> CertificateEntry {
    try write { c in
      let find = try c.prepare(Self.certificateColumns + " WHERE k.credential_id = ?")
      guard let found = try find.rows([.text(revocation.credentialID)], { ($0.int(15), Self.certificateEntry($0)) }).first else {
        throw RecordsError.invalid("credential", .unknown, "no certificate \(revocation.credentialID) in the register")
      }
      if let at = found.1.revokedAt {
        throw RecordsError.invalid("credential", .notAllowed, "certificate \(revocation.credentialID) was already revoked on \(at.prefix(10))")
      }
      try c.prepare("UPDATE certificates SET revoked_at = ?, revocation_reason = ? WHERE cid = ?")
        .run([.text(Clock.timestamp()), .text(revocation.reason), .int(found.0)])
      try appendAudit(c, actor: actor, action: "certificate.revoke", subject: "certificate#\(found.0)", detail: [:])
      return try find.rows([.text(revocation.credentialID)], Self.certificateEntry)[0]
    }
  }

  /// Inside an erasure: the person's certificates lose their holder and are revoked, since the
  /// records behind them are gone; their slots stay given out.
  static func releaseCertificates(_ c: Connection, of pid: Int64) throws -> Int {
    try c.prepare(
      """
      UPDATE certificates SET revoked_at = ?, revocation_reason = 'the records behind it were erased'
      WHERE practitioner = ? AND revoked_at IS NULL
      """
    ).run([.text(Clock.timestamp()), .int(pid)])
    let revoked = c.changes
    try c.prepare("UPDATE certificates SET practitioner = NULL WHERE practitioner = ?").run([.int(pid)])
    return revoked
  }
}
