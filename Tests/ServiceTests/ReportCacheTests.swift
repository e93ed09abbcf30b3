import Foundation
@testable import Service
import TestSupport
import Testing

/// The group reports a long-running server keeps, on either store.
@Suite struct ReportCacheTests {
  /// Each request acts through a view of its own (on a network store, a gateway connection that
  /// has taken on the person's role); a report worked out for one request serves the next, and
  /// the access model is still applied to each.
  @Test(arguments: AccessBackend.allCases) func aReportWorkedOutOnceServesTheNextRequest(_ backend: AccessBackend) throws {
    let f = try AccessFixture(backend)
    let key = "\(ReportScope.network)|\(AccessFixture.today)"
    let first = try f.service("planner").report(.network, asOf: AccessFixture.today, language: "en", maxAge: 300)
    let direct = try f.service("planner").groupReport(.network, asOf: AccessFixture.today)
    #expect(first?.report.people == direct.people)
    let made = try #require(f.gateway.reportCache.get(key)?.made, "kept where the next request looks")
    let welsh = try f.service("planner").report(.network, asOf: AccessFixture.today, language: "cy", maxAge: 300)
    #expect(welsh?.context.language == "cy")
    #expect(f.gateway.reportCache.get(key)?.made == made, "the next request, in either language, is served what was kept")
    try f.refused("rhys") { _ = try $0.report(.network, asOf: AccessFixture.today, language: "en", maxAge: 300) }
  }
}
