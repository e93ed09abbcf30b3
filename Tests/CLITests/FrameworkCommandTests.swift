import Competency
import Foundation
import JSON
import TestSupport
import Testing

@Suite struct FrameworkCommandTests {
  @Test func validateAcceptsTheShippedFramework() {
    let result = runCPD(["framework", "validate", shippedFrameworkPath])
    #expect(result.status == 0)
    #expect(result.stdout.contains(": valid: wales-community-safety"))
  }

  @Test func validateReportsEveryProblemWithExit65() {
    let dir = TemporaryDirectory()
    let path = MiniFramework.write(
      to: dir,
      replacing: [
        .domains: MiniFramework.files[.domains]!.replacingOccurrences(of: #", "cy": "Partneriaeth""#, with: ""),
        .modules: MiniFramework.files[.modules]!.replacingOccurrences(of: #""hours": 2,"#, with: #""hours": "2","#),
      ])
    let result = runCPD(["framework", "validate", path])
    #expect(result.status == 65)
    #expect(
      result.stderr == """
        error: \(path)/domains.json: domains[0].title.cy: missing Welsh (cy) text
        error: \(path)/modules.json: modules[0].hours: expected a number, found a string

        """)
    #expect(result.stdout.isEmpty)
  }

  @Test func showGivesCountsAsJSON() throws {
    let result = runCPD(["framework", "show", shippedFrameworkPath, "--format", "json"])
    #expect(result.status == 0)
    let json = try JSONParser.parse(result.stdout)
    #expect(json["id"] == "wales-community-safety")
    #expect(json["version"] == "2.0.0")
    for key in ["levels", "domains", "competencies", "roles", "modules", "standards", "agencies"] {
      #expect(json[key]?.intValue != nil, "\(key)")
    }
    #expect((json["levels"]?.intValue ?? 0) == 4)
    #expect((json["domains"]?.intValue ?? 0) >= 8)
    #expect((json["competencies"]?.intValue ?? 0) >= 45)
    #expect((json["roles"]?.intValue ?? 0) >= 12)
    #expect((json["modules"]?.intValue ?? 0) >= 35)
  }

  @Test func showInWelshPrintsWelshTitles() {
    let dir = TemporaryDirectory()
    let result = runCPD(["framework", "show", MiniFramework.write(to: dir), "--lang", "cy"])
    #expect(result.status == 0)
    #expect(result.stdout.hasPrefix("Fframwaith bach (mini 1.0.0)\n"))
    #expect(result.stdout.contains("Partneriaeth"))
    #expect(result.stdout.contains("Lefelau: 1 Ymwybyddiaeth, 2 Ymarferydd, 3 Uwch, 4 Arwain"))
  }

  @Test func listGivesFullObjectsAsJSON() throws {
    let dir = TemporaryDirectory()
    let path = MiniFramework.write(to: dir)
    let result = runCPD(["framework", "list", "modules", path, "--format", "json"])
    #expect(result.status == 0)
    let modules = try JSONParser.parse(result.stdout).arrayValue ?? []
    #expect(modules.count == 10)
    #expect(modules[1]["id"] == "M-INF-C")
    #expect(modules[1]["title"]?["cy"] == "Cwrs rhannu")
    #expect(modules[1]["prerequisites"] == ["M-INF-E"])
    #expect(modules[1]["cohort"] == ["min": 2, "max": 4])
    let csv = runCPD(["framework", "list", "agencies", path, "--format", "csv"])
    #expect(csv.stdout.split(separator: "\r\n").first == "id,name,type,regions")
    #expect(csv.stdout.contains("la-s,South Council,local-authority,south"))
  }

  @Test func shippedAgenciesIncludeEveryWelshAuthorityAndForce() throws {
    let result = runCPD(["framework", "list", "agencies", shippedFrameworkPath, "--format", "json"])
    let agencies = try JSONParser.parse(result.stdout).arrayValue ?? []
    func count(_ type: String) -> Int { agencies.filter { $0["type"]?.stringValue == type }.count }
    #expect(count("local-authority") == 22)
    #expect(count("police") == 4)
    #expect(count("fire-rescue") == 3)
    #expect(count("health") >= 7)
    #expect(count("probation") >= 1)
    #expect(count("youth-justice") >= 1)
    #expect(count("pcc-office") == 4)
    #expect(count("third-sector") >= 3)
  }

  @Test func roleAppliesTheAgencyOverlay() throws {
    let dir = TemporaryDirectory()
    let path = MiniFramework.write(to: dir)
    let result = runCPD(["framework", "role", "officer", "--agency", "pol-n", "--framework", path, "--format", "json"])
    #expect(result.status == 0)
    let json = try JSONParser.parse(result.stdout)
    #expect(json["role"] == "officer")
    #expect(
      json["requirements"]
        == [
          ["competency": "C-INF", "level": 3, "priority": "mandatory"],
          ["competency": "C-PRB", "level": 2, "priority": "core"],
          ["competency": "C-ENG", "level": 1, "priority": "desirable"],
          ["competency": "C-SAF", "level": 2, "priority": "mandatory"],
        ])
    let unknown = runCPD(["framework", "role", "officer", "--agency", "nowhere", "--framework", path])
    #expect(unknown.status == 65)
    #expect(unknown.stderr == "error: agency: unknown agency \"nowhere\" (see 'cpd framework list agencies')\n")
  }

  @Test func caseExportImportThroughTheCommandLine() throws {
    let dir = TemporaryDirectory()
    let exported = runCPD(["framework", "export", shippedFrameworkPath, "--format", "case", "-o", dir.file("case.json")])
    #expect(exported.status == 0)
    let imported = runCPD(["framework", "import", dir.file("case.json"), "--format", "case", "-o", dir.file("fw")])
    #expect(imported.status == 0, "\(imported.stderr)")
    #expect(runCPD(["framework", "validate", dir.file("fw")]).status == 0)
    // Refused input writes nothing.
    dir.write("bad.json", #"{"CFItems": []}"#)
    let refused = runCPD(["framework", "import", dir.file("bad.json"), "-o", dir.file("nothing")])
    #expect(refused.status == 65)
    #expect(refused.stderr == "error: \(dir.file("bad.json")): not a CASE package: it has no CFDocument object\n")
    #expect(!FileManager.default.fileExists(atPath: dir.file("nothing")))
    // An existing folder is not overwritten without --force.
    let again = runCPD(["framework", "import", dir.file("case.json"), "-o", dir.file("fw")])
    #expect(again.status == 1)
  }

  @Test func usageErrorsExit64() {
    let unknownOption = runCPD(["framework", "show", "--colour"])
    #expect(unknownOption.status == 64)
    #expect(unknownOption.stderr == "error: unknown option '--colour'\nSee 'cpd framework show --help'.\n")
    #expect(runCPD(["framework", "list", "widgets"]).status == 64)
    #expect(runCPD(["nonsense"]).status == 64)
    #expect(runCPD(["framework", "show", "--format", "xml"]).status == 64)
  }

  @Test func helpTextIsStable() {
    let result = runCPD(["framework", "validate", "--help"])
    #expect(result.status == 0)
    #expect(
      result.stdout == """
        OVERVIEW: Check a framework folder and report every problem.

        Exits 0 with a summary when the framework is valid. Otherwise prints one line per problem on
        standard error, as 'error: FILE: PATH: message', and exits 65.

        USAGE: cpd framework validate [<options>] [<dir>]

        ARGUMENTS:
          <dir>                   Framework folder (default: $CPD_FRAMEWORK, else
                                  Frameworks/wales-community-safety).

        OPTIONS:
          --format <format>       text, json (default: text).
          -h, --help              Show help information.

        """)
  }
}

@Suite struct FrameworkVersionTests {
  /// A store kept against 1.0.0 opens with 2.0.0, says what changed, and `cpd init` moves it.
  @Test func aStoreKeptAgainstTheFirstVersionOpensWithTheSecondAndSaysWhatChanged() throws {
    let dir = TemporaryDirectory()
    let store = dir.file("old.sqlite")
    let first = repositoryRoot + "/Tests/CompetencyTests/Fixtures/wales-community-safety-1.0.0"
    #expect(runCPD(["init", "--store", store, "--framework", first]).status == 0)
    let added = runCPD([
      "practitioner", "add", "--id", "p1", "--name", "Rhys Evans", "--agency", "cardiff-council", "--role",
      "community-safety-officer", "--team", "Cardiff CSP", "--store", store, "--framework", first,
    ])
    #expect(added.status == 0, "\(added.stderr)")
    // Opened with 2.0.0: it works, and says the store is on 1.0.0 and what 2.0.0 changes.
    let listing = runCPD(["practitioner", "list", "--store", store])
    #expect(listing.status == 0, "\(listing.stderr)")
    #expect(listing.stderr.contains("kept against wales-community-safety 1.0.0; 'cpd init' moves it to the 2.0.0 loaded"))
    #expect(listing.stderr.contains("wales-community-safety: 1.0.0 → 2.0.0"))
    #expect(listing.stderr.contains("competencies:"))
    #expect(listing.stderr.contains("modules:"))
    let moved = runCPD(["init", "--store", store])
    #expect(moved.status == 0, "\(moved.stderr)")
    #expect(moved.stdout.contains("moved from framework version 1.0.0"))
    #expect(moved.stdout.contains("agencies:"))
    // Now kept against 2.0.0: no more notice, and 1.0.0 is refused as older.
    #expect(runCPD(["practitioner", "list", "--store", store]).stderr.isEmpty)
    let old = runCPD(["practitioner", "list", "--store", store, "--framework", first])
    #expect(old.status == 65)
    #expect(old.stderr.contains("newer than the 1.0.0 loaded"))
  }
}
