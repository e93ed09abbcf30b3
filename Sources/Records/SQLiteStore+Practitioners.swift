import Competency
import JSON

extension SQLiteStore {
  /// Adds practitioners in one transaction (one for `practitioner add`, many for an import or
  /// the demo). Managers may be added in the same batch, before the people they manage.
  public func add(_ people: [NewPractitioner], actor: Actor, label: (Int) -> String? = { _ in nil }) throws(RecordsError) {
    try write { try insertPractitioners(people, actor: actor, label: label) }
  }

  /// The body of `add`, for use inside a transaction.
  func insertPractitioners(_ people: [NewPractitioner], actor: Actor, label: (Int) -> String?) throws {
    let now = Clock.timestamp()
    let insert = try db.prepare(
      "INSERT INTO practitioners (id, name, email, agency, team, role, manager, language, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    )
    var pids: [String: Int64] = [:]
    var first: Int64 = 0
    for (i, p) in people.enumerated() {
      do {
        var manager: Int64? = nil
        if let m = p.manager {
          guard let found = try pids[m] ?? pid(of: m) else { throw RecordsError.invalid("manager: unknown practitioner \"\(m)\"") }
          manager = found
        }
        let values: [SQLValue] = [
          .text(p.id), .text(p.name), .optional(p.email), .text(p.agency), .text(p.team), .text(p.role), .optional(manager),
          .text(p.language), .text(now),
        ]
        if let problem = try insertReportingConstraint(insert, values) {
          if problem.contains("practitioners.email") {
            throw RecordsError.invalid("email: \(p.email ?? "") is already used by another practitioner")
          }
          if problem.contains("practitioners.id") { throw RecordsError.invalid("id: practitioner \"\(p.id)\" already exists") }
          throw RecordsError.invalid("practitioner \"\(p.id)\": \(problem)")
        }
        pids[p.id] = db.lastInsertRowID
        if i == 0 { first = db.lastInsertRowID }
      } catch let error as RecordsError {
        throw label(i).map { error.located($0) } ?? error
      }
    }
    if people.count == 1 {
      try appendAudit(actor: actor, action: "practitioner.add", subject: "practitioner#\(first)", detail: [:])
    } else if !people.isEmpty {
      try appendAudit(
        actor: actor, action: "practitioners.add", subject: "practitioners#\(first)-\(db.lastInsertRowID)",
        detail: ["count": .int(people.count)])
    }
  }

  /// Runs an insert; a constraint violation comes back as SQLite's message instead of an error.
  func insertReportingConstraint(_ statement: Statement, _ values: [SQLValue]) throws -> String? {
    statement.reset()
    statement.bindAll(values)
    return try Self.executeReportingConstraint(statement)
  }

  /// Runs a statement whose values are bound; a constraint violation comes back as its message.
  static func executeReportingConstraint(_ statement: Statement) throws -> String? {
    do {
      try statement.execute()
      return nil
    } catch {
      if error.isConstraint { return error.message }
      throw error
    }
  }

  public func add(_ practitioner: NewPractitioner, actor: Actor) throws(RecordsError) {
    try add([practitioner], actor: actor)
  }

  static let practitionerColumns = """
    SELECT p.id, p.name, p.email, p.agency, p.team, p.role, m.id, p.language, p.created_at
    FROM practitioners p LEFT JOIN practitioners m ON m.pid = p.manager
    """

  func practitionerRecord(_ s: Statement) -> PractitionerRecord {
    PractitionerRecord(
      id: s.text(0) ?? "", name: s.text(1) ?? "", email: s.text(2), agency: s.text(3) ?? "", team: s.text(4) ?? "",
      role: s.text(5) ?? "", manager: s.text(6), language: s.text(7) ?? "en", createdAt: s.text(8) ?? "")
  }

  public func practitioners(team: String? = nil) throws(RecordsError) -> [PractitionerRecord] {
    try guarded {
      let sql = Self.practitionerColumns + (team == nil ? "" : " WHERE p.team = ?") + " ORDER BY p.team, p.id"
      return try db.prepare(sql).rows(team.map { [.text($0)] } ?? [], practitionerRecord)
    }
  }

  public func practitioner(_ id: String) throws(RecordsError) -> PractitionerRecord? {
    try guarded {
      try db.prepare(Self.practitionerColumns + " WHERE p.id = ?").rows([.text(id)], practitionerRecord).first
    }
  }

  /// Practitioner ids by email address (case-insensitive), for matching xAPI actors.
  public func practitionerIDs(byEmail emails: [String]) throws(RecordsError) -> [String: String] {
    try guarded {
      let s = try db.prepare("SELECT id FROM practitioners WHERE email = ? COLLATE NOCASE")
      var result: [String: String] = [:]
      for email in Set(emails) {
        s.reset()
        s.bindAll([.text(email)])
        if try s.step(), let id = s.text(0) { result[email.lowercased()] = id }
      }
      return result
    }
  }

  /// Records a self-assessment (the latest rating for a day replaces an earlier one that day).
  public func assess(practitioner: String, competency: String, level: Int, on day: Day, actor: Actor) throws(RecordsError) {
    try write {
      guard let pid = try pid(of: practitioner) else {
        throw RecordsError.invalid("practitioner: unknown practitioner \"\(practitioner)\"")
      }
      try db.prepare(
        "INSERT OR REPLACE INTO self_assessments (practitioner, competency, level, day, recorded_at) VALUES (?, ?, ?, ?, ?)"
      ).run([.int(pid), .text(competency), .int(Int64(level)), .int(Int64(day.ordinal)), .text(Clock.timestamp())])
      try appendAudit(
        actor: actor, action: "assessment.record", subject: "practitioner#\(pid)",
        detail: ["competency": .string(competency), "level": .int(level)])
    }
  }

  /// Self-assessments in bulk (the demo), one transaction.
  public func assess(_ ratings: [(practitioner: String, competency: String, level: Int, day: Day)], actor: Actor)
    throws(RecordsError)
  {
    let now = Clock.timestamp()
    try write {
      let insert = try db.prepare(
        "INSERT OR REPLACE INTO self_assessments (practitioner, competency, level, day, recorded_at) VALUES (?, ?, ?, ?, ?)")
      var pids: [String: Int64] = [:]
      for r in ratings {
        guard let pid = try pids[r.practitioner] ?? pid(of: r.practitioner) else {
          throw RecordsError.invalid("practitioner: unknown practitioner \"\(r.practitioner)\"")
        }
        pids[r.practitioner] = pid
        try insert.run([.int(pid), .text(r.competency), .int(Int64(r.level)), .int(Int64(r.day.ordinal)), .text(now)])
      }
      try appendAudit(actor: actor, action: "assessments.record", subject: "store", detail: ["count": .int(ratings.count)])
    }
  }

  public func selfAssessments(of practitioner: String) throws(RecordsError) -> [SelfAssessmentRecord] {
    try guarded {
      try db.prepare(
        """
        SELECT s.competency, s.level, s.day FROM self_assessments s JOIN practitioners p ON p.pid = s.practitioner
        WHERE p.id = ? ORDER BY s.day DESC, s.competency
        """
      ).rows([.text(practitioner)]) {
        SelfAssessmentRecord(competency: $0.text(0) ?? "", level: Int($0.int(1)), date: Day(ordinal: Int32($0.int(2))))
      }
    }
  }
}
