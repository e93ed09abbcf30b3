import Competency
import Foundation
import JSON
import Records
import Workforce

extension PGConnection {
  /// Inserts rows (text values; nil is NULL): a few in one INSERT with parameters, many through
  /// COPY into a temporary table and one INSERT ... SELECT from it (row-level security leaves
  /// COPY FROM to tables without it, and the INSERT is checked by every policy).
  func insertRows(_ table: String, _ columns: [String], _ rows: [[String?]], suffix: String = "") throws {
    guard !rows.isEmpty else { return }
    let list = columns.joined(separator: ", ")
    if rows.count <= 100 {
      var values: [String?] = []
      var groups: [String] = []
      for row in rows {
        groups.append("(" + (0..<row.count).map { "$\(values.count + $0 + 1)" }.joined(separator: ", ") + ")")
        values += row
      }
      try query("INSERT INTO cpd.\(table) (\(list)) VALUES \(groups.joined(separator: ", ")) \(suffix)", values)
      return
    }
    let stage = "pg_temp.stage_\(table)"
    try execute("CREATE TEMP TABLE IF NOT EXISTS stage_\(table) (LIKE cpd.\(table)) ON COMMIT DROP")
    try execute("TRUNCATE \(stage)")
    try copyIn("COPY \(stage) (\(list)) FROM STDIN") { write in
      for row in rows { try write(COPYText.line(row.map(COPYText.field))) }
    }
    try execute("INSERT INTO cpd.\(table) (\(list)) SELECT \(list) FROM \(stage) \(suffix)")
  }

  /// A text array literal for a parameter (`{"a","b"}`).
  static func array(_ items: [String]) -> String {
    "{" + items.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
      .joined(separator: ",") + "}"
  }
}

extension PostgresStore {
  /// The store's numbers for practitioner ids (only those the caller may name).
  func pids(_ c: PGConnection, _ ids: [String]) throws -> [String: Int64] {
    guard !ids.isEmpty else { return [:] }
    let r = try c.query("SELECT id, pid FROM cpd.practitioner_numbers($1::text[])", [PGConnection.array(ids)])
    var out: [String: Int64] = [:]
    for i in 0..<r.rows { out[r.string(i, 0)] = r.int(i, 1) }
    return out
  }

  public func add(_ people: [CheckedPractitioner], actor: AuditActor, label: (Int) -> String?) throws(RecordsError) {
    try write { c in try insertPractitioners(c, people, actor: actor, label: label) }
  }

  /// Adds practitioners inside a write; managers may come earlier in the same batch.
  func insertPractitioners(_ c: PGConnection, _ people: [CheckedPractitioner], actor: AuditActor, label: (Int) -> String?) throws {
    guard !people.isEmpty else { return }
    let now = Clock.timestamp()
    let first = try Int64(c.scalar("SELECT cpd.reserve('practitioners_pid_seq', $1)", [String(people.count)]) ?? "0") ?? 0
    let batch = Dictionary(people.enumerated().map { ($0.element.value.id, first + Int64($0.offset)) }, uniquingKeysWith: { a, _ in a })
    let outside = try pids(c, Array(Set(people.compactMap(\.value.manager)).filter { batch[$0] == nil }))
    let takenIDs = Set(try taken(c, "practitioner", people.map(\.value.id)))
    let takenEmails = Set(try taken(c, "email", people.compactMap { $0.value.email?.lowercased() }))
    var seenIDs = Set<String>()
    var seenEmails = Set<String>()
    var rows: [[String?]] = []
    for (i, checked) in people.enumerated() {
      let p = checked.value
      if takenIDs.contains(p.id) || !seenIDs.insert(p.id).inserted {
        throw RecordsError.invalid("id", .duplicate, "practitioner \"\(p.id)\" already exists").located(label(i))
      }
      if let email = p.email, takenEmails.contains(email.lowercased()) || !seenEmails.insert(email.lowercased()).inserted {
        throw RecordsError.invalid("email", .duplicate, "\(email) is already used by another practitioner").located(label(i))
      }
      var manager: Int64? = nil
      if let m = p.manager {
        let earlier = batch[m].flatMap { $0 < first + Int64(i) ? $0 : nil }
        guard let found = earlier ?? outside[m] else {
          throw RecordsError.invalid("manager", .unknown, "unknown practitioner \"\(m)\"").located(label(i))
        }
        manager = found
      }
      rows.append([String(first + Int64(i)), p.id, p.name, p.email, p.agency, p.team, p.role, manager.map { String($0) }, p.language, now])
    }
    do {
      try c.insertRows("practitioners", ["pid", "id", "name", "email", "agency", "team", "role", "manager", "language", "created_at"], rows)
    } catch let error as PostgresError where error.isUniqueViolation {
      let value = Self.duplicateValue(error)
      if error.constraint == "practitioners_email" {
        let i = people.firstIndex { $0.value.email?.lowercased() == value } ?? 0
        throw RecordsError.invalid("email", .duplicate, "\(people[i].value.email ?? value) is already used by another practitioner")
          .located(label(i))
      }
      let i = people.firstIndex { $0.value.id == value } ?? 0
      throw RecordsError.invalid("id", .duplicate, "practitioner \"\(value)\" already exists").located(label(i))
    }
    if people.count == 1 {
      try appendAudit(c, actor: actor, action: "practitioner.add", subject: "practitioner#\(first)", detail: [:])
    } else {
      try appendAudit(
        c, actor: actor, action: "practitioners.add", subject: "practitioners#\(first)-\(first + Int64(people.count) - 1)",
        detail: ["count": .int(people.count)])
    }
  }

  /// Which of `values` are taken (see `cpd.taken`).
  func taken(_ c: PGConnection, _ kind: String, _ values: [String]) throws -> [String] {
    guard !values.isEmpty else { return [] }
    let r = try c.query("SELECT v FROM cpd.taken($1, $2::text[]) v", [kind, PGConnection.array(values)])
    return r.map { r.string($0, 0) }
  }

  /// The value a unique violation names (`Key (id)=(p1) already exists.`).
  static func duplicateValue(_ error: PostgresError) -> String {
    guard let detail = error.detail, let open = detail.range(of: ")=("),
      let close = detail.range(of: ") already exists", options: .backwards)
    else { return "" }
    return String(detail[open.upperBound..<close.lowerBound])
  }

  static let practitionerColumns = """
    SELECT p.id, p.name, p.email, p.agency, p.team, p.role, m.id, p.language, p.created_at
    FROM cpd.practitioners p LEFT JOIN cpd.practitioners m ON m.pid = p.manager
    """

  static func practitionerRecords(_ r: PGResult) -> [PractitionerRecord] {
    r.map { i in
      PractitionerRecord(
        id: r.string(i, 0), name: r.string(i, 1), email: r.text(i, 2), agency: r.string(i, 3), team: r.string(i, 4),
        role: r.string(i, 5), manager: r.text(i, 6), language: r.text(i, 7) ?? "en", createdAt: r.string(i, 8))
    }
  }

  /// The WHERE clause and values that select `filter`'s people from `practitioners p`.
  static func clause(_ filter: PeopleFilter) -> (String, [String?]) {
    switch filter {
    case .everyone: ("", [])
    case .team(let team): (" WHERE p.team = $1", [team])
    case .people(let ids): (" WHERE p.id = ANY ($1::text[])", [PGConnection.array(ids)])
    case .agencies(let agencies): (" WHERE p.agency = ANY ($1::text[])", [PGConnection.array(agencies)])
    }
  }

  public func practitioners(_ filter: PeopleFilter) throws(RecordsError) -> [PractitionerRecord] {
    if case .people(let ids) = filter, ids.isEmpty { return [] }
    if case .agencies(let ids) = filter, ids.isEmpty { return [] }
    let (where_, values) = Self.clause(filter)
    return try read { c in
      if case .everyone = filter, try c.scalar("SELECT cpd.me_role()") == "lms" {
        // A learning platform matches statements' actors: ids and e-mail addresses only.
        return Self.practitionerRecords(
          try c.query("SELECT p.id, '', p.email, '', '', '', NULL, 'en', '' FROM cpd.statement_actors() p ORDER BY p.id COLLATE \"C\""))
      }
      return Self.practitionerRecords(try c.query(Self.practitionerColumns + where_ + " ORDER BY p.team COLLATE \"C\", p.id COLLATE \"C\"", values))
    }
  }

  public func practitioner(_ id: String) throws(RecordsError) -> PractitionerRecord? {
    try read { c in Self.practitionerRecords(try c.query(Self.practitionerColumns + " WHERE p.id = $1", [id])).first }
  }

  public func assess(_ ratings: [CheckedAssessment], actor: AuditActor) throws(RecordsError) {
    guard !ratings.isEmpty else { return }
    let now = Clock.timestamp()
    try write { c in
      let known = try pids(c, Array(Set(ratings.map(\.practitioner))))
      // The latest rating for a day replaces an earlier one that day.
      var latest: [String: Int] = [:]
      for (i, r) in ratings.enumerated() {
        guard known[r.practitioner] != nil else {
          throw RecordsError.invalid("practitioner", .unknown, "unknown practitioner \"\(r.practitioner)\"")
        }
        latest["\(r.practitioner)\u{0}\(r.competency)\u{0}\(r.date.ordinal)"] = i
      }
      let rows = latest.values.sorted().map { i -> [String?] in
        let r = ratings[i]
        return [String(known[r.practitioner]!), r.competency, String(r.level), String(r.date.ordinal), now]
      }
      try c.insertRows(
        "self_assessments", ["practitioner", "competency", "level", "day", "recorded_at"], rows,
        suffix: "ON CONFLICT (practitioner, competency, day) DO UPDATE SET level = EXCLUDED.level, recorded_at = EXCLUDED.recorded_at")
      if ratings.count == 1, let pid = known[ratings[0].practitioner] {
        try appendAudit(
          c, actor: actor, action: "assessment.record", subject: "practitioner#\(pid)",
          detail: ["competency": .string(ratings[0].competency), "level": .int(ratings[0].level)])
      } else {
        try appendAudit(c, actor: actor, action: "assessments.record", subject: "store", detail: ["count": .int(ratings.count)])
      }
    }
  }

  public func selfAssessments(of practitioner: String) throws(RecordsError) -> [SelfAssessmentRecord] {
    try read { c in try Self.selfAssessments(c, of: practitioner) }
  }

  static func selfAssessments(_ c: PGConnection, of practitioner: String) throws -> [SelfAssessmentRecord] {
    let r = try c.query(
      """
      SELECT s.competency, s.level, s.day FROM cpd.self_assessments s JOIN cpd.practitioners p ON p.pid = s.practitioner
      WHERE p.id = $1 ORDER BY s.day DESC, s.competency COLLATE "C"
      """, [practitioner])
    return r.map { SelfAssessmentRecord(competency: r.string($0, 0), level: Int(r.int($0, 1)), date: Day(ordinal: Int32(r.int($0, 2)))) }
  }
}

extension PostgresStore {
  static let loginColumns =
    "SELECT l.number, l.name, l.role, p.id, l.created_at, l.language FROM cpd.logins l LEFT JOIN cpd.practitioners p ON p.pid = l.practitioner"

  static func loginRecords(_ r: PGResult) -> [LoginRecord] {
    r.map { i in
      LoginRecord(
        number: r.int(i, 0), name: r.string(i, 1), role: LoginRole(rawValue: r.string(i, 2)) ?? .practitioner, practitioner: r.text(i, 3),
        createdAt: r.string(i, 4), language: r.text(i, 5))
    }
  }

  /// Records the login and makes its database role (a member of its kind's role, and of the
  /// gateway's), in one transaction.
  public func addLogin(_ login: CheckedLogin, actor: AuditActor) throws(RecordsError) -> LoginRecord {
    try write { c in
      var pid: Int64? = nil
      if let person = login.practitioner {
        guard let found = try pids(c, [person])[person] else {
          throw RecordsError.invalid("practitioner", .unknown, "unknown practitioner \"\(person)\"")
        }
        pid = found
      }
      let number: Int64
      do {
        number = try Int64(
          c.scalar(
            "SELECT cpd.add_login($1, $2, $3, $4)", [login.name, login.role.rawValue, pid.map { String($0) }, Clock.timestamp()])
            ?? "0") ?? 0
      } catch let error as PostgresError where error.isUniqueViolation || error.state == "42710" {
        if error.state == "42710" {
          throw RecordsError.invalid("login", .duplicate, "a database role \"\(login.name)\" already exists on the server")
        }
        throw RecordsError.invalid("login", .duplicate, "login \"\(login.name)\" already exists")
      } catch let error as PostgresError where error.state == "22023" {
        throw RecordsError.invalid("login", .malformed, "\"\(login.name)\" cannot be a login on this store")
      }
      if let hash = login.passwordHash { try c.query("SELECT cpd.set_password($1, $2)", [login.name, hash]) }
      try appendAudit(c, actor: actor, action: "login.add", subject: "login#\(number)", detail: ["role": .string(login.role.rawValue)])
      return Self.loginRecords(try c.query(Self.loginColumns + " WHERE l.number = $1", [String(number)]))[0]
    }
  }

  public func logins() throws(RecordsError) -> [LoginRecord] {
    try read { c in Self.loginRecords(try c.query(Self.loginColumns + " ORDER BY l.name COLLATE \"C\"")) }
  }

  public func login(named name: String) throws(RecordsError) -> LoginRecord? {
    try read { c in Self.loginRecords(try c.query(Self.loginColumns + " WHERE l.name = $1", [name])).first }
  }

  /// Removes the login and drops its database role, in one transaction.
  public func removeLogin(named name: String, actor: AuditActor) throws(RecordsError) {
    try write { c in
      guard let number = try c.scalar("SELECT cpd.remove_login($1)", [name]).flatMap({ Int64($0) }) else {
        throw RecordsError.invalid("login", .unknown, "unknown login \"\(name)\"")
      }
      try appendAudit(c, actor: actor, action: "login.remove", subject: "login#\(number)", detail: [:])
    }
  }
}
