import Foundation
import JSON
import Service
import Testing
import Web
import Workforce

@Suite("xAPI statements in")
struct XAPITests {
  static func statement(id: String? = nil, email: String = "mailto:rhys@example.org") -> String {
    """
    {\(id.map { "\"id\": \"\($0)\", " } ?? "")"actor": {"mbox": "\(email)", "name": "Rhys"},
     "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
     "object": {"id": "https://lms.example.org/course/1", "definition": {"name": {"en": "Online course"}}},
     "result": {"duration": "PT2H"}, "timestamp": "2026-04-01T10:00:00Z"}
    """
  }

  static func basic(_ login: String, _ password: String = WebFixture.password) -> (String, String) {
    ("Authorization", "Basic " + Data("\(login):\(password)".utf8).base64EncodedString())
  }

  static let version = ("X-Experience-API-Version", "1.0.3")

  func fixture() throws -> WebFixture {
    let f = try WebFixture()
    let owner = f.workspace.service(as: .owner, today: WebFixture.today)
    try owner.addPractitioner(NewPractitioner(id: "x1", name: "Rhys X", email: "rhys@example.org", agency: "la-n", team: "North", role: "officer"))
    return f
  }

  /// A statement without a duration arrives as an activity whose hours are to be confirmed; the
  /// team leader confirms them beside the decision in the sign-off queue, and cannot verify without.
  @Test func hoursAStatementLackedAreConfirmedInTheQueue() throws {
    let f = try fixture()
    let undated = Self.statement(id: "7f1a0c4e-1b2c-4d3e-8f90-123456789abc").replacingOccurrences(of: "\"result\": {\"duration\": \"PT2H\"}, ", with: "")
    let post = RawHTTP.send(
      port: f.port, method: "POST", path: "/xapi/statements",
      headers: [Self.basic("lms"), Self.version, ("Content-Type", "application/json")], body: Array(undated.utf8))
    #expect(post.status == 200)
    let id = try #require(try f.workspace.store.activities(of: "x1").first { $0.needsHours }).id
    let lead = f.signedIn("lead")
    let queue = lead.get("/sign-off").text
    #expect(queue.contains("hours to confirm") && queue.contains("name=\"hours\""))
    let token = lead.formToken("/sign-off")
    let without = lead.post("/sign-off", [("activity", id), ("decision", "verify"), ("csrf", token)])
    #expect(without.status == 400 && without.text.contains("id=\"hours-\(id)-error\""))
    let nonsense = lead.post("/sign-off", [("activity", id), ("decision", "verify"), ("hours", "two"), ("csrf", token)])
    #expect(nonsense.status == 400)
    #expect(try f.workspace.store.activity(id)?.status == .pending)
    let with = lead.post("/sign-off", [("activity", id), ("decision", "verify"), ("hours", "1.5"), ("csrf", token)])
    #expect(with.status == 303)
    let verified = try #require(try f.workspace.store.activity(id))
    #expect(verified.status == .verified && verified.hours == Hours("1.5"))
  }

  @Test func statementsArriveOnceEach() throws {
    let f = try fixture()
    let id = "6f1a0c4e-1b2c-4d3e-8f90-123456789abc"
    let count = try f.workspace.store.activityCount()
    let post = RawHTTP.send(
      port: f.port, method: "POST", path: "/xapi/statements",
      headers: [Self.basic("lms"), Self.version, ("Content-Type", "application/json")], body: Array(Self.statement(id: id).utf8))
    #expect(post.status == 200)
    #expect(post.header("X-Experience-API-Version") == "1.0.3")
    #expect(try JSONParser.parse(post.body) == .array([.string(id)]))
    #expect(try f.workspace.store.activityCount() == count + 1)
    let again = RawHTTP.send(
      port: f.port, method: "POST", path: "/xapi/statements", headers: [Self.basic("lms"), Self.version],
      body: Array("[\(Self.statement(id: id))]".utf8))
    #expect(again.status == 200)
    #expect(try f.workspace.store.activityCount() == count + 1, "the same statement id is stored once")
    let put = RawHTTP.send(
      port: f.port, method: "PUT", path: "/xapi/statements?statementId=0a1b2c3d-0000-4000-8000-000000000001",
      headers: [Self.basic("lms"), Self.version], body: Array(Self.statement().utf8))
    #expect(put.status == 204)
    #expect(try f.workspace.store.activityCount() == count + 2)
    let mismatch = RawHTTP.send(
      port: f.port, method: "PUT", path: "/xapi/statements?statementId=0a1b2c3d-0000-4000-8000-000000000002",
      headers: [Self.basic("lms"), Self.version], body: Array(Self.statement(id: id).utf8))
    #expect(mismatch.status == 400)
    // A statement without an id is given one.
    let fresh = RawHTTP.send(port: f.port, method: "POST", path: "/xapi/statements", headers: [Self.basic("lms"), Self.version], body: Array(Self.statement().utf8))
    #expect(fresh.status == 200)
    #expect(try f.workspace.store.activityCount() == count + 3)
  }

  @Test func statementsNeedTheVersionHeaderAnLMSLoginAndValidContent() throws {
    let f = try fixture()
    let before = try f.checksum
    let body = Array(Self.statement().utf8)
    func send(_ headers: [(String, String)], _ body: [UInt8] = body, method: String = "POST") -> Reply {
      RawHTTP.send(port: f.port, method: method, path: "/xapi/statements", headers: headers, body: body)
    }
    #expect(send([Self.basic("lms")]).status == 400)
    let anonymous = send([Self.version])
    #expect(anonymous.status == 401 && anonymous.header("WWW-Authenticate")?.hasPrefix("Basic") == true)
    #expect(send([Self.basic("lms", "wrong password!"), Self.version]).status == 401)
    #expect(send([Self.basic("rhys"), Self.version]).status == 403)
    #expect(send([Self.basic("planner"), Self.version]).status == 403)
    #expect(send([Self.basic("lms"), Self.version], Array("{not json".utf8)).status == 400)
    #expect(send([Self.basic("lms"), Self.version], Array(Self.statement(email: "mailto:stranger@example.org").utf8)).status == 400)
    #expect(send([Self.basic("lms"), Self.version], method: "DELETE").status == 405)
    #expect(try f.checksum == before)
    let about = RawHTTP.send(port: f.port, method: "GET", path: "/xapi/about")
    #expect(about.status == 200)
    #expect(try JSONParser.parse(about.body)["version"] == .array([.string("1.0.3")]))
  }
}
