import Competency
import Foundation
import JSON
import Records
import Workforce

extension SQLiteStore {
  /// Stores what a file of xAPI statements records, in one transaction (see `RecordStore`).
  public func importStatements(
    _ entries: ChunkStream<StatementEntry>, source: String, frameworkVersion: String, actor: AuditActor,
    progress: ((Int) -> Void)?
  ) throws(RecordsError) -> StatementsImported {
    defer { entries.cancel() }
    return try storeBatch(source: source, frameworkVersion: frameworkVersion, actor: actor, progress: progress) { batch in
      while let chunk = try entries.next() {
        for entry in chunk {
          switch entry {
          case .practitioner(let p): try batch.add([p])
          case .activity(let a): try batch.add(a)
          case .voiding(let v): batch.voidings.append(v)
          }
        }
      }
    }
  }
}

/// One import inside its transaction: the people and activities as they come, the voidings
/// kept until every activity is in.
final class ImportBatch {
  let store: SQLiteStore
  let c: Connection
  let actor: AuditActor
  let progress: ((Int) -> Void)?
  let inserter: ActivityInserter
  /// The number the first sign-off written here will get.
  let firstSignoff: Int64
  var index = 0
  var digests: [String: (sha256: String, bytes: Int)] = [:]
  var sources: [String: EvidenceFile] = [:]
  var voidings: [CheckedVoiding] = []
  /// The voidings written, for the audit entry that covers them.
  let voidingRows = RowDigest()
  var firstVoiding: Int64 = 0
  var lastVoiding: Int64 = 0

  init(
    _ store: SQLiteStore, _ c: Connection, source: String, frameworkVersion: String, now: String, actor: AuditActor,
    progress: ((Int) -> Void)?
  ) throws {
    self.store = store
    self.c = c
    self.actor = actor
    self.progress = progress
    deferredIndexes = try Self.deferIndexes(c)
    inserter = try ActivityInserter(c, source: source, frameworkVersion: frameworkVersion, now: now)
    firstSignoff = (Int64(try c.scalar("SELECT seq FROM sqlite_sequence WHERE name = 'signoffs'") ?? "0") ?? 0) + 1
  }

  /// Indexes of the activities table set aside while a batch loads into it empty (statement
  /// text, to create again in the same transaction): one sorted build at the end costs a
  /// fraction of keeping them row by row. Unique indexes stay, as they name the offending row, and
  /// partial ones, which cost little and which a correction's lookup uses.
  let deferredIndexes: [String]

  static func deferIndexes(_ c: Connection) throws -> [String] {
    guard try c.scalar("SELECT NOT EXISTS (SELECT 1 FROM activities)") == "1" else { return [] }
    let indexes = try c.prepare(
      "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'activities' AND sql IS NOT NULL ORDER BY name"
    ).rows { (name: $0.text(0) ?? "", sql: $0.text(1) ?? "") }.filter { !$0.sql.hasPrefix("CREATE UNIQUE") && !$0.sql.contains(" WHERE ") }
    for index in indexes { try c.execute("DROP INDEX \"\(index.name)\"") }
    return indexes.map(\.sql)
  }

  /// Writes what is still pending, then creates the set-aside indexes again, before anything
  /// reads the batch back.
  func restoreIndexes() throws {
    try inserter.flush()
    for sql in deferredIndexes { try c.execute(sql) }
  }

  /// Runs `feed` on this batch. When it fails, the rows still pending are written first: a
  /// refusal of one of them is the one to report, as it comes earlier in the file.
  func run(_ feed: (ImportBatch) throws -> Void) throws {
    do {
      try feed(self)
    } catch {
      try inserter.flush()
      throw error
    }
  }

  func add(_ people: [CheckedPractitioner]) throws {
    try store.insertPractitioners(c, people, actor: actor, label: { _ in nil })
  }

  func add(_ checked: CheckedActivity) throws {
    // Rows waiting to be written go first (their refusals name their own rows): a correction
    // reads them, and the order of the rows is the order of the file.
    if inserter.pendingIsFull || !ActivityInserter.isPlain(checked) { try inserter.flush() }
    do {
      for file in checked.value.evidence where digests[file.path] == nil {
        digests[file.path] = try store.vault.digest(of: file)
        sources[file.path] = file
      }
      try inserter.insert(checked, index: index, digests: digests)
    } catch let error as RecordsError {
      throw error.located(checked.place)
    }
    index += 1
    if let progress, index % 10_000 == 0 { progress(index) }
  }

  /// Applies the voidings in the order they came, once every activity is in (xAPI 1.0.3 Part Two
  /// §2.3.2: a voiding whose target is not there is not refused; a voiding statement cannot be
  /// voided; the voided statement is kept, only disregarded).
  func applyVoidings() throws -> [VoidingOutcome] {
    guard !voidings.isEmpty else { return [] }
    let seenAsStatement = try c.prepare(
      "SELECT 1 FROM voidings WHERE statement = ?1 UNION ALL SELECT 1 FROM activity_details WHERE xapi_id = ?1 LIMIT 1")
    let isVoiding = try c.prepare("SELECT 1 FROM voidings WHERE statement = ?")
    let voidedBy = try c.prepare("SELECT statement FROM voidings WHERE target = ?")
    let find = try c.prepare(
      "SELECT a.aid, a.status, d.id FROM activity_details d JOIN activities a USING (aid) WHERE d.xapi_id = ?")
    let withdraw = try c.prepare("UPDATE activities SET status = 3 WHERE aid = ? AND status = 0")
    let insert = try c.prepare(
      "INSERT INTO voidings (statement, target, activity, reason, day, recorded_at) VALUES (?, ?, ?, ?, ?, ?)")
    // Every voiding statement of this file, wherever it stands in it: their targets are not voided.
    let voidingsHere = Set(voidings.map(\.statement))
    var outcomes: [VoidingOutcome] = []
    for v in voidings {
      func outcome(_ effect: VoidingOutcome.Effect, activity: String? = nil) {
        outcomes.append(VoidingOutcome(statement: v.statement, target: v.target, place: v.place, activity: activity, effect: effect))
      }
      seenAsStatement.reset()
      seenAsStatement.bindAll([.text(v.statement)])
      if try seenAsStatement.step() {
        throw RecordsError.invalid("id", .duplicate, "statement \(v.statement) has already been imported").located(v.place)
      }
      isVoiding.reset()
      isVoiding.bindAll([.text(v.target)])
      if try voidingsHere.contains(v.target) || isVoiding.step() {
        outcome(.targetIsVoiding)
        continue
      }
      voidedBy.reset()
      voidedBy.bindAll([.text(v.target)])
      if try voidedBy.step() {
        outcome(.alreadyVoided(by: voidedBy.text(0) ?? ""))
        continue
      }
      find.reset()
      find.bindAll([.text(v.target)])
      var aid: Int64? = nil
      var effect = VoidingOutcome.Effect.unknownTarget
      var activity: String? = nil
      if try find.step() {
        aid = find.int(0)
        activity = find.text(2)
        switch SignOffStatus(rawValue: UInt8(truncatingIfNeeded: find.int(1))) ?? .pending {
        case .pending:
          try withdraw.run([.int(find.int(0))])
          effect = .withdrawn
        case .verified: effect = .superseded
        case .rejected: effect = .alreadyRejected
        case .withdrawn: effect = .alreadyVoided(by: "")
        }
        inserter.correctionsInBatch = true  // day totals change: the 24-hour rule asks the store
      }
      let now = inserter.now
      try insert.run([
        .text(v.statement), .text(v.target), .optional(aid), .optional(v.reason), .int(Int64(v.date.ordinal)), .text(now),
      ])
      let vid = c.lastInsertRowID
      if voidingRows.rows == 0 { firstVoiding = vid }
      lastVoiding = vid
      voidingRows.voiding(
        vid: vid, statement: v.statement, target: v.target, activity: aid, reason: v.reason, day: v.date.ordinal, recordedAt: now)
      outcome(effect, activity: activity)
    }
    return outcomes
  }
}
