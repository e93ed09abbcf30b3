import Cryptography
import Foundation
import JSON
import Records

extension PostgresStore {
  /// Appends a signed entry inside the caller's write (which holds the audit lock), covering
  /// `coverage`'s rows. The database checks that it follows the last entry, hashes what it says
  /// and names the caller's own login.
  @discardableResult
  func appendAudit(
    _ c: PGConnection, actor: AuditActor, action: String, subject: String, detail: JSONValue, coverage: AuditCoverage? = nil
  ) throws -> AuditEntry {
    let tail = try c.query("SELECT seq, hash FROM cpd.audit_tail()")
    var entry = AuditEntry(
      seq: tail.int(0, 0) + 1, at: Clock.timestamp(), actor: actor.name, action: action, subject: subject,
      detail: JSONWriter.string(detail, style: .canonical), prev: tail.string(0, 1), rows: coverage?.text ?? "")
    guard let key = auditKey else { throw RecordsError.storage("\(location): the store's audit key is not at hand") }
    entry = try entry.signed(with: key)
    try c.query(
      """
      INSERT INTO cpd.audit (seq, at, actor, action, subject, detail, prev, hash, version, rows, signature)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 2, $9, $10)
      """,
      [
        String(entry.seq), entry.at, entry.actor, entry.action, entry.subject, entry.detail, entry.prev, entry.hash, entry.rows,
        entry.signature,
      ])
    lastAppended.set((entry.seq, entry.hash))
    return entry
  }

  /// Moves the signed head in the keys folder forward to the last entry this store appended.
  func advanceHead() throws(RecordsError) {
    guard let key = auditKey, let last = lastAppended.take() else { return }
    try headFile.advance(store: storeID, seq: last.seq, hash: last.hash, key: key)
  }

  static func auditEntries(_ c: PGConnection, where clause: String = "", _ values: [String?] = []) throws -> [AuditEntry] {
    let r = try c.query(
      "SELECT seq, at, actor, action, subject, detail, prev, hash, version, rows, signature FROM cpd.audit \(clause) ORDER BY seq",
      values)
    return r.map { i in
      AuditEntry(
        seq: r.int(i, 0), at: r.string(i, 1), actor: r.string(i, 2), action: r.string(i, 3), subject: r.string(i, 4),
        detail: r.string(i, 5), prev: r.string(i, 6), hash: r.string(i, 7), version: Int(r.int(i, 8)), rows: r.string(i, 9),
        signature: r.string(i, 10))
    }
  }

  public func auditEntries() throws(RecordsError) -> [AuditEntry] {
    try read { c in try Self.auditEntries(c) }
  }

  /// The chain, the signatures (by the key in the keys folder, else the one the store recorded),
  /// the signed head, every covered row and every status, from one snapshot.
  public func verifyAudit() throws(RecordsError) -> AuditCheck {
    let head = headFile.read()
    return try read { c in
      let entries = try Self.auditEntries(c)
      let recorded = try meta(c, "audit_public_key").flatMap { try? Ed25519PublicKey(pem: $0) }
      let key = StoreKey.publicKey(in: keysDirectory) ?? recorded
      return try AuditVerifier.check(entries, key: key, head: head, storeID: storeID, rows: PostgresCoveredRows(c: c))
    }
  }
}

/// The last entry a store appended, for the head (set inside a write, taken after its commit).
final class LastAppended: @unchecked Sendable {
  private let lock = NSLock()
  private var value: (seq: Int64, hash: String)?

  func set(_ v: (Int64, String)) {
    lock.lock()
    value = v
    lock.unlock()
  }

  func take() -> (seq: Int64, hash: String)? {
    lock.lock()
    defer { lock.unlock() }
    let v = value
    value = nil
    return v
  }
}

/// The rows audit entries cover, as the network store holds them now.
struct PostgresCoveredRows: AuditedRows {
  let c: PGConnection

  func digest(of coverage: AuditCoverage) throws -> (digest: String, rows: Int) {
    let activities = RowDigest()
    let signoffs = RowDigest()
    if let range = coverage.activities { try Self.digestActivities(c, range, into: activities) }
    if let range = coverage.signoffs { try Self.digestSignoffs(c, range, into: signoffs) }
    var voidings: RowDigest? = nil
    if let range = coverage.voidings {
      let digest = RowDigest()
      try Self.digestVoidings(c, range, into: digest)
      voidings = digest
    }
    return (RowDigest.combine(activities, signoffs, voidings), activities.rows + signoffs.rows + (voidings?.rows ?? 0))
  }

  static func digestVoidings(_ c: PGConnection, _ range: ClosedRange<Int64>, into digest: RowDigest) throws {
    let r = try c.query(
      "SELECT vid, statement, target, activity, reason, day, recorded_at FROM cpd.voidings WHERE vid BETWEEN $1 AND $2 ORDER BY vid",
      [String(range.lowerBound), String(range.upperBound)])
    for i in 0..<r.rows {
      digest.voiding(
        vid: r.int(i, 0), statement: r.string(i, 1), target: r.string(i, 2), activity: r.optionalInt(i, 3), reason: r.text(i, 4),
        day: Int32(truncatingIfNeeded: r.int(i, 5)), recordedAt: r.string(i, 6))
    }
  }

  static let page: Int64 = 20_000

  static func digestActivities(_ c: PGConnection, _ range: ClosedRange<Int64>, into digest: RowDigest) throws {
    var from = range.lowerBound
    while from <= range.upperBound {
      let to = min(range.upperBound, from + page - 1)
      let bounds = [String(from), String(to)]
      let files = try c.query(
        "SELECT activity, sha256, name, bytes FROM cpd.evidence_files WHERE activity BETWEEN $1 AND $2 ORDER BY activity", bounds)
      var evidence: [Int64: [(sha256: String, name: String, bytes: Int)]] = [:]
      for i in 0..<files.rows {
        evidence[files.int(i, 0), default: []].append((files.string(i, 1), files.string(i, 2), Int(files.int(i, 3))))
      }
      let r = try c.query(
        """
        SELECT aid, practitioner, day, kind, centihours, participatory, module, claims, supersedes, reflection_words, id, title,
               reflection, source, xapi_id, framework_version, recorded_at
        FROM cpd.activities WHERE aid BETWEEN $1 AND $2 ORDER BY aid
        """, bounds)
      for i in 0..<r.rows {
        digest.activity(
          aid: r.int(i, 0), practitioner: r.int(i, 1), day: Int32(truncatingIfNeeded: r.int(i, 2)), kind: Int(r.int(i, 3)),
          centihours: r.optionalInt(i, 4).map { Int($0) }, participatory: r.string(i, 5) == "t", module: r.text(i, 6), claims: r.string(i, 7),
          supersedes: r.optionalInt(i, 8), reflectionWords: Int(r.int(i, 9)), id: r.string(i, 10), title: r.string(i, 11),
          reflection: r.text(i, 12), source: r.string(i, 13), xapiID: r.text(i, 14), frameworkVersion: r.string(i, 15),
          recordedAt: r.string(i, 16), evidence: evidence[r.int(i, 0)] ?? [])
      }
      from = to + 1
    }
  }

  static func digestSignoffs(_ c: PGConnection, _ range: ClosedRange<Int64>, into digest: RowDigest) throws {
    let r = try c.query(
      "SELECT sid, activity, decision, verifier, note, day, recorded_at, centihours FROM cpd.signoffs WHERE sid BETWEEN $1 AND $2 ORDER BY sid",
      [String(range.lowerBound), String(range.upperBound)])
    for i in 0..<r.rows {
      digest.signoff(
        sid: r.int(i, 0), activity: r.int(i, 1), decision: Int(r.int(i, 2)), verifier: r.optionalInt(i, 3), note: r.text(i, 4),
        day: Int32(truncatingIfNeeded: r.int(i, 5)), recordedAt: r.string(i, 6), centihours: r.optionalInt(i, 7).map { Int($0) })
    }
  }

  func rowCounts() throws -> (activities: Int, signoffs: Int, voidings: Int) {
    let r = try c.query(
      "SELECT (SELECT count(*) FROM cpd.activities), (SELECT count(*) FROM cpd.signoffs), (SELECT count(*) FROM cpd.voidings)")
    return (Int(r.int(0, 0)), Int(r.int(0, 1)), Int(r.int(0, 2)))
  }

  /// A status must be what the last sign-off decided, or (with none) withdrawn when a voiding
  /// hit the activity and pending otherwise; a verified activity must have its hours.
  func statusMismatches() throws -> [String] {
    let r = try c.query(
      """
      SELECT a.aid FROM cpd.activities a
      WHERE a.status <> coalesce(
          (SELECT s.decision FROM cpd.signoffs s WHERE s.activity = a.aid ORDER BY s.sid DESC LIMIT 1),
          CASE WHEN EXISTS (SELECT 1 FROM cpd.voidings v WHERE v.activity = a.aid) THEN 3 ELSE 0 END)
        OR (a.status = 1 AND cpd.hours_of(a) IS NULL)
      LIMIT 5
      """)
    return r.map { "activity#\(r.int($0, 0)) has a status its sign-offs do not give" }
  }
}
