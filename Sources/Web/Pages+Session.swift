import Cryptography
import Foundation
import Service

/// The application's pages: each parses what came, calls the Service as the signed-in login,
/// and renders the answer. None decides a rule.
enum Pages {
  static func failure(_ failure: WebFailure, _ c: Context) -> HTTPResponse {
    switch failure {
    case .signInNeeded where c.request.method == "GET" || c.request.method == "HEAD":
      let next = c.request.path + Layout.queryString(c.request)
      return Layout.redirect("/sign-in?next=\(Markup.encode(next))")
    default:
      break
    }
    let (title, detail): (L, String?) =
      switch failure {
      case .notFound: (.notFoundTitle, nil)
      case .forbidden(let why): (.forbiddenTitle, c.language == "en" ? why : nil)
      case .signInNeeded: (.signInNeededTitle, nil)
      case .methodNotAllowed: (.methodNotAllowedTitle, nil)
      case .badRequest(let why): (.badRequestTitle, c.language == "en" ? why : nil)
      case .csrf: (.csrfTitle, nil)
      case .server: (.serverErrorTitle, nil)
      }
    var body = "<h1>\(Markup.esc(c.t(title)))</h1>"
    if let detail { body += "<p>\(Markup.esc(detail))</p>" }
    if case .csrf = failure { body += "<p>\(Markup.esc(c.t(.csrfHelp)))</p>" }
    body += "<p>\(Markup.link("/", c.t(.backHome)))</p>"
    return Layout.page(c, title: c.t(title), body: body, status: failure.status == 303 ? 403 : failure.status)
  }

  // MARK: Signing in and out

  static func signInForm(_ c: inout Context, failure: String?, login: String, status: Int = 200) -> HTTPResponse {
    let token = preSessionToken(&c)
    c.preSessionToken = token
    let next = c.request.queryValue("next") ?? c.request.field("next") ?? "/"
    var errors: [(field: String, message: String)] = []
    if let failure { errors.append(("login", failure)) }
    var body = Layout.errorSummary(c, errors)
    body += "<h1>\(Markup.esc(c.t(.signInTitle)))</h1>"
    if c.session != nil { body += "<p>\(Markup.esc(c.t(.alreadySignedIn)))</p>" }
    body += """
      <form method="post" action="/sign-in" novalidate>
      <input type="hidden" name="csrf" value="\(Markup.esc(token))"><input type="hidden" name="next" value="\(Markup.esc(localPath(next)))">
      \(Layout.field(c, name: "login", label: c.t(.login), input: Layout.input(name: "login", value: login, attributes: "autocomplete=\"username\" spellcheck=\"false\" autocapitalize=\"none\""), errors: errors))
      \(Layout.field(c, name: "password", label: c.t(.password), input: Layout.input(name: "password", type: "password", attributes: "autocomplete=\"current-password\""), errors: []))
      <button type="submit">\(Markup.esc(c.t(.signIn)))</button>
      </form>
      <p>\(Markup.esc(c.t(.signInPublicNote))) \(Markup.link("/framework", c.t(.navFramework))).</p>
      """
    return Layout.page(c, title: c.t(.signInTitle), body: body, status: status)
  }

  /// A path on this site (never another site's address), for redirects after signing in.
  static func localPath(_ path: String) -> String {
    // Browsers drop tabs and line breaks from an address and read `\` as `/`, so `/<TAB>/site`
    // and `/\site` would lead to another site: a path with a control character or `\` is not kept.
    // (Spaces and letters beyond ASCII are: team names have them.)
    let printable = path.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F && $0 != "\\" && !($0.value >= 0x80 && $0.value < 0xA0) }
    guard path.hasPrefix("/"), !path.hasPrefix("//"), printable else { return "/" }
    return path
  }

  static func signIn(_ c: inout Context) throws -> HTTPResponse {
    try checkPreSessionForm(c)
    let login = c.request.field("login") ?? ""
    let password = c.request.field("password") ?? ""
    switch try c.app.workspace.signIn(login: login, password: password, policy: c.app.options.policy, now: WebApp.now, today: c.today) {
    case .refused:
      return signInForm(&c, failure: c.t(.signInRefused), login: login)
    case .wait(let seconds):
      var page = signInForm(&c, failure: c.t(.signInWait).replacingOccurrences(of: "{n}", with: String(seconds)), login: login, status: 429)
      page.headers.append(("Retry-After", String(seconds)))
      return page
    case .signedIn(let token, let session):
      // A new session at every sign-in: any session the browser had before is ended.
      if let old = c.request.cookies[WebApp.sessionCookie] { try? c.app.workspace.signOut(token: old) }
      c.session = session
      c.cookies.append(c.cookie(WebApp.sessionCookie, token))
      c.cookies.append(c.cookie(WebApp.preSessionCookie, "", maxAge: 0))
      return Layout.redirect(localPath(c.request.field("next") ?? "/"))
    }
  }

  static func signOut(_ c: inout Context) throws -> HTTPResponse {
    _ = try c.checkedForm()
    if let token = c.request.cookies[WebApp.sessionCookie] { try c.app.workspace.signOut(token: token) }
    c.session = nil
    c.cookies.append(c.cookie(WebApp.sessionCookie, "", maxAge: 0))
    return Layout.redirect("/sign-in")
  }

  /// The page the language link leads to: shown in the language chosen, it changes nothing and
  /// offers a form (with the token) that switches. The site's script posts that form at once, so
  /// with JavaScript the link switches in one click.
  static func languageForm(_ c: inout Context) throws -> HTTPResponse {
    let to = try chosenLanguage(c.request.queryValue("to"))
    let back = localPath(c.request.queryValue("back") ?? "/")
    if c.session == nil { c.preSessionToken = preSessionToken(&c) }
    c.language = to
    let body = """
      <h1>\(Markup.esc(c.t(.languageTitle)))</h1>
      <p>\(Markup.esc(c.t(.languageIntro)))</p>
      <form method="post" action="/language" id="language-form">\(c.csrfField)
      <input type="hidden" name="to" value="\(to)"><input type="hidden" name="back" value="\(Markup.esc(back))">
      <button type="submit">\(Markup.esc(c.t(.languageSwitch)))</button>
      </form>
      <p>\(Markup.link(back, c.t(.languageStay)))</p>
      """
    return Layout.page(c, title: c.t(.languageTitle), body: body)
  }

  /// Switches the language: with the session's token, remembered for the login; signed out,
  /// with the token of the browser's pre-session cookie, remembered in a cookie only.
  static func language(_ c: inout Context) throws -> HTTPResponse {
    if c.session != nil {
      _ = try c.checkedForm()
    } else {
      try checkPreSessionForm(c)
    }
    let to = try chosenLanguage(c.request.field("to"))
    if let session = c.session { try session.service.setLanguage(to) }
    c.language = to
    c.cookies.append(c.cookie(WebApp.languageCookie, to, maxAge: 365 * 24 * 3600))
    return Layout.redirect(localPath(c.request.field("back") ?? "/"))
  }

  /// A form posted before there is a session carries the token of the pre-session cookie.
  static func checkPreSessionForm(_ c: Context) throws(WebFailure) {
    guard let pre = c.request.cookies[WebApp.preSessionCookie], let sent = c.request.field("csrf"),
      constantTimeEqual(Array(pre.utf8), Array(sent.utf8))
    else { throw WebFailure.csrf }
  }

  static func chosenLanguage(_ value: String?) throws(WebFailure) -> String {
    guard let value, value == "en" || value == "cy" else { throw WebFailure.badRequest("to: en or cy") }
    return value
  }

  /// The token of forms shown before there is a session, kept in a cookie (set if missing).
  static func preSessionToken(_ c: inout Context) -> String {
    let token = c.request.cookies[WebApp.preSessionCookie].flatMap { $0.count >= 20 && $0.count <= 100 ? $0 : nil } ?? SecureRandom.token(24)
    if c.request.cookies[WebApp.preSessionCookie] != token { c.cookies.append(c.cookie(WebApp.preSessionCookie, token)) }
    return token
  }

  // MARK: Home

  static func home(_ c: inout Context) throws -> HTTPResponse {
    let session = try c.signedIn()
    let actor = session.service.actor
    if actor.person != nil { return try practitionerHome(&c) }
    switch actor.role {
    case .planner?: return plannerHome(&c)
    case .admin?: return adminHome(&c)
    default: throw WebFailure.forbidden("\(actor) has no pages: it sends statements to /xapi/statements")
    }
  }

  static func menu(_ c: Context, title: L, intro: L, links: [(String, L)]) -> HTTPResponse {
    let items = links.map { "<li>\(Markup.link($0.0, c.t($0.1)))</li>" }.joined()
    return Layout.page(c, title: c.t(title), body: "<h1>\(Markup.esc(c.t(title)))</h1><p>\(Markup.esc(c.t(intro)))</p><ul class=\"menu\">\(items)</ul>")
  }

  static func plannerHome(_ c: inout Context) -> HTTPResponse {
    menu(
      c, title: .plannerHomeTitle, intro: .plannerHomeIntro,
      links: [("/reports/network", .networkReport), ("/reports", .regionAndAgencyReports), ("/plan", .navPlan), ("/framework", .navFramework)])
  }

  static func adminHome(_ c: inout Context) -> HTTPResponse {
    menu(c, title: .adminHomeTitle, intro: .adminHomeIntro, links: [("/admin/people", .navPeople), ("/admin/logins", .navLogins)])
  }

  /// A form error for a field, in the page's language.
  static func message(_ error: RecordsError, _ c: Context) -> (field: String, message: String) {
    guard let input = error.inputError else { return ("", c.language == "en" ? error.description : c.t(.somethingWrong)) }
    return (input.field, c.language == "en" ? input.message : L.rule(input.rule).text("cy"))
  }
}
