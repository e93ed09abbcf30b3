import Competency
import Foundation
import JSON
import Workforce

extension SQLiteStore {
  /// Stores activities in one transaction and returns their ids (generated where not given).
  ///
  /// Checks what needs the store: the practitioner exists, ids are new, a correction supersedes
  /// an activity of the same person that has no other correction, a preset sign-off names another
  /// practitioner, and no one's hours on a day exceed 24. Any failure rolls back everything and
  /// names the activity through `label` (e.g. "row 7").
  @discardableResult
  public func log(
    _ activities: [NewActivity], source: String, frameworkVersion: String, actor: Actor,
    label: (Int) -> String? = { _ in nil }
  ) throws(RecordsError) -> [String] {
    try importActivities(
      ActivityStream(activities), creating: [], source: source, frameworkVersion: frameworkVersion, actor: actor,
      label: label)
  }

  /// Adds practitioners and their activities in one transaction (an xAPI import that creates
  /// the people it meets).
  @discardableResult
  public func importActivities(
    _ activities: [NewActivity], creating people: [NewPractitioner], source: String, frameworkVersion: String,
    actor: Actor, label: (Int) -> String? = { _ in nil }
  ) throws(RecordsError) -> [String] {
    try importActivities(
      ActivityStream(activities), creating: people, source: source, frameworkVersion: frameworkVersion, actor: actor,
      label: label)
  }

  /// Stores a stream of activities in one transaction, chunk by chunk as the stream's producer
  /// reads them (on another core), with `progress` told the running count.
  @discardableResult
  public func importActivities(
    _ stream: ActivityStream, creating people: [NewPractitioner], source: String, frameworkVersion: String, actor: Actor,
    label: (Int) -> String? = { _ in nil }, progress: ((Int) -> Void)? = nil
  ) throws(RecordsError) -> [String] {
    let now = Clock.timestamp()
    var digests: [String: (sha256: String, bytes: Int)] = [:]
    var newFiles: [String] = []
    defer { stream.cancel() }
    do {
      return try write {
        if !people.isEmpty { try insertPractitioners(people, actor: actor, label: { _ in nil }) }
        let inserter = try ActivityInserter(db: db, source: source, frameworkVersion: frameworkVersion, now: now)
        var index = 0
        while let chunk = try stream.next() {
          for a in chunk {
            do {
              for file in a.evidence where digests[file.path] == nil { digests[file.path] = try vault.digest(of: file.path) }
              try inserter.insert(a, index: index, digests: digests)
            } catch let error as RecordsError {
              throw label(index).map { error.located($0) } ?? error
            }
            index += 1
            if let progress, index % 10_000 == 0 { progress(index) }
          }
        }
        if index == 0 { return [] }
        if let (row, practitioner, date, total) = try inserter.overfullDay() {
          let error = RecordsError.invalid(
            "hours: \(practitioner)'s activities on \(date) would add up to \(JSONWriter.formatNumber(total)) hours, "
              + "more than the 24 in a day")
          throw label(row).map { error.located($0) } ?? error
        }
        if index == 1 {
          try appendAudit(
            actor: actor, action: "activity.log", subject: "activity#\(inserter.firstAid)",
            detail: ["id": .string(inserter.ids[0]), "source": .string(source)])
        } else {
          try appendAudit(
            actor: actor, action: "activities.import", subject: "activities#\(inserter.firstAid)-\(db.lastInsertRowID)",
            detail: ["count": .int(index), "source": .string(source)])
        }
        // Evidence goes in last: if copying fails, the transaction rolls back.
        for (path, d) in digests where try vault.store(path, sha256: d.sha256) { newFiles.append(d.sha256) }
        return inserter.ids
      }
    } catch {
      for sha in newFiles { vault.remove(sha) }
      throw error
    }
  }

  /// Verifies or rejects a pending activity. The verifier must exist and not be its author.
  public func signOff(activity: String, decision: SignOffStatus, by verifier: String, note: String?, on day: Day)
    throws(RecordsError)
  {
    precondition(decision != .pending)
    try write {
      let find = try db.prepare(
        "SELECT a.aid, a.practitioner, a.status, a.day FROM activity_details d JOIN activities a USING (aid) WHERE d.id = ?")
      find.bindAll([.text(activity)])
      guard try find.step() else { throw RecordsError.invalid("activity: unknown activity \"\(activity)\"") }
      let aid = find.int(0)
      let owner = find.int(1)
      let status = SignOffStatus(rawValue: UInt8(find.int(2))) ?? .pending
      guard let by = try pid(of: verifier) else { throw RecordsError.invalid("by: unknown practitioner \"\(verifier)\"") }
      guard by != owner else { throw RecordsError.invalid("by: \(verifier) cannot sign off their own activity") }
      guard status == .pending else { throw RecordsError.invalid("activity: \"\(activity)\" is already \(status.name)") }
      try db.prepare("UPDATE activities SET status = ? WHERE aid = ?").run([.int(Int64(decision.rawValue)), .int(aid)])
      try db.prepare("INSERT INTO signoffs (activity, decision, verifier, note, day, recorded_at) VALUES (?, ?, ?, ?, ?, ?)")
        .run([.int(aid), .int(Int64(decision.rawValue)), .int(by), .optional(note), .int(Int64(day.ordinal)), .text(Clock.timestamp())])
      try appendAudit(
        actor: .practitioner(verifier), action: decision == .verified ? "activity.verify" : "activity.reject",
        subject: "activity#\(aid)", detail: [:])
    }
  }

  /// Sign-offs in bulk (the demo): one transaction.
  public func signOff(_ decisions: [(activity: String, decision: SignOffStatus, by: String, day: Day)], actor: Actor)
    throws(RecordsError)
  {
    let now = Clock.timestamp()
    try write {
      let find = try db.prepare("SELECT aid FROM activity_details WHERE id = ?")
      let update = try db.prepare("UPDATE activities SET status = ? WHERE aid = ? AND status = 0")
      let insert = try db.prepare(
        "INSERT INTO signoffs (activity, decision, verifier, note, day, recorded_at) VALUES (?, ?, ?, NULL, ?, ?)")
      var pids: [String: Int64] = [:]
      for d in decisions {
        find.reset()
        find.bindAll([.text(d.activity)])
        guard try find.step() else { throw RecordsError.invalid("activity: unknown activity \"\(d.activity)\"") }
        let aid = find.int(0)
        guard let by = try pids[d.by] ?? pid(of: d.by) else { throw RecordsError.invalid("by: unknown practitioner \"\(d.by)\"") }
        pids[d.by] = by
        try update.run([.int(Int64(d.decision.rawValue)), .int(aid)])
        try insert.run([.int(aid), .int(Int64(d.decision.rawValue)), .int(by), .int(Int64(d.day.ordinal)), .text(now)])
      }
      try appendAudit(actor: actor, action: "activities.signoff", subject: "store", detail: ["count": .int(decisions.count)])
    }
  }

  static let activityColumns = """
    SELECT d.id, p.id, a.day, a.kind, a.hours, a.participatory, d.title, a.module, a.claims, d.reflection, a.status,
           (SELECT d2.id FROM activity_details d2 WHERE d2.aid = a.supersedes),
           (SELECT d3.id FROM activities c JOIN activity_details d3 USING (aid) WHERE c.supersedes = a.aid LIMIT 1),
           d.source, d.xapi_id, d.framework_version, d.recorded_at, a.aid
    FROM activities a JOIN activity_details d USING (aid) JOIN practitioners p ON p.pid = a.practitioner
    """

  func activityRecords(where clause: String, _ values: [SQLValue]) throws -> [(aid: Int64, record: ActivityRecord)] {
    let evidence = try db.prepare("SELECT sha256, name, bytes FROM evidence_files WHERE activity = ? ORDER BY name")
    let signoffs = try db.prepare(
      """
      SELECT s.decision, p.id, s.note, s.day, s.recorded_at FROM signoffs s LEFT JOIN practitioners p ON p.pid = s.verifier
      WHERE s.activity = ? ORDER BY s.sid
      """)
    return try db.prepare(Self.activityColumns + " " + clause).rows(values) { s in
      let aid = s.int(17)
      return (aid, ActivityRecord(
        id: s.text(0) ?? "", practitioner: s.text(1) ?? "", date: Day(ordinal: Int32(s.int(2))),
        kind: ActivityKind(code: Int(s.int(3))) ?? .classroom, hours: s.double(4), participatory: s.int(5) == 1,
        title: s.text(6) ?? "", module: s.text(7),
        claims: (s.text(8) ?? "").split(separator: ",").compactMap { ClaimedLevel($0) }, reflection: s.text(9),
        status: SignOffStatus(rawValue: UInt8(s.int(10))) ?? .pending, supersedes: s.text(11), supersededBy: s.text(12),
        evidence: try evidence.rows([.int(aid)]) { e in
          StoredEvidence(sha256: e.text(0) ?? "", name: e.text(1) ?? "", bytes: Int(e.int(2)))
        },
        signOffs: try signoffs.rows([.int(aid)]) { r in
          SignOffRecord(
            decision: SignOffStatus(rawValue: UInt8(r.int(0))) ?? .verified, verifier: r.text(1), note: r.text(2),
            date: Day(ordinal: Int32(r.int(3))), recordedAt: r.text(4) ?? "")
        },
        source: s.text(13) ?? "", xapiID: s.text(14), frameworkVersion: s.text(15) ?? "", recordedAt: s.text(16) ?? ""))
    }
  }

  /// A practitioner's log, newest first.
  public func activities(of practitioner: String) throws(RecordsError) -> [ActivityRecord] {
    try guarded {
      guard try pid(of: practitioner) != nil else {
        throw RecordsError.invalid("practitioner: unknown practitioner \"\(practitioner)\"")
      }
      return try activityRecords(where: "WHERE p.id = ? ORDER BY a.day DESC, a.aid DESC", [.text(practitioner)]).map(\.record)
    }
  }

  public func activity(_ id: String) throws(RecordsError) -> ActivityRecord? {
    try guarded { try activityRecords(where: "WHERE d.id = ?", [.text(id)]).first?.record }
  }

  /// Every activity in the order it was recorded, in pages (for exports).
  public func forEachActivity(pageSize: Int = 5_000, _ body: ([ActivityRecord]) throws -> Void) throws(RecordsError) {
    try guarded {
      var after: Int64 = 0
      while true {
        let page = try activityRecords(where: "WHERE a.aid > ? ORDER BY a.aid LIMIT ?", [.int(after), .int(Int64(pageSize))])
        guard let last = page.last else { break }
        try body(page.map(\.record))
        after = last.aid
      }
    }
  }

  public func activityCount() throws(RecordsError) -> Int {
    try guarded { Int(try db.scalar("SELECT count(*) FROM activities").flatMap { Int($0) } ?? 0) }
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
  let insertSignOff: Statement
  let insertEvidence: Statement
  let findActivity: Statement
  let pidLookup: Statement
  var pids: [String: Int64] = [:]
  var ids: [String] = []
  var firstAid: Int64 = 0
  var correctionsInBatch = false
  var generatedIDs = ActivityIDs()
  /// Per (practitioner, day): the batch's hours and its first row, for the 24-hour rule.
  var touched: [Int64: (hours: Double, row: Int, practitioner: String, date: Day)] = [:]

  init(db: Connection, source: String, frameworkVersion: String, now: String) throws {
    self.db = db
    self.source = source
    self.frameworkVersion = frameworkVersion
    self.now = now
    insertActivity = try db.prepare(
      """
      INSERT INTO activities (practitioner, day, kind, hours, participatory, module, claims, status, supersedes, reflective)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """)
    insertDetails = try db.prepare(
      """
      INSERT INTO activity_details (aid, id, title, reflection, source, xapi_id, framework_version, recorded_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      """)
    insertSignOff = try db.prepare(
      "INSERT INTO signoffs (activity, decision, verifier, note, day, recorded_at) VALUES (?, ?, ?, ?, ?, ?)")
    insertEvidence = try db.prepare("INSERT OR IGNORE INTO evidence_files (activity, sha256, name, bytes) VALUES (?, ?, ?, ?)")
    findActivity = try db.prepare(
      """
      SELECT a.aid, a.practitioner, (SELECT d2.id FROM activities c JOIN activity_details d2 USING (aid)
                                     WHERE c.supersedes = a.aid LIMIT 1)
      FROM activity_details d JOIN activities a USING (aid) WHERE d.id = ?
      """)
    pidLookup = try db.prepare("SELECT pid FROM practitioners WHERE id = ?")
    ids.reserveCapacity(1024)
    // The same for every row of the batch: bound once.
    insertDetails.bind(5, source)
    insertDetails.bind(7, frameworkVersion)
    insertDetails.bind(8, now)
  }

  func pid(_ id: String, field: String) throws -> Int64 {
    if let known = pids[id] { return known }
    pidLookup.reset()
    pidLookup.bindAll([.text(id)])
    guard try pidLookup.step() else { throw RecordsError.invalid("\(field): unknown practitioner \"\(id)\"") }
    let found = pidLookup.int(0)
    pids[id] = found
    return found
  }

  func insert(_ a: NewActivity, index: Int, digests: [String: (sha256: String, bytes: Int)]) throws {
    let owner = try pid(a.practitioner, field: "practitioner")
    var supersedes: Int64? = nil
    if let old = a.supersedes {
      correctionsInBatch = true
      findActivity.reset()
      findActivity.bindAll([.text(old)])
      guard try findActivity.step() else { throw RecordsError.invalid("supersedes: unknown activity \"\(old)\"") }
      if let other = findActivity.text(2) {
        throw RecordsError.invalid("supersedes: activity \"\(old)\" already has a correction (\(other))")
      }
      guard findActivity.int(1) == owner else {
        throw RecordsError.invalid("supersedes: activity \"\(old)\" belongs to another practitioner")
      }
      supersedes = findActivity.int(0)
    }
    var verifier: Int64? = nil
    if let s = a.signOff {
      verifier = try pid(s.verifier, field: "verified_by")
      guard verifier != owner else { throw RecordsError.invalid("verified_by: \(s.verifier) cannot sign off their own activity") }
    }
    let reflective = a.kind == .reflectiveAccount || (a.reflection?.utf8.contains { $0 > 0x20 } ?? false)
    // Bound one by one: this runs for every row of an import.
    insertActivity.reset()
    insertActivity.bind(1, owner)
    insertActivity.bind(2, Int64(a.date.ordinal))
    insertActivity.bind(3, Int64(a.kind.code))
    insertActivity.bind(4, a.hours)
    insertActivity.bind(5, Int64(a.participatory ? 1 : 0))
    insertActivity.bind(6, a.module)
    insertActivity.bind(7, a.claimsText)
    insertActivity.bind(8, Int64(a.signOff?.decision.rawValue ?? 0))
    insertActivity.bind(9, supersedes)
    insertActivity.bind(10, Int64(reflective ? 1 : 0))
    try insertActivity.execute()
    let aid = db.lastInsertRowID
    if ids.isEmpty { firstAid = aid }
    var id = a.id ?? generatedIDs.generate()
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
        throw RecordsError.invalid("id: statement \(a.xapiID ?? "") has already been imported")
      }
      // A generated id that clashes with another process's: draw again.
      if a.id == nil && attempts < 3 {
        attempts += 1
        generatedIDs.reseed()
        id = generatedIDs.generate()
        continue
      }
      throw RecordsError.invalid("id: activity \"\(id)\" already exists")
    }
    if let s = a.signOff, let verifier {
      try insertSignOff.run([
        .int(aid), .int(Int64(s.decision.rawValue)), .int(verifier), .optional(s.note), .int(Int64(s.date.ordinal)), .text(now),
      ])
    }
    for file in a.evidence {
      let d = digests[file.path]!
      try insertEvidence.run([.int(aid), .text(d.sha256), .text(file.name), .int(Int64(d.bytes))])
    }
    let key = owner << 24 | Int64(a.date.ordinal + 8_000_000)
    let counted = a.signOff?.decision == .rejected ? 0 : a.hours
    touched[key, default: (0, index, a.practitioner, a.date)].hours += counted
    ids.append(id)
  }

  /// The first (practitioner, day) whose hours add up to more than 24, rejected and corrected
  /// entries aside. The batch's own sums are kept in memory; the store is asked only about
  /// people who already had activities, or when the batch holds corrections.
  func overfullDay() throws -> (row: Int, practitioner: String, date: Day, total: Double)? {
    let earlier = try db.prepare("SELECT 1 FROM activities WHERE practitioner = ? AND aid < ? LIMIT 1")
    let daySum = try db.prepare(
      """
      SELECT coalesce(sum(b.hours), 0) FROM activities b WHERE b.practitioner = ? AND b.day = ? AND b.status != 2
        AND NOT EXISTS (SELECT 1 FROM activities c WHERE c.supersedes = b.aid AND c.status != 2)
      """)
    var hasEarlier: [Int64: Bool] = [:]
    var worst: (row: Int, practitioner: String, date: Day, total: Double)? = nil
    for (key, entry) in touched {
      let owner = key >> 24
      var total = entry.hours
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
        daySum.bindAll([.int(owner), .int(Int64(entry.date.ordinal))])
        _ = try daySum.step()
        total = daySum.double(0)
      }
      // Report the earliest offending row, whatever order the dictionary gives.
      if total > 24 && (worst == nil || entry.row < worst!.row) { worst = (entry.row, entry.practitioner, entry.date, total) }
    }
    return worst
  }
}

/// Generated activity ids: `A-` and 13 Crockford base-32 digits of a 65-bit number made of the
/// time in milliseconds and a random 20-bit start, counted up within a batch. Ids of one import
/// therefore sort together and go into the unique index at its end, which keeps bulk imports fast.
struct ActivityIDs {
  static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)
  private var next: UInt64

  init() {
    let milliseconds = UInt64(Date().timeIntervalSince1970 * 1000)
    next = milliseconds << 20 | UInt64.random(in: 0..<(1 << 20))
  }

  mutating func generate() -> String {
    var value = next
    next &+= 1
    return String(unsafeUninitializedCapacity: 15) { buffer in
      buffer[0] = UInt8(ascii: "A")
      buffer[1] = UInt8(ascii: "-")
      for i in (2..<15).reversed() {
        buffer[i] = Self.alphabet[Int(value & 31)]
        value >>= 5
      }
      return 15
    }
  }

  /// A fresh random start, after a clash with another process's ids.
  mutating func reseed() { self = ActivityIDs() }
}
