import Foundation
import JSON
import Records
import RecordsSQLite
import TestSupport
import Testing

@Suite struct RecordCommandTests {
  @Test func logPrintsOnlyTheNewIdAndVerifyCountsIt() throws {
    let dir = TemporaryDirectory()
    let store = makeCLIStore(dir)
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

  @Test func xapiExportImportsBackIdenticallyThroughTheCommandLine() throws {
    let dir = TemporaryDirectory()
    let store = makeCLIStore(dir)
    let a = runCPD([
      "log", "--practitioner", "p1", "--date", "2026-02-02", "--kind", "on-the-job", "--hours", "3.5", "--title",
      "Drafted an information sharing protocol", "--competency", "CS-INF-01:2", "--store", store,
    ]).stdout.trimmingCharacters(in: .newlines)
    _ = runCPD(["verify", a, "--by", "mgr", "--store", store])
    _ = runCPD(["log", "--practitioner", "p2", "--date", "2026-02-03", "--kind", "e-learning", "--hours", "1", "--title", "Cyber awareness", "--non-participatory", "--store", store])
    #expect(runCPD(["export", "xapi", "-o", dir.file("one.json"), "--store", store]).status == 0)
    let fresh = TemporaryDirectory()
    let second = makeCLIStore(fresh)
    let imported = runCPD(["import", "xapi", dir.file("one.json"), "--store", second])
    #expect(imported.status == 0, "\(imported.stderr)")
    #expect(imported.stdout.contains("imported 2 activities"))
    #expect(runCPD(["export", "xapi", "-o", dir.file("two.json"), "--store", second]).status == 0)
    #expect(dir.read("one.json") == dir.read("two.json"))
    // Importing the same statements again is refused: their ids are already there.
    let again = runCPD(["import", "xapi", dir.file("one.json"), "--store", second])
    #expect(again.status == 65)
  }

  @Test func subjectAccessExportAndErasure() throws {
    let dir = TemporaryDirectory()
    let store = makeCLIStore(dir)
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

  @Test func aMissingStoreIsExplained() {
    let result = runCPD(["practitioner", "list", "--store", "/tmp/no/such/store.sqlite"])
    #expect(result.status == 1)
    #expect(
      result.stderr
        == "error: /tmp/no/such/store.sqlite: no records store here (create one with 'cpd init --store /tmp/no/such/store.sqlite')\n")
  }
}
