import Competency
import Cryptography
import Foundation
import Records
import Workforce

/// How the web application signs people in, decided here once: idle expiry, the longest a
/// session lasts, and how repeated failures slow further attempts.
public struct SignInPolicy: Sendable {
  /// A session unused this long ends.
  public var idleSeconds: Int64
  /// A session ends this long after sign-in, however busy.
  public var maxAgeSeconds: Int64
  /// Failures under one name before each further attempt must wait.
  public var freeFailures: Int
  /// The first wait, doubled at each further failure.
  public var firstDelaySeconds: Int64
  /// The longest wait between attempts.
  public var maxDelaySeconds: Int64
  /// How often a session's last sight is written (not on every request).
  public var touchSeconds: Int64

  public init(
    idleSeconds: Int64 = 30 * 60, maxAgeSeconds: Int64 = 12 * 3600, freeFailures: Int = 3, firstDelaySeconds: Int64 = 2,
    maxDelaySeconds: Int64 = 15 * 60, touchSeconds: Int64 = 60
  ) {
    self.firstDelaySeconds = firstDelaySeconds
    self.idleSeconds = idleSeconds
    self.maxAgeSeconds = maxAgeSeconds
    self.freeFailures = freeFailures
    self.maxDelaySeconds = maxDelaySeconds
    self.touchSeconds = touchSeconds
  }

  /// Seconds to wait after `failures` failed attempts: none for the first few, then 2, 4, 8...
  public func delay(after failures: Int) -> Int64 {
    guard failures >= freeFailures else { return 0 }
    let doublings = min(failures - freeFailures, 20)
    return min(maxDelaySeconds, max(1, firstDelaySeconds) << Int64(doublings))
  }
}

/// A signed-in person's session, resumed from its cookie.
public struct ActiveSession: Sendable {
  /// The use cases as the signed-in login.
  public let service: Service
  public let login: LoginRecord
  /// The token every form of this session must carry.
  public let csrf: String
  public let tokenHash: String

  /// Whether `token` (from a form) is this session's, compared in constant time.
  public func acceptsForm(token: String?) -> Bool {
    guard let token, !csrf.isEmpty else { return false }
    return constantTimeEqual(Array(token.utf8), Array(csrf.utf8))
  }
}

/// The outcome of a sign-in attempt.
public enum SignInOutcome: Sendable {
  /// Signed in: `token` goes in the session cookie (a new one at every sign-in).
  case signedIn(token: String, session: ActiveSession)
  /// Wrong login or password (which of the two is not said).
  case refused
  /// Too many failures under this name: try again after this many seconds.
  case wait(seconds: Int64)
}

/// Password rules: long rather than complicated (the NCSC's advice), no control characters.
public enum Passwords {
  public static let minimumLength = 10
  public static let maximumLength = 200

  public static func check(_ password: String) throws(RecordsError) {
    guard password.count >= minimumLength else {
      throw .invalid("password", .outOfRange, "a password needs at least \(minimumLength) characters")
    }
    guard password.count <= maximumLength else {
      throw .invalid("password", .tooLong, "a password may have at most \(maximumLength) characters")
    }
    guard !password.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
      throw .invalid("password", .badText, "a password may not contain control characters")
    }
  }

  /// A random password for a new login (the demo's), 16 letters and digits in groups of four.
  public static func generate() -> String {
    let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
    let bytes = SecureRandom.bytes(16)
    var out = ""
    for (i, b) in bytes.enumerated() {
      if i > 0 && i % 4 == 0 { out += "-" }
      out.append(alphabet[Int(b) % alphabet.count])
    }
    return out
  }
}

extension Workspace {
  static func hash(_ token: String) -> String { Digest.sha256(token).hexString }

  /// A hash to check wrong login names against, so that an unknown name takes as long to
  /// refuse as a wrong password.
  static let decoy = PasswordHash.make(SecureRandom.token(12))

  /// Checks a login and password; repeated failures under one name must wait longer each time.
  /// Signs in with a new session on success.
  public func signIn(login name: String, password: String, policy: SignInPolicy = SignInPolicy(), now: Int64, today: Day = .today)
    throws(RecordsError) -> SignInOutcome
  {
    switch try authenticate(login: name, password: password, policy: policy, now: now) {
    case .wait(let seconds): return .wait(seconds: seconds)
    case .refused: return .refused
    case .signedIn(_, let checked):
      // The login as its own identity reads it (on a network store the gateway may not read logins).
      let login = checked.login
      // The session starts once the (deliberately slow) password check is done.
      let started = max(now, Int64(Date().timeIntervalSince1970))
      let (token, session) = try startSession(for: login, now: started, today: today)
      _ = try? store.endSessions(seenBefore: now - policy.idleSeconds)
      return .signedIn(token: token, session: session)
    }
  }

  /// Checks a login and password without starting a session (HTTP Basic authentication of a
  /// learning platform); the same slowing of repeated failures applies. `.signedIn` carries no
  /// session token: use `service(login:)`.
  public func authenticate(login name: String, password: String, policy: SignInPolicy = SignInPolicy(), now: Int64)
    throws(RecordsError) -> SignInOutcome
  {
    let key = String(name.prefix(60))
    if let failures = try store.signInFailures(login: key) {
      let wait = policy.delay(after: failures.count) - (now - failures.lastAt)
      if wait > 0 { return .wait(seconds: wait) }
    }
    let stored = (name.utf8.count <= 60 ? try store.passwordHash(login: name) : nil)
    let matches = PasswordHash.matches(password, stored ?? Self.decoy) && stored != nil
    guard matches else {
      _ = try store.recordSignInFailure(login: key, at: now)
      return .refused
    }
    try store.clearSignInFailures(login: key)
    return .signedIn(token: "", session: try activeSession(login: name, csrf: "", tokenHash: "", today: .today))
  }

  /// Signs in a login that a trusted reverse proxy vouches for (single sign-on); nil for an
  /// unknown login.
  public func signIn(trustedLogin name: String, now: Int64, today: Day = .today) throws(RecordsError)
    -> (token: String, session: ActiveSession)?
  {
    guard name.utf8.count <= 60 else { return nil }
    let login: LoginRecord
    do throws(RecordsError) {
      // Read as the login itself: on a network store the gateway may not read logins.
      guard let known = try service(login: name, today: today).actor.login else { return nil }
      login = known
    } catch {
      if case .forbidden = error { return nil }
      throw error
    }
    return try startSession(for: login, now: now, today: today)
  }

  func startSession(for login: LoginRecord, now: Int64, today: Day) throws(RecordsError) -> (String, ActiveSession) {
    let token = SecureRandom.token(32)
    let csrf = SecureRandom.token(24)
    let tokenHash = Self.hash(token)
    try store.createSession(WebSession(tokenHash: tokenHash, login: login.number, csrf: csrf, createdAt: now, seenAt: now))
    return (token, try activeSession(login: login.name, csrf: csrf, tokenHash: tokenHash, today: today))
  }

  func activeSession(login name: String, csrf: String, tokenHash: String, today: Day) throws(RecordsError) -> ActiveSession {
    let service = try service(login: name, today: today)
    guard let login = service.actor.login else { throw .forbidden("unknown login \"\(name)\"") }
    return ActiveSession(service: service, login: login, csrf: csrf, tokenHash: tokenHash)
  }

  /// The session a cookie's token names, if it is still open: one idle too long, or older than
  /// the policy allows, is ended.
  public func resume(token: String, policy: SignInPolicy = SignInPolicy(), now: Int64, today: Day = .today) throws(RecordsError)
    -> ActiveSession?
  {
    guard token.utf8.count <= 100 else { return nil }
    let tokenHash = Self.hash(token)
    guard let session = try store.session(tokenHash: tokenHash) else { return nil }
    if now - session.seenAt > policy.idleSeconds || now - session.createdAt > policy.maxAgeSeconds {
      try store.endSession(tokenHash: tokenHash)
      return nil
    }
    if now - session.seenAt >= policy.touchSeconds { try store.touchSession(tokenHash: tokenHash, at: now) }
    do throws(RecordsError) {
      return try activeSession(login: session.loginName, csrf: session.csrf, tokenHash: tokenHash, today: today)
    } catch {
      if case .forbidden = error { return nil }
      throw error
    }
  }

  /// Ends the session a cookie's token names.
  public func signOut(token: String) throws(RecordsError) {
    guard token.utf8.count <= 100 else { return }
    try store.endSession(tokenHash: Self.hash(token))
  }
}

extension Service {
  /// Adds a login with a role, and a password when it is to sign in to the web application; a
  /// practitioner or team leader login names the person it is.
  public func addLogin(_ name: String, role: LoginRole, practitioner: String?, password: String?) throws(RecordsError)
    -> LoginRecord
  {
    try actor.require(.manageLogins)
    var checked = try rules.checkLogin(name: name, role: role, practitioner: practitioner)
    if let password {
      try Passwords.check(password)
      checked = checked.withPasswordHash(PasswordHash.make(password))
    }
    return try store.addLogin(checked, actor: actor.auditActor)
  }

  /// Sets a login's password (its open sessions end).
  public func setPassword(login name: String, password: String) throws(RecordsError) {
    try actor.require(.manageLogins)
    try Passwords.check(password)
    try store.setPassword(login: name, hash: PasswordHash.make(password), actor: actor.auditActor)
  }

  /// Remembers the language the signed-in login chose.
  public func setLanguage(_ language: String) throws(RecordsError) {
    guard let login = actor.login else { return }
    try store.setLanguage(login: login.name, language: language, actor: actor.auditActor)
  }
}
