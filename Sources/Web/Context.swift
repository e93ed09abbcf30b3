import Competency
import Cryptography
import Foundation
import Service
import Workforce

/// One request in progress: who is signed in, the language, cookies to set, and the inline
/// styles the page needs allowed.
struct Context {
  let app: WebApp
  let request: HTTPRequest
  var session: ActiveSession?
  var language = "en"
  var cookies: [String] = []
  var styleHashes: [String] = []
  /// Inline stylesheets (reports' own) the page's head carries.
  var headStyles: [String] = []
  /// The token the sign-in form carries before there is a session.
  var preSessionToken: String?

  init(app: WebApp, request: HTTPRequest) {
    self.app = app
    self.request = request
  }

  var framework: Framework { app.framework }
  var today: Day { app.today }
  var service: Service? { session?.service }
  var actor: Actor? { session?.service.actor }
  var person: PractitionerRecord? { actor?.person }

  func t(_ key: L) -> String { key.text(language) }

  /// The request came through the trusted reverse proxy.
  var fromTrustedProxy: Bool {
    guard let proxy = app.options.trustedProxy else { return false }
    return request.clientAddress == proxy || request.clientAddress == "::ffff:" + proxy
  }

  /// Cookies are marked Secure when the page was served over TLS, here or at the trusted proxy.
  var secure: Bool {
    request.overTLS || (fromTrustedProxy && request.header("X-Forwarded-Proto")?.lowercased() == "https")
  }

  func cookie(_ name: String, _ value: String, maxAge: Int? = nil) -> String {
    var text = "\(name)=\(value); Path=/; HttpOnly; SameSite=Lax"
    if let maxAge { text += "; Max-Age=\(maxAge)" }
    if secure { text += "; Secure" }
    return text
  }

  /// Finds the signed-in login: the session cookie, or a login the trusted proxy vouches for
  /// (then a session is opened for it, so that its forms carry tokens like any other).
  mutating func resumeSession() throws {
    let workspace = app.workspace
    let now = WebApp.now
    if let token = request.cookies[WebApp.sessionCookie], !token.isEmpty {
      session = try workspace.resume(token: token, policy: app.options.policy, now: now, today: today)
    }
    // The header is believed from the trusted proxy only; from anywhere else it is ignored.
    if let header = app.options.trustProxyHeader, fromTrustedProxy,
      let vouched = request.header(header).flatMap({ $0.isEmpty ? nil : $0 }), session?.login.name != vouched
    {
      session = nil
      if let (token, opened) = try workspace.signIn(trustedLogin: vouched, now: now, today: today) {
        session = opened
        cookies.append(cookie(WebApp.sessionCookie, token))
      }
    }
    if let chosen = session?.login.language {
      language = chosen
    } else if let chosen = request.cookies[WebApp.languageCookie], chosen == "en" || chosen == "cy" {
      language = chosen
    } else if let accept = request.header("Accept-Language")?.lowercased(), accept.hasPrefix("cy") {
      language = "cy"
    }
  }

  /// The signed-in session, or a redirect to sign in.
  func signedIn() throws(WebFailure) -> ActiveSession {
    guard let session else { throw .signInNeeded }
    return session
  }

  /// The signed-in practitioner (a practitioner or team leader login).
  func practitioner() throws(WebFailure) -> (ActiveSession, PractitionerRecord) {
    let session = try signedIn()
    guard let person = session.service.actor.person else {
      throw .forbidden("\(session.service.actor) keeps no CPD record of their own")
    }
    return (session, person)
  }

  /// A form that changes something must carry the session's token.
  func checkedForm() throws(WebFailure) -> ActiveSession {
    let session = try signedIn()
    guard session.acceptsForm(token: request.field("csrf")) else { throw .csrf }
    return session
  }

  /// The hidden field every form that changes something carries.
  var csrfField: String {
    let token = session?.csrf ?? preSessionToken ?? ""
    return "<input type=\"hidden\" name=\"csrf\" value=\"\(Markup.esc(token))\">"
  }

  /// Allows one inline style element (a report's own stylesheet) by its hash.
  mutating func allowStyle(_ css: String) {
    styleHashes.append(Markup.styleHash(css))
    headStyles.append(css)
  }
}
