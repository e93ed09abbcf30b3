import Foundation
import Service
import Testing
import Web

@Suite("Signing in and out")
struct SessionTests {
  @Test func signInRotatesTheSessionAndSignOutEndsIt() throws {
    let f = try WebFixture()
    let agent = f.agent()
    let form = agent.get("/sign-in")
    #expect(form.status == 200)
    #expect(form.text.contains("name=\"login\"") && form.text.contains("name=\"password\""))
    let reply = agent.post("/sign-in", [("csrf", Agent.token(form)!), ("login", "rhys"), ("password", WebFixture.password)])
    #expect(reply.status == 303)
    let cookie = try #require(reply.setCookies.first { $0.hasPrefix("cpd_session=") })
    #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"))
    #expect(!cookie.contains("Secure"), "plain HTTP: no Secure flag")
    let first = try #require(agent.cookies["cpd_session"])
    #expect(agent.get("/").status == 200)
    // Signing in again gives a new token; the old one no longer works.
    let again = agent.signIn("rhys", WebFixture.password)
    #expect(again.status == 303)
    let second = try #require(agent.cookies["cpd_session"])
    #expect(first != second)
    let stale = Agent(port: f.port)
    stale.cookies["cpd_session"] = first
    #expect(stale.get("/").status == 303)
    // Sign-out ends the session in the store.
    let out = agent.post("/sign-out", [("csrf", agent.formToken())])
    #expect(out.status == 303)
    let replay = Agent(port: f.port)
    replay.cookies["cpd_session"] = second
    #expect(replay.get("/").status == 303)
  }

  @Test func wrongPasswordsAreRefusedAndRepeatedFailuresSlowed() throws {
    var options = WebOptions()
    options.policy.firstDelaySeconds = 120  // however slow the machine, the next attempt comes within the wait
    let f = try WebFixture(options: options)
    let agent = f.agent()
    for _ in 0..<3 {
      let reply = agent.signIn("rhys", "not the password")
      #expect(reply.status == 200)
      #expect(reply.text.contains("The login or the password is not right"))
      #expect(agent.cookies["cpd_session"] == nil)
    }
    let slowed = agent.signIn("rhys", "not the password")
    #expect(slowed.status == 429)
    #expect(slowed.header("Retry-After").flatMap(Int.init).map { $0 > 0 } == true)
    // While slowed, even the right password waits.
    let right = agent.signIn("rhys", WebFixture.password)
    #expect(right.status == 429)
    #expect(agent.cookies["cpd_session"] == nil)
    // An unknown login is refused the same way, and another login is not slowed.
    #expect(agent.signIn("nobody", "whatever it is").text.contains("The login or the password is not right"))
    #expect(f.agent().signIn("sian", WebFixture.password).status == 303)
  }

  @Test func idleSessionsExpire() throws {
    var options = WebOptions()
    options.policy.idleSeconds = 3
    options.policy.touchSeconds = 0
    let f = try WebFixture(options: options)
    let agent = f.signedIn("rhys")
    #expect(agent.get("/").status == 200)
    Thread.sleep(forTimeInterval: 4.5)
    let expired = agent.get("/activities")
    #expect(expired.status == 303)
    #expect(expired.header("Location")?.hasPrefix("/sign-in") == true)
  }

  @Test func aTrustedProxyVouchesForLoginsOnlyFromItsAddress() throws {
    var options = WebOptions()
    options.trustProxyHeader = "X-Remote-User"
    options.trustedProxy = "127.0.0.1"
    let f = try WebFixture(options: options)
    let agent = f.agent()
    let home = agent.get("/", headers: [("X-Remote-User", "rhys"), ("X-Forwarded-Proto", "https")])
    #expect(home.status == 200)
    #expect(home.text.contains("Signed in as") && home.text.contains("rhys"))
    #expect(home.setCookies.contains { $0.hasPrefix("cpd_session=") && $0.contains("Secure") })
    // An unknown login is not signed in.
    #expect(f.agent().get("/", headers: [("X-Remote-User", "nobody")]).status == 303)

    var elsewhere = WebOptions()
    elsewhere.trustProxyHeader = "X-Remote-User"
    elsewhere.trustedProxy = "127.0.0.2"
    let g = try WebFixture(options: elsewhere)
    #expect(g.agent().get("/", headers: [("X-Remote-User", "rhys")]).status == 303, "the header from another address is ignored")
    #expect(g.agent(source: "127.0.0.2").get("/", headers: [("X-Remote-User", "rhys")]).status == 200)
  }

  @Test func behindATLSProxyCookiesAreSecureOnlyWhenTheProxySaysHTTPS() throws {
    var options = WebOptions()
    options.trustedProxy = "127.0.0.1"
    let f = try WebFixture(options: options)
    func sessionCookie(_ agent: Agent, proto: String) throws -> String {
      let form = agent.get("/sign-in", headers: [("X-Forwarded-Proto", proto)])
      let reply = agent.post(
        "/sign-in", [("csrf", Agent.token(form)!), ("login", "rhys"), ("password", WebFixture.password)], headers: [("X-Forwarded-Proto", proto)])
      #expect(reply.status == 303)
      return try #require(reply.setCookies.first { $0.hasPrefix("cpd_session=") })
    }
    #expect(try sessionCookie(f.agent(), proto: "https").contains("Secure"))
    #expect(try !sessionCookie(f.agent(), proto: "http").contains("Secure"))
    // From any other address the header is not believed.
    #expect(try !sessionCookie(f.agent(source: "127.0.0.2"), proto: "https").contains("Secure"))
    // With no header named for single sign-on, a proxy's X-Remote-User signs no one in.
    #expect(f.agent().get("/", headers: [("X-Remote-User", "rhys")]).status == 303)
  }

  @Test func theLanguageIsSwitchedByALinkAndRememberedForTheLogin() throws {
    let f = try WebFixture()
    let agent = f.signedIn("rhys")
    let english = agent.get("/")
    #expect(english.text.contains("<html lang=\"en\">"))
    let link = try #require(english.text.range(of: "<a href=\"/language?to=cy")).lowerBound
    let href = english.text[english.text.index(link, offsetBy: 9)...].prefix { $0 != "\"" }.replacingOccurrences(of: "&amp;", with: "&")
    #expect(english.text[link...].prefix(300).contains("Cymraeg"))
    // The link carries no token (an address leaks into histories and logs) and following it changes nothing.
    let token = try #require(Agent.token(english))
    #expect(!href.contains("csrf") && !href.contains(token))
    let before = try f.checksum
    let form = agent.get(href)
    #expect(form.status == 200 && form.text.contains("<html lang=\"cy\">") && form.text.contains("action=\"/language\""))
    #expect(try f.checksum == before)
    #expect(agent.get("/").text.contains("<html lang=\"en\">"))
    // The form it shows, posted without the session's token or with a wrong one, is refused and changes nothing.
    #expect(agent.post("/language", [("to", "cy"), ("back", "/")]).status == 403)
    #expect(agent.post("/language", [("to", "cy"), ("back", "/"), ("csrf", "not-the-token-not-the-token")]).status == 403)
    #expect(try f.checksum == before)
    #expect(agent.get("/").text.contains("<html lang=\"en\">"))
    // With the token it switches, remembered for the login, and leads back.
    let switched = agent.post("/language", [("to", "cy"), ("back", "/activities"), ("csrf", try #require(Agent.token(form)))])
    #expect(switched.status == 303 && switched.header("Location") == "/activities")
    #expect(try f.checksum != before)
    let welsh = agent.get("/")
    #expect(welsh.text.contains("<html lang=\"cy\">") && welsh.text.contains("Eich DPP") && welsh.text.contains(">English</a>"))
    // A new session of the same login starts in Welsh.
    let later = f.signedIn("rhys")
    #expect(later.get("/activities").text.contains("<html lang=\"cy\">"))
    #expect(f.signedIn("sian").get("/").text.contains("<html lang=\"en\">"))
  }

  /// Signed out, the choice is kept in a cookie only, and the form needs the pre-session token.
  @Test func signedOutTheLanguageIsKeptInACookie() throws {
    let f = try WebFixture()
    let agent = f.agent()
    let before = try f.checksum
    let form = agent.get("/language?to=cy&back=/framework")
    #expect(form.status == 200 && form.text.contains("<html lang=\"cy\">"))
    #expect(agent.cookies["cpd_lang"] == nil)
    #expect(agent.post("/language", [("to", "cy"), ("back", "/framework")]).status == 403)
    #expect(agent.cookies["cpd_lang"] == nil)
    let switched = agent.post("/language", [("to", "cy"), ("back", "/framework"), ("csrf", try #require(Agent.token(form)))])
    #expect(switched.status == 303 && switched.header("Location") == "/framework" && agent.cookies["cpd_lang"] == "cy")
    #expect(agent.get("/framework").text.contains("<html lang=\"cy\">"))
    #expect(try f.checksum == before)
  }

  @Test func everyAnswerCarriesTheSecurityHeaders() throws {
    let f = try WebFixture()
    let agent = f.signedIn("rhys")
    for path in ["/", "/sign-in", "/framework", "/activities/new", "/nowhere", "/people/p1"] {
      let reply = agent.get(path)
      let csp = try #require(reply.header("Content-Security-Policy"), "\(path)")
      #expect(!csp.contains("unsafe-inline") && csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"))
      #expect(reply.header("Referrer-Policy") == "same-origin")
      #expect(reply.header("X-Content-Type-Options") == "nosniff")
    }
    // The gap report keeps its own stylesheet, allowed by its hash only.
    let gap = agent.get("/people/p1")
    #expect(gap.header("Content-Security-Policy")?.contains("'sha256-") == true)
  }
}
