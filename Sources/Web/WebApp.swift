import Competency
import Foundation
import Service
import Workforce

/// How the server runs: sign-in rules, single sign-on through a proxy, the analysis date.
public struct WebOptions: Sendable {
  public var policy = SignInPolicy()
  /// A header (e.g. `X-Remote-User`) naming the signed-in login, believed only from `trustedProxy`.
  public var trustProxyHeader: String?
  public var trustedProxy: String?
  /// The analysis date for gaps and reports (default: each day's date).
  public var asOf: Day?
  /// How long a network report may be shown from the cache while a fresh one is worked out.
  public var reportCacheSeconds: Double = 300
  /// How long a page waits for a group report not worked out yet before saying it is being prepared.
  public var reportWaitSeconds: Double = 1

  public init() {}
}

/// The web application: each request is checked, its session resumed, routed to a page that
/// calls the Service, and answered with the security headers every page carries.
public final class WebApp: @unchecked Sendable {
  let workspace: Workspace
  /// The same store opened again for the large reads (group reports, plans), so that while one
  /// reads the whole workforce the other pages are not kept waiting for the store's connection.
  let readers: Workspace
  let options: WebOptions
  let jobs = PlanJobs()

  public init(workspace: Workspace, readers: Workspace? = nil, options: WebOptions = WebOptions()) {
    self.workspace = workspace
    self.readers = readers ?? workspace
    self.options = options
  }

  /// The signed-in person's use cases on the readers' connection, as that person: on a network
  /// store the gateway takes on their identity there too, so the database checks what they read.
  func reader(_ session: ActiveSession) throws -> Service {
    guard let login = session.service.actor.login else { return readers.service(as: session.service.actor, today: today) }
    return try readers.service(login: login.name, today: today)
  }

  var framework: Framework { workspace.framework }
  var today: Day { options.asOf ?? Day.today }
  static var now: Int64 { Int64(Date().timeIntervalSince1970) }

  static let sessionCookie = "cpd_session"
  static let preSessionCookie = "cpd_pre"
  static let languageCookie = "cpd_lang"

  /// Answers one request. Never throws: every failure becomes an error page.
  public func handle(_ request: HTTPRequest) -> HTTPResponse {
    var context = Context(app: self, request: request)
    var response: HTTPResponse
    do {
      try context.resumeSession()
      response = try route(&context)
    } catch let failure as WebFailure {
      response = Pages.failure(failure, context)
    } catch let error as RecordsError {
      response = Pages.failure(WebFailure(error), context)
    } catch {
      response = Pages.failure(.server("\(error)"), context)
    }
    return secured(response, context)
  }

  /// The headers every answer carries: a strict Content-Security-Policy (no inline script, no
  /// framing), no referrer beyond this site, no MIME sniffing, and no caching of personal pages.
  func secured(_ response: HTTPResponse, _ context: Context) -> HTTPResponse {
    var response = response
    let styles = (["'self'"] + context.styleHashes).joined(separator: " ")
    response.headers += [
      (
        "Content-Security-Policy",
        "default-src 'none'; script-src 'self'; style-src \(styles); img-src 'self' data:; connect-src 'self'; form-action 'self'; "
          + "frame-ancestors 'none'; base-uri 'none'"
      ),
      ("Referrer-Policy", "same-origin"),
      ("X-Content-Type-Options", "nosniff"),
      ("X-Frame-Options", "DENY"),
      ("Cross-Origin-Opener-Policy", "same-origin"),
      ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
    ]
    if response.header("Cache-Control") == nil {
      response.headers.append(("Cache-Control", context.session == nil ? "no-cache" : "no-store"))
    }
    for cookie in context.cookies { response.headers.append(("Set-Cookie", cookie)) }
    return response
  }

  func route(_ c: inout Context) throws -> HTTPResponse {
    let parts = c.request.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    let method = c.request.method
    let get = method == "GET" || method == "HEAD"
    let post = method == "POST"
    switch (parts.first ?? "", parts.count) {
    case ("", 0) where get: return try Pages.home(&c)
    case ("sign-in", 1) where get: return Pages.signInForm(&c, failure: nil, login: "")
    case ("sign-in", 1) where post: return try Pages.signIn(&c)
    case ("sign-out", 1) where post: return try Pages.signOut(&c)
    case ("language", 1) where get: return try Pages.languageForm(&c)
    case ("language", 1) where post: return try Pages.language(&c)
    case ("static", 2) where get: return Assets.serve(parts[1])
    case ("activities", 1) where get: return try Pages.activities(&c)
    case ("activities", 2) where parts[1] == "new" && get: return try Pages.newActivity(&c)
    case ("activities", 2) where parts[1] == "new" && post: return try Pages.logActivity(&c)
    case ("activities", 2) where get: return try Pages.activity(&c, id: parts[1])
    case ("activities", 4) where parts[2] == "evidence" && get: return try Pages.evidence(&c, activity: parts[1], sha256: parts[3])
    case ("assess", 1) where get: return try Pages.assessForm(&c, failure: nil)
    case ("assess", 1) where post: return try Pages.assess(&c)
    case ("people", 2) where get: return try Pages.person(&c, id: parts[1])
    case ("certificate", 1) where get: return try Pages.certificate(&c)
    case ("certificate", 1) where post: return try Pages.issueCertificate(&c)
    case ("my-data", 1) where get: return try Pages.myData(&c)
    case ("sign-off", 1) where get: return try Pages.signOffQueue(&c, message: nil)
    case ("sign-off", 1) where post: return try Pages.signOff(&c)
    case ("reports", 1) where get: return try Pages.reportsIndex(&c)
    case ("reports", 2) where parts[1] == "network" && get: return try Pages.report(&c, .network)
    case ("reports", 3) where get && ["team", "agency", "region"].contains(parts[1]):
      let scope: ReportScope = parts[1] == "team" ? .team(parts[2]) : parts[1] == "agency" ? .agency(parts[2]) : .region(parts[2])
      return try Pages.report(&c, scope)
    case ("plan", 1) where get: return try Pages.planForm(&c, failure: nil)
    case ("plan", 1) where post: return try Pages.startPlan(&c)
    case ("plan", 3) where parts[1] == "jobs" && get: return try Pages.planJob(&c, id: parts[2])
    case ("plan", 4) where parts[1] == "jobs" && get: return try Pages.planDownload(&c, id: parts[2], file: parts[3])
    case ("admin", 2) where parts[1] == "people" && get: return try Pages.adminPeople(&c, failure: nil)
    case ("admin", 2) where parts[1] == "people" && post: return try Pages.addPerson(&c)
    case ("admin", 3) where parts[1] == "people" && get: return try Pages.adminPerson(&c, id: parts[2], failure: nil)
    case ("admin", 3) where parts[1] == "people" && post: return try Pages.updatePerson(&c, id: parts[2])
    case ("admin", 2) where parts[1] == "logins" && get: return try Pages.adminLogins(&c, failure: nil)
    case ("admin", 2) where parts[1] == "logins" && post: return try Pages.addLogin(&c)
    case ("admin", 3) where parts[1] == "logins" && parts[2] == "remove" && post: return try Pages.removeLogin(&c)
    case ("framework", _) where get: return try FrameworkSite.page(&c, Array(parts.dropFirst()))
    case ("xapi", 2) where parts[1] == "statements": return try XAPIEndpoint.statements(&c)
    case ("xapi", 2) where parts[1] == "about" && get: return XAPIEndpoint.about()
    default:
      if Routes.known(parts) { throw WebFailure.methodNotAllowed }
      throw WebFailure.notFound
    }
  }
}

/// The addresses the application answers, for telling a wrong method from a wrong address.
enum Routes {
  static func known(_ parts: [String]) -> Bool {
    let first = parts.first ?? ""
    return ["", "sign-in", "sign-out", "language", "activities", "assess", "people", "certificate", "my-data", "sign-off",
      "reports", "plan", "admin", "framework", "xapi", "static"].contains(first)
  }
}

/// Why a request cannot be answered as asked.
enum WebFailure: Error {
  case notFound
  case forbidden(String)
  case signInNeeded
  case methodNotAllowed
  case badRequest(String)
  case csrf
  case server(String)

  init(_ error: RecordsError) {
    switch error {
    case .forbidden(let why): self = .forbidden(why)
    case .invalid(let input) where input.rule == .unknown: self = .notFound
    case .invalid(let input): self = .badRequest(input.description)
    default: self = .server(error.description)
    }
  }

  var status: Int {
    switch self {
    case .notFound: 404
    case .forbidden: 403
    case .signInNeeded: 303
    case .methodNotAllowed: 405
    case .badRequest: 400
    case .csrf: 403
    case .server: 500
    }
  }
}

extension WebApp {
  /// Starts working out the network report in the background, so that its page is quick from
  /// the first request (until it is ready, the page says it is being prepared).
  public func warmUp() {
    _ = try? readers.service(as: .owner, today: today).report(
      .network, asOf: today, language: "en", maxAge: options.reportCacheSeconds, waitAtMost: 0)
  }
}
