import Cryptography
import Foundation
import JSON
import Records

#if canImport(Glibc)
  import Glibc
#endif

/// The store's own Ed25519 key, kept in its keys folder (the private key readable by its owner
/// only). It signs every audit entry and the head of the log written beside the store, so that
/// someone with the database file but not the key cannot cut, recompute or add to the log
/// unseen.
struct StoreKey {
  static func privatePath(_ keys: String) -> String { keys + "/audit-private.pem" }
  static func publicPath(_ keys: String) -> String { keys + "/audit-public.pem" }

  /// The private key, made the first time a store is opened to write.
  static func loadOrCreate(in keys: String) throws(RecordsError) -> Ed25519PrivateKey {
    if let text = try? String(contentsOfFile: privatePath(keys), encoding: .utf8) {
      do {
        return try Ed25519PrivateKey(pem: text)
      } catch {
        throw .storage("\(privatePath(keys)): \(error)")
      }
    }
    do {
      let key = try Ed25519PrivateKey()
      try Files.makeFolder(keys)
      try Files.writePrivately(Array(key.pem.utf8), to: privatePath(keys))
      try Files.writePrivately(Array(key.publicKey.pem.utf8), to: publicPath(keys))
      return key
    } catch let error as RecordsError {
      throw error
    } catch {
      throw .storage("\(keys): cannot make the store's audit key: \(error)")
    }
  }

  static func publicKey(in keys: String) -> Ed25519PublicKey? {
    guard let text = try? String(contentsOfFile: publicPath(keys), encoding: .utf8) else { return nil }
    return try? Ed25519PublicKey(pem: text)
  }
}

/// Files the store writes beside the database: owner-only, whatever the umask, and replaced
/// only by a synced temporary file renamed over them.
enum Files {
  static func makeFolder(_ path: String) throws(RecordsError) {
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
      guard isFolder.boolValue else { throw .storage("\(path): exists and is not a folder") }
      chmod(path, 0o700)
      return
    }
    guard mkdir(path, 0o700) == 0 || errno == EEXIST else {
      throw .storage("\(path): cannot create the folder: \(String(cString: strerror(errno)))")
    }
    chmod(path, 0o700)
  }

  /// Creates `path` (mode 0600) if it does not exist, without opening it for anything else.
  static func createPrivately(_ path: String) throws(RecordsError) {
    let fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0o600)
    guard fd >= 0 else { throw .storage("\(path): cannot create the file: \(String(cString: strerror(errno)))") }
    fchmod(fd, 0o600)
    close(fd)
  }

  /// Writes `bytes` to a temporary file (0600) beside `path`, syncs it and renames it over `path`.
  static func writePrivately(_ bytes: [UInt8], to path: String) throws(RecordsError) {
    let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let fd = open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0o600)
    guard fd >= 0 else { throw .storage("\(path): cannot write: \(String(cString: strerror(errno)))") }
    var written = 0
    while written < bytes.count {
      let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, bytes.count - written) }
      guard n > 0 else { break }
      written += n
    }
    let synced = fchmod(fd, 0o600) == 0 && fsync(fd) == 0
    close(fd)
    guard written == bytes.count, synced, rename(temporary, path) == 0 else {
      unlink(temporary)
      throw .storage("\(path): cannot write: \(String(cString: strerror(errno)))")
    }
  }
}

extension SQLiteStore {
  var headPath: String { path + "-audit-head" }
  var headLockPath: String { path + "-audit-head.lock" }

  /// Moves the signed head forward to the log's last entry, never back: writers that commit in
  /// one order and get here in another still leave the newest. Runs after every commit.
  func advanceHead() throws(RecordsError) {
    guard let key = auditKey else { return }
    let last = try db.read { c -> (seq: Int64, hash: String)? in
      let s = try c.prepare("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
      return try s.step() ? (s.int(0), s.text(1) ?? "") : nil
    }
    guard let last, let storeID = try meta("store_id") else { return }
    let lock = Glibc.open(headLockPath, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
    guard lock >= 0 else { throw .storage("\(headLockPath): cannot open: \(String(cString: strerror(errno)))") }
    defer { close(lock) }
    flock(lock, LOCK_EX)
    defer { flock(lock, LOCK_UN) }
    if let current = readHead(), current.store == storeID, current.seq >= last.seq { return }
    do {
      let head = try AuditHead(store: storeID, seq: last.seq, hash: last.hash).signed(with: key)
      try Files.writePrivately(Array(head.text.utf8), to: headPath)
    } catch let error as RecordsError {
      throw error
    } catch {
      throw .storage("\(headPath): cannot sign the head of the audit log: \(error)")
    }
  }

  func readHead() -> AuditHead? {
    guard let text = try? String(contentsOfFile: headPath, encoding: .utf8) else { return nil }
    return AuditHead(text: text)
  }

  /// Appends a signed entry inside the caller's transaction, covering `coverage`'s rows. Every
  /// write appends one, which is also what lets parallel readers prove they share a snapshot.
  /// `legacy`: a migration older than the signed format, whose audit table has its old columns.
  @discardableResult
  func appendAudit(
    _ c: Connection, actor: AuditActor, action: String, subject: String, detail: JSONValue, coverage: AuditCoverage? = nil,
    legacy: Bool = false
  ) throws -> AuditEntry {
    let last = try c.prepare("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
    var seq: Int64 = 1
    var prev = AuditEntry.genesis
    if try last.step() {
      seq = last.int(0) + 1
      prev = last.text(1) ?? AuditEntry.genesis
    }
    let at = Clock.timestamp()
    let detailText = JSONWriter.string(detail, style: .canonical)
    if legacy {
      var old = AuditEntry(seq: seq, at: at, actor: actor.name, action: action, subject: subject, detail: detailText, prev: prev, hash: "")
      old.hash = old.expectedHash
      try c.prepare("INSERT INTO audit (seq, at, actor, action, subject, detail, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .run([.int(seq), .text(at), .text(old.actor), .text(action), .text(subject), .text(detailText), .text(prev), .text(old.hash)])
      return old
    }
    var entry = AuditEntry(
      seq: seq, at: at, actor: actor.name, action: action, subject: subject, detail: detailText, prev: prev,
      rows: coverage?.text ?? "")
    guard let key = auditKey else { throw RecordsError.storage("\(path): the store's audit key is not at hand") }
    entry = try entry.signed(with: key)
    try c.prepare(
      "INSERT INTO audit (seq, at, actor, action, subject, detail, prev, hash, version, rows, signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    ).run([
      .int(entry.seq), .text(entry.at), .text(entry.actor), .text(entry.action), .text(entry.subject), .text(entry.detail),
      .text(entry.prev), .text(entry.hash), .int(Int64(entry.version)), .text(entry.rows), .text(entry.signature),
    ])
    return entry
  }

  static func auditEntries(_ c: Connection, where clause: String = "", _ values: [SQLValue] = []) throws -> [AuditEntry] {
    // A store not yet at the signed format (only ever seen half-way through a migration).
    if try c.scalar("SELECT count(*) FROM pragma_table_info('audit') WHERE name = 'version'") == "0" {
      return try c.prepare("SELECT seq, at, actor, action, subject, detail, prev, hash FROM audit \(clause) ORDER BY seq").rows(values) { s in
        AuditEntry(
          seq: s.int(0), at: s.text(1) ?? "", actor: s.text(2) ?? "", action: s.text(3) ?? "", subject: s.text(4) ?? "",
          detail: s.text(5) ?? "", prev: s.text(6) ?? "", hash: s.text(7) ?? "")
      }
    }
    return try c.prepare(
      "SELECT seq, at, actor, action, subject, detail, prev, hash, version, rows, signature FROM audit \(clause) ORDER BY seq"
    ).rows(values) { s in
      AuditEntry(
        seq: s.int(0), at: s.text(1) ?? "", actor: s.text(2) ?? "", action: s.text(3) ?? "", subject: s.text(4) ?? "",
        detail: s.text(5) ?? "", prev: s.text(6) ?? "", hash: s.text(7) ?? "", version: Int(s.int(8)), rows: s.text(9) ?? "",
        signature: s.text(10) ?? "")
    }
  }

  public func auditEntries() throws(RecordsError) -> [AuditEntry] {
    try db.read { c in try Self.auditEntries(c) }
  }

  /// The chain, the signatures, the signed head, every covered row and every status, from one
  /// snapshot.
  public func verifyAudit() throws(RecordsError) -> AuditCheck {
    let key = StoreKey.publicKey(in: keysDirectory)
    let head = readHead()
    return try db.read { c in
      let entries = try Self.auditEntries(c)
      // A store from before signed entries (only ever seen by tests and migrations) has its chain.
      let schema = Int(try c.scalar("SELECT max(version) FROM schema_migrations") ?? "") ?? 0
      if schema < Schema.coverageVersion { return AuditCheck.walk(entries) }
      let storeID = try meta(c, "store_id") ?? ""
      return try AuditVerifier.check(entries, key: key, head: head, storeID: storeID, rows: CoveredRows(c))
    }
  }
}

/// The rows audit entries cover, as the SQLite store holds them now.
struct CoveredRows: AuditedRows {
  let c: Connection

  init(_ c: Connection) { self.c = c }

  func digest(of coverage: AuditCoverage) throws -> (digest: String, rows: Int) {
    let activities = RowDigest()
    let signoffs = RowDigest()
    var voidings: RowDigest? = nil
    if let range = coverage.activities { try Self.digestActivities(c, range, into: activities) }
    if let range = coverage.signoffs { try Self.digestSignoffs(c, range, into: signoffs) }
    if let range = coverage.voidings {
      let digest = RowDigest()
      try Self.digestVoidings(c, range, into: digest)
      voidings = digest
    }
    return (Self.combine(activities, signoffs, voidings), activities.rows + signoffs.rows + (voidings?.rows ?? 0))
  }

  /// One digest for an entry's activities, sign-offs and voidings (an entry that covers no
  /// voidings digests as entries did before there were any).
  static func combine(_ activities: RowDigest, _ signoffs: RowDigest, _ voidings: RowDigest? = nil) -> String {
    let text = "activities:\(activities.finish());signoffs:\(signoffs.finish())" + (voidings.map { ";voidings:\($0.finish())" } ?? "")
    return Digest.sha256(Array(text.utf8)).hexString
  }

  static func digestActivities(_ c: Connection, _ range: ClosedRange<Int64>, into digest: RowDigest) throws {
    let evidence = try c.prepare("SELECT sha256, name, bytes FROM evidence_files WHERE activity = ?")
    let s = try c.prepare(
      """
      SELECT a.aid, a.practitioner, a.day, a.kind, a.centihours, a.participatory, a.module, a.claims, a.supersedes,
             a.reflection_words, d.id, d.title, d.reflection, d.source, d.xapi_id, d.framework_version, d.recorded_at
      FROM activities a JOIN activity_details d USING (aid) WHERE a.aid BETWEEN ? AND ? ORDER BY a.aid
      """)
    s.bindAll([.int(range.lowerBound), .int(range.upperBound)])
    while try s.step() {
      let files = try evidence.rows([.int(s.int(0))]) { e in (sha256: e.text(0) ?? "", name: e.text(1) ?? "", bytes: Int(e.int(2))) }
      digest.activity(
        aid: s.int(0), practitioner: s.int(1), day: Int32(truncatingIfNeeded: s.int(2)), kind: Int(s.int(3)),
        centihours: s.isNull(4) ? nil : Int(s.int(4)), participatory: s.int(5) == 1, module: s.isNull(6) ? nil : s.text(6), claims: s.text(7) ?? "",
        supersedes: s.isNull(8) ? nil : s.int(8), reflectionWords: Int(s.int(9)), id: s.text(10) ?? "", title: s.text(11) ?? "",
        reflection: s.isNull(12) ? nil : s.text(12), source: s.text(13) ?? "", xapiID: s.isNull(14) ? nil : s.text(14),
        frameworkVersion: s.text(15) ?? "", recordedAt: s.text(16) ?? "", evidence: files)
    }
  }

  static func digestSignoffs(_ c: Connection, _ range: ClosedRange<Int64>, into digest: RowDigest) throws {
    // The migration that starts covering rows runs before sign-offs could confirm hours.
    let hours = try c.scalar("SELECT count(*) FROM pragma_table_info('signoffs') WHERE name = 'centihours'") == "1"
    let s = try c.prepare(
      """
      SELECT sid, activity, decision, verifier, note, day, recorded_at, \(hours ? "centihours" : "NULL") FROM signoffs
      WHERE sid BETWEEN ? AND ? ORDER BY sid
      """)
    s.bindAll([.int(range.lowerBound), .int(range.upperBound)])
    while try s.step() {
      digest.signoff(
        sid: s.int(0), activity: s.int(1), decision: Int(s.int(2)), verifier: s.isNull(3) ? nil : s.int(3),
        note: s.isNull(4) ? nil : s.text(4), day: Int32(truncatingIfNeeded: s.int(5)), recordedAt: s.text(6) ?? "",
        centihours: s.isNull(7) ? nil : Int(s.int(7)))
    }
  }

  static func digestVoidings(_ c: Connection, _ range: ClosedRange<Int64>, into digest: RowDigest) throws {
    let s = try c.prepare(
      "SELECT vid, statement, target, activity, reason, day, recorded_at FROM voidings WHERE vid BETWEEN ? AND ? ORDER BY vid")
    s.bindAll([.int(range.lowerBound), .int(range.upperBound)])
    while try s.step() {
      digest.voiding(
        vid: s.int(0), statement: s.text(1) ?? "", target: s.text(2) ?? "", activity: s.isNull(3) ? nil : s.int(3),
        reason: s.isNull(4) ? nil : s.text(4), day: Int32(truncatingIfNeeded: s.int(5)), recordedAt: s.text(6) ?? "")
    }
  }

  func rowCounts() throws -> (activities: Int, signoffs: Int, voidings: Int) {
    let a = Int(try c.scalar("SELECT count(*) FROM activities") ?? "0") ?? 0
    let s = Int(try c.scalar("SELECT count(*) FROM signoffs") ?? "0") ?? 0
    let v = Int(try c.scalar("SELECT count(*) FROM voidings") ?? "0") ?? 0
    return (a, s, v)
  }

  /// A status must be what the last sign-off decided, or (with none) withdrawn when a voiding
  /// hit the activity and pending otherwise; a verified activity must have its hours.
  func statusMismatches() throws -> [String] {
    try c.prepare(
      """
      SELECT a.aid FROM activities a
      WHERE a.status != coalesce(
          (SELECT s.decision FROM signoffs s WHERE s.activity = a.aid ORDER BY s.sid DESC LIMIT 1),
          CASE WHEN EXISTS (SELECT 1 FROM voidings v WHERE v.activity = a.aid) THEN 3 ELSE 0 END)
        OR (a.status = 1 AND a.centihours IS NULL
            AND NOT EXISTS (SELECT 1 FROM signoffs s WHERE s.activity = a.aid AND s.centihours IS NOT NULL))
      LIMIT 5
      """
    ).rows { "activity#\($0.int(0)) has a status its sign-offs do not give" }
  }
}
