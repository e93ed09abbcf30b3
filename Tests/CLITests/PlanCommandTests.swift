import Foundation
import JSON
import TestSupport
import Testing

@Suite struct PlanCommandTests {
  /// A 300-person demo store.
  func demoStore(_ dir: TemporaryDirectory) -> String {
    let result = runCPD(["demo", "--practitioners", "300", "--seed", "11", "--as-of", "2026-06-30", "--out", dir.file("demo")])
    precondition(result.status == 0, result.stderr)
    return dir.file("demo/cpd-demo.sqlite")
  }

  @Test func aNetworkPlanKeepsItsLimitsInEveryFormat() throws {
    let dir = TemporaryDirectory()
    let store = demoStore(dir)
    let base = ["plan", "--store", store, "--as-of", "2026-06-30", "--sessions", "12", "--max-hours-per-person", "40"]
    let result = runCPD(base + ["--format", "json"])
    #expect(result.status == 0, "\(result.stderr)")
    let json = try JSONParser.parse(result.stdout)
    let objective = json["objective"]?.numberValue ?? -1
    let bound = json["bound"]?.numberValue ?? -1
    #expect(objective > 0)
    #expect(bound >= objective)
    // Proven best exactly when nothing is left between the plan and its bound.
    let method = json["method"]?.stringValue
    #expect(method == "exact" || method == "heuristic")
    #expect((method == "exact") == (bound - objective < 0.05), "\(method ?? "") \(objective) \(bound)")
    let cohorts = json["cohorts"]?.arrayValue ?? []
    #expect(!cohorts.isEmpty && cohorts.count <= 12)
    #expect(json["cohortsUsed"] == .int(cohorts.count))
    // Sizes against the framework's cohort limits; one place per person per module; hours.
    let modules = try JSONParser.parse(runCPD(["framework", "list", "modules", "--format", "json"]).stdout).arrayValue ?? []
    var hours: [String: Double] = [:]
    var seen = Set<String>()
    var total = 0.0
    for cohort in cohorts {
      let id = cohort["module"]?.stringValue ?? ""
      let module = modules.first { $0["id"]?.stringValue == id }
      let size = cohort["members"]?.arrayValue?.count ?? 0
      #expect(cohort["size"] == .int(size))
      #expect(size >= module?["cohort"]?["min"]?.intValue ?? 1 && size <= module?["cohort"]?["max"]?.intValue ?? 0, "\(id)")
      for member in cohort["members"]?.arrayValue ?? [] {
        let person = member["person"]?.stringValue ?? ""
        #expect(seen.insert(person + "/" + id).inserted)
        hours[person, default: 0] += module?["hours"]?.numberValue ?? 0
        total += member["weight"]?.numberValue ?? 0
      }
    }
    #expect(hours.values.allSatisfy { $0 <= 40 })
    #expect(abs(total - objective) < 0.01)

    let html = runCPD(base + ["--format", "html", "-o", dir.file("plan.html")])
    #expect(html.status == 0)
    #expect(html.stdout.contains("objective"))
    let page = dir.read("plan.html") ?? ""
    #expect(page.contains("<h2>Wave 1</h2>"))
    #expect(page.contains("<svg role=\"img\""))
    #expect(runCPD(base + ["--format", "csv"]).stdout.hasPrefix("cohort,wave,module,title,region,person,agency,agency_type,weight\r\n"))
    #expect(runCPD(base + ["--format", "md"]).stdout.hasPrefix("# Cohort plan\n"))
    #expect(runCPD(base + ["--lang", "cy"]).stdout.hasPrefix("Cynllun carfannau"))

    // The exported instance, planned without the store, gives the same plan.
    let export = runCPD(base + ["--export-instance", dir.file("instance.json")])
    #expect(export.status == 0, "\(export.stderr)")
    let again = runCPD(["plan", "--instance", dir.file("instance.json"), "--format", "json"])
    #expect(again.status == 0, "\(again.stderr)")
    let replanned = try JSONParser.parse(again.stdout)
    #expect(replanned["objective"] == json["objective"])
    #expect(replanned["cohorts"] == json["cohorts"])
    // Options given with --instance override the file's limits.
    let wider = try JSONParser.parse(runCPD(["plan", "--instance", dir.file("instance.json"), "--sessions", "30", "--format", "json"]).stdout)
    #expect((wider["objective"]?.numberValue ?? 0) > objective)
    // One region only.
    let gwent = try JSONParser.parse(runCPD(base + ["--region", "gwent", "--format", "json"]).stdout)
    for cohort in gwent["cohorts"]?.arrayValue ?? [] { #expect(cohort["region"] == "gwent" || cohort["region"] == .null) }
  }

  @Test func aHandWrittenInstanceIsSolvedExactly() throws {
    let dir = TemporaryDirectory()
    // Four police officers gain 3 each from a classroom of at most 4, a council officer 1:
    // mixing agencies (K = 2) costs 2 against the unmixed 12.
    let people = (1...4).map { n in
      #"{"id": "pol\#(n)", "agency": "gwent-police", "agencyType": "police", "region": "gwent", "candidates": [{"module": "A", "weight": 3}]}"#
    } + [#"{"id": "la1", "agency": "newport-council", "agencyType": "local-authority", "region": "gwent", "candidates": [{"module": "A", "weight": 1}]}"#]
    let instance = """
      {"format": "cpd-planning-instance", "version": 1, "asOf": "2026-06-30", "budget": 1, "minAgencyTypes": 2, "maxHoursPerPerson": null,
       "modules": [{"id": "A", "mode": "classroom", "hours": 6, "minSize": 2, "maxSize": 4, "remote": false, "groupSession": true, "prerequisites": []}],
       "people": [\(people.joined(separator: ","))]}
      """
    try instance.write(toFile: dir.file("tiny.json"), atomically: true, encoding: .utf8)
    let result = runCPD(["plan", "--instance", dir.file("tiny.json"), "--format", "json"])
    #expect(result.status == 0, "\(result.stderr)")
    let json = try JSONParser.parse(result.stdout)
    #expect(json["method"] == "exact")
    #expect(json["objective"] == .int(10))
    #expect(json["bound"] == .int(10))
    #expect(json["gap"] == .int(0))
    #expect(json["proven"] == .bool(true))
    #expect(json["solver"]?["proof"] == "solver")
    let text = runCPD(["plan", "--instance", dir.file("tiny.json"), "--min-agency-types", "1"])
    #expect(text.stdout.contains("Priority-weighted gap closure: 12 of 13"))
    #expect(text.stdout.contains("Proven best"))
    // With no time for the solver, the greedy plan (10, the best, but not proven) stands against the relaxation bound (12).
    let quick = runCPD(["plan", "--instance", dir.file("tiny.json"), "--time-limit", "0", "-o", dir.file("quick.txt")])
    #expect(quick.status == 0, "\(quick.stderr)")
    #expect(quick.stdout.contains("objective 10, bound 12, gap 2 (16.7%), not proven best"), "\(quick.stdout)")
    let summary = try String(contentsOfFile: dir.file("quick.txt"), encoding: .utf8)
    #expect(summary.contains("Not proven best"), "\(summary)")
    #expect(summary.contains("the time limit came before the solver found a better plan"), "\(summary)")
    // Without the solver program the greedy plan stands, checked, and the plan says why.
    let alone = runCPD(
      ["plan", "--instance", dir.file("tiny.json"), "--format", "json"], environment: ["CPD_SOLVER": dir.file("no-such-solver")])
    #expect(alone.status == 0, "\(alone.stderr)")
    let greedy = try JSONParser.parse(alone.stdout)
    #expect(greedy["objective"] == .int(10))
    #expect(greedy["proven"] == .bool(false))
    #expect(greedy["solver"]?["note"]?.stringValue?.contains("cpd-solver was not found") == true, "\(alone.stdout)")
    let welsh = runCPD(["plan", "--instance", dir.file("tiny.json"), "--lang", "cy"], environment: ["CPD_SOLVER": dir.file("no-such-solver")])
    #expect(welsh.stdout.contains("ni chafwyd hyd i raglen y datryswr"), "\(welsh.stdout)")
  }

  @Test func badPlanningInputIsRefused() throws {
    let dir = TemporaryDirectory()
    let store = makeCLIStore(dir)
    #expect(runCPD(["plan", "--sessions", "-1", "--store", store]).status == 64)
    #expect(runCPD(["plan", "--sessions", "many", "--store", store]).status == 64)
    #expect(runCPD(["plan", "--min-agency-types", "0", "--store", store]).status == 64)
    #expect(runCPD(["plan", "--max-hours-per-person", "0", "--store", store]).status == 64)
    #expect(runCPD(["plan", "--format", "pdf", "--store", store]).status == 64)
    for bad in ["-1", "soon", "inf", "nan"] {
      let limit = runCPD(["plan", "--time-limit", bad, "--store", store])
      #expect(limit.status == 64, "\(bad)")
      #expect(limit.stderr.contains("--time-limit: '\(bad)' is not a number of seconds"), "\(bad): \(limit.stderr)")
    }
    let region = runCPD(["plan", "--region", "mars", "--store", store])
    #expect(region.status == 65)
    #expect(region.stderr.hasPrefix("error: region: unknown region \"mars\""))
    let cases: [(String, String)] = [
      ("{\"format\": \"cpd-planning-instance\"", "not JSON"),
      ("[]", "expected an object"),
      (#"{"format": "cpd-planning-instance", "version": 1, "budget": 2, "minAgencyTypes": 2, "modules": [], "people": [{"id": "x", "agencyType": "police", "region": "gwent", "candidates": [{"module": "Z", "weight": 1}]}]}"#,
       "people[0].candidates[0].module: unknown module \"Z\""),
      (#"{"format": "cpd-planning-instance", "version": 1, "budget": 2, "minAgencyTypes": 2, "modules": [{"id": "A", "mode": "workshop", "hours": 3, "minSize": 5, "maxSize": 2, "prerequisites": ["A"]}], "people": []}"#,
       "modules[0].maxSize: 2 is below minSize 5"),
      (#"{"format": "cpd-planning-instance", "version": 1, "budget": -3, "minAgencyTypes": 2, "modules": [], "people": []}"#,
       "budget: must be 0 or more"),
      (#"{"format": "cpd-planning-instance", "version": 2, "budget": 1, "minAgencyTypes": 2, "modules": [], "people": [], "extra": 1}"#,
       "version: version 2 is not supported"),
      // Issue 9, item 6: a date that is not one, and a mode nobody knows.
      (#"{"format": "cpd-planning-instance", "version": 1, "asOf": "2026-02-30", "budget": 1, "minAgencyTypes": 1, "modules": [], "people": []}"#,
       "asOf: \"2026-02-30\" is not a date"),
      (#"{"format": "cpd-planning-instance", "version": 1, "budget": 1, "minAgencyTypes": 1, "modules": [{"id": "A", "mode": "telepathy", "hours": 3, "minSize": 1, "maxSize": 2}], "people": []}"#,
       "modules[0].mode: unknown mode \"telepathy\""),
    ]
    for (n, (text, message)) in cases.enumerated() {
      let file = dir.file("bad\(n).json")
      try text.write(toFile: file, atomically: true, encoding: .utf8)
      let result = runCPD(["plan", "--instance", file])
      #expect(result.status == 65, "\(n)")
      #expect(result.stdout.isEmpty)
      #expect(result.stderr.hasPrefix("error: \(file): "), "\(n): \(result.stderr)")
      #expect(result.stderr.contains(message), "\(n): \(result.stderr)")
    }
    #expect(runCPD(["plan", "--instance", dir.file("missing.json")]).status == 65)
  }
}
