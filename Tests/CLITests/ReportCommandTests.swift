import Foundation
import JSON
import TestSupport
import Testing

@Suite struct ReportCommandTests {
  /// A small store with evidence for p1 (Rhys Evans, Cardiff council community safety officer).
  func store(_ dir: TemporaryDirectory, _ backend: CLIBackend) -> String {
    let store = makeCLIStore(dir, backend)
    for (date, kind, claim) in [("2026-01-10", "classroom", "CS-INF-01:2"), ("2026-02-10", "on-the-job", "CS-INF-01:2")] {
      let id = runCPD(["log", "--practitioner", "p1", "--date", date, "--kind", kind, "--hours", "3", "--title", "Sharing", "--competency", claim, "--store", store])
        .stdout.trimmingCharacters(in: .newlines)
      _ = runCPD(["verify", id, "--by", "mgr", "--store", store])
    }
    _ = runCPD(["log", "--practitioner", "p1", "--date", "2026-03-01", "--kind", "reading", "--hours", "1", "--title", "Guidance", "--competency", "CS-SAF-01:1", "--store", store])
    return store
  }

  @Test(arguments: CLIBackend.allCases) func gapGivesTheDocumentedJSON(_ backend: CLIBackend) throws {
    let dir = TemporaryDirectory()
    let s = store(dir, backend)
    let result = runCPD(["gap", "p1", "--as-of", "2026-06-30", "--format", "json", "--store", s])
    #expect(result.status == 0, "\(result.stderr)")
    let json = try JSONParser.parse(result.stdout)
    #expect(json["practitioner"] == "p1")
    #expect(json["role"] == "community-safety-officer")
    #expect(json["agency"] == "cardiff-council")
    #expect(json["asOf"] == "2026-06-30")
    let requirements = json["requirements"]?.arrayValue ?? []
    #expect(requirements.count >= 10)
    let inf = requirements.first { $0["competency"] == "CS-INF-01" }
    #expect(inf?["status"] == "met")
    #expect(inf?["evidenced"] == .int(2))
    let saf = requirements.first { $0["competency"] == "CS-SAF-01" }
    #expect(saf?["pending"] == .int(1))
    for r in requirements {
      for key in ["competency", "priority", "required", "evidenced", "status", "pending"] { #expect(r[key] != nil, "\(key)") }
      #expect(["met", "missing", "below", "expired", "expiring"].contains(r["status"]?.stringValue ?? ""))
    }
    let steps = json["recommendations"]?.arrayValue ?? []
    #expect(!steps.isEmpty)
    for step in steps { for key in ["module", "hours", "closes", "order"] { #expect(step[key] != nil, "\(key)") } }
    #expect(json["totalHours"]?.numberValue == steps.compactMap { $0["hours"]?.numberValue }.reduce(0, +))
  }

  @Test(arguments: CLIBackend.allCases) func gapInOtherFormatsAndWelsh(_ backend: CLIBackend) {
    let dir = TemporaryDirectory()
    let s = store(dir, backend)
    let text = runCPD(["gap", "p1", "--store", s])
    #expect(text.status == 0)
    #expect(text.stdout.hasPrefix("Competency gap report: Rhys Evans (p1)"))
    let html = runCPD(["gap", "p1", "--format", "html", "--lang", "cy", "--store", s, "-o", dir.file("gap.html")])
    #expect(html.status == 0)
    #expect(dir.read("gap.html")?.contains("Adroddiad bylchau cymhwysedd") == true)
    #expect(runCPD(["gap", "nobody", "--store", s]).status == 65)
    #expect(runCPD(["gap", "p1", "--as-of", "yesterday", "--store", s]).status == 64)
  }

  @Test(arguments: CLIBackend.allCases) func teamAndAggregateReports(_ backend: CLIBackend) throws {
    let dir = TemporaryDirectory()
    let s = store(dir, backend)
    let team = runCPD(["report", "team", "Cardiff CSP", "--store", s, "-o", dir.file("team.html")])
    #expect(team.status == 0, "\(team.stderr)")
    let html = dir.read("team.html") ?? ""
    #expect(html.contains("Rhys Evans"))
    #expect(html.contains("<svg role=\"img\""))
    let network = runCPD(["report", "network", "--format", "json", "--store", s])
    #expect(network.status == 0)
    let json = try JSONParser.parse(network.stdout)
    #expect(json["people"] == "<5")
    #expect(!network.stdout.contains("Rhys"))
    let region = runCPD(["report", "region", "south-wales", "--format", "csv", "--store", s])
    #expect(region.status == 0)
    #expect(region.stdout.hasPrefix("competency,title,priority,met,expiring,below,missing,expired,gaps\r\n"))
    #expect(runCPD(["report", "agency", "atlantis", "--store", s]).status == 65)
    #expect(runCPD(["report", "region", "mars", "--store", s]).status == 65)
    #expect(runCPD(["report", "team", "No Such Team", "--store", s]).status == 65)
  }

  @Test func demoBuildsTheSameWorkforceFromTheSameSeed() throws {
    let dir = TemporaryDirectory()
    let first = runCPD(["demo", "--practitioners", "150", "--seed", "7", "--as-of", "2026-06-30", "--out", dir.file("a")])
    #expect(first.status == 0, "\(first.stderr)")
    for name in ["team-report.html", "agency-report.html", "region-report.html", "network-report.html", "network-report.json"] {
      #expect(FileManager.default.fileExists(atPath: dir.file("a/\(name)")), "\(name)")
      #expect(first.stdout.contains(dir.file("a/\(name)")))
    }
    #expect(first.stdout.contains("gap-p"))
    let second = runCPD(["demo", "--practitioners", "150", "--seed", "7", "--as-of", "2026-06-30", "--out", dir.file("b")])
    #expect(second.status == 0)
    #expect(dir.read("a/network-report.json") == dir.read("b/network-report.json"))
    #expect(dir.read("a/team-report.csv") == dir.read("b/team-report.csv"))
    let other = runCPD(["demo", "--practitioners", "150", "--seed", "8", "--as-of", "2026-06-30", "--out", dir.file("c")])
    #expect(other.status == 0)
    #expect(dir.read("a/network-report.json") != dir.read("c/network-report.json"))
    // The demo's store is a real one: the audit chain and integrity hold.
    #expect(runCPD(["audit", "verify", "--store", dir.file("a/cpd-demo.sqlite")]).status == 0)
    // An explicit existing store is never overwritten.
    let refused = runCPD(["demo", "--practitioners", "150", "--store", dir.file("a/cpd-demo.sqlite"), "--out", dir.file("d")])
    #expect(refused.status == 1)
  }
}
