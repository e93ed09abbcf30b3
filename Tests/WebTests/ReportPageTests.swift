import Foundation
@testable import Service
import Testing
@testable import Web

/// Group report pages over a server that has just started: the network report is not waited for.
@Suite("Report pages")
struct ReportPageTests {
  /// While the network report is still being worked out (as just after start-up on a large
  /// store), its page answers at once that it is being prepared, and refreshes itself; once made,
  /// the report is shown, in either language, from the one set of totals.
  @Test func aReportStillBeingWorkedOutIsNotWaitedFor() throws {
    var options = WebOptions()
    options.reportWaitSeconds = 0.2
    let f = try WebFixture(options: options)
    let planner = f.signedIn("planner")
    let cache = f.app.readers.reportCache
    let key = "\(ReportScope.network)|\(WebFixture.today)"
    // Work under way elsewhere (the server's warm-up, say).
    #expect(cache.startRefresh(key))
    let started = Date()
    let waiting = planner.get("/reports/network")
    #expect(Date().timeIntervalSince(started) < 5)
    #expect(waiting.status == 202 && waiting.header("Retry-After") == "2")
    #expect(waiting.text.contains("role=\"status\" data-refresh=\"2\"") && waiting.text.contains("href=\"/reports/network\""))
    #expect(waiting.text.contains("The report is being prepared"))
    // Refusals come first, as ever: a practitioner is refused, not told to wait.
    #expect(f.signedIn("rhys").get("/reports/network").status == 403)
    cache.endRefresh(key)
    #expect(cache.get(key) == nil, "nothing was made by the request that did not wait")
    // Made (as the warm-up makes it), the page shows it.
    let owner = f.app.readers.service(as: .owner, today: WebFixture.today)
    #expect(try owner.report(.network, asOf: WebFixture.today, language: "en", maxAge: 300) != nil)
    let shown = planner.get("/reports/network")
    #expect(shown.status == 200 && shown.text.contains("class=\"report\"") && !shown.text.contains("being prepared"))
    guard case .success? = cache.get(key)?.outcome else {
      Issue.record("the report's totals are kept")
      return
    }
    // The Welsh page comes from the same totals: kept once, not worked out again.
    let made = try #require(cache.get(key)?.made)
    let form = planner.get("/language?to=cy&back=/")
    #expect(planner.post("/language", [("to", "cy"), ("back", "/"), ("csrf", Agent.token(form) ?? "")]).status == 303)
    let welsh = planner.get("/reports/network")
    #expect(welsh.status == 200 && welsh.text.contains("<html lang=\"cy\">"))
    #expect(cache.get(key)?.made == made)
  }
}
