import Competency
import Foundation
import Records
import Service
import Testing
import Web
import Workforce

@Suite("Forgery, scripts and uploads")
struct SafetyTests {
  static let activityForm: [(String, String)] = [
    ("date", "2026-05-01"), ("kind", "workshop"), ("hours", "2"), ("title", "Forged"), ("module", ""), ("reflection", ""),
  ]

  @Test func formsWithoutTheSessionsTokenAreRefusedAndChangeNothing() throws {
    let f = try WebFixture()
    let rhys = f.signedIn("rhys")
    let sian = f.signedIn("sian")
    let before = try f.checksum
    let count = try f.workspace.store.activityCount()
    // No token, a wrong one, and another session's.
    #expect(rhys.postMultipart("/activities/new", Self.activityForm, files: []).status == 403)
    #expect(rhys.postMultipart("/activities/new", Self.activityForm + [("csrf", "not-the-token-at-all-00000")], files: []).status == 403)
    #expect(rhys.postMultipart("/activities/new", Self.activityForm + [("csrf", sian.formToken())], files: []).status == 403)
    #expect(rhys.post("/assess", [("competency", "C-INF"), ("level", "2")]).status == 403)
    let lead = f.signedIn("lead")
    #expect(lead.post("/sign-off", [("activity", f.activityOfP2), ("decision", "verify"), ("csrf", rhys.formToken())]).status == 403)
    #expect(f.signedIn("admin").post("/admin/logins", [("login", "new"), ("role", "planner"), ("password", "long enough password")]).status == 403)
    #expect(rhys.post("/sign-out", []).status == 403)
    #expect(try f.checksum == before)
    #expect(try f.workspace.store.activityCount() == count)
    // With the token the same form works.
    let ok = rhys.postMultipart("/activities/new", Self.activityForm + [("csrf", rhys.formToken("/activities/new"))], files: [])
    #expect(ok.status == 303)
    #expect(try f.workspace.store.activityCount() == count + 1)
  }

  /// A redirect back (after choosing a language, or after signing in) never leads to another
  /// site, however the address is dressed: browsers drop tabs and line breaks and read `\` as `/`.
  @Test func redirectsStayOnThisSite() throws {
    let f = try WebFixture()
    func switchBack(_ back: String, to: String = "en") -> Reply {
      let agent = f.agent()
      let form = agent.get("/language?to=\(to)&back=\(back)")
      return agent.post("/language", [("to", to), ("back", back.removingPercentEncoding ?? back), ("csrf", Agent.token(form) ?? "")])
    }
    for back in ["/%09/evil.example", "//evil.example", "/%5Cevil.example", "/%0A/evil.example", "/%0D%0A/evil.example", "https://evil.example"] {
      let reply = switchBack(back)
      #expect((300..<400).contains(reply.status), "\(back): \(reply.status)")
      #expect(reply.header("Location") == "/", "\(back) led to \(reply.header("Location") ?? "nowhere")")
      // Nor does the page the link leads to offer a way back off the site.
      #expect(!f.agent().get("/language?to=en&back=\(back)").text.contains("evil.example"), "\(back)")
    }
    #expect(switchBack("/framework").header("Location") == "/framework")
    // A team's name may have spaces and Welsh letters: such a page is still where the reader goes back to.
    #expect(switchBack("/reports/team/Tîm%20Gogledd", to: "cy").header("Location") == "/reports/team/Tîm Gogledd")
  }

  @Test func theSignInFormNeedsItsOwnToken() throws {
    let f = try WebFixture()
    let agent = f.agent()
    _ = agent.get("/sign-in")
    #expect(agent.post("/sign-in", [("login", "rhys"), ("password", WebFixture.password)]).status == 403)
    #expect(agent.post("/sign-in", [("csrf", "wrong-token-wrong-token"), ("login", "rhys"), ("password", WebFixture.password)]).status == 403)
    #expect(agent.cookies["cpd_session"] == nil)
  }

  @Test func scriptInNamesTitlesNotesAndReflectionsIsShownInert() throws {
    let f = try WebFixture()
    let owner = f.workspace.service(as: .owner, today: WebFixture.today)
    let script = "<script>alert('x')</script>"
    let image = "<img src=x onerror=alert(1)>"
    try owner.addPractitioner(NewPractitioner(id: "evil", name: "Eve \(script)", agency: "la-n", team: "North", role: "officer", manager: "mgr"))
    let rhys = f.signedIn("rhys")
    let logged = rhys.postMultipart(
      "/activities/new",
      [("csrf", rhys.formToken("/activities/new")), ("date", "2026-05-02"), ("kind", "workshop"), ("hours", "1.5"), ("title", "Title \(image)"),
        ("reflection", "Thoughts \(script) and \(image)")], files: [("evidence", "notes\(image).txt", Array("hello".utf8))])
    #expect(logged.status == 303)
    let id = try #require(logged.header("Location")?.components(separatedBy: "logged=").last)
    let lead = f.signedIn("lead")
    let rejected = lead.post("/sign-off", [("csrf", lead.formToken("/sign-off")), ("activity", id), ("decision", "reject"), ("note", "Why \(script)")])
    #expect(rejected.status == 303)
    let pages = [
      rhys.get("/activities"), rhys.get("/activities/\(id)"), lead.get("/sign-off"), lead.get("/reports/team/North"),
      lead.get("/people/evil"), f.signedIn("admin").get("/admin/people"),
    ]
    for page in pages {
      #expect(page.status == 200)
      #expect(!page.text.contains(script) && !page.text.contains(image) && !page.text.contains("<script>alert"))
    }
    #expect(pages[0].text.contains("Title &lt;img src=x onerror=alert(1)&gt;"))
    #expect(pages[0].text.contains("Why &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
    #expect(pages[1].text.contains("Thoughts &lt;script&gt;"))
    #expect(pages[3].text.contains("Eve &lt;script&gt;"))
  }

  @Test func evidenceIsStoredByContentAndServedOnlyToThoseAllowedAsAnAttachment() throws {
    let f = try WebFixture()
    let rhys = f.signedIn("rhys")
    let content = Array("<html><script>alert(1)</script></html>".utf8)
    let logged = rhys.postMultipart(
      "/activities/new",
      [("csrf", rhys.formToken("/activities/new")), ("date", "2026-05-03"), ("kind", "on-the-job"), ("hours", "2"), ("title", "Placement"),
        ("competency", "C-INF"), ("level", "2"), ("competency", ""), ("level", "2")],
      files: [("evidence", "record.html", content)])
    #expect(logged.status == 303)
    let id = try #require(logged.header("Location")?.components(separatedBy: "logged=").last)
    let record = try #require(try f.workspace.store.activity(id))
    #expect(record.claims.contains(ClaimedLevel(competency: "C-INF", level: 2)))
    let file = try #require(record.evidence.first)
    #expect(file.name == "record.html" && file.bytes == content.count)
    let path = "/activities/\(id)/evidence/\(file.sha256)"
    let download = rhys.get(path)
    #expect(download.status == 200 && download.body == content)
    #expect(download.header("Content-Disposition")?.hasPrefix("attachment") == true)
    #expect(download.header("X-Content-Type-Options") == "nosniff")
    #expect(download.header("Content-Type") == "application/octet-stream")
    #expect(f.signedIn("lead").get(path).status == 200, "the team leader signs it off")
    for other in ["sian", "planner", "admin"] { #expect(f.signedIn(other).get(path).status == 403, "\(other)") }
    #expect(f.agent().get(path).status == 303)
  }

  @Test func anInvalidActivityIsShownWithErrorsAndNothingIsStored() throws {
    let f = try WebFixture()
    let rhys = f.signedIn("rhys")
    let before = try f.checksum
    let reply = rhys.postMultipart(
      "/activities/new",
      [("csrf", rhys.formToken("/activities/new")), ("date", "2099-01-01"), ("kind", "workshop"), ("hours", "30"), ("title", "Too much")],
      files: [("evidence", "a.txt", Array("a".utf8))])
    #expect(reply.status == 400)
    #expect(reply.text.contains("class=\"error-summary\""))
    #expect(reply.text.contains("href=\"#hours\"") || reply.text.contains("href=\"#date\""))
    #expect(reply.text.contains("aria-invalid=\"true\""))
    #expect(reply.text.contains("value=\"Too much\""), "what was typed is kept")
    let unparsable = rhys.postMultipart(
      "/activities/new", [("csrf", rhys.formToken("/activities/new")), ("date", "yesterday"), ("kind", "workshop"), ("hours", "lots"), ("title", "")],
      files: [])
    #expect(unparsable.status == 400)
    for field in ["date", "hours", "title"] { #expect(unparsable.text.contains("href=\"#\(field)\""), "\(field)") }
    #expect(try f.checksum == before)
  }

  @Test func uploadsOverTheLimitAreRefused() throws {
    var limits = ServerLimits()
    #expect(limits.maxBodyBytes == 25 * 1024 * 1024)
    limits.maxBodyBytes = 64 * 1024
    let f = try WebFixture(limits: limits)
    let rhys = f.signedIn("rhys")
    let before = try f.checksum
    let big = [UInt8](repeating: 65, count: 100 * 1024)
    let reply = rhys.postMultipart(
      "/activities/new",
      [("csrf", rhys.formToken("/activities/new")), ("date", "2026-05-01"), ("kind", "workshop"), ("hours", "2"), ("title", "Big")],
      files: [("evidence", "big.bin", big)])
    #expect(reply.status == 413)
    #expect(try f.checksum == before)
    let folder = f.dir.file("uploads")
    #expect((try? FileManager.default.contentsOfDirectory(atPath: folder))?.isEmpty ?? true, "no upload is left on disk")
  }
}
