import Competency
import Foundation
import Records

extension PostgresStore {
  static let certificateColumns = """
    SELECT k.credential_id, p.id, k.period_start, k.period_end, k.framework_id, k.framework_version, k.policy_id,
      k.policy_version, k.achievement_id, k.status_list, k.status_index, k.issued_at, k.issuer_did, k.revoked_at,
      k.revocation_reason, k.cid
    FROM cpd.certificates k LEFT JOIN cpd.practitioners p ON p.pid = k.practitioner
    """

  static func certificateEntries(_ r: PGResult) -> [CertificateEntry] {
    r.map { i in
      CertificateEntry(
        credentialID: r.string(i, 0), practitioner: r.text(i, 1), periodStart: Day(ordinal: Int32(r.int(i, 2))),
        periodEnd: Day(ordinal: Int32(r.int(i, 3))), frameworkID: r.string(i, 4), frameworkVersion: r.string(i, 5),
        policyID: r.string(i, 6), policyVersion: r.string(i, 7), achievementID: r.string(i, 8),
        status: r.text(i, 9).map { StatusSlot(list: $0, index: Int(r.int(i, 10))) }, issuedAt: r.string(i, 11),
        issuerDID: r.string(i, 12), revokedAt: r.text(i, 13), revocationReason: r.text(i, 14))
    }
  }

  public func register(_ certificate: CertificateEntry, actor: AuditActor) throws(RecordsError) {
    try write { c in
      guard let holder = certificate.practitioner, let pid = try pids(c, [holder])[holder] else {
        throw RecordsError.invalid("practitioner", .unknown, "unknown practitioner \"\(certificate.practitioner ?? "")\"")
      }
      // Duplicates are looked for first: a failed statement would end the transaction.
      if try c.scalar("SELECT 1 FROM cpd.used_status_indexes($1) i WHERE i = $2", [certificate.status?.list, certificate.status.map { String($0.index) }]) != nil {
        throw RecordsError.invalid("status", .duplicate, "status list slot \(certificate.status?.index ?? -1) is already given out")
      }
      do {
        try c.query(
          """
          INSERT INTO cpd.certificates (credential_id, practitioner, period_start, period_end, framework_id, framework_version,
            policy_id, policy_version, achievement_id, status_list, status_index, issued_at, issuer_did)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
          """,
          [
            certificate.credentialID, String(pid), String(certificate.periodStart.ordinal), String(certificate.periodEnd.ordinal),
            certificate.frameworkID, certificate.frameworkVersion, certificate.policyID, certificate.policyVersion,
            certificate.achievementID, certificate.status?.list, certificate.status.map { String($0.index) }, certificate.issuedAt,
            certificate.issuerDID,
          ])
      } catch let error as PostgresError where error.isUniqueViolation {
        if error.constraint == "certificates_status_slot" {
          throw RecordsError.invalid("status", .duplicate, "status list slot \(certificate.status?.index ?? -1) is already given out")
        }
        throw RecordsError.invalid("credential", .duplicate, "credential \(certificate.credentialID) is already registered")
      } catch let error as PostgresError where error.state.hasPrefix("23") {
        throw RecordsError.invalid("credential", .malformed, error.message)
      }
      let cid = try c.scalar("SELECT currval(pg_get_serial_sequence('cpd.certificates', 'cid'))") ?? "0"
      try appendAudit(
        c, actor: actor, action: "certificate.issue", subject: "certificate#\(cid)",
        detail: ["holder": .string("practitioner#\(pid)"), "policy": .string(certificate.policyID + " " + certificate.policyVersion)])
    }
  }

  public func certificates(of practitioner: String?) throws(RecordsError) -> [CertificateEntry] {
    try read { c in
      if let practitioner {
        return Self.certificateEntries(try c.query(Self.certificateColumns + " WHERE p.id = $1 ORDER BY k.cid DESC", [practitioner]))
      }
      return Self.certificateEntries(try c.query(Self.certificateColumns + " ORDER BY k.cid DESC"))
    }
  }

  public func certificate(_ credentialID: String) throws(RecordsError) -> CertificateEntry? {
    try read { c in Self.certificateEntries(try c.query(Self.certificateColumns + " WHERE k.credential_id = $1", [credentialID])).first }
  }

  public func usedStatusIndexes(list: String) throws(RecordsError) -> Set<Int> {
    try read { c in
      let r = try c.query("SELECT i FROM cpd.used_status_indexes($1) i", [list])
      return Set(r.map { Int(r.int($0, 0)) })
    }
  }

  public func revoke(_ revocation: CheckedRevocation, actor: AuditActor) throws(RecordsError) -> CertificateEntry {
    try write { c in
      let found = try c.query(Self.certificateColumns + " WHERE k.credential_id = $1 FOR UPDATE OF k", [revocation.credentialID])
      guard let entry = Self.certificateEntries(found).first else {
        throw RecordsError.invalid("credential", .unknown, "no certificate \(revocation.credentialID) in the register")
      }
      if let at = entry.revokedAt {
        throw RecordsError.invalid("credential", .notAllowed, "certificate \(revocation.credentialID) was already revoked on \(at.prefix(10))")
      }
      let cid = found.int(0, 15)
      try c.query(
        "UPDATE cpd.certificates SET revoked_at = $1, revocation_reason = $2 WHERE cid = $3",
        [Clock.timestamp(), revocation.reason, String(cid)])
      try appendAudit(c, actor: actor, action: "certificate.revoke", subject: "certificate#\(cid)", detail: [:])
      return Self.certificateEntries(try c.query(Self.certificateColumns + " WHERE k.cid = $1", [String(cid)]))[0]
    }
  }

  /// Inside an erasure: the person's certificates lose their holder and are revoked, since the
  /// records behind them are gone; their slots stay given out.
  static func releaseCertificates(_ c: PGConnection, of pid: String) throws -> Int {
    let revoked = try c.query(
      """
      UPDATE cpd.certificates SET revoked_at = $1, revocation_reason = 'the records behind it were erased'
      WHERE practitioner = $2 AND revoked_at IS NULL
      """, [Clock.timestamp(), pid]
    ).affected
    try c.query("UPDATE cpd.certificates SET practitioner = NULL WHERE practitioner = $1", [pid])
    return revoked
  }
}
