import Competency
import JSON
import Records
import Workforce

// The web application's additions: password hashes and language on logins (audited), and
// sessions and failed sign-ins, which are not records (not audited, not in the checksum). They
// live in the database so that several `cpd serve` processes can share one network store.
extension PostgresStore {
  func loginNumber(_ c: PGConnection, _ name: String) throws -> Int64 {
    guard let number = try c.scalar("SELECT cpd.login_number($1)", [name]).flatMap({ Int64($0) }) else {
      throw RecordsError.invalid("login", .unknown, "unknown login \"\(name)\"")
    }
    return number
  }

  public func setPassword(login name: String, hash: String?, actor: AuditActor) throws(RecordsError) {
    try write { c in
      let number = try loginNumber(c, name)
      try c.query("SELECT cpd.set_password($1, $2)", [name, hash])
      try appendAudit(
        c, actor: actor, action: hash == nil ? "login.password.clear" : "login.password.set", subject: "login#\(number)",
        detail: [:])
    }
  }

  public func passwordHash(login name: String) throws(RecordsError) -> String? {
    try withConnection { c in try c.scalar("SELECT cpd.password_hash($1)", [name]) }
  }

  public func setLanguage(login name: String, language: String, actor: AuditActor) throws(RecordsError) {
    guard language == "en" || language == "cy" else { throw .invalid("lang", .unknown, "\"\(language)\" is not en or cy") }
    try write { c in
      _ = try loginNumber(c, name)
      guard let number = try c.scalar("SELECT cpd.set_language($1, $2)", [name, language]) else { return }
      try appendAudit(c, actor: actor, action: "login.language", subject: "login#\(number)", detail: ["language": .string(language)])
    }
  }

  static func failures(_ r: PGResult) -> SignInFailures? {
    r.rows > 0 && !r.isNull(0, 0) ? SignInFailures(count: Int(r.int(0, 0)), lastAt: r.int(0, 1)) : nil
  }

  public func signInFailures(login name: String) throws(RecordsError) -> SignInFailures? {
    try withConnection { c in Self.failures(try c.query("SELECT failures, last_at FROM cpd.failures_of($1)", [name])) }
  }

  public func recordSignInFailure(login name: String, at time: Int64) throws(RecordsError) -> SignInFailures {
    guard (1...60).contains(name.utf8.count) else { return SignInFailures(count: 1, lastAt: time) }
    return try withConnection { c in
      Self.failures(try c.query("SELECT failures, last_at FROM cpd.record_failure($1, $2)", [name, String(time)]))
        ?? SignInFailures(count: 1, lastAt: time)
    }
  }

  public func clearSignInFailures(login name: String) throws(RecordsError) {
    try withConnection { c in try c.query("SELECT cpd.clear_failures($1)", [name]) }
  }

  public func createSession(_ session: WebSession) throws(RecordsError) {
    do {
      try withConnection { c in
        try c.query(
          "SELECT cpd.create_session($1, $2, $3, $4, $5)",
          [session.tokenHash, String(session.login), session.csrf, String(session.createdAt), String(session.seenAt)])
      }
    } catch .invalid(let problem) {
      throw .invalid("session", .malformed, problem.message)
    }
  }

  public func session(tokenHash: String) throws(RecordsError) -> WebSession? {
    try withConnection { c in
      let r = try c.query("SELECT token_hash, login, csrf, created_at, seen_at, name FROM cpd.session_of($1)", [tokenHash])
      guard r.rows > 0 else { return nil }
      return WebSession(
        tokenHash: r.string(0, 0), login: r.int(0, 1), csrf: r.string(0, 2), createdAt: r.int(0, 3), seenAt: r.int(0, 4),
        loginName: r.string(0, 5))
    }
  }

  public func touchSession(tokenHash: String, at time: Int64) throws(RecordsError) {
    try withConnection { c in try c.query("SELECT cpd.touch_session($1, $2)", [tokenHash, String(time)]) }
  }

  public func endSession(tokenHash: String) throws(RecordsError) {
    try withConnection { c in try c.query("SELECT cpd.end_session($1)", [tokenHash]) }
  }

  public func endSessions(seenBefore time: Int64) throws(RecordsError) -> Int {
    try withConnection { c in Int(try c.query("SELECT cpd.end_sessions($1)", [String(time)]).int(0, 0)) }
  }

  public func storedStatements(_ ids: [String]) throws(RecordsError) -> Set<String> {
    guard !ids.isEmpty else { return [] }
    return try read { c in
      let r = try c.query("SELECT s FROM cpd.stored_statements($1::text[]) s", [PGConnection.array(ids)])
      return Set(r.map { r.string($0, 0) })
    }
  }

  public func update(_ change: CheckedPractitionerChange, actor: AuditActor) throws(RecordsError) {
    let p = change.value
    try write { c in
      let r = try c.query(
        "UPDATE cpd.practitioners SET team = coalesce($1, team), role = coalesce($2, role), agency = coalesce($3, agency) WHERE id = $4 RETURNING pid",
        [p.team, p.role, p.agency, p.id])
      guard r.rows > 0 else { throw RecordsError.invalid("practitioner", .unknown, "unknown practitioner \"\(p.id)\"") }
      let detail: JSONValue = ["team": .bool(p.team != nil), "role": .optional(p.role), "agency": .optional(p.agency)]
      try appendAudit(c, actor: actor, action: "practitioner.update", subject: "practitioner#\(r.int(0, 0))", detail: detail)
    }
  }
}
