import Competency
import JSON
import Records
import Workforce

// The web application's additions to the store: password hashes and language on logins
// (audited, like every change to a login), and sessions and failed sign-ins, which are not
// records (not audited, left out of the content checksum).
extension SQLiteStore {
  /// A login's number, or an error naming it.
  static func loginNumber(_ c: Connection, _ name: String) throws -> Int64 {
    let s = try c.prepare("SELECT number FROM logins WHERE name = ?")
    s.bindAll([.text(name)])
    guard try s.step() else { throw RecordsError.invalid("login", .unknown, "unknown login \"\(name)\"") }
    return s.int(0)
  }

  public func setPassword(login name: String, hash: String?, actor: AuditActor) throws(RecordsError) {
    try write { c in
      let number = try Self.loginNumber(c, name)
      try c.prepare("UPDATE logins SET password_hash = ? WHERE number = ?").run([.optional(hash), .int(number)])
      // Every session of the login ends with its old password.
      try c.prepare("DELETE FROM web_sessions WHERE login = ?").run([.int(number)])
      try appendAudit(
        c, actor: actor, action: hash == nil ? "login.password.clear" : "login.password.set", subject: "login#\(number)",
        detail: [:])
    }
  }

  public func passwordHash(login name: String) throws(RecordsError) -> String? {
    try db.read { c in
      let s = try c.prepare("SELECT password_hash FROM logins WHERE name = ?")
      s.bindAll([.text(name)])
      return try s.step() ? s.text(0) : nil
    }
  }

  public func setLanguage(login name: String, language: String, actor: AuditActor) throws(RecordsError) {
    guard language == "en" || language == "cy" else { throw .invalid("lang", .unknown, "\"\(language)\" is not en or cy") }
    try write { c in
      let number = try Self.loginNumber(c, name)
      try c.prepare("UPDATE logins SET language = ? WHERE number = ? AND language IS NOT ?")
        .run([.text(language), .int(number), .text(language)])
      guard c.changes > 0 else { return }
      try appendAudit(c, actor: actor, action: "login.language", subject: "login#\(number)", detail: ["language": .string(language)])
    }
  }

  public func signInFailures(login name: String) throws(RecordsError) -> SignInFailures? {
    try db.read { c in
      let s = try c.prepare("SELECT failures, last_at FROM sign_in_failures WHERE login = ?")
      s.bindAll([.text(name)])
      return try s.step() ? SignInFailures(count: Int(s.int(0)), lastAt: s.int(1)) : nil
    }
  }

  public func recordSignInFailure(login name: String, at time: Int64) throws(RecordsError) -> SignInFailures {
    guard (1...60).contains(name.utf8.count) else { return SignInFailures(count: 1, lastAt: time) }
    return try db.write { c in
      try c.prepare(
        """
        INSERT INTO sign_in_failures (login, failures, last_at) VALUES (?, 1, ?)
        ON CONFLICT (login) DO UPDATE SET failures = failures + 1, last_at = excluded.last_at
        """
      ).run([.text(name), .int(time)])
      let s = try c.prepare("SELECT failures, last_at FROM sign_in_failures WHERE login = ?")
      s.bindAll([.text(name)])
      _ = try s.step()
      return SignInFailures(count: Int(s.int(0)), lastAt: s.int(1))
    }
  }

  public func clearSignInFailures(login name: String) throws(RecordsError) {
    try db.write { c in try c.prepare("DELETE FROM sign_in_failures WHERE login = ?").run([.text(name)]) }
  }

  public func createSession(_ session: WebSession) throws(RecordsError) {
    try db.write { c in
      let insert = try c.prepare("INSERT INTO web_sessions (token_hash, login, csrf, created_at, seen_at) VALUES (?, ?, ?, ?, ?)")
      if let problem = try Self.insertReportingConstraint(
        insert,
        [.text(session.tokenHash), .int(session.login), .text(session.csrf), .int(session.createdAt), .int(session.seenAt)])
      {
        throw RecordsError.invalid("session", .malformed, problem)
      }
    }
  }

  public func session(tokenHash: String) throws(RecordsError) -> WebSession? {
    try db.read { c in
      let s = try c.prepare(
        """
        SELECT s.token_hash, s.login, s.csrf, s.created_at, s.seen_at, l.name
        FROM web_sessions s JOIN logins l ON l.number = s.login WHERE s.token_hash = ?
        """)
      s.bindAll([.text(tokenHash)])
      guard try s.step() else { return nil }
      return WebSession(
        tokenHash: s.text(0) ?? "", login: s.int(1), csrf: s.text(2) ?? "", createdAt: s.int(3), seenAt: s.int(4),
        loginName: s.text(5) ?? "")
    }
  }

  public func touchSession(tokenHash: String, at time: Int64) throws(RecordsError) {
    try db.write { c in
      try c.prepare("UPDATE web_sessions SET seen_at = ? WHERE token_hash = ? AND seen_at < ?")
        .run([.int(time), .text(tokenHash), .int(time)])
    }
  }

  public func endSession(tokenHash: String) throws(RecordsError) {
    try db.write { c in try c.prepare("DELETE FROM web_sessions WHERE token_hash = ?").run([.text(tokenHash)]) }
  }

  public func endSessions(seenBefore time: Int64) throws(RecordsError) -> Int {
    try db.write { c in
      try c.prepare("DELETE FROM web_sessions WHERE seen_at < ?").run([.int(time)])
      let ended = c.changes
      try c.prepare("DELETE FROM sign_in_failures WHERE last_at < ?").run([.int(time)])
      return ended
    }
  }

  public func storedStatements(_ ids: [String]) throws(RecordsError) -> Set<String> {
    guard !ids.isEmpty else { return [] }
    return try db.read { c in
      let s = try c.prepare("SELECT 1 FROM activity_details WHERE xapi_id = ?1 UNION ALL SELECT 1 FROM voidings WHERE statement = ?1 LIMIT 1")
      var found: Set<String> = []
      for id in ids {
        s.reset()
        s.bindAll([.text(id)])
        if try s.step() { found.insert(id) }
      }
      return found
    }
  }

  public func update(_ change: CheckedPractitionerChange, actor: AuditActor) throws(RecordsError) {
    let p = change.value
    try write { c in
      guard let pid = try Self.pid(c, of: p.id) else {
        throw RecordsError.invalid("practitioner", .unknown, "unknown practitioner \"\(p.id)\"")
      }
      try c.prepare(
        "UPDATE practitioners SET team = coalesce(?, team), role = coalesce(?, role), agency = coalesce(?, agency) WHERE pid = ?"
      ).run([.optional(p.team), .optional(p.role), .optional(p.agency), .int(pid)])
      let detail: JSONValue = [
        "team": .bool(p.team != nil), "role": .optional(p.role), "agency": .optional(p.agency),
      ]
      try appendAudit(c, actor: actor, action: "practitioner.update", subject: "practitioner#\(pid)", detail: detail)
    }
  }
}
