import Competency
import Foundation
import JSON
import Records
import Workforce

extension SQLiteStore {
  /// Stores a stream of activities (and the people an import creates) in one transaction, chunk
  /// by chunk as the stream's producer reads them on another core, and returns their ids.
  ///
  /// Checks what needs the store: the practitioner exists, ids are new, a correction supersedes
  /// an activity of the same person that has no other correction, a preset sign-off names another
  /// practitioner, and no one's hours on a day exceed 24. Any failure rolls back everything and
  /// names the activity through `label` (e.g. "row 7").
  public func log(
    _ stream: ChunkStream<CheckedActivity>, creating people: [CheckedPractitioner], source: String,
    frameworkVersion: String, actor: AuditActor, progress: ((Int) -> Void)?
  ) throws(RecordsError) -> [String] {
    defer { stream.cancel() }
    return try storeBatch(source: source, frameworkVersion: frameworkVersion, actor: actor, progress: progress) { batch in
      if !people.isEmpty { try batch.add(people) }
      while let chunk = try stream.next() {
        for checked in chunk { try batch.add(checked) }
      }
    }.ids
  }

  /// What `log` and `importStatements` share: one transaction in which `feed` hands `batch` its
  /// people, activities and voidings; then the voidings, the 24-hour rule, the audit entry and
  /// the evidence files.
  func storeBatch(
    source: String, frameworkVersion: String, actor: AuditActor, progress: ((Int) -> Void)?,
    _ feed: (ImportBatch) throws -> Void
  ) throws(RecordsError) -> StatementsImported {
    let now = Clock.timestamp()
    var newFiles: [String] = []
    do {
      let result = try write(checkingReferences: false) { c -> StatementsImported in
        let batch = try ImportBatch(self, c, source: source, frameworkVersion: frameworkVersion, now: now, actor: actor, progress: progress)
        try batch.run(feed)
        try batch.restoreIndexes()
        let voidings = try batch.applyVoidings()
        let inserter = batch.inserter
        let count = batch.index
        if count == 0 && batch.voidingRows.rows == 0 { return StatementsImported(ids: [], voidings: voidings) }
        if let (place, practitioner, date, total) = try inserter.overfullDay() {
          let error = RecordsError.invalid(
            "hours", .outOfRange,
            "\(practitioner)'s activities on \(date) would add up to \(total) hours, more than the 24 in a day")
          throw error.located(place)
        }
        let signoffs =
          inserter.signOffs.count > 0 ? batch.firstSignoff...(batch.firstSignoff + Int64(inserter.signOffs.count) - 1) : nil
        let voided = batch.voidingRows.rows > 0 ? batch.firstVoiding...batch.lastVoiding : nil
        let coverage = AuditCoverage(
          activities: count > 0 ? inserter.firstAid...inserter.lastAid : nil, signoffs: signoffs, voidings: voided,
          digest: RowDigest.combine(inserter.digest, inserter.signOffs.digest, voided == nil ? nil : batch.voidingRows))
        let entry = BatchAuditEntry(count: count, activities: coverage.activities, voidings: voided, source: source)
        try appendAudit(c, actor: actor, action: entry.action, subject: entry.subject, detail: entry.detail, coverage: coverage)
        // Evidence goes in last: if copying fails, the transaction rolls back. A journal names the
        // files being added, so that a crash before the commit leaves none behind for good.
        if !batch.digests.isEmpty {
          try vault.beginAdding(batch.digests.values.map(\.sha256))
          for (path, d) in batch.digests where try vault.store(batch.sources[path]!, sha256: d.sha256) { newFiles.append(d.sha256) }
        }
        return StatementsImported(ids: inserter.ids, voidings: voidings)
      }
      vault.finishAdding()
      return result
    } catch let error as RecordsError {
      for sha in newFiles { vault.remove(sha) }
      vault.finishAdding()
      throw error
    } catch {
      for sha in newFiles { vault.remove(sha) }
      vault.finishAdding()
      throw .storage("\(path): \(error)")
    }
  }

  /// The one sign-off path: verifies or rejects pending activities, one or many, in one
  /// transaction. The verifier must exist and not be the activity's author, the activity must be
  /// pending, and the decision may not be dated before the activity.
  public func signOff(_ decisions: [CheckedSignOff], actor: AuditActor) throws(RecordsError) {
    guard !decisions.isEmpty else { return }
    let now = Clock.timestamp()
    try write { c in
      let find = try c.prepare(
        """
        SELECT a.aid, a.practitioner, a.status, a.day, a.centihours IS NULL, p.id
        FROM activity_details d JOIN activities a USING (aid) JOIN practitioners p ON p.pid = a.practitioner WHERE d.id = ?
        """)
      let recorder = try SignOffRecorder(c, now: now)
      let firstSignoff = (Int64(try c.scalar("SELECT seq FROM sqlite_sequence WHERE name = 'signoffs'") ?? "0") ?? 0) + 1
      var pids: [String: Int64] = [:]
      var lastAid: Int64 = 0
      for d in decisions {
        find.reset()
        find.bindAll([.text(d.activity)])
        guard try find.step() else { throw RecordsError.invalid("activity", .unknown, "unknown activity \"\(d.activity)\"") }
        let aid = find.int(0)
        let owner = find.int(1)
        let status = SignOffStatus(rawValue: UInt8(truncatingIfNeeded: find.int(2))) ?? .pending
        let day = Day(ordinal: Int32(truncatingIfNeeded: find.int(3)))
        guard let by = try pids[d.verifier] ?? Self.pid(c, of: d.verifier) else {
          throw RecordsError.invalid("by", .unknown, "unknown practitioner \"\(d.verifier)\"")
        }
        pids[d.verifier] = by
        guard status == .pending else {
          throw RecordsError.invalid("activity", .notAllowed, "\"\(d.activity)\" is already \(status.name)")
        }
        let needsHours = find.int(4) == 1
        let ownerID = find.text(5) ?? ""
        if needsHours && d.decision == .verified && d.hours == nil {
          throw RecordsError.invalid(
            "hours", .required,
            "\"\(d.activity)\" was imported without its hours (its statement gave no duration): confirm them with --hours H")
        }
        if !needsHours, d.hours != nil {
          throw RecordsError.invalid("hours", .notAllowed, "\"\(d.activity)\" has its hours already; a correction changes them")
        }
        try recorder.record(
          aid: aid, owner: owner, activityDay: day, decision: d.decision, verifier: by, verifierName: d.verifier, note: d.note,
          date: d.date, updateStatus: true, centihours: needsHours ? d.hours?.hundredths : nil)
        if needsHours, d.hours != nil {
          let total = try Self.dayTotal(c, practitioner: owner, day: day)
          if total > Hours.day.hundredths {
            throw RecordsError.invalid(
              "hours", .outOfRange,
              "\(ownerID)'s activities on \(day) would add up to \(Hours(hundredths: total)) hours, more than the 24 in a day")
          }
        }
        lastAid = aid
      }
      let coverage = AuditCoverage(
        activities: nil, signoffs: firstSignoff...(firstSignoff + Int64(recorder.count) - 1),
        digest: RowDigest.combine(RowDigest(), recorder.digest))
      if decisions.count == 1 {
        try appendAudit(
          c, actor: actor, action: decisions[0].decision == .verified ? "activity.verify" : "activity.reject",
          subject: "activity#\(lastAid)", detail: ["by": .string("practitioner#\(pids[decisions[0].verifier]!)")],
          coverage: coverage)
      } else {
        try appendAudit(
          c, actor: actor, action: "activities.signoff", subject: "store", detail: ["count": .int(decisions.count)],
          coverage: coverage)
      }
    }
  }

  /// An activity's hours: its own, or those a verifier confirmed at sign-off; NULL while it
  /// awaits them. `row` names the activities row (`a`, `b`, `activities`).
  static func hours(of row: String) -> String {
    """
    coalesce(\(row).centihours, (SELECT s.centihours FROM signoffs s WHERE s.activity = \(row).aid AND s.centihours IS NOT NULL
                               ORDER BY s.sid DESC LIMIT 1))
    """
  }

  /// A practitioner's hours on a day, as the 24-hour rule counts them: neither rejected nor
  /// withdrawn, not replaced by a correction that stands, not voided.
  static func dayTotal(_ c: Connection, practitioner: Int64, day: Day) throws -> Int {
    let s = try c.prepare(dayTotalSQL)
    s.bindAll([.int(practitioner), .int(Int64(day.ordinal))])
    _ = try s.step()
    return Int(s.int(0))
  }

  static let dayTotalSQL = """
    SELECT coalesce(sum(coalesce(\(hours(of: "b")), 0)), 0) FROM activities b
    WHERE b.practitioner = ? AND b.day = ? AND b.status IN (0, 1)
      AND NOT EXISTS (SELECT 1 FROM activities c WHERE c.supersedes = b.aid AND c.status IN (0, 1))
      AND NOT EXISTS (SELECT 1 FROM voidings v WHERE v.activity = b.aid)
    """

  static let activityColumns = """
    SELECT d.id, p.id, a.day, a.kind, \(hours(of: "a")), a.participatory, d.title, a.module, a.claims, d.reflection, a.status,
           (SELECT d2.id FROM activity_details d2 WHERE d2.aid = a.supersedes),
           (SELECT d3.id FROM activities c JOIN activity_details d3 USING (aid) WHERE c.supersedes = a.aid LIMIT 1),
           d.source, d.xapi_id, d.framework_version, d.recorded_at, a.aid,
           v.statement, v.target, v.reason, v.day, v.recorded_at
    FROM activities a JOIN activity_details d USING (aid) JOIN practitioners p ON p.pid = a.practitioner
    LEFT JOIN voidings v ON v.activity = a.aid
    """

  static func activityRecords(_ c: Connection, where clause: String, _ values: [SQLValue]) throws
    -> [(aid: Int64, record: ActivityRecord)]
  {
    let evidence = try c.prepare("SELECT sha256, name, bytes FROM evidence_files WHERE activity = ? ORDER BY name")
    let signoffs = try c.prepare(
      """
      SELECT s.decision, p.id, s.note, s.day, s.recorded_at, s.centihours FROM signoffs s LEFT JOIN practitioners p ON p.pid = s.verifier
      WHERE s.activity = ? ORDER BY s.sid
      """)
    return try c.prepare(Self.activityColumns + " " + clause).rows(values) { s in
      let aid = s.int(17)
      return (
        aid,
        ActivityRecord(
          id: s.text(0) ?? "", practitioner: s.text(1) ?? "", date: Day(ordinal: Int32(s.int(2))),
          kind: ActivityKind(code: Int(s.int(3))) ?? .classroom, hours: Hours(hundredths: s.isNull(4) ? 0 : Int(s.int(4))),
          participatory: s.int(5) == 1,
          title: s.text(6) ?? "", module: s.text(7),
          claims: (s.text(8) ?? "").split(separator: ",").compactMap { ClaimedLevel($0) }, reflection: s.text(9),
          status: SignOffStatus(rawValue: UInt8(s.int(10))) ?? .pending, supersedes: s.text(11), supersededBy: s.text(12),
          evidence: try evidence.rows([.int(aid)]) { e in
            StoredEvidence(sha256: e.text(0) ?? "", name: e.text(1) ?? "", bytes: Int(e.int(2)))
          },
          signOffs: try signoffs.rows([.int(aid)]) { r in
            SignOffRecord(
              decision: SignOffStatus(rawValue: UInt8(r.int(0))) ?? .verified, verifier: r.text(1), note: r.text(2),
              date: Day(ordinal: Int32(r.int(3))), recordedAt: r.text(4) ?? "",
              hours: r.isNull(5) ? nil : Hours(hundredths: Int(r.int(5))))
          },
          source: s.text(13) ?? "", xapiID: s.text(14), frameworkVersion: s.text(15) ?? "", recordedAt: s.text(16) ?? "",
          needsHours: s.isNull(4),
          voiding: s.isNull(18)
            ? nil
            : StatementVoiding(
              statement: s.text(18) ?? "", target: s.text(19) ?? "", reason: s.text(20), date: Day(ordinal: Int32(s.int(21))),
              recordedAt: s.text(22) ?? ""))
      )
    }
  }

  /// A practitioner's log, newest first.
  public func activities(of practitioner: String) throws(RecordsError) -> [ActivityRecord] {
    try db.read { c in
      guard try Self.pid(c, of: practitioner) != nil else {
        throw RecordsError.invalid("practitioner", .unknown, "unknown practitioner \"\(practitioner)\"")
      }
      return try Self.activityRecords(c, where: "WHERE p.id = ? ORDER BY a.day DESC, a.aid DESC", [.text(practitioner)])
        .map(\.record)
    }
  }

  public func activity(_ id: String) throws(RecordsError) -> ActivityRecord? {
    try db.read { c in try Self.activityRecords(c, where: "WHERE d.id = ?", [.text(id)]).first?.record }
  }

  /// Every activity in the order it was recorded, in pages (for exports), from one snapshot.
  public func forEachActivity(pageSize: Int, _ body: ([ActivityRecord]) throws -> Void) throws(RecordsError) {
    try db.read { c in
      var after: Int64 = 0
      while true {
        let page = try Self.activityRecords(
          c, where: "WHERE a.aid > ? ORDER BY a.aid LIMIT ?", [.int(after), .int(Int64(pageSize))])
        guard let last = page.last else { break }
        try body(page.map(\.record))
        after = last.aid
      }
    }
  }

  public func activityCount() throws(RecordsError) -> Int {
    try db.read { c in Int(try c.scalar("SELECT count(*) FROM activities").flatMap { Int($0) } ?? 0) }
  }

  public func evidence(_ sha256: String) throws(RecordsError) -> [UInt8]? {
    guard sha256.count == 64, sha256.allSatisfy(\.isHexDigit) else { return nil }
    return vault.read(sha256).map { [UInt8]($0) }
  }
}

/// Records sign-off decisions inside the caller's transaction: the same checks and the same rows
/// whether the decision comes from a verifier now or with an imported activity.
final class SignOffRecorder {
  let c: Connection
  let insert: Statement
  let update: Statement
  let now: String
  /// What the recorded sign-offs were, for the audit entry that covers them.
  let digest = RowDigest()
  var count: Int { digest.rows }

  init(_ c: Connection, now: String) throws {
    self.c = c
    insert = try c.prepare(
      "INSERT INTO signoffs (activity, decision, verifier, note, day, recorded_at, centihours) VALUES (?, ?, ?, ?, ?, ?, ?)")
    update = try c.prepare("UPDATE activities SET status = ? WHERE aid = ? AND status = 0")
    self.now = now
  }

  func record(
    aid: Int64, owner: Int64, activityDay: Day, decision: SignOffStatus, verifier: Int64, verifierName: String, note: String?,
    date: Day, updateStatus: Bool, centihours: Int? = nil
  ) throws {
    guard verifier != owner else {
      throw RecordsError.invalid("by", .notAllowed, "\(verifierName) cannot sign off their own activity")
    }
    guard date >= activityDay else {
      throw RecordsError.invalid("date", .outOfRange, "\(date) is before the activity (\(activityDay))")
    }
    if updateStatus { try update.run([.int(Int64(decision.rawValue)), .int(aid)]) }
    try insert.run([
      .int(aid), .int(Int64(decision.rawValue)), .int(verifier), .optional(note), .int(Int64(date.ordinal)), .text(now),
      .optional(centihours.map { Int64($0) }),
    ])
    digest.signoff(
      sid: c.lastInsertRowID, activity: aid, decision: Int(decision.rawValue), verifier: verifier, note: note, day: date.ordinal,
      recordedAt: now, centihours: centihours)
  }
}

/// Inserts activities one by one inside the caller's transaction, keeping what the checks at the
/// end need: each (practitioner, day)'s hours in the batch.
final class ActivityInserter {
  let db: Connection
  let source: String
  let frameworkVersion: String
  let now: String
  let insertActivity: Statement
  let insertDetails: Statement
  let signOffs: SignOffRecorder
  let insertEvidence: Statement
  let findActivity: Statement
  let pidLookup: Statement
  /// A voiding that names a statement id, as its target or as itself.
  let voidedLookup: Statement
  var pids: [String: Int64] = [:]
  var ids: [String] = []
  var firstAid: Int64 = 0
  var lastAid: Int64 = 0
  /// What the inserted activities were, for the audit entry that covers them.
  let digest = RowDigest()
  var correctionsInBatch = false
  var generatedIDs = ActivityIDs()
  /// Per (practitioner, day): the batch's hours and where its first activity is in `firstOnDay`,
  /// for the 24-hour rule. Plain numbers: a large import touches a new day with almost every row,
  /// and a table of small entries grows at a fraction of the cost.
  var touched: [Int64: (centihours: Int, first: Int)] = [:]
  /// The first activity of each (practitioner, day) in the batch: its index, place, person and date.
  var firstOnDay: [(row: Int, place: String?, practitioner: String, date: Day)] = []
  /// Plain activities checked and waiting for `flush`.
  private(set) var pending: [PendingActivity] = []
  let insertActivities: Statement
  let insertAllDetails: Statement
  /// The next activity number, as AUTOINCREMENT would give it.
  let nextAidStatement: Statement

  init(_ db: Connection, source: String, frameworkVersion: String, now: String) throws {
    self.db = db
    self.source = source
    self.frameworkVersion = frameworkVersion
    self.now = now
    insertActivity = try db.prepare(
      """
      INSERT INTO activities (practitioner, day, kind, centihours, participatory, module, claims, status, supersedes, reflection_words)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """)
    insertDetails = try db.prepare(
      """
      INSERT INTO activity_details (aid, id, title, reflection, source, xapi_id, framework_version, recorded_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      """)
    signOffs = try SignOffRecorder(db, now: now)
    insertEvidence = try db.prepare("INSERT OR IGNORE INTO evidence_files (activity, sha256, name, bytes) VALUES (?, ?, ?, ?)")
    findActivity = try db.prepare(
      """
      SELECT a.aid, a.practitioner, (SELECT d2.id FROM activities c JOIN activity_details d2 USING (aid)
                                     WHERE c.supersedes = a.aid LIMIT 1)
      FROM activity_details d JOIN activities a USING (aid) WHERE d.id = ?
      """)
    pidLookup = try db.prepare("SELECT pid FROM practitioners WHERE id = ?")
    voidedLookup = try db.prepare("SELECT statement, target = ?1 FROM voidings WHERE target = ?1 OR statement = ?1 LIMIT 1")
    ids.reserveCapacity(1024)
    pending.reserveCapacity(Self.rowsPerStatement)
    let rows = 0..<Self.rowsPerStatement
    insertActivities = try db.prepare(
      "INSERT INTO activities (aid, practitioner, day, kind, centihours, participatory, module, claims, status, supersedes, "
        + "reflection_words) VALUES "
        + rows.map { r in
          let b = r * 9
          return "(?\(b + 1), ?\(b + 2), ?\(b + 3), ?\(b + 4), ?\(b + 5), ?\(b + 6), ?\(b + 7), ?\(b + 8), 0, NULL, ?\(b + 9))"
        }.joined(separator: ", "))
    insertAllDetails = try db.prepare(
      "INSERT INTO activity_details (aid, id, title, reflection, source, xapi_id, framework_version, recorded_at) VALUES "
        + rows.map { r in
          let b = 3 + r * 5
          return "(?\(b + 1), ?\(b + 2), ?\(b + 3), ?\(b + 4), ?1, ?\(b + 5), ?2, ?3)"
        }.joined(separator: ", "))
    nextAidStatement = try db.prepare(
      """
      SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'activities'), 0),
                 coalesce((SELECT max(aid) FROM activities), 0)) + 1
      """)
    // The same for every row of the batch: bound once.
    insertDetails.bind(5, source)
    insertDetails.bind(7, frameworkVersion)
    insertDetails.bind(8, now)
  }

  func pid(_ id: String, field: String) throws -> Int64 {
    if let known = pids[id] { return known }
    pidLookup.reset()
    pidLookup.bindAll([.text(id)])
    guard try pidLookup.step() else { throw RecordsError.invalid(field, .unknown, "unknown practitioner \"\(id)\"") }
    let found = pidLookup.int(0)
    pids[id] = found
    return found
  }

  /// Whether an activity is written with others in one statement (`flush`): one with nothing
  /// beyond its two rows, no correction (whose checks read earlier rows), sign-off or evidence.
  static func isPlain(_ checked: CheckedActivity) -> Bool {
    let a = checked.value
    return a.supersedes == nil && a.signOff == nil && a.evidence.isEmpty
  }

  /// Checks an activity against the store and writes it; a plain one waits in `pending` for
  /// `flush`, which the caller runs when `pendingIsFull`, before any activity that is not plain,
  /// and at the end.
  func insert(_ checked: CheckedActivity, index: Int, digests: [String: (sha256: String, bytes: Int)]) throws {
    let a = checked.value
    let owner = try pid(a.practitioner, field: "practitioner")
    var supersedes: Int64? = nil
    if let old = a.supersedes {
      precondition(pending.isEmpty, "a correction looks up activities that are still pending")
      correctionsInBatch = true
      findActivity.reset()
      findActivity.bindAll([.text(old)])
      guard try findActivity.step() else { throw RecordsError.invalid("supersedes", .unknown, "unknown activity \"\(old)\"") }
      if let other = findActivity.text(2) {
        throw RecordsError.invalid("supersedes", .duplicate, "activity \"\(old)\" already has a correction (\(other))")
      }
      guard findActivity.int(1) == owner else {
        throw RecordsError.invalid("supersedes", .notAllowed, "activity \"\(old)\" belongs to another practitioner")
      }
      supersedes = findActivity.int(0)
    }
    if let statement = a.xapiID {
      voidedLookup.reset()
      voidedLookup.bindAll([.text(statement)])
      if try voidedLookup.step() {
        guard voidedLookup.int(1) == 1 else {
          throw RecordsError.invalid("id", .duplicate, "statement \(statement) has already been imported")
        }
        // xAPI 1.0.3 Part Two §2.3.2: a statement is unvoided only by issuing it again under a new id.
        throw RecordsError.invalid(
          "id", .notAllowed,
          "statement \(statement) was voided by statement \(voidedLookup.text(0) ?? "?"), so it is not imported again "
            + "(a platform that means it issues it again under a new id)")
      }
    }
    var verifier: Int64? = nil
    if let s = a.signOff { verifier = try pid(s.verifier, field: "verified_by") }
    let key = owner << 24 | Int64(a.date.ordinal + 8_000_000)
    let counted = a.signOff?.decision == .rejected || a.needsHours ? 0 : a.hours.hundredths
    if let slot = touched.index(forKey: key) {
      touched.values[slot].centihours += counted
    } else {
      touched[key] = (counted, firstOnDay.count)
      firstOnDay.append((index, checked.place, a.practitioner, a.date))
    }
    let id = a.id ?? generatedIDs.generate()
    if Self.isPlain(checked) {
      pending.append(PendingActivity(checked: checked, owner: owner, id: id))
      return
    }
    precondition(pending.isEmpty, "an activity written before those pending")
    try write(checked, owner: owner, supersedes: supersedes, verifier: verifier, id: id, digests: digests)
  }

  /// Writes one activity's rows (and its sign-off and evidence) on their own.
  private func write(
    _ checked: CheckedActivity, owner: Int64, supersedes: Int64?, verifier: Int64?, id given: String,
    digests: [String: (sha256: String, bytes: Int)]
  ) throws {
    let a = checked.value
    // Bound one by one: this runs for every row of an import.
    insertActivity.reset()
    insertActivity.bind(1, owner)
    insertActivity.bind(2, Int64(a.date.ordinal))
    insertActivity.bind(3, Int64(a.kind.code))
    insertActivity.bind(4, a.needsHours ? nil : Int64(a.hours.hundredths))
    insertActivity.bind(5, Int64(checked.participatory ? 1 : 0))
    insertActivity.bind(6, a.module)
    insertActivity.bind(7, checked.claimsText)
    insertActivity.bind(8, Int64(a.signOff?.decision.rawValue ?? 0))
    insertActivity.bind(9, supersedes)
    insertActivity.bind(10, Int64(checked.reflectionWords))
    try insertActivity.execute()
    let aid = db.lastInsertRowID
    var id = given
    var attempts = 0
    while true {
      insertDetails.resetKeepingBindings()
      insertDetails.bind(1, aid)
      insertDetails.bind(2, id)
      insertDetails.bind(3, a.title)
      insertDetails.bind(4, a.reflection)
      insertDetails.bind(6, a.xapiID)
      guard let problem = try SQLiteStore.executeReportingConstraint(insertDetails) else { break }
      if problem.contains("xapi_id") {
        throw RecordsError.invalid("id", .duplicate, "statement \(a.xapiID ?? "") has already been imported")
      }
      // A generated id that clashes with another process's: draw again.
      if a.id == nil && attempts < 3 {
        attempts += 1
        generatedIDs.reseed()
        id = generatedIDs.generate()
        continue
      }
      throw RecordsError.invalid("id", .duplicate, "activity \"\(id)\" already exists")
    }
    if let s = a.signOff, let verifier {
      // The activity row already carries the decision's status; the sign-off row and its checks are shared.
      do {
        try signOffs.record(
          aid: aid, owner: owner, activityDay: a.date, decision: s.decision, verifier: verifier, verifierName: s.verifier,
          note: s.note, date: s.date, updateStatus: false)
      } catch let error as RecordsError {
        guard let input = error.inputError else { throw error }
        throw RecordsError.invalid(
          InputError(input.field == "by" ? "verified_by" : input.field == "date" ? "verified_on" : input.field, input.rule, input.message))
      }
    }
    // The same file twice is kept once (the first name wins), as the table's key says.
    var files: [(sha256: String, name: String, bytes: Int)] = []
    for file in a.evidence {
      let d = digests[file.path]!
      guard !files.contains(where: { $0.sha256 == d.sha256 }) else { continue }
      try insertEvidence.run([.int(aid), .text(d.sha256), .text(file.name), .int(Int64(d.bytes))])
      files.append((d.sha256, file.name, d.bytes))
    }
    written(checked, aid: aid, owner: owner, supersedes: supersedes, id: id, evidence: files)
  }

  /// Keeps what the audit entry and the caller need of an activity just written.
  private func written(
    _ checked: CheckedActivity, aid: Int64, owner: Int64, supersedes: Int64?, id: String,
    evidence: [(sha256: String, name: String, bytes: Int)]
  ) {
    let a = checked.value
    if ids.isEmpty { firstAid = aid }
    lastAid = aid
    digest.activity(
      aid: aid, practitioner: owner, day: a.date.ordinal, kind: a.kind.code, centihours: a.needsHours ? nil : a.hours.hundredths,
      participatory: checked.participatory, module: a.module, claims: checked.claimsText, supersedes: supersedes,
      reflectionWords: checked.reflectionWords, id: id, title: a.title, reflection: a.reflection, source: source,
      xapiID: a.xapiID, frameworkVersion: frameworkVersion, recordedAt: now, evidence: evidence)
    ids.append(id)
  }

  /// A plain activity checked against the store, waiting to be written with others.
  struct PendingActivity {
    let checked: CheckedActivity
    let owner: Int64
    let id: String
  }

  /// Plain activities per pair of multi-row statements: their statement overhead (cursors opened
  /// and closed, the AUTOINCREMENT counter read and written back) is paid once for them all.
  static let rowsPerStatement = 64
  var pendingIsFull: Bool { pending.count >= Self.rowsPerStatement }

  /// Writes the pending activities: a full set in two statements inside a savepoint; if that
  /// fails on a constraint (or the set is not full), one by one as `write` does, so that a
  /// refusal names its own row (`place`) and a clashing generated id is drawn again.
  func flush() throws {
    guard !pending.isEmpty else { return }
    let rows = pending
    pending.removeAll(keepingCapacity: true)
    if rows.count == Self.rowsPerStatement, try writeTogether(rows) { return }
    for row in rows {
      do {
        try write(row.checked, owner: row.owner, supersedes: nil, verifier: nil, id: row.id, digests: [:])
      } catch let error as RecordsError {
        throw error.located(row.checked.place)
      }
    }
  }

  private func writeTogether(_ rows: [PendingActivity]) throws -> Bool {
    let next = try nextAidLookup()
    try db.execute("SAVEPOINT activities_together")
    do throws(SQLiteError) {
      insertActivities.reset()
      insertAllDetails.reset()
      insertAllDetails.bind(1, source)
      insertAllDetails.bind(2, frameworkVersion)
      insertAllDetails.bind(3, now)
      for (r, row) in rows.enumerated() {
        let a = row.checked.value
        let b = Int32(r * 9)
        let aid = next + Int64(r)
        insertActivities.bind(b + 1, aid)
        insertActivities.bind(b + 2, row.owner)
        insertActivities.bind(b + 3, Int64(a.date.ordinal))
        insertActivities.bind(b + 4, Int64(a.kind.code))
        insertActivities.bind(b + 5, a.needsHours ? nil : Int64(a.hours.hundredths))
        insertActivities.bind(b + 6, Int64(row.checked.participatory ? 1 : 0))
        insertActivities.bind(b + 7, a.module)
        insertActivities.bind(b + 8, row.checked.claimsText)
        insertActivities.bind(b + 9, Int64(row.checked.reflectionWords))
        let d = Int32(3 + r * 5)
        insertAllDetails.bind(d + 1, aid)
        insertAllDetails.bind(d + 2, row.id)
        insertAllDetails.bind(d + 3, a.title)
        insertAllDetails.bind(d + 4, a.reflection)
        insertAllDetails.bind(d + 5, a.xapiID)
      }
      try insertActivities.execute()
      try insertAllDetails.execute()
    } catch {
      guard error.isConstraint else { throw error }
      try db.execute("ROLLBACK TO activities_together; RELEASE activities_together")
      return false
    }
    try db.execute("RELEASE activities_together")
    for (r, row) in rows.enumerated() {
      written(row.checked, aid: next + Int64(r), owner: row.owner, supersedes: nil, id: row.id, evidence: [])
    }
    return true
  }

  private func nextAidLookup() throws -> Int64 {
    nextAidStatement.reset()
    _ = try nextAidStatement.step()
    let next = nextAidStatement.int(0)
    nextAidStatement.reset()
    return next
  }

  /// The first (practitioner, day) whose hours add up to more than 24, rejected, withdrawn,
  /// corrected and voided entries aside. The batch's own sums are kept in memory; the store is asked only about
  /// people who already had activities, or when the batch holds corrections.
  func overfullDay() throws -> (place: String?, practitioner: String, date: Day, total: Hours)? {
    let earlier = try db.prepare("SELECT 1 FROM activities WHERE practitioner = ? AND aid < ? LIMIT 1")
    let daySum = try db.prepare(SQLiteStore.dayTotalSQL)
    var hasEarlier: [Int64: Bool] = [:]
    var worst: (row: Int, place: String?, practitioner: String, date: Day, total: Int)? = nil
    for (key, entry) in touched {
      let owner = key >> 24
      var total = entry.centihours
      let known: Bool
      if let cached = hasEarlier[owner] {
        known = cached
      } else {
        earlier.reset()
        earlier.bindAll([.int(owner), .int(firstAid)])
        known = try earlier.step()
        hasEarlier[owner] = known
      }
      if known || correctionsInBatch {
        daySum.reset()
        daySum.bindAll([.int(owner), .int(Int64(firstOnDay[entry.first].date.ordinal))])
        _ = try daySum.step()
        total = Int(daySum.int(0))
      }
      // Report the earliest offending row, whatever order the dictionary gives. The row's
      // details are read only then: most days are well under 24 hours.
      guard total > Hours.day.hundredths, worst == nil || firstOnDay[entry.first].row < worst!.row else { continue }
      let first = firstOnDay[entry.first]
      worst = (first.row, first.place, first.practitioner, first.date, total)
    }
    return worst.map { ($0.place, $0.practitioner, $0.date, Hours(hundredths: $0.total)) }
  }
}
