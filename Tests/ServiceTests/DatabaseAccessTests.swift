import Competency
import Foundation
import Records
import Service
import TestSupport
import Testing
import Workforce

/// Each access rule, tried against the database itself: plain SQL through `psql`, connected as
/// the person's own login (the test server trusts local connections, so no password is asked;
/// what a login may do once connected is the database's row-level security and grants alone).
@Suite struct DatabaseAccessTests {
  /// What `psql` prints as `login` (refusals included, with a non-zero status).
  func sql(_ f: AccessFixture, _ login: String, _ text: String) -> (status: Int32, output: String) {
    PostgresServer.shared.psqlResult(f.database!, text, user: f.login(login))
  }

  /// The same as the server's superuser, who sees every row (for checking what a login did).
  func superuser(_ f: AccessFixture, _ text: String) throws -> String { try PostgresServer.shared.psql(f.database!, text) }

  func refused(_ f: AccessFixture, _ login: String, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let before = try f.checksum
    let result = sql(f, login, text)
    #expect(result.status != 0, "\(login) was allowed: \(text) -> \(result.output)", sourceLocation: sourceLocation)
    #expect(result.output.contains("ERROR"), "\(result.output)", sourceLocation: sourceLocation)
    #expect(try f.checksum == before, "\(login)'s refused statement changed the store", sourceLocation: sourceLocation)
  }

  /// Runs `text` as `login` and expects what it prints; the store must not change.
  func reads(
    _ f: AccessFixture, _ login: String, _ text: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let before = try f.checksum
    let result = sql(f, login, text)
    #expect(result.status == 0, "\(result.output)", sourceLocation: sourceLocation)
    #expect(result.output == expected, "\(login): \(text)", sourceLocation: sourceLocation)
    #expect(try f.checksum == before, "\(login)'s statement changed the store", sourceLocation: sourceLocation)
  }

  func aid(_ f: AccessFixture, _ activity: String) throws -> String {
    try superuser(f, "SELECT aid FROM cpd.activities WHERE id = '\(activity)'")
  }

  @Test func aPractitionerReadsAndChangesOnlyTheirOwnRows() throws {
    guard PostgresServer.isAvailable else { return }
    let f = try AccessFixture(.postgres)
    try reads(f, "rhys", "SELECT count(*) FROM cpd.practitioners", "1")
    try reads(f, "rhys", "SELECT id FROM cpd.activities", f.activityOfP1)
    try reads(f, "rhys", "SELECT count(*) FROM cpd.activities WHERE id = '\(f.activityOfQ1)'", "0")
    try reads(f, "rhys", "SELECT count(*) FROM cpd.signoffs", "0")
    try reads(f, "rhys", "SELECT count(*) FROM cpd.logins", "1")
    try reads(f, "rhys", "SELECT count(*) FROM cpd.audit WHERE subject LIKE 'practitioner#%' AND subject <> 'practitioner#' || cpd.me_pid()", "0")
    // Changing or removing someone else's rows: refused, or nothing to change.
    try refused(f, "rhys", "UPDATE cpd.activities SET title = 'mine now' WHERE id = '\(f.activityOfQ1)'")
    try refused(f, "rhys", "DELETE FROM cpd.activities WHERE id = '\(f.activityOfQ1)'")
    try refused(f, "rhys", "UPDATE cpd.practitioners SET name = 'x'")
    try refused(f, "rhys", "DELETE FROM cpd.self_assessments")
    try refused(f, "rhys", "UPDATE cpd.audit SET actor = 'x'")
    try reads(f, "rhys", "WITH u AS (UPDATE cpd.self_assessments SET level = 0 WHERE practitioner <> cpd.me_pid() RETURNING 1) SELECT count(*) FROM u", "0")
    // Adding rows for someone else: refused by the policies.
    let q1 = try superuser(f, "SELECT pid FROM cpd.practitioners WHERE id = 'q1'")
    try refused(
      f, "rhys",
      "INSERT INTO cpd.self_assessments (practitioner, competency, level, day, recorded_at) VALUES (\(q1), 'C-INF', 3, 20000, 'x')")
    try refused(
      f, "rhys",
      """
      INSERT INTO cpd.activities (practitioner, day, kind, centihours, participatory, id, title, source, framework_version, recorded_at)
      VALUES (\(q1), 20000, 0, 100, true, 'forged', 'Forged', 'sql', '1', 'x')
      """)
    // Verifying anything, even someone else's activity: refused.
    try refused(f, "rhys", "UPDATE cpd.activities SET status = 1")
    try refused(
      f, "rhys",
      "INSERT INTO cpd.signoffs (activity, decision, verifier, day, recorded_at) VALUES (\(try aid(f, f.activityOfQ1)), 1, cpd.me_pid(), 20600, 'x')")
  }

  @Test func aPractitionerCannotTakeOnTheGatewaysSessionSettings() throws {
    guard PostgresServer.isAvailable else { return }
    let f = try AccessFixture(.postgres)
    let sian = f.login("sian")
    let gateway = f.database! + "_gateway"
    // The gateway acts for a person by SET ROLE; a person's own login is a member of no other.
    try refused(f, "rhys", "SET ROLE \"\(sian)\"; SELECT count(*) FROM cpd.activities")
    try refused(f, "rhys", "SELECT set_config('role', '\(sian)', false); SELECT count(*) FROM cpd.activities")
    try refused(f, "rhys", "SET ROLE \"\(gateway)\"")
    try refused(f, "rhys", "SET ROLE \"\(f.database!)_owner\"")
    try refused(f, "rhys", "SET SESSION AUTHORIZATION \"\(sian)\"")
    try refused(f, "rhys", "SET ROLE \"\(f.login("admin"))\"")
    // Other settings do not name the caller: still rhys, still only rhys's rows.
    try reads(
      f, "rhys",
      "SET application_name = '\(sian)'; SET cpd.login = '\(sian)'; SET search_path = public, cpd; SELECT cpd.caller() || ' ' || count(*) FROM cpd.activities",
      "\(f.login("rhys")) 1")
    // The gateway's own functions (sessions, password hashes, a planner's or lms's reads) refuse a person's login.
    try refused(f, "rhys", "SELECT * FROM cpd.session_of(repeat('0', 64))")
    try refused(f, "rhys", "SELECT cpd.password_hash('\(f.login("admin"))')")
    try refused(f, "rhys", "SELECT cpd.record_failure('\(sian)', 0)")
    try refused(f, "rhys", "SELECT cpd.set_password('\(sian)', repeat('x', 40))")
    try refused(f, "rhys", "SELECT cpd.add_login('mallory', 'admin', NULL, 'x')")
  }

  @Test func aTeamLeaderVerifiesOnlyTheirTeamAndNeverThemselves() throws {
    guard PostgresServer.isAvailable else { return }
    let f = try AccessFixture(.postgres)
    try reads(f, "lead", "SELECT string_agg(id, ',' ORDER BY id) FROM cpd.practitioners", "mgr,p1")
    try reads(f, "lead", "SELECT count(*) FROM cpd.activities WHERE id = '\(f.activityOfQ1)'", "0")
    let mgr = try superuser(f, "SELECT pid FROM cpd.practitioners WHERE id = 'mgr'")
    // Outside the team: the row is not there to update, and a sign-off for it is refused.
    try reads(f, "lead", "WITH u AS (UPDATE cpd.activities SET status = 1 WHERE id = '\(f.activityOfQ1)' RETURNING 1) SELECT count(*) FROM u", "0")
    try refused(
      f, "lead",
      "INSERT INTO cpd.signoffs (activity, decision, verifier, day, recorded_at) VALUES (\(try aid(f, f.activityOfQ1)), 1, \(mgr), 20600, 'x')")
    // Their own activity: the same.
    try reads(f, "lead", "WITH u AS (UPDATE cpd.activities SET status = 1 WHERE id = '\(f.activityOfMgr)' RETURNING 1) SELECT count(*) FROM u", "0")
    try refused(
      f, "lead",
      "INSERT INTO cpd.signoffs (activity, decision, verifier, day, recorded_at) VALUES (\(try aid(f, f.activityOfMgr)), 1, \(mgr), 20600, 'x')")
    // In the team, a status moves only with a sign-off recorded for it, and content never.
    try refused(f, "lead", "UPDATE cpd.activities SET status = 1 WHERE id = '\(f.activityOfP1)'")
    try refused(f, "lead", "UPDATE cpd.activities SET title = 'x' WHERE id = '\(f.activityOfP1)'")
    // Signing as someone else: refused.
    let mgr2 = try superuser(f, "SELECT pid FROM cpd.practitioners WHERE id = 'mgr2'")
    try refused(
      f, "lead",
      "INSERT INTO cpd.signoffs (activity, decision, verifier, day, recorded_at) VALUES (\(try aid(f, f.activityOfP1)), 1, \(mgr2), 20600, 'x')")
  }

  @Test func aPlannerReadsNoIndividualRow() throws {
    guard PostgresServer.isAvailable else { return }
    let f = try AccessFixture(.postgres)
    try reads(f, "planner", "SELECT count(*) FROM cpd.practitioners", "0")
    for table in ["activities", "signoffs", "self_assessments", "evidence_files", "evidence_blobs", "audit", "certificates", "voidings", "web_sessions", "sign_in_failures"] {
      try refused(f, "planner", "SELECT count(*) FROM cpd.\(table)")
    }
    try reads(f, "planner", "SELECT count(*) FROM cpd.logins WHERE name <> cpd.caller()", "0")
    // The pseudonymous reads behind reports answer only the gateway acting for a planner.
    for function in ["planner_people(NULL)", "planner_activities()", "planner_ratings()", "planner_superseded()"] {
      try reads(f, "planner", "SELECT count(*) FROM cpd.\(function)", "0")
    }
    // Aggregates with fewer than five people are not shown at all.
    try reads(f, "planner", "SELECT count(*) FROM cpd.people_by_agency", "0")
    try reads(f, "planner", "SELECT count(*) FROM cpd.activity_totals", "0")
  }

  @Test func aLearningPlatformReadsNothing() throws {
    guard PostgresServer.isAvailable else { return }
    let f = try AccessFixture(.postgres)
    try reads(f, "lms", "SELECT count(*) FROM cpd.practitioners", "0")
    try reads(f, "lms", "SELECT count(*) FROM cpd.statement_actors()", "0")
    for table in ["activities", "signoffs", "self_assessments", "evidence_files", "evidence_blobs", "audit", "certificates", "voidings", "people_by_agency", "activity_totals"] {
      try refused(f, "lms", "SELECT count(*) FROM cpd.\(table)")
    }
    try refused(f, "lms", "SELECT * FROM cpd.planner_activities()")
    try refused(f, "lms", "UPDATE cpd.activities SET status = 3")
    try refused(f, "lms", "DELETE FROM cpd.activities")
  }

  @Test(arguments: AccessBackend.allCases) func sqlInjectionThroughEveryTextFieldLeavesTheDataIntact(_ backend: AccessBackend) throws {
    let f = try AccessFixture(backend)
    let hostile = [
      "'); DROP TABLE cpd.activities; --", "x' OR '1'='1", "\\\\'; DELETE FROM cpd.practitioners; --",
      "$$; TRUNCATE cpd.audit; $$", "Robert'); DROP TABLE practitioners;--", "\"; SET ROLE postgres; --",
    ]
    let admin = try f.service("admin")
    let rhys = try f.service("rhys")
    let lead = try f.service("lead")
    var activities: [String] = []
    for (i, text) in hostile.enumerated() {
      try admin.addPractitioner(
        NewPractitioner(id: "evil-\(i)", name: text, email: "e\(i)@example.org", agency: "la-n", team: text, role: "officer", manager: "mgr"))
      let id = try rhys.log(
        NewActivity(
          practitioner: "p1", date: Day("2026-04-01")!, kind: .reading, hours: 0.5, title: text, reflection: text + " " + text))
      _ = try lead.signOff(activity: id, decision: .rejected, by: nil, note: text, on: AccessFixture.today)
      activities.append(id)
    }
    // Every hostile value came back as it went in, and nothing else was touched.
    let owner = f.workspace.service(as: .owner, today: AccessFixture.today)
    for (i, text) in hostile.enumerated() {
      let person = try #require(try f.workspace.store.practitioner("evil-\(i)"))
      #expect(person.name == text)
      #expect(person.team == text)
      let a = try #require(try f.workspace.store.activity(activities[i]))
      #expect(a.title == text)
      #expect(a.reflection == text + " " + text)
      #expect(a.signOffs.last?.note == text)
    }
    #expect(try owner.practitioners(team: nil).count == 4 + hostile.count)
    #expect(try f.workspace.store.activityCount() == 3 + hostile.count)
    if case .intact = try owner.checkAudit() {} else { Issue.record("the audit should be intact") }
  }
}
