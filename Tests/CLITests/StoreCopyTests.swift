import Foundation
import JSON
import TestSupport
import Testing

/// `cpd store copy`: a team's SQLite store moves into the network store whole, or not at all.
@Suite struct StoreCopyTests {
  /// Logins become database roles, which the whole test server shares: each test's are its own.
  let unique = String(UInt32.random(in: 0...UInt32.max), radix: 16)
  /// A team store with something of every kind: evidence, sign-offs both ways, a correction,
  /// statements (one without hours, confirmed at sign-off), voidings, self-assessments, logins
  /// with passwords, and a certificate since revoked.
  func makeTeamStore(_ dir: TemporaryDirectory) throws -> String {
    let store = makeCLIStore(dir)
    func run(_ arguments: [String], input: String? = nil) throws -> String {
      let result = runCPD(arguments + ["--store", store], input: input.map { Array($0.utf8) })
      try #require(result.status == 0, "\(arguments): \(result.stderr)")
      return result.stdout.trimmingCharacters(in: .newlines)
    }
    let evidence = dir.write("attendance.txt", "Signed attendance sheet")
    let first = try run([
      "log", "--practitioner", "p1", "--date", "2025-03-01", "--kind", "classroom", "--hours", "8", "--title", "WASPI training",
      "--module", "M-WASPI", "--evidence", evidence, "--reflection", fullReflection,
    ])
    _ = try run(["verify", first, "--by", "mgr", "--note", "attendance seen"])
    for (date, kind) in [("2025-06-01", "workshop"), ("2025-09-01", "on-the-job")] {
      let id = try run([
        "log", "--practitioner", "p1", "--date", date, "--kind", kind, "--hours", "8", "--title", "Partnership CPD", "--reflection",
        fullReflection,
      ])
      _ = try run(["verify", id, "--by", "mgr"])
    }
    let rejected = try run(["log", "--practitioner", "p2", "--date", "2025-04-02", "--kind", "reading", "--hours", "2", "--title", "Reading"])
    _ = try run(["reject", rejected, "--by", "mgr", "--note", "no evidence"])
    _ = try run([
      "log", "--practitioner", "p2", "--date", "2025-04-03", "--kind", "reading", "--hours", "1.5", "--title", "Reading, with notes",
      "--supersedes", rejected,
    ])
    _ = try run(["assess", "--practitioner", "p2", "--competency", "CS-INF-01:2", "--date", "2025-05-01"])
    let attended = #"{"id": "6690e6c9-3ef0-4ed3-8b37-7f3964730bee", "actor": {"mbox": "mailto:rhys@example.org"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/attended"}, "object": {"id": "https://lms.example.org/events/1", "definition": {"name": {"en": "Partnership briefing"}}}, "timestamp": "2025-03-05T10:00:00Z"}"#
    let completed = #"{"id": "0b0d8a43-9a59-4d7c-9f2f-1c9f1d6f6a01", "actor": {"mbox": "mailto:rhys@example.org"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"}, "object": {"id": "https://lms.example.org/courses/2", "definition": {"name": {"en": "Cyber awareness"}}}, "result": {"duration": "PT1H"}, "timestamp": "2025-03-06T10:00:00Z"}"#
    let voiding = #"{"id": "5f0c7e1e-5b6a-4d0e-8a9e-6f1f0f5e2b11", "actor": {"mbox": "mailto:rhys@example.org"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/voided"}, "object": {"objectType": "StatementRef", "id": "0b0d8a43-9a59-4d7c-9f2f-1c9f1d6f6a01"}, "timestamp": "2025-03-07T10:00:00Z"}"#
    let statements = dir.write("statements.json", "[\(attended), \(completed), \(voiding)]")
    _ = try run(["import", "xapi", statements])
    let pending = try JSONParser.parse(try run(["activities", "p1", "--format", "json"])).arrayValue ?? []
    let toConfirm = try #require(pending.first { $0["title"] == "Partnership briefing" }?["id"]?.stringValue)
    _ = try run(["verify", toConfirm, "--by", "mgr", "--hours", "1.5"])
    _ = try run(["user", "add", "rhys-\(unique)", "--as", "practitioner", "--practitioner", "p1", "--password-stdin"], input: "a long passphrase here\n")
    _ = try run(["user", "add", "megan-\(unique)", "--as", "team-leader", "--practitioner", "mgr"])
    _ = try run(["keys", "init", "--site", "https://team.example.org"])
    _ = try run(["certificate", "p1", "--period", "2025", "-o", dir.file("certificate.json")])
    let credential = try #require(try JSONParser.parse(dir.read("certificate.json") ?? "")["id"]?.stringValue)
    _ = try run(["certificate", "revoke", credential, "--reason", "issued for the wrong period"])
    return store
  }

  func entries(_ verify: RunResult) -> Int? {
    guard let range = verify.stdout.range(of: #"\((\d+) entries\)"#, options: .regularExpression) else { return nil }
    return Int(verify.stdout[range].filter(\.isNumber))
  }

  @Test func aTeamStoreMovesIntoTheNetworkStoreWholeAndOnlyOnce() throws {
    guard PostgresServer.isAvailable else { return }
    let dir = TemporaryDirectory()
    let team = try makeTeamStore(dir)
    // The network store already holds another team, so every number must move.
    let networkDir = TemporaryDirectory()
    let network = CLIBackend.postgres.location(networkDir)
    let made = runCPD(["init", "--admin", "netadmin-\(unique)", "--store", network])
    try #require(made.status == 0, "\(made.stderr)")
    for step in [
      ["practitioner", "add", "--id", "n1", "--name", "Nia Owen", "--agency", "gwent-police", "--role", "neighbourhood-police-officer", "--team", "Newport"],
      ["log", "--practitioner", "n1", "--date", "2025-02-01", "--kind", "workshop", "--hours", "3", "--title", "Newport workshop"],
    ] {
      let result = runCPD(step + ["--store", network])
      try #require(result.status == 0, "\(step): \(result.stderr)")
    }

    let copied = runCPD(["store", "copy", "--from", team, "--to", network])
    #expect(copied.status == 0, "\(copied.stderr)")
    #expect(copied.stdout.contains("3 practitioners, 7 activities, 5 sign-offs, 1 voiding, 1 self-assessment, 1 evidence file, 2 logins, 1 certificate"))
    #expect(copied.stdout.contains("audit log intact"))

    // The same records, read back the same way from both stores.
    for person in ["p1", "p2", "mgr"] {
      for command in [["activities", person, "--format", "json"], ["gap", person, "--as-of", "2025-12-31", "--format", "json"]] {
        let before = runCPD(command + ["--store", team])
        let after = runCPD(command + ["--store", network])
        #expect(before.status == 0 && after.status == 0, "\(command): \(after.stderr)")
        #expect(before.stdout == after.stdout, "\(command) differs after the copy")
      }
    }
    let people = runCPD(["practitioner", "list", "--format", "csv", "--store", network])
    #expect(people.stdout.split(separator: "\r\n").count == 5, "the header, Nia and the three copied")
    let logins = runCPD(["user", "list", "--store", network]).stdout
    #expect(logins.contains("rhys-\(unique)") && logins.contains("megan-\(unique)") && logins.contains("netadmin-\(unique)"))
    let register = try JSONParser.parse(runCPD(["certificate", "list", "--format", "json", "--store", network]).stdout).arrayValue ?? []
    #expect(register.count == 1 && register[0]["revokedAt"] != .null)
    let evidence = runCPD(["export", "person", "p1", "-o", dir.file("p1.json"), "--store", network])
    #expect(evidence.status == 0, "\(evidence.stderr)")

    // The team's log is carried whole, and the network store's log still verifies.
    let teamEntries = try #require(entries(runCPD(["audit", "verify", "--store", team])))
    let verified = runCPD(["audit", "verify", "--store", network])
    #expect(verified.status == 0, "\(verified.stderr)")
    let networkEntries = try #require(entries(verified))
    #expect(copied.stdout.contains("\(teamEntries) audit entries"))

    // A second copy conflicts with the first and writes nothing.
    let again = runCPD(["store", "copy", "--from", team, "--to", network])
    #expect(again.status == 65)
    #expect(again.stderr.hasPrefix("error: "))
    #expect(again.stderr.contains("already holds practitioner \"mgr\""))
    #expect(again.stderr.contains("nothing was copied"))
    #expect(entries(runCPD(["audit", "verify", "--store", network])) == networkEntries)
    #expect(runCPD(["practitioner", "list", "--format", "csv", "--store", network]).stdout == people.stdout)
  }

  @Test func aStoreThatFailsItsAuditCheckIsNotCopied() throws {
    guard PostgresServer.isAvailable else { return }
    let dir = TemporaryDirectory()
    let team = makeCLIStore(dir)
    let id = runCPD([
      "log", "--practitioner", "p1", "--date", "2025-03-01", "--kind", "classroom", "--hours", "8", "--title", "WASPI", "--store", team,
    ]).stdout.trimmingCharacters(in: .newlines)
    #expect(!id.isEmpty)
    let sqlite = Process()
    sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    sqlite.arguments = [team, "DROP TRIGGER activity_details_are_not_edited; UPDATE activity_details SET title = 'Changed' WHERE id = '\(id)';"]
    try sqlite.run()
    sqlite.waitUntilExit()
    try #require(sqlite.terminationStatus == 0)
    let networkDir = TemporaryDirectory()
    let network = CLIBackend.postgres.location(networkDir)
    #expect(runCPD(["init", "--store", network]).status == 0)
    let before = entries(runCPD(["audit", "verify", "--store", network]))
    let copied = runCPD(["store", "copy", "--from", team, "--to", network])
    #expect(copied.status == 65)
    #expect(copied.stderr.contains("is broken"), "\(copied.stderr)")
    #expect(copied.stderr.contains("nothing was copied"))
    #expect(entries(runCPD(["audit", "verify", "--store", network])) == before)
    #expect(runCPD(["practitioner", "list", "--format", "csv", "--store", network]).stdout.split(separator: "\r\n").count == 1)
  }

  @Test func copyNamesWhatIsWrongWithItsArguments() throws {
    let dir = TemporaryDirectory()
    let team = makeCLIStore(dir)
    let missing = runCPD(["store", "copy", "--to", "postgresql://x@/db?host=/nowhere"])
    #expect(missing.status == 64)
    #expect(missing.stderr.contains("--from"))
    let local = runCPD(["store", "copy", "--from", team, "--to", dir.file("other.sqlite")])
    #expect(local.status == 64)
    #expect(local.stderr.contains("not a postgresql:// address"))
    #expect(!FileManager.default.fileExists(atPath: dir.file("other.sqlite")))
    guard PostgresServer.isAvailable else { return }
    let networkDir = TemporaryDirectory()
    let network = CLIBackend.postgres.location(networkDir)
    #expect(runCPD(["init", "--store", network]).status == 0)
    let absent = runCPD(["store", "copy", "--from", dir.file("absent.sqlite"), "--to", network])
    #expect(absent.status == 65)
    #expect(absent.stderr.contains("absent.sqlite: no such store"))
    let intoItself = runCPD(["store", "copy", "--from", network, "--to", network])
    #expect(intoItself.status == 65)
    #expect(intoItself.stderr.contains("give the path of a SQLite store"))
  }
}
