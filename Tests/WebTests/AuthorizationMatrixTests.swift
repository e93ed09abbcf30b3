import Competency
import Foundation
import Service
import Testing
import Web
import Workforce

/// Every route, tried as every role and signed out: the answer is the one the access model
/// gives, and a refusal changes nothing in the store.
@Suite("Authorization matrix")
struct AuthorizationMatrixTests {
  enum Who: String, CaseIterable {
    case signedOut = "signed out"
    case practitioner = "rhys"
    case teamLeader = "lead"
    case otherTeam = "sian"
    case planner, admin, lms
  }

  struct Route {
    var method: String
    var path: String
    var form: [(String, String)] = []
    /// Status by who asks; anyone not named gets `otherwise`.
    var expect: [Who: Int]
    var otherwise = 403
    /// Sent with HTTP Basic credentials instead of a session (the xAPI endpoint).
    var basic = false
    var multipart = false
  }

  static let statement = """
    {"actor": {"mbox": "mailto:rhys@example.org"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
     "object": {"id": "https://lms.example.org/c/9", "definition": {"name": {"en": "Course"}}}, "result": {"duration": "PT1H"},
     "timestamp": "2026-04-02T10:00:00Z"}
    """

  static func routes(_ f: WebFixture, evidence: String) -> [Route] {
    let person: [Who: Int] = [.practitioner: 200, .teamLeader: 200, .otherTeam: 200, .signedOut: 303]
    let everyone: [Who: Int] = Dictionary(uniqueKeysWithValues: Who.allCases.map { ($0, 200) })
    let planner: [Who: Int] = [.planner: 200, .signedOut: 303]
    let admin: [Who: Int] = [.admin: 200, .signedOut: 303]
    let posted: (Int) -> [Who: Int] = { _ in [:] }
    _ = posted
    return [
      Route(method: "GET", path: "/", expect: [.practitioner: 200, .teamLeader: 200, .otherTeam: 200, .planner: 200, .admin: 200, .signedOut: 303]),
      Route(method: "GET", path: "/sign-in", expect: everyone),
      Route(method: "GET", path: "/language?to=cy&back=/framework", expect: everyone),
      // Signed in, the session's token; signed out the form would need the pre-session cookie's token.
      Route(method: "POST", path: "/language", form: [("to", "en"), ("back", "/")], expect: [.practitioner: 303, .teamLeader: 303,
        .otherTeam: 303, .planner: 303, .admin: 303, .lms: 303]),
      Route(method: "GET", path: "/activities", expect: person),
      Route(method: "GET", path: "/activities/new", expect: person),
      Route(
        method: "POST", path: "/activities/new",
        form: [("date", "2026-05-05"), ("kind", "reading"), ("hours", "1"), ("title", "Matrix reading")],
        expect: [.practitioner: 303, .teamLeader: 303, .otherTeam: 303], multipart: true),
      Route(method: "GET", path: "/activities/\(f.activityOfP2)", expect: [.teamLeader: 200, .signedOut: 303]),
      Route(method: "GET", path: "/activities/\(f.activityOfP2)/evidence/\(evidence)", expect: [.teamLeader: 200, .signedOut: 303]),
      Route(method: "GET", path: "/activities/no-such-activity", expect: [.admin: 404, .signedOut: 303]),
      Route(method: "GET", path: "/assess", expect: person),
      Route(method: "POST", path: "/assess", form: [("competency", "C-INF"), ("level", "2")], expect: [.practitioner: 200, .teamLeader: 200, .otherTeam: 200]),
      Route(method: "GET", path: "/people/p1", expect: [.practitioner: 200, .teamLeader: 200, .signedOut: 303]),
      Route(method: "GET", path: "/people/q1", expect: [.otherTeam: 200, .signedOut: 303]),
      Route(method: "GET", path: "/people/nobody", expect: [.admin: 404, .signedOut: 303]),
      Route(method: "GET", path: "/certificate?period=2026", expect: person),
      // Not met in the fixture: the page again, saying so, and nothing issued.
      Route(method: "POST", path: "/certificate", form: [("period", "2026"), ("form", "json")], expect: [.practitioner: 409, .teamLeader: 409, .otherTeam: 409]),
      Route(method: "GET", path: "/my-data", expect: person),
      Route(method: "GET", path: "/sign-off", expect: [.teamLeader: 200, .signedOut: 303]),
      Route(method: "POST", path: "/sign-off", form: [("activity", f.activityOfP2), ("decision", "verify"), ("note", "")], expect: [.teamLeader: 303]),
      Route(method: "POST", path: "/sign-off", form: [("activity", f.activityOfQ1), ("decision", "reject"), ("note", "no")], expect: [:]),
      Route(method: "GET", path: "/reports", expect: planner),
      Route(method: "GET", path: "/reports/network", expect: planner),
      Route(method: "GET", path: "/reports/region/north", expect: planner),
      Route(method: "GET", path: "/reports/agency/la-n", expect: planner),
      Route(method: "GET", path: "/reports/agency/no-such-agency", expect: [.planner: 404, .signedOut: 303]),
      Route(method: "GET", path: "/reports/team/North", expect: [.teamLeader: 200, .signedOut: 303]),
      Route(method: "GET", path: "/reports/team/South", expect: [.signedOut: 303]),
      Route(method: "GET", path: "/plan", expect: planner),
      Route(method: "POST", path: "/plan", form: [("sessions", "5"), ("max-hours", ""), ("agency-mix", "1"), ("time-limit", "2")], expect: [.planner: 303]),
      Route(method: "GET", path: "/plan/jobs/not-a-job", expect: [.practitioner: 404, .teamLeader: 404, .otherTeam: 404, .planner: 404, .admin: 404, .lms: 404, .signedOut: 303]),
      Route(method: "GET", path: "/admin/people", expect: [.admin: 200, .teamLeader: 200, .signedOut: 303]),
      Route(
        method: "POST", path: "/admin/people",
        form: [("id", "newbie"), ("name", "New Person"), ("agency", "la-n"), ("team", "North"), ("role", "officer"), ("lang", "en")],
        expect: [.admin: 303]),
      Route(method: "GET", path: "/admin/people/p1", expect: admin),
      Route(method: "POST", path: "/admin/people/mover", form: [("team", "North"), ("agency", "la-n"), ("role", "officer")], expect: [.admin: 303]),
      Route(method: "GET", path: "/admin/logins", expect: admin),
      Route(method: "POST", path: "/admin/logins", form: [("login", "extra"), ("role", "planner"), ("password", "a long password here")], expect: [.admin: 200]),
      Route(method: "POST", path: "/admin/logins/remove", form: [("login", "extra")], expect: [.admin: 200]),
      Route(method: "GET", path: "/framework", expect: everyone),
      Route(method: "GET", path: "/framework/competencies/C-INF", expect: everyone),
      Route(method: "GET", path: "/framework/roles", expect: everyone),
      Route(method: "GET", path: "/framework/roles/officer", expect: everyone),
      Route(method: "GET", path: "/framework/modules", expect: everyone),
      Route(method: "GET", path: "/framework/modules/M-INF-C", expect: everyone),
      Route(method: "GET", path: "/framework/standards", expect: everyone),
      Route(method: "GET", path: "/framework/competencies/NOPE", expect: [:], otherwise: 404),
      Route(method: "GET", path: "/static/app.css", expect: everyone),
      Route(method: "GET", path: "/static/app.js", expect: everyone),
      Route(method: "GET", path: "/xapi/about", expect: everyone),
      Route(method: "POST", path: "/xapi/statements", form: [("body", statement)], expect: [.lms: 200, .admin: 200, .signedOut: 401], basic: true),
      Route(method: "DELETE", path: "/activities", expect: [:], otherwise: 405),
      Route(method: "GET", path: "/no/such/page", expect: [:], otherwise: 404),
    ]
  }

  @Test func everyRouteAsEveryRole() throws {
    let f = try WebFixture()
    let owner = f.workspace.service(as: .owner, today: WebFixture.today)
    try owner.addPractitioner(NewPractitioner(id: "x9", name: "Rhys Mail", email: "rhys@example.org", agency: "la-n", team: "North", role: "officer"))
    // An activity of p2 with evidence, for the evidence route.
    let notes = f.dir.write("in/notes.txt", "notes")
    let withEvidence = try owner.log(
      NewActivity(practitioner: "p2", date: WebFixture.today, kind: .onTheJob, hours: 1, title: "With evidence",
        evidence: [EvidenceFile(path: notes, name: "notes.txt", within: f.dir.file("in"))]))
    let sha = try #require(try f.workspace.store.activity(withEvidence)?.evidence.first?.sha256)
    let routes = Self.routes(f, evidence: sha).map { route -> Route in
      var r = route
      r.path = r.path.replacingOccurrences(of: "/activities/\(f.activityOfP2)/evidence", with: "/activities/\(withEvidence)/evidence")
      return r
    }
    var cells = 0
    for who in Who.allCases {
      let agent = who == .signedOut ? f.agent() : f.signedIn(who.rawValue)
      for route in routes {
        let expected = route.expect[who] ?? route.otherwise
        let before = try f.checksum
        let reply: Reply
        if route.basic {
          var headers = [("X-Experience-API-Version", "1.0.3")]
          if who != .signedOut {
            headers.append(("Authorization", "Basic " + Data("\(who.rawValue):\(WebFixture.password)".utf8).base64EncodedString()))
          }
          reply = RawHTTP.send(port: f.port, method: route.method, path: route.path, headers: headers, body: Array(route.form[0].1.utf8))
        } else if route.method == "POST" {
          let token = who == .signedOut ? "" : agent.formToken()
          let form = route.form + [("csrf", token)]
          reply = route.multipart ? agent.postMultipart(route.path, form, files: []) : agent.post(route.path, form)
        } else {
          reply = RawHTTP.send(port: f.port, method: route.method, path: route.path, headers: agent.cookieHeader)
        }
        cells += 1
        #expect(reply.status == expected, "\(route.method) \(route.path) as \(who.rawValue): \(reply.status), expected \(expected)")
        if expected >= 300 && expected != 303 || (expected == 303 && who == .signedOut) || (route.method == "GET") {
          #expect(try f.checksum == before, "\(route.method) \(route.path) as \(who.rawValue) changed the store")
        }
        if expected == 303 && who == .signedOut && route.method == "GET" {
          #expect(reply.header("Location")?.hasPrefix("/sign-in") == true)
        }
      }
      if who != .signedOut {
        #expect(agent.post("/sign-out", [("csrf", agent.formToken())]).status == 303)
        cells += 1
      }
    }
    #expect(cells == Who.allCases.count * routes.count + Who.allCases.count - 1)
    print("authorization matrix: \(routes.count) routes x \(Who.allCases.count) (6 roles and signed out) = \(cells) requests")
  }
}
