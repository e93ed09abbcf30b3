import Competency
import JSON
import Records
import Workforce

extension SQLiteStore {
  /// Adds practitioners in one transaction (one for `practitioner add`, many for an import or
  /// the demo). Managers may be added in the same batch, before the people they manage.
  public func add(_ people: [CheckedPractitioner], actor: AuditActor, label: (Int) -> String?) throws(RecordsError) {
    try write { c in try insertPractitioners(c, people, actor: actor, label: label) }
  }

  /// The body of `add`, for use inside a transaction.
  func insertPractitioners(_ c: Connection, _ people: [CheckedPractitioner], actor: AuditActor, label: (Int) -> String?) throws {
    let now = Clock.timestamp()
    let insert = try c.prepare(
      "INSERT INTO practitioners (id, name, email, agency, team, role, manager, language, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    )
    var pids: [String: Int64] = [:]
    var first: Int64 = 0
    for (i, checked) in people.enumerated() {
      let p = checked.value
      do {
        var manager: Int64? = nil
        if let m = p.manager {
          guard let found = try pids[m] ?? Self.pid(c, of: m) else {
            throw RecordsError.invalid("manager", .unknown, "unknown practitioner \"\(m)\"")
          }
          manager = found
        }
        let values: [SQLValue] = [
          .text(p.id), .text(p.name), .optional(p.email), .text(p.agency), .text(p.team), .text(p.role), .optional(manager),
          .text(p.language), .text(now),
        ]
        if let problem = try Self.insertReportingConstraint(insert, values) {
          if problem.contains("practitioners.email") {
            throw RecordsError.invalid("email", .duplicate, "\(p.email ?? "") is already used by another practitioner")
          }
          if problem.contains("practitioners.id") { throw RecordsError.invalid("id", .duplicate, "practitioner \"\(p.id)\" already exists") }
          throw RecordsError.invalid("", .malformed, "practitioner \"\(p.id)\": \(problem)")
        }
        pids[p.id] = c.lastInsertRowID
        if i == 0 { first = c.lastInsertRowID }
      } catch let error as RecordsError {
        throw error.located(label(i))
      }
    }
    if people.count == 1 {
      try appendAudit(c, actor: actor, action: "practitioner.add", subject: "practitioner#\(first)", detail: [:])
    } else if !people.isEmpty {
      try appendAudit(
        c, actor: actor, action: "practitioners.add", subject: "practitioners#\(first)-\(c.lastInsertRowID)",
        detail: ["count": .int(people.count)])
    }
  }

  /// Runs an insert; a constraint violation comes back as SQLite's message instead of an error.
  static func insertReportingConstraint(_ statement: Statement, _ values: [SQLValue]) throws -> String? {
    statement.reset()
    statement.bindAll(values)
    return try executeReportingConstraint(statement)
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

  static let practitionerColumns = """
    SELECT p.id, p.name, p.email, p.agency, p.team, p.role, m.id, p.language, p.created_at
    FROM practitioners p LEFT JOIN practitioners m ON m.pid = p.manager
    """

  static func practitionerRecord(_ s: Statement) -> PractitionerRecord {
    PractitionerRecord(
      id: s.text(0) ?? "", name: s.text(1) ?? "", email: s.text(2), agency: s.text(3) ?? "", team: s.text(4) ?? "",
      role: s.text(5) ?? "", manager: s.text(6), language: s.text(7) ?? "en", createdAt: s.text(8) ?? "")
  }

  /// The WHERE clause and values that select `filter`'s people from `practitioners p`.
  static func clause(_ filter: PeopleFilter) -> (String, [SQLValue]) {
    switch filter {
    case .everyone: ("", [])
    case .team(let team): (" WHERE p.team = ?", [.text(team)])
    case .people(let ids): (" WHERE p.id IN (\(ids.map { _ in "?" }.joined(separator: ",")))", ids.map(SQLValue.text))
    case .agencies(let agencies):
      (" WHERE p.agency IN (\(agencies.map { _ in "?" }.joined(separator: ",")))", agencies.map(SQLValue.text))
    }
  }

  public func practitioners(_ filter: PeopleFilter) throws(RecordsError) -> [PractitionerRecord] {
    if case .people(let ids) = filter, ids.isEmpty { return [] }
    if case .agencies(let ids) = filter, ids.isEmpty { return [] }
    let (where_, values) = Self.clause(filter)
    return try db.read { c in
      try c.prepare(Self.practitionerColumns + where_ + " ORDER BY p.team, p.id").rows(values, Self.practitionerRecord)
    }
  }

  public func practitioner(_ id: String) throws(RecordsError) -> PractitionerRecord? {
    try db.read { c in try c.prepare(Self.practitionerColumns + " WHERE p.id = ?").rows([.text(id)], Self.practitionerRecord).first }
  }

  /// Records self-assessments (the latest rating for a day replaces an earlier one that day).
  public func assess(_ ratings: [CheckedAssessment], actor: AuditActor) throws(RecordsError) {
    guard !ratings.isEmpty else { return }
    let now = Clock.timestamp()
    try write { c in
      let insert = try c.prepare(
        "INSERT OR REPLACE INTO self_assessments (practitioner, competency, level, day, recorded_at) VALUES (?, ?, ?, ?, ?)")
      var pids: [String: Int64] = [:]
      for r in ratings {
        guard let pid = try pids[r.practitioner] ?? Self.pid(c, of: r.practitioner) else {
          throw RecordsError.invalid("practitioner", .unknown, "unknown practitioner \"\(r.practitioner)\"")
        }
        pids[r.practitioner] = pid
        try insert.run([.int(pid), .text(r.competency), .int(Int64(r.level)), .int(Int64(r.date.ordinal)), .text(now)])
      }
      if ratings.count == 1, let pid = pids[ratings[0].practitioner] {
        try appendAudit(
          c, actor: actor, action: "assessment.record", subject: "practitioner#\(pid)",
          detail: ["competency": .string(ratings[0].competency), "level": .int(ratings[0].level)])
      } else {
        try appendAudit(c, actor: actor, action: "assessments.record", subject: "store", detail: ["count": .int(ratings.count)])
      }
    }
  }

  public func selfAssessments(of practitioner: String) throws(RecordsError) -> [SelfAssessmentRecord] {
    try db.read { c in try Self.selfAssessments(c, of: practitioner) }
  }

  static func selfAssessments(_ c: Connection, of practitioner: String) throws -> [SelfAssessmentRecord] {
    try c.prepare(
      """
      SELECT s.competency, s.level, s.day FROM self_assessments s JOIN practitioners p ON p.pid = s.practitioner
      WHERE p.id = ? ORDER BY s.day DESC, s.competency
      """
    ).rows([.text(practitioner)]) {
      SelfAssessmentRecord(competency: $0.text(0) ?? "", level: Int($0.int(1)), date: Day(ordinal: Int32($0.int(2))))
    }
  }
}

extension SQLiteStore {
  static let loginColumns =
    "SELECT l.number, l.name, l.role, p.id, l.created_at, l.language FROM logins l LEFT JOIN practitioners p ON p.pid = l.practitioner"

  static func loginRecord(_ s: Statement) -> LoginRecord {
    LoginRecord(
      number: s.int(0), name: s.text(1) ?? "", role: LoginRole(rawValue: s.text(2) ?? "") ?? .practitioner,
      practitioner: s.text(3), createdAt: s.text(4) ?? "", language: s.text(5))
  }

  public func addLogin(_ login: CheckedLogin, actor: AuditActor) throws(RecordsError) -> LoginRecord {
    try write { c in
      var pid: Int64? = nil
      if let person = login.practitioner {
        guard let found = try Self.pid(c, of: person) else {
          throw RecordsError.invalid("practitioner", .unknown, "unknown practitioner \"\(person)\"")
        }
        pid = found
      }
      let insert = try c.prepare("INSERT INTO logins (name, role, practitioner, created_at, password_hash) VALUES (?, ?, ?, ?, ?)")
      if let problem = try Self.insertReportingConstraint(
        insert,
        [.text(login.name), .text(login.role.rawValue), .optional(pid), .text(Clock.timestamp()), .optional(login.passwordHash)])
      {
        if problem.contains("logins.name") { throw RecordsError.invalid("login", .duplicate, "login \"\(login.name)\" already exists") }
        throw RecordsError.invalid("login", .malformed, problem)
      }
      let number = c.lastInsertRowID
      try appendAudit(c, actor: actor, action: "login.add", subject: "login#\(number)", detail: ["role": .string(login.role.rawValue)])
      return try c.prepare(Self.loginColumns + " WHERE l.number = ?").rows([.int(number)], Self.loginRecord)[0]
    }
  }

  public func logins() throws(RecordsError) -> [LoginRecord] {
    try db.read { c in try c.prepare(Self.loginColumns + " ORDER BY l.name").rows([], Self.loginRecord) }
  }

  public func login(named name: String) throws(RecordsError) -> LoginRecord? {
    try db.read { c in try c.prepare(Self.loginColumns + " WHERE l.name = ?").rows([.text(name)], Self.loginRecord).first }
  }

  public func removeLogin(named name: String, actor: AuditActor) throws(RecordsError) {
    try write { c in
      guard let login = try c.prepare(Self.loginColumns + " WHERE l.name = ?").rows([.text(name)], Self.loginRecord).first else {
        throw RecordsError.invalid("login", .unknown, "unknown login \"\(name)\"")
      }
      try c.prepare("DELETE FROM logins WHERE number = ?").run([.int(login.number)])
      try appendAudit(c, actor: actor, action: "login.remove", subject: "login#\(login.number)", detail: [:])
    }
  }
}
