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
    label: (Int) -> String? = { _ in nil }, progress: ((Int) -> Void)? = nil
  ) throws(RecordsError) -> [String] {
    // Hash evidence first (reading only); files are copied in once every row has gone in.
    var digests: [String: (sha256: String, bytes: Int)] = [:]
    for (i, a) in activities.enumerated() {
      for file in a.evidence where digests[file.path] == nil {
        do {
          digests[file.path] = try vault.digest(of: file.path)
        } catch {
          throw label(i).map { error.located($0) } ?? error
        }
      }
    }
    let now = Clock.timestamp()
    var newFiles: [String] = []
    do {
      return try write {
        let insertActivity = try db.prepare(
          """
          INSERT INTO activities (practitioner, day, kind, hours, participatory, module, claims, status, supersedes, reflective)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          """)
        let insertDetails = try db.prepare(
          """
          INSERT INTO activity_details (aid, id, title, reflection, source, xapi_id, framework_version, recorded_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?)
          """)
        let insertSignOff = try db.prepare(
          "INSERT INTO signoffs (activity, decision, verifier, note, day, recorded_at) VALUES (?, ?, ?, ?, ?, ?)")
        let insertEvidence = try db.prepare("INSERT OR IGNORE INTO evidence_files (activity, sha256, name, bytes) VALUES (?, ?, ?, ?)")
        let findActivity = try db.prepare(
          """
          SELECT a.aid, a.practitioner, (SELECT d2.id FROM activities c JOIN activity_details d2 USING (aid)
                                         WHERE c.supersedes = a.aid LIMIT 1)
          FROM activity_details d JOIN activities a USING (aid) WHERE d.id = ?
          """)
        let pidLookup = try db.prepare("SELECT pid FROM practitioners WHERE id = ?")
        var pids: [String: Int64] = [:]
        func pid(_ id: String, field: String) throws -> Int64 {
          if let known = pids[id] { return known }
          pidLookup.reset()
          pidLookup.bindAll([.text(id)])
          guard try pidLookup.step() else { throw RecordsError.invalid("\(field): unknown practitioner \"\(id)\"") }
          let found = pidLookup.int(0)
          pids[id] = found
          return found
        }
        var ids: [String] = []
        ids.reserveCapacity(activities.count)
        var batchAids: [String: (aid: Int64, pid: Int64)] = [:]
        var corrected: Set<Int64> = []
        var firstAid: Int64 = 0
        var touched: [Int64: Int] = [:]  // first row per (practitioner, day) key, for the day-total check
        for (i, a) in activities.enumerated() {
          do {
            let owner = try pid(a.practitioner, field: "practitioner")
            var supersedes: Int64? = nil
            if let old = a.supersedes {
              let target: (aid: Int64, pid: Int64)
              if let inBatch = batchAids[old] {
                target = inBatch
              } else {
                findActivity.reset()
                findActivity.bindAll([.text(old)])
                guard try findActivity.step() else { throw RecordsError.invalid("supersedes: unknown activity \"\(old)\"") }
                if let other = findActivity.text(2) {
                  throw RecordsError.invalid("supersedes: activity \"\(old)\" already has a correction (\(other))")
                }
                target = (findActivity.int(0), findActivity.int(1))
              }
              guard target.pid == owner else {
                throw RecordsError.invalid("supersedes: activity \"\(old)\" belongs to another practitioner")
              }
              guard corrected.insert(target.aid).inserted else {
                throw RecordsError.invalid("supersedes: activity \"\(old)\" already has a correction in this batch")
              }
              supersedes = target.aid
            }
            var verifier: Int64? = nil
            if let s = a.signOff {
              verifier = try pid(s.verifier, field: "verified_by")
              guard verifier != owner else {
                throw RecordsError.invalid("verified_by: \(s.verifier) cannot sign off their own activity")
              }
            }
            let reflective = a.kind == .reflectiveAccount || !(a.reflection?.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ?? true)
            try insertActivity.run([
              .int(owner), .int(Int64(a.date.ordinal)), .int(Int64(a.kind.code)), .real(a.hours),
              .int(a.participatory ? 1 : 0), .optional(a.module), .text(a.claims.map(\.text).joined(separator: ",")),
              .int(Int64(a.signOff?.decision.rawValue ?? 0)), .optional(supersedes), .int(reflective ? 1 : 0),
            ])
            let aid = db.lastInsertRowID
            if i == 0 { firstAid = aid }
            let id = a.id ?? ActivityID.generate()
            do {
              try insertDetails.run([
                .int(aid), .text(id), .text(a.title), .optional(a.reflection), .text(source), .optional(a.xapiID),
                .text(frameworkVersion), .text(now),
              ])
            } catch let error as SQLiteError where error.isConstraint {
              if error.message.contains("xapi_id") {
                throw RecordsError.invalid("id: statement \(a.xapiID ?? "") has already been imported")
              }
              throw RecordsError.invalid("id: activity \"\(id)\" already exists")
            }
            if let s = a.signOff, let verifier {
              try insertSignOff.run([
                .int(aid), .int(Int64(s.decision.rawValue)), .int(verifier), .optional(s.note), .int(Int64(s.date.ordinal)),
                .text(now),
              ])
            }
            for file in a.evidence {
              let d = digests[file.path]!
              try insertEvidence.run([.int(aid), .text(d.sha256), .text(file.name), .int(Int64(d.bytes))])
            }
            batchAids[id] = (aid, owner)
            let key = owner << 24 | Int64(a.date.ordinal + 8_000_000)
            if touched[key] == nil { touched[key] = i }
            ids.append(id)
            if let progress, i % 10_000 == 0 { progress(i) }
          } catch let error as RecordsError {
            throw label(i).map { error.located($0) } ?? error
          }
        }
        if activities.isEmpty { return [] }

        // No one's activities on one day may add up to more than 24 hours (corrected and
        // rejected entries aside).
        let overfull = try db.prepare(
          """
          SELECT a.practitioner, a.day,
                 (SELECT sum(b.hours) FROM activities b WHERE b.practitioner = a.practitioner AND b.day = a.day
                    AND b.status != 2 AND NOT EXISTS (SELECT 1 FROM activities c WHERE c.supersedes = b.aid)) AS total
          FROM activities a WHERE a.aid >= ? GROUP BY a.practitioner, a.day HAVING total > 24 LIMIT 1
          """)
        overfull.bindAll([.int(firstAid)])
        if try overfull.step() {
          let key = overfull.int(0) << 24 | (overfull.int(1) + 8_000_000)
          let row = touched[key] ?? 0
          let total = overfull.double(2)
          let error = RecordsError.invalid(
            "hours: \(activities[row].practitioner)'s activities on \(activities[row].date) would add up to "
              + "\(JSONWriter.formatNumber(total)) hours, more than the 24 in a day")
          throw label(row).map { error.located($0) } ?? error
        }

        if activities.count == 1 {
          try appendAudit(
            actor: actor, action: "activity.log", subject: "activity#\(firstAid)",
            detail: ["id": .string(ids[0]), "source": .string(source)])
        } else {
          try appendAudit(
            actor: actor, action: "activities.import", subject: "activities#\(firstAid)-\(db.lastInsertRowID)",
            detail: ["count": .int(activities.count), "source": .string(source)])
        }
        // Evidence goes in last: if copying fails, the transaction rolls back.
        for (path, d) in digests where try vault.store(path, sha256: d.sha256) { newFiles.append(d.sha256) }
        return ids
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

/// Generated activity ids: `A-` and 13 Crockford base-32 digits of 64 random bits.
enum ActivityID {
  static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

  static func generate() -> String {
    var value = UInt64.random(in: .min ... .max)
    var digits = [Character](repeating: "0", count: 13)
    for i in (0..<13).reversed() {
      digits[i] = alphabet[Int(value & 31)]
      value >>= 5
    }
    return "A-" + String(digits)
  }
}
