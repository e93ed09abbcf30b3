import Competency
import Foundation
import JSON
import Records
import RecordsPostgres
import RecordsSQLite
import TestSupport
import Testing

@Suite struct RecordCommandTests {
  @Test(arguments: CLIBackend.allCases) func logPrintsOnlyTheNewIdAndVerifyCountsIt(_ backend: CLIBackend) throws {
    let dir = TemporaryDirectory()
    let store = makeCLIStore(dir, backend)
    let cert = dir.write("cert.txt", "WASPI certificate")
    let log = runCPD([
      "log", "--practitioner", "p1", "--date", "2026-03-02", "--kind", "classroom", "--hours", "7", "--title",
      "WASPI training", "--module", "M-WASPI", "--evidence", cert, "--reflection", "Templates", "--store", store,
    ])
    #expect(log.status == 0, "\(log.stderr)")
    let id = log.stdout.trimmingCharacters(in: .newlines)
    #expect(log.stdout == id + "\n")
    #expect(id.hasPrefix("A-"))
    #expect(runCPD(["verify", id, "--by", "mgr", "--note", "seen", "--store", store]).status == 0)
    let listing = runCPD(["activities", "p1", "--format", "json", "--store", store])
    let first = try JSONParser.parse(listing.stdout).arrayValue?.first
    #expect(first?["id"] == .string(id))
    #expect(first?["status"] == "verified")
    #expect(first?["module"] == "M-WASPI")
    #expect(first?["evidence"]?.arrayValue?.first?["name"] == "cert.txt")
    #expect((first?["competencies"]?.arrayValue?.count ?? 0) >= 1)
    let people = runCPD(["practitioner", "list", "--team", "Cardiff CSP", "--format", "csv", "--store", store])
    #expect(people.stdout.split(separator: "\r\n").count == 4)
  }

  @Test(arguments: CLIBackend.allCases) func xapiExportImportsBackIdenticallyThroughTheCommandLine(_ backend: CLIBackend) throws {
    let dir = TemporaryDirectory()
    let store = makeCLIStore(dir, backend)
    let a = runCPD([
      "log", "--practitioner", "p1", "--date", "2026-02-02", "--kind", "on-the-job", "--hours", "3.5", "--title",
      "Drafted an information sharing protocol", "--competency", "CS-INF-01:2", "--store", store,
    ]).stdout.trimmingCharacters(in: .newlines)
    _ = runCPD(["verify", a, "--by", "mgr", "--store", store])
    _ = runCPD(["log", "--practitioner", "p2", "--date", "2026-02-03", "--kind", "e-learning", "--hours", "1", "--title", "Cyber awareness", "--non-participatory", "--store", store])
    #expect(runCPD(["export", "xapi", "-o", dir.file("one.json"), "--store", store]).status == 0)
    let fresh = TemporaryDirectory()
    let second = makeCLIStore(fresh, backend)
    let imported = runCPD(["import", "xapi", dir.file("one.json"), "--store", second])
    #expect(imported.status == 0, "\(imported.stderr)")
    #expect(imported.stdout.contains("imported 2 activities"))
    #expect(runCPD(["export", "xapi", "-o", dir.file("two.json"), "--store", second]).status == 0)
    #expect(dir.read("one.json") == dir.read("two.json"))
    // Importing the same statements again is refused: their ids are already there.
    let again = runCPD(["import", "xapi", dir.file("one.json"), "--store", second])
    #expect(again.status == 65)
  }

  @Test(arguments: CLIBackend.allCases) func statementsWithoutDurationAreConfirmedAtSignOffThroughTheCommandLine(_ backend: CLIBackend) throws {
    let dir = TemporaryDirectory()
    let store = makeCLIStore(dir, backend)
    let statement = #"{"id": "6690e6c9-3ef0-4ed3-8b37-7f3964730bee", "actor": {"mbox": "mailto:rhys@example.org"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/attended"}, "object": {"id": "https://lms.example.org/events/1", "definition": {"name": {"en": "Partnership briefing"}}}, "timestamp": "2026-03-01T10:00:00Z"}"#
    let page = #"{"statements": [\#(statement)], "more": ""}"#
    let imported = runCPD(["import", "xapi", dir.write("page.json", page), "--store", store])
    #expect(imported.status == 0, "\(imported.stderr)")
    #expect(imported.stdout == "\(dir.file("page.json")): imported 1 activities (1 pending until the verifier confirms their hours: cpd verify ID --hours H)\n")
    let list = try JSONParser.parse(runCPD(["activities", "p1", "--format", "json", "--store", store]).stdout)
    let id = try #require(list.arrayValue?.first?["id"]?.stringValue)
    #expect(list.arrayValue?.first?["needsHours"] == true)
    #expect(runCPD(["activities", "p1", "--format", "csv", "--store", store]).stdout.contains("\(id),2026-03-01,classroom,to confirm,pending"))
    let refused = runCPD(["verify", id, "--by", "mgr", "--store", store])
    #expect(refused.status == 65)
    #expect(refused.stderr == "error: hours: \"\(id)\" was imported without its hours (its statement gave no duration): confirm them with --hours H\n")
    let verified = runCPD(["verify", id, "--by", "mgr", "--hours", "1.5", "--store", store])
    #expect(verified.stdout == "\(id): verified by mgr (1.5 hours)\n", "\(verified.stderr)")
    #expect(runCPD(["activities", "p1", "--format", "csv", "--store", store]).stdout.contains("\(id),2026-03-01,classroom,1.5,verified"))
    // With a default, statements without duration take it.
    let other = statement.replacingOccurrences(of: "6690e6c9", with: "7790e6c9")
    let defaulted = runCPD(["import", "xapi", dir.write("other.json", other), "--default-hours", "0.75", "--store", store])
    #expect(defaulted.stdout == "\(dir.file("other.json")): imported 1 activities (1 given the default 0.75 hours)\n", "\(defaulted.stderr)")
    // Voiding it withdraws it.
    let voiding = #"{"id": "8890e6c9-3ef0-4ed3-8b37-7f3964730bee", "actor": {"mbox": "mailto:admin@example.org"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/voided"}, "object": {"objectType": "StatementRef", "id": "7790e6c9-3ef0-4ed3-8b37-7f3964730bee"}}"#
    let voided = runCPD(["import", "xapi", dir.write("void.json", voiding), "--store", store])
    #expect(voided.stdout == "\(dir.file("void.json")): imported 0 activities, recorded 1 voiding (1 withdrawn, 0 superseded)\n", "\(voided.stderr)")
    #expect(runCPD(["audit", "verify", "--store", store]).status == 0)
  }

  @Test(arguments: CLIBackend.allCases) func subjectAccessExportAndErasure(_ backend: CLIBackend) throws {
    let dir = TemporaryDirectory()
    let store = makeCLIStore(dir, backend)
    _ = runCPD(["log", "--practitioner", "p1", "--date", "2026-02-02", "--kind", "reading", "--hours", "1", "--title", "Read the CSP guidance", "--store", store])
    let export = runCPD(["export", "person", "p1", "-o", dir.file("p1.json"), "--store", store])
    #expect(export.status == 0)
    let json = try JSONParser.parse(dir.read("p1.json") ?? "")
    #expect(json["practitioner"]?["name"] == "Rhys Evans")
    #expect(json["activities"]?.arrayValue?.count == 1)
    let erase = runCPD(["erase", "person", "p1", "--confirm", "--store", store])
    #expect(erase.status == 0)
    #expect(erase.stdout == "p1: erased (1 activities, 0 evidence files)\n")
    #expect(runCPD(["activities", "p1", "--store", store]).status == 65)
    let verify = runCPD(["audit", "verify", "--store", store])
    #expect(verify.status == 0)
    #expect(verify.stdout.hasPrefix("\(store): audit log intact ("))
  }

  @Test func auditVerifyNamesTheFirstBrokenEntry() throws {
    let dir = TemporaryDirectory()
    let store = makeCLIStore(dir)
    // Tamper as someone with direct database access would: bypass the trigger, edit an entry.
    let opened = try SQLiteStore.open(at: store, access: .write)
    try opened.unsafeExecute("DROP TRIGGER audit_is_append_only_update")
    try opened.unsafeExecute("UPDATE audit SET actor = 'system:mallory' WHERE seq = 2")
    let verify = runCPD(["audit", "verify", "--store", store])
    #expect(verify.status == 1)
    #expect(verify.stderr == "error: \(store): audit entry 2 is broken: its content does not match its hash\n")
  }

  /// A CSV may come down a pipe: read 64 KiB at a time to its end, every row imported.
  @Test func aCSVFromAPipeIsReadToTheEnd() throws {
    let dir = TemporaryDirectory()
    let store = makeCLIStore(dir)
    let start = Day("2026-01-01")!
    let rows = (0..<3000).map { "p1,\(start.adding(days: -$0)),reading,0.5,Reading \($0)\n" }
    let csv = "practitioner,date,kind,hours,title\n" + rows.joined()
    #expect(csv.utf8.count > 1 << 16)
    let result = runCPD(["import", "csv", "/dev/stdin", "--store", store], input: Array(csv.utf8))
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "/dev/stdin: imported 3000 activities\n")
  }

  @Test func aMissingStoreIsExplained() {
    let result = runCPD(["practitioner", "list", "--store", "/tmp/no/such/store.sqlite"])
    #expect(result.status == 1)
    #expect(
      result.stderr
        == "error: /tmp/no/such/store.sqlite: no records store here (create one with 'cpd init --store /tmp/no/such/store.sqlite')\n")
  }
}

@Suite struct UserCommandTests {
  /// On both stores the logins are recorded; on PostgreSQL each is also a database role, which can
  /// connect (and then sees only its own rows) until it is removed.
  @Test(arguments: CLIBackend.allCases) func loginsAreAddedListedAndRemoved(_ backend: CLIBackend) throws {
    let dir = TemporaryDirectory()
    let store = makeCLIStore(dir, backend)
    let login = "rhys." + String(UUID().uuidString.prefix(8)).lowercased()
    let added = runCPD(["user", "add", login, "--as", "practitioner", "--practitioner", "p1", "--store", store])
    #expect(added.status == 0, "\(added.stderr)")
    #expect(added.stdout == "\(login): practitioner (p1)\n")
    #expect(runCPD(["user", "add", "planner-" + login, "--as", "planner", "--store", store]).status == 0)
    let again = runCPD(["user", "add", login, "--as", "practitioner", "--practitioner", "p1", "--store", store])
    #expect(again.status == 65)
    #expect(runCPD(["user", "add", "x", "--as", "practitioner", "--store", store]).status != 0)
    let list = runCPD(["user", "list", "--format", "csv", "--store", store])
    #expect(list.stdout.contains("\(login),practitioner,p1,"))
    let database = backend == .postgres ? PostgresStore.databaseName(store) : nil
    if let database {
      let seen = PostgresServer.shared.psqlResult(database, "SELECT cpd.caller() || ' ' || count(*) FROM cpd.practitioners", user: login)
      #expect(seen.output == "\(login) 1", "\(seen.output)")
    }
    let removed = runCPD(["user", "remove", login, "--store", store])
    #expect(removed.status == 0, "\(removed.stderr)")
    #expect(!runCPD(["user", "list", "--store", store]).stdout.split(separator: "\n").contains { $0.hasPrefix(login + " ") })
    if let database {
      #expect(PostgresServer.shared.psqlResult(database, "SELECT 1", user: login).status != 0)
    }
    #expect(runCPD(["audit", "verify", "--store", store]).status == 0)
  }
}
