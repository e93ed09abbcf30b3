import Competency
import Cryptography
import Foundation
import JSON
import Records
import Workforce

extension PostgresStore {
  static let activityColumnNames = [
    "aid", "practitioner", "day", "kind", "centihours", "participatory", "module", "claims", "status", "supersedes",
    "reflection_words", "id", "title", "reflection", "source", "xapi_id", "framework_version", "recorded_at",
  ]

  /// Stores activities (and the people an import creates) in one transaction, chunk by chunk,
  /// with the same checks as every store: the practitioner exists, ids are new, a correction
  /// supersedes an activity of the same person with no other correction, a preset sign-off is by
  /// someone else, and no one's hours on a day exceed 24.
  public func log(
    _ stream: ChunkStream<CheckedActivity>, creating people: [CheckedPractitioner], source: String,
    frameworkVersion: String, actor: AuditActor, progress: ((Int) -> Void)?
  ) throws(RecordsError) -> [String] {
    defer { stream.cancel() }
    return try storeBatch(source: source, frameworkVersion: frameworkVersion, actor: actor, progress: progress) { job in
      if !people.isEmpty { try job.add(people) }
      while let chunk = try stream.next() { try job.add(chunk) }
    }.ids
  }

  /// What `log` and `importStatements` share: one write in which `feed` hands `job` its people,
  /// activities and voidings; then the voidings, the 24-hour rule and the audit entry.
  func storeBatch(
    source: String, frameworkVersion: String, actor: AuditActor, progress: ((Int) -> Void)?,
    _ feed: (PostgresImport) throws -> Void
  ) throws(RecordsError) -> StatementsImported {
    let now = Clock.timestamp()
    return try write { c -> StatementsImported in
      let job = PostgresImport(
        store: self, c: c, batch: ActivityBatch(source: source, frameworkVersion: frameworkVersion, now: now), actor: actor,
        progress: progress)
      try feed(job)
      try job.flush()
      let voidings = try job.applyVoidings()
      let batch = job.batch
      let count = batch.ids.count
      if count == 0 && job.voidingRows.rows == 0 { return StatementsImported(ids: [], voidings: voidings) }
      if let firstAid = batch.firstAid {
        let overfull = try c.query(
          "SELECT practitioner, day, total FROM cpd.overfull_days($1, $2) ORDER BY practitioner, day", [String(firstAid), String(batch.lastAid)])
        var worst: (row: Int, place: String?, practitioner: String, date: Day, total: Int64)? = nil
        for i in 0..<overfull.rows {
          guard let first = batch.firstRow[ActivityBatch.key(overfull.int(i, 0), Int32(overfull.int(i, 1)))] else { continue }
          if worst == nil || first.row < worst!.row {
            worst = (first.row, first.place, first.practitioner, first.date, overfull.int(i, 2))
          }
        }
        if let worst {
          throw RecordsError.invalid(
            "hours", .outOfRange,
            "\(worst.practitioner)'s activities on \(worst.date) would add up to \(Hours(hundredths: Int(worst.total))) hours, more than the 24 in a day"
          ).located(worst.place)
        }
      }
      let activities = batch.firstAid.map { $0...batch.lastAid }
      let signoffs = batch.firstSid.map { $0...batch.lastSid }
      let voided = job.voidingRows.rows > 0 ? job.firstVoiding...job.lastVoiding : nil
      let coverage = AuditCoverage(
        activities: activities, signoffs: signoffs, voidings: voided,
        digest: RowDigest.combine(batch.digest, batch.signoffDigest, voided == nil ? nil : job.voidingRows))
      let entry = BatchAuditEntry(count: count, activities: activities, voidings: voided, source: source)
      try appendAudit(c, actor: actor, action: entry.action, subject: entry.subject, detail: entry.detail, coverage: coverage)
      if count >= 10_000 { try Self.refreshStatistics(c) }
      return StatementsImported(ids: batch.ids, voidings: voidings)
    }
  }

  /// Stores what a file of xAPI statements records, in one transaction (see `RecordStore`).
  public func importStatements(
    _ entries: ChunkStream<StatementEntry>, source: String, frameworkVersion: String, actor: AuditActor,
    progress: ((Int) -> Void)?
  ) throws(RecordsError) -> StatementsImported {
    defer { entries.cancel() }
    return try storeBatch(source: source, frameworkVersion: frameworkVersion, actor: actor, progress: progress) { job in
      while let chunk = try entries.next() {
        for entry in chunk {
          switch entry {
          case .practitioner(let p):
            try job.flush()
            try job.add([p])
          case .activity(let a):
            job.pending.append(a)
            if job.pending.count >= 2_000 { try job.flush() }
          case .voiding(let v): job.voidings.append(v)
          }
        }
      }
    }
  }

  /// One chunk: numbers reserved (consecutive, under the audit lock), rows checked and written.
  func insert(_ c: PGConnection, _ chunk: [CheckedActivity], into batch: inout ActivityBatch) throws {
    guard !chunk.isEmpty else { return }
    var wanted = Set<String>()
    for a in chunk {
      if batch.pids[a.value.practitioner] == nil { wanted.insert(a.value.practitioner) }
      if let s = a.value.signOff, batch.pids[s.verifier] == nil { wanted.insert(s.verifier) }
    }
    for (id, pid) in try pids(c, Array(wanted)) { batch.pids[id] = pid }
    let firstAid = try Int64(c.scalar("SELECT cpd.reserve('activities_aid_seq', $1)", [String(chunk.count)]) ?? "0") ?? 0
    let presets = chunk.filter { $0.value.signOff != nil }.count
    var sid = presets > 0 ? try Int64(c.scalar("SELECT cpd.reserve('signoffs_sid_seq', $1)", [String(presets)]) ?? "0") ?? 0 : 0
    let takenIDs = Set(try taken(c, "activity", chunk.compactMap(\.value.id)))
    var activities: [[String?]] = []
    var signoffs: [[String?]] = []
    var files: [[String?]] = []
    var blobs: [String: EvidenceFile] = [:]
    activities.reserveCapacity(chunk.count)
    for (offset, checked) in chunk.enumerated() {
      let a = checked.value
      let aid = firstAid + Int64(offset)
      let index = batch.ids.count
      do {
        guard let owner = batch.pids[a.practitioner] else {
          throw RecordsError.invalid("practitioner", .unknown, "unknown practitioner \"\(a.practitioner)\"")
        }
        var supersedes: Int64? = nil
        if let old = a.supersedes {
          let r = try c.query(
            """
            SELECT a.aid, a.practitioner, (SELECT n.id FROM cpd.activities n WHERE n.supersedes = a.aid LIMIT 1)
            FROM cpd.activities a WHERE a.id = $1
            """, [old])
          guard r.rows > 0 else { throw RecordsError.invalid("supersedes", .unknown, "unknown activity \"\(old)\"") }
          if let other = r.text(0, 2) {
            throw RecordsError.invalid("supersedes", .duplicate, "activity \"\(old)\" already has a correction (\(other))")
          }
          guard r.int(0, 1) == owner else {
            throw RecordsError.invalid("supersedes", .notAllowed, "activity \"\(old)\" belongs to another practitioner")
          }
          supersedes = r.int(0, 0)
        }
        let known = try a.xapiID.map { x in try batch.statements.contains(x) || c.scalar("SELECT cpd.statement_known($1)", [x]) == "t" }
        if let x = a.xapiID, known == true {
          throw RecordsError.invalid("id", .duplicate, "statement \(x) has already been imported")
        }
        if let x = a.xapiID { batch.statements.insert(x) }
        if let given = a.id, takenIDs.contains(given) || !batch.givenIDs.insert(given).inserted {
          throw RecordsError.invalid("id", .duplicate, "activity \"\(given)\" already exists")
        }
        let id = a.id ?? batch.generatedIDs.generate()
        if let s = a.signOff {
          guard let verifier = batch.pids[s.verifier] else {
            throw RecordsError.invalid("verified_by", .unknown, "unknown practitioner \"\(s.verifier)\"")
          }
          guard verifier != owner else {
            throw RecordsError.invalid("verified_by", .notAllowed, "\(s.verifier) cannot sign off their own activity")
          }
          guard s.date >= a.date else { throw RecordsError.invalid("verified_on", .outOfRange, "\(s.date) is before the activity (\(a.date))") }
          signoffs.append([
            String(sid), String(aid), String(s.decision.rawValue), String(verifier), s.note, String(s.date.ordinal), batch.now,
          ])
          batch.signoffDigest.signoff(
            sid: sid, activity: aid, decision: Int(s.decision.rawValue), verifier: verifier, note: s.note, day: s.date.ordinal,
            recordedAt: batch.now)
          if batch.firstSid == nil { batch.firstSid = sid }
          batch.lastSid = sid
          sid += 1
        }
        var attached: [(sha256: String, name: String, bytes: Int)] = []
        for file in a.evidence {
          let d = try batch.digests[file.path] ?? EvidenceSource.digest(of: file)
          batch.digests[file.path] = d
          guard !attached.contains(where: { $0.sha256 == d.sha256 }) else { continue }
          attached.append((d.sha256, file.name, d.bytes))
          files.append([String(aid), d.sha256, file.name, String(d.bytes)])
          blobs[d.sha256] = file
        }
        activities.append([
          String(aid), String(owner), String(a.date.ordinal), String(a.kind.code), a.needsHours ? nil : String(a.hours.hundredths),
          checked.participatory ? "t" : "f", a.module, checked.claimsText, String(a.signOff?.decision.rawValue ?? 0),
          supersedes.map { String($0) }, String(checked.reflectionWords), id, a.title, a.reflection, batch.source, a.xapiID,
          batch.frameworkVersion, batch.now,
        ])
        batch.digest.activity(
          aid: aid, practitioner: owner, day: a.date.ordinal, kind: a.kind.code, centihours: a.needsHours ? nil : a.hours.hundredths,
          participatory: checked.participatory, module: a.module, claims: checked.claimsText, supersedes: supersedes,
          reflectionWords: checked.reflectionWords, id: id, title: a.title, reflection: a.reflection, source: batch.source,
          xapiID: a.xapiID, frameworkVersion: batch.frameworkVersion, recordedAt: batch.now, evidence: attached)
        let key = ActivityBatch.key(owner, a.date.ordinal)
        if batch.firstRow[key] == nil { batch.firstRow[key] = (index, checked.place, a.practitioner, a.date) }
        batch.ids.append(id)
        batch.places.append(checked.place)
      } catch let error as RecordsError {
        throw error.located(checked.place)
      }
    }
    if batch.firstAid == nil { batch.firstAid = firstAid }
    batch.lastAid = firstAid + Int64(chunk.count) - 1
    do {
      try c.insertRows("activities", Self.activityColumnNames, activities)
    } catch let error as PostgresError where error.isUniqueViolation {
      let value = Self.duplicateValue(error)
      let place = chunk.first { $0.value.id == value }?.place
      throw RecordsError.invalid("id", .duplicate, "activity \"\(value)\" already exists").located(place)
    }
    try c.insertRows("signoffs", ["sid", "activity", "decision", "verifier", "note", "day", "recorded_at"], signoffs)
    try c.insertRows("evidence_files", ["activity", "sha256", "name", "bytes"], files)
    for (sha256, file) in blobs {
      try Self.storeEvidence(c, sha256: sha256, content: [UInt8](try EvidenceSource.content(of: file, sha256: sha256)))
    }
  }

  /// Keeps an evidence file's content by its SHA-256 (the same content attached twice is kept once).
  static func storeEvidence(_ c: PGConnection, sha256: String, content: [UInt8]) throws {
    try c.query(
      "INSERT INTO cpd.evidence_blobs (sha256, content) VALUES ($1, decode($2, 'hex')) ON CONFLICT DO NOTHING", [sha256, content.hexString])
  }

  /// The one sign-off path: verifies or rejects pending activities, one or many, in one write.
  public func signOff(_ decisions: [CheckedSignOff], actor: AuditActor) throws(RecordsError) {
    guard !decisions.isEmpty else { return }
    let now = Clock.timestamp()
    try write { c in
      let digest = RowDigest()
      var first: Int64? = nil
      var last: Int64 = 0
      var lastAid: Int64 = 0
      var verifiers: [String: Int64] = [:]
      for d in decisions {
        let r = try c.query(
          "SELECT a.aid, a.practitioner, a.status, a.day, a.centihours IS NULL, p.id FROM cpd.activities a JOIN cpd.practitioners p ON p.pid = a.practitioner WHERE a.id = $1",
          [d.activity])
        guard r.rows > 0 else { throw RecordsError.invalid("activity", .unknown, "unknown activity \"\(d.activity)\"") }
        let aid = r.int(0, 0)
        let owner = r.int(0, 1)
        let status = SignOffStatus(rawValue: UInt8(truncatingIfNeeded: r.int(0, 2))) ?? .pending
        let day = Day(ordinal: Int32(truncatingIfNeeded: r.int(0, 3)))
        if verifiers[d.verifier] == nil { verifiers[d.verifier] = try pids(c, [d.verifier])[d.verifier] }
        guard let by = verifiers[d.verifier] else { throw RecordsError.invalid("by", .unknown, "unknown practitioner \"\(d.verifier)\"") }
        guard status == .pending else { throw RecordsError.invalid("activity", .notAllowed, "\"\(d.activity)\" is already \(status.name)") }
        guard by != owner else { throw RecordsError.invalid("by", .notAllowed, "\(d.verifier) cannot sign off their own activity") }
        guard d.date >= day else { throw RecordsError.invalid("date", .outOfRange, "\(d.date) is before the activity (\(day))") }
        let needsHours = r.string(0, 4) == "t"
        if needsHours && d.decision == .verified && d.hours == nil {
          throw RecordsError.invalid(
            "hours", .required,
            "\"\(d.activity)\" was imported without its hours (its statement gave no duration): confirm them with --hours H")
        }
        if !needsHours, d.hours != nil {
          throw RecordsError.invalid("hours", .notAllowed, "\"\(d.activity)\" has its hours already; a correction changes them")
        }
        let centihours = needsHours ? d.hours?.hundredths : nil
        let sid = try c.query(
          "INSERT INTO cpd.signoffs (activity, decision, verifier, note, day, recorded_at, centihours) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING sid",
          [String(aid), String(d.decision.rawValue), String(by), d.note, String(d.date.ordinal), now, centihours.map { String($0) }]
        ).int(0, 0)
        let moved = try c.query(
          "UPDATE cpd.activities SET status = $1 WHERE aid = $2 AND status = 0", [String(d.decision.rawValue), String(aid)])
        guard moved.affected == 1 else { throw RecordsError.forbidden("\(caller) may not sign off activity \"\(d.activity)\"") }
        if centihours != nil {
          let total = try c.query("SELECT cpd.day_total($1, $2)", [String(owner), String(day.ordinal)]).int(0, 0)
          if total > Int64(Hours.day.hundredths) {
            throw RecordsError.invalid(
              "hours", .outOfRange,
              "\(r.string(0, 5))'s activities on \(day) would add up to \(Hours(hundredths: Int(total))) hours, more than the 24 in a day")
          }
        }
        digest.signoff(
          sid: sid, activity: aid, decision: Int(d.decision.rawValue), verifier: by, note: d.note, day: d.date.ordinal, recordedAt: now,
          centihours: centihours)
        if first == nil { first = sid }
        last = sid
        lastAid = aid
      }
      let coverage = AuditCoverage(
        activities: nil, signoffs: first.map { $0...last }, digest: RowDigest.combine(RowDigest(), digest))
      if decisions.count == 1 {
        try appendAudit(
          c, actor: actor, action: decisions[0].decision == .verified ? "activity.verify" : "activity.reject",
          subject: "activity#\(lastAid)", detail: ["by": .string("practitioner#\(verifiers[decisions[0].verifier]!)")],
          coverage: coverage)
      } else {
        try appendAudit(
          c, actor: actor, action: "activities.signoff", subject: "store", detail: ["count": .int(decisions.count)],
          coverage: coverage)
      }
    }
  }

  static let activityColumns = """
    SELECT a.id, p.id, a.day, a.kind, cpd.hours_of(a), a.participatory, a.title, a.module, a.claims, a.reflection, a.status,
           (SELECT o.id FROM cpd.activities o WHERE o.aid = a.supersedes),
           (SELECT n.id FROM cpd.activities n WHERE n.supersedes = a.aid LIMIT 1),
           a.source, a.xapi_id, a.framework_version, a.recorded_at, a.aid,
           v.statement, v.target, v.reason, v.day, v.recorded_at
    FROM cpd.activities a JOIN cpd.practitioners p ON p.pid = a.practitioner LEFT JOIN cpd.voidings v ON v.activity = a.aid
    """

  static func activityRecords(_ c: PGConnection, where clause: String, _ values: [String?]) throws
    -> [(aid: Int64, record: ActivityRecord)]
  {
    let r = try c.query(activityColumns + " " + clause, values)
    guard r.rows > 0 else { return [] }
    let aids = PGConnection.array(r.map { String(r.int($0, 17)) })
    let files = try c.query(
      "SELECT activity, sha256, name, bytes FROM cpd.evidence_files WHERE activity = ANY ($1::bigint[]) ORDER BY activity, name COLLATE \"C\"",
      [aids])
    var evidence: [Int64: [StoredEvidence]] = [:]
    for i in 0..<files.rows {
      evidence[files.int(i, 0), default: []].append(StoredEvidence(sha256: files.string(i, 1), name: files.string(i, 2), bytes: Int(files.int(i, 3))))
    }
    let s = try c.query(
      """
      SELECT s.activity, s.decision, p.id, s.note, s.day, s.recorded_at, s.centihours FROM cpd.signoffs s
      LEFT JOIN cpd.practitioners p ON p.pid = s.verifier WHERE s.activity = ANY ($1::bigint[]) ORDER BY s.sid
      """, [aids])
    var signoffs: [Int64: [SignOffRecord]] = [:]
    for i in 0..<s.rows {
      signoffs[s.int(i, 0), default: []].append(
        SignOffRecord(
          decision: SignOffStatus(rawValue: UInt8(s.int(i, 1))) ?? .verified, verifier: s.text(i, 2), note: s.text(i, 3),
          date: Day(ordinal: Int32(s.int(i, 4))), recordedAt: s.string(i, 5),
          hours: s.optionalInt(i, 6).map { Hours(hundredths: Int($0)) }))
    }
    return r.map { i in
      let aid = r.int(i, 17)
      return (
        aid,
        ActivityRecord(
          id: r.string(i, 0), practitioner: r.string(i, 1), date: Day(ordinal: Int32(r.int(i, 2))),
          kind: ActivityKind(code: Int(r.int(i, 3))) ?? .classroom, hours: Hours(hundredths: Int(r.optionalInt(i, 4) ?? 0)),
          participatory: r.string(i, 5) == "t", title: r.string(i, 6), module: r.text(i, 7),
          claims: r.string(i, 8).split(separator: ",").compactMap { ClaimedLevel($0) }, reflection: r.text(i, 9),
          status: SignOffStatus(rawValue: UInt8(r.int(i, 10))) ?? .pending, supersedes: r.text(i, 11), supersededBy: r.text(i, 12),
          evidence: evidence[aid] ?? [], signOffs: signoffs[aid] ?? [], source: r.string(i, 13), xapiID: r.text(i, 14),
          frameworkVersion: r.string(i, 15), recordedAt: r.string(i, 16), needsHours: r.isNull(i, 4),
          voiding: r.isNull(i, 18)
            ? nil
            : StatementVoiding(
              statement: r.string(i, 18), target: r.string(i, 19), reason: r.text(i, 20), date: Day(ordinal: Int32(r.int(i, 21))),
              recordedAt: r.string(i, 22)))
      )
    }
  }

  public func activities(of practitioner: String) throws(RecordsError) -> [ActivityRecord] {
    try read { c in
      guard try c.query("SELECT 1 FROM cpd.practitioners WHERE id = $1", [practitioner]).rows > 0 else {
        throw RecordsError.invalid("practitioner", .unknown, "unknown practitioner \"\(practitioner)\"")
      }
      return try Self.activityRecords(c, where: "WHERE p.id = $1 ORDER BY a.day DESC, a.aid DESC", [practitioner]).map(\.record)
    }
  }

  public func activity(_ id: String) throws(RecordsError) -> ActivityRecord? {
    try read { c in try Self.activityRecords(c, where: "WHERE a.id = $1", [id]).first?.record }
  }

  public func forEachActivity(pageSize: Int, _ body: ([ActivityRecord]) throws -> Void) throws(RecordsError) {
    try read { c in
      var after: Int64 = 0
      while true {
        let page = try Self.activityRecords(c, where: "WHERE a.aid > $1 ORDER BY a.aid LIMIT $2", [String(after), String(pageSize)])
        guard let last = page.last else { break }
        try body(page.map(\.record))
        after = last.aid
      }
    }
  }

  public func activityCount() throws(RecordsError) -> Int {
    try read { c in Int(try c.query("SELECT count(*) FROM cpd.activities").int(0, 0)) }
  }

  public func evidence(_ sha256: String) throws(RecordsError) -> [UInt8]? {
    guard sha256.count == 64, sha256.allSatisfy(\.isHexDigit) else { return nil }
    return try read { c in try c.query("SELECT content FROM cpd.evidence_blobs WHERE sha256 = $1", [sha256]).bytes(0, 0) }
  }
}

/// What a `log` keeps across chunks.
struct ActivityBatch {
  let source: String
  let frameworkVersion: String
  let now: String
  var pids: [String: Int64] = [:]
  var ids: [String] = []
  var places: [String?] = []
  var firstAid: Int64? = nil
  var lastAid: Int64 = 0
  var firstSid: Int64? = nil
  var lastSid: Int64 = 0
  let digest = RowDigest()
  let signoffDigest = RowDigest()
  var digests: [String: (sha256: String, bytes: Int)] = [:]
  var statements = Set<String>()
  var givenIDs = Set<String>()
  var generatedIDs = ActivityIDs()
  /// Per (practitioner, day): the batch's first activity there, for the 24-hour rule's message.
  var firstRow: [Int64: (row: Int, place: String?, practitioner: String, date: Day)] = [:]

  init(source: String, frameworkVersion: String, now: String) {
    self.source = source
    self.frameworkVersion = frameworkVersion
    self.now = now
  }

  static func key(_ pid: Int64, _ day: Int32) -> Int64 { pid << 24 | Int64(day + 8_000_000) }
}

/// One write of `log` or `importStatements`: activities as they come (in chunks), the voidings
/// kept until every activity is in.
final class PostgresImport {
  let store: PostgresStore
  let c: PGConnection
  var batch: ActivityBatch
  let actor: AuditActor
  let progress: ((Int) -> Void)?
  /// Activities of a statements file not yet written (people they need may come first).
  var pending: [CheckedActivity] = []
  var voidings: [CheckedVoiding] = []
  let voidingRows = RowDigest()
  var firstVoiding: Int64 = 0
  var lastVoiding: Int64 = 0

  init(store: PostgresStore, c: PGConnection, batch: ActivityBatch, actor: AuditActor, progress: ((Int) -> Void)?) {
    self.store = store
    self.c = c
    self.batch = batch
    self.actor = actor
    self.progress = progress
  }

  func add(_ people: [CheckedPractitioner]) throws {
    try store.insertPractitioners(c, people, actor: actor, label: { _ in nil })
  }

  func add(_ chunk: [CheckedActivity]) throws {
    try store.insert(c, chunk, into: &batch)
    if let progress, batch.ids.count / 10_000 != (batch.ids.count - chunk.count) / 10_000 { progress(batch.ids.count) }
  }

  func flush() throws {
    guard !pending.isEmpty else { return }
    let chunk = pending
    pending = []
    try add(chunk)
  }

  /// Applies the voidings in the order they came, once every activity is in (xAPI 1.0.3 Part Two
  /// §2.3.2), asking the database through functions an lms may call, since it reads no activity.
  func applyVoidings() throws -> [VoidingOutcome] {
    guard !voidings.isEmpty else { return [] }
    let here = Set(voidings.map(\.statement))
    var outcomes: [VoidingOutcome] = []
    for v in voidings {
      func outcome(_ effect: VoidingOutcome.Effect, activity: String? = nil) {
        outcomes.append(VoidingOutcome(statement: v.statement, target: v.target, place: v.place, activity: activity, effect: effect))
      }
      let own = try c.query("SELECT voids, voided_by FROM cpd.voiding_of($1)", [v.statement])
      let seen = try c.query("SELECT 1 FROM cpd.statement_activity($1)", [v.statement]).rows > 0
      if seen || (own.rows > 0 && own.string(0, 0) == "t") {
        throw RecordsError.invalid("id", .duplicate, "statement \(v.statement) has already been imported").located(v.place)
      }
      let target = try c.query("SELECT voids, voided_by FROM cpd.voiding_of($1)", [v.target])
      if here.contains(v.target) || (target.rows > 0 && target.string(0, 0) == "t") {
        outcome(.targetIsVoiding)
        continue
      }
      if target.rows > 0, let by = target.text(0, 1) {
        outcome(.alreadyVoided(by: by))
        continue
      }
      let found = try c.query("SELECT aid, status, id FROM cpd.statement_activity($1)", [v.target])
      var aid: Int64? = nil
      var effect = VoidingOutcome.Effect.unknownTarget
      var activity: String? = nil
      if found.rows > 0 {
        aid = found.int(0, 0)
        activity = found.text(0, 2)
        switch SignOffStatus(rawValue: UInt8(truncatingIfNeeded: found.int(0, 1))) ?? .pending {
        case .pending: effect = .withdrawn
        case .verified: effect = .superseded
        case .rejected: effect = .alreadyRejected
        case .withdrawn: effect = .alreadyVoided(by: "")
        }
      }
      let vid = try Int64(c.scalar("SELECT cpd.reserve('voidings_vid_seq', 1)") ?? "0") ?? 0
      let now = batch.now
      try c.query(
        "INSERT INTO cpd.voidings (vid, statement, target, activity, reason, day, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        [String(vid), v.statement, v.target, aid.map { String($0) }, v.reason, String(v.date.ordinal), now])
      if effect == .withdrawn, let aid { try c.query("SELECT cpd.withdraw($1)", [String(aid)]) }
      if voidingRows.rows == 0 { firstVoiding = vid }
      lastVoiding = vid
      voidingRows.voiding(
        vid: vid, statement: v.statement, target: v.target, activity: aid, reason: v.reason, day: v.date.ordinal, recordedAt: now)
      outcome(effect, activity: activity)
    }
    return outcomes
  }
}
