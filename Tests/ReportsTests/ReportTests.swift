import Foundation
import CohortPlanning
import Competency
import GapAnalysis
import JSON
import TestSupport
import Testing
import Workforce

@testable import Reports

let mini = MiniFramework.load()
let model = AnalysisModel(frameworks: [mini])
let asOf = Day("2026-06-30")!

/// `count` council officers with the same evidence (C-INF met, the rest missing), in one team.
func workforce(officers count: Int, team: String = "North CSP") -> Workforce {
  var b = WorkforceBuilder([mini])
  for i in 0..<count {
    let p = b.person("p\(i)", role: "officer", agency: "la-n", team: team)
    b.activity(p, "2026-03-01", .classroom, claims: ["C-INF:2"])
    b.activity(p, "2026-03-02", .onTheJob, claims: ["C-INF:2"])
    b.activity(p, "2026-03-03", .reading, .pending, claims: ["C-PRB:1"])
  }
  return b.workforce
}

func document(_ w: Workforce, _ scope: Scope, language: String = "en") -> GroupReportDocument {
  GroupReportDocument(
    report: GroupAnalysis.report(w, scope: scope, model: model, asOf: asOf), context: ReportContext(model: model, language: language))
}

@Suite struct SuppressionTests {
  @Test func aggregateCountsBelowFiveAreShownAsLessThanFive() throws {
    let json = document(workforce(officers: 3), .network).json
    #expect(json["people"] == "<5")
    #expect(json["requirements"] == .int(9))  // 3 people × 3 requirements: not below 5
    let inf = json["byCompetency"]?.arrayValue?.first { $0["competency"] == "C-INF" }
    #expect(inf?["mandatory"]?["met"] == "<5")
    #expect(inf?["mandatory"]?["missing"] == "<5")  // zero is below 5 too
    let cells = json["heatmap"]?["rows"]?.arrayValue?.first?["cells"]?.arrayValue ?? []
    #expect(cells.allSatisfy { $0["shareMet"] == .null && $0["met"] == "<5" })
    #expect(json["awaitingSignOff"]?["activities"] == "<5")
    let demand = json["modulesInDemand"]?.arrayValue ?? []
    #expect(!demand.isEmpty)
    #expect(demand.allSatisfy { $0["people"] == "<5" && $0["hours"] == "<5" })
  }

  @Test func countsOfFiveOrMoreAreShown() throws {
    let json = document(workforce(officers: 6), .agency("la-n")).json
    #expect(json["people"] == .int(6))
    let inf = json["byCompetency"]?.arrayValue?.first { $0["competency"] == "C-INF" }
    #expect(inf?["mandatory"]?["met"] == .int(6))
    #expect(json["awaitingSignOff"]?["activities"] == .int(6))
    // All six met C-INF, so no one lacks it: a share of 100% would reveal a count below 5 (zero).
    let row = json["heatmap"]?["rows"]?.arrayValue?.first
    #expect(row?["cells"]?.arrayValue?.first?["shareMet"] == .null)
  }

  @Test func sharesAreShownWhenBothSidesAreFiveOrMore() {
    let s = Suppression(active: true)
    #expect(s.share(met: 5, of: 10) == 0.5)
    #expect(s.share(met: 4, of: 10) == nil)
    #expect(s.share(met: 7, of: 10) == nil)  // three without
    #expect(s.percent(met: 3, of: 4) == "<5")
    #expect(s.percent(met: 10, of: 12) == "<5 gaps")
    #expect(Suppression(active: false).percent(met: 1, of: 2) == "50%")
  }

  @Test func csvAndMarkdownSuppressToo() {
    let d = document(workforce(officers: 3), .region("north"))
    #expect(d.csv.contains(",<5,"))
    #expect(!d.csv.contains("p0"))
    #expect(d.markdown.contains("| <5 |"))
  }
}

@Suite struct NamingTests {
  @Test func teamReportsNamePeopleAndOthersDoNot() {
    let w = workforce(officers: 6)
    let team = document(w, .team("North CSP"))
    #expect(team.html.contains("Name of p3"))
    #expect(team.csv.contains("p3,Name of p3,officer,C-INF,mandatory,2,2,met"))
    #expect(team.json["members"]?.arrayValue?.count == 6)
    for scoped in [document(w, .agency("la-n")), document(w, .region("north")), document(w, .network)] {
      #expect(!scoped.html.contains("Name of p"))
      #expect(!JSONWriter.string(scoped.json).contains("Name of p"))
      #expect(scoped.json["members"] == nil)
    }
  }
}

@Suite struct HTMLTests {
  @Test func reportsAreSelfContainedAndAccessible() {
    let html = document(workforce(officers: 6), .team("North CSP")).html
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    #expect(html.contains("<html lang=\"en\">"))
    #expect(html.contains("<style>"))
    for external in ["<link", "<script", "src=\"http", "href=\"http", "@import"] { #expect(!html.contains(external)) }
    #expect(html.contains("<th scope=\"col\">"))
    #expect(html.contains("<th scope=\"row\">"))
    #expect(html.contains("<svg role=\"img\" aria-labelledby=\"heatmap-title\""))
    #expect(html.contains("<title id=\"heatmap-title\">"))
    // Status is shown by symbol and word, not colour alone.
    #expect(html.contains("✓ met"))
    #expect(html.contains("@media print"))
  }

  @Test func welshReportsUseWelshLabelsAndFrameworkText() {
    let html = document(workforce(officers: 6), .team("North CSP"), language: "cy").html
    #expect(html.contains("<html lang=\"cy\">"))
    #expect(html.contains("Adroddiad tîm"))
    #expect(html.contains("Rhannu gwybodaeth"))  // C-INF's Welsh title
    #expect(html.contains("wedi&#39;i fodloni"))  // escaped apostrophe
    #expect(!html.contains("Team report"))
  }

  @Test func textIsEscaped() {
    #expect(HTML.escape("<b>\"Tom & Jerry's\"</b>") == "&lt;b&gt;&quot;Tom &amp; Jerry&#39;s&quot;&lt;/b&gt;")
    var b = WorkforceBuilder([mini])
    b.person("x", role: "officer", agency: "la-n", team: "<script>alert(1)</script>")
    let html = document(b.workforce, .team("<script>alert(1)</script>")).html
    #expect(!html.contains("<script>"))
  }
}

@Suite struct PersonGapReportTests {
  @Test func jsonHasTheDocumentedShape() throws {
    var b = WorkforceBuilder([mini])
    let p = b.person("p1", role: "officer", agency: "la-n")
    b.activity(p, "2026-03-01", .classroom, claims: ["C-INF:2"])
    let w = b.workforce
    let analysis = GapAnalyser(model: model, asOf: asOf).analyse(w, person: p)
    let json = PersonGapReport(person: w.people[p], analysis: analysis, asOf: asOf, context: ReportContext(model: model)).json
    #expect(json["practitioner"] == "p1")
    #expect(json["role"] == "officer")
    #expect(json["agency"] == "la-n")
    #expect(json["asOf"] == "2026-06-30")
    let first = json["requirements"]?.arrayValue?.first
    #expect(first?["competency"] == "C-INF")
    #expect(first?["priority"] == "mandatory")
    #expect(first?["required"] == .int(2))
    #expect(first?["evidenced"] == .int(1))
    #expect(first?["status"] == "below")
    #expect(first?["pending"] == .int(0))
    let steps = json["recommendations"]?.arrayValue ?? []
    #expect(steps.map { $0["order"] } == (1...steps.count).map { .int($0) })
    #expect(steps.allSatisfy { $0["module"]?.stringValue != nil && $0["hours"]?.numberValue != nil && $0["closes"]?.arrayValue != nil })
    let total = steps.compactMap { $0["hours"]?.numberValue }.reduce(0, +)
    #expect(json["totalHours"]?.numberValue == total)
  }
}

@Suite struct ModuleStatusTests {
  /// Reports say where each recommended or demanded module stands, in the report's language.
  @Test func gapAndGroupReportsShowEachModulesStatus() throws {
    let w = workforce(officers: 6)
    let analysis = GapAnalyser(model: model, asOf: asOf).analyse(w, person: 0)
    let report = PersonGapReport(person: w.people[0], analysis: analysis, asOf: asOf, context: ReportContext(model: model))
    let recommended = try #require(report.json["recommendations"]?.arrayValue)
    #expect(!recommended.isEmpty)
    for r in recommended {
      let id = try #require(r["module"]?.stringValue)
      #expect(r["quality"]?.stringValue == mini.module(id)?.quality?.status.rawValue)
    }
    let status = mini.module(recommended[0]["module"]!.stringValue!)!.quality!.status
    #expect(report.text.contains(Labels.quality(status, "en")))
    let welsh = PersonGapReport(person: w.people[0], analysis: analysis, asOf: asOf, context: ReportContext(model: model, language: "cy"))
    #expect(welsh.html.contains(HTML.escape(Labels.quality(status, "cy"))))
    #expect(document(w, .network).markdown.contains(Labels.quality(status, "en")))
  }

  /// The network heatmap names regions in the report's language, all-Wales bodies as such.
  @Test func regionRowsAreNamedInTheReportsLanguage() {
    let w = workforce(officers: 6)
    let welsh = document(w, .network, language: "cy")
    #expect(welsh.json["heatmap"]?["rows"]?.arrayValue?.first?["label"] == "Gogledd")
    #expect(document(w, .network).json["heatmap"]?["rows"]?.arrayValue?.first?["label"] == "North")
  }
}

@Suite struct WelshEverywhereTests {
  /// Every label in English that has a Welsh translation, for looking for in Welsh documents.
  static let englishLabels: [String] = Labels.table.values.filter { $0.en != $0.cy && $0.en.count >= 4 }.map(\.en)

  /// English labels in what a reader sees (for HTML: the text and the titles, not the markup).
  static func leaks(_ text: String) -> [String] {
    var visible = text
    if text.hasPrefix("<!DOCTYPE") {
      visible = text.replacingOccurrences(of: "<style>[\\s\\S]*?</style>", with: "", options: .regularExpression)
      visible = visible.replacingOccurrences(
        of: "<[^>]*?(?:title|alt|aria-label)=\"([^\"]*)\"[^>]*>", with: " $1 ", options: .regularExpression)
      visible = visible.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
    }
    return englishLabels.filter { label in
      visible.range(of: "\\b" + NSRegularExpression.escapedPattern(for: label) + "\\b", options: .regularExpression) != nil
    }
  }

  /// A mixed workforce: met, expiring, missing and pending requirements, in both regions.
  static func workforce() -> Workforce {
    var b = WorkforceBuilder([mini])
    for i in 0..<12 {
      let p = b.person(
        "p\(i)", role: i % 4 == 0 ? "manager" : "officer", agency: ["la-n", "pol-n", "la-s"][i % 3], team: "Tîm A",
        name: "Gwen Davies \(i)")
      b.activity(p, i % 2 == 0 ? "2026-03-01" : "2024-08-15", .classroom, claims: ["C-INF:2"])
      b.activity(p, i % 2 == 0 ? "2026-03-02" : "2024-08-15", .onTheJob, claims: ["C-INF:2"])
      b.activity(p, "2026-03-03", .reading, .pending, claims: ["C-PRB:1"])
    }
    return b.workforce
  }

  @Test func welshDocumentsHaveNoEnglishLabelsAndWelshRegionNames() throws {
    #expect(Self.englishLabels.count > 50)
    let w = Self.workforce()
    var texts: [(String, String)] = []
    for scope in [Scope.team("Tîm A"), .agency("la-n"), .region("north"), .network] {
      let d = document(w, scope, language: "cy")
      texts += [("\(scope) html", d.html), ("\(scope) md", d.markdown), ("\(scope) csv", d.csv)]
    }
    let analysis = GapAnalyser(model: model, asOf: asOf).analyse(w, person: 1)
    let gap = PersonGapReport(person: w.people[1], analysis: analysis, asOf: asOf, context: ReportContext(model: model, language: "cy"))
    texts += [("gap html", gap.html), ("gap md", gap.markdown), ("gap text", gap.text)]
    let instance = PlanningInstance.demand(w, model: model, asOf: asOf, budget: 5, minAgencyTypes: 2, maxHoursPerPerson: nil)
    let plan = CohortPlanner.plan(instance)
    let planned = CohortPlanDocument(
      instance: instance, plan: plan, seconds: 0.1, language: "cy",
      moduleTitles: Dictionary(uniqueKeysWithValues: mini.modules.map { ($0.id, $0.title.text("cy")) }),
      regionNames: Dictionary(uniqueKeysWithValues: mini.regions.map { ($0.id, $0.title.text("cy")) }))
    texts += [("plan html", planned.html), ("plan md", planned.markdown), ("plan text", planned.text), ("plan csv", planned.csv)]
    for (name, text) in texts {
      #expect(Self.leaks(text).isEmpty, "\(name) has English: \(Self.leaks(text))")
      #expect(!text.contains("North") && !text.contains("South"), "\(name) names a region in English")
    }
    #expect(document(w, .network, language: "cy").html.contains("Gogledd"))
    // And the English ones are English: the check would notice a label left out of either language.
    #expect(!Self.leaks(document(w, .network).html).isEmpty)
  }
}

@Suite struct PlanSentenceTests {
  /// When a later solve fails after an earlier one improved on the greedy plan, the plan shown is
  /// the solver's, and the sentence says so (it said "the greedy plan stands").
  @Test func aFailedLaterRunLeavesTheSolversPlanNamedAsSuch() {
    let w = WelshEverywhereTests.workforce()
    let instance = PlanningInstance.demand(w, model: model, asOf: asOf, budget: 5, minAgencyTypes: 2, maxHoursPerPerson: nil)
    var plan = CohortPlanner.plan(instance, timeLimit: 0)
    plan.source = .greedy
    plan.proven = false
    plan.note = CohortPlan.Note.solverFailed
    func sentence(_ language: String) -> String {
      CohortPlanDocument(instance: instance, plan: plan, seconds: 0.1, language: language, moduleTitles: [:], regionNames: [:]).methodSentence
    }
    #expect(sentence("en").contains("The greedy plan stands: the solver stopped without an answer."))
    plan.source = CohortPlan.Source.solver
    #expect(sentence("en").contains("The plan from the solver's earlier run stands: the solver stopped without an answer."), "\(sentence("en"))")
    #expect(!sentence("en").contains("greedy"))
    #expect(sentence("cy").contains("Saif y cynllun o rediad cynharach y datryswr: stopiodd y datryswr heb ateb."), "\(sentence("cy"))")
  }
}

@Suite struct OneMeaningTests {
  /// "Met" is met or expiring, everywhere: tallies, heatmaps (people and regions), standards,
  /// the headline share; regions add up to the network.
  @Test func everyTableCountsMetAndGapsTheSameWay() throws {
    let w = WelshEverywhereTests.workforce()
    let network = GroupAnalysis.report(w, scope: .network, model: model, asOf: asOf)
    #expect(network.byCompetency.contains { $0.count(.expiring) > 0 }, "the fixture should have expiring requirements")
    let talliedMet = network.byCompetency.reduce(0) { $0 + $1.met }
    let talliedGaps = network.byCompetency.reduce(0) { $0 + $1.gaps }
    #expect(talliedMet + talliedGaps == network.requirements)
    let heatmapMet = network.heatmap.reduce(0) { $0 + $1.cells.reduce(0) { $0 + ($1?.met ?? 0) } }
    let heatmapTotal = network.heatmap.reduce(0) { $0 + $1.cells.reduce(0) { $0 + ($1?.total ?? 0) } }
    #expect(heatmapMet == talliedMet)
    #expect(heatmapTotal == network.requirements)
    let team = GroupAnalysis.report(w, scope: .team("Tîm A"), model: model, asOf: asOf)
    let cellsMet = team.heatmap.reduce(0) { $0 + $1.cells.reduce(0) { $0 + ($1?.met ?? 0) } }
    #expect(cellsMet == team.byCompetency.reduce(0) { $0 + $1.met })
    for row in team.heatmap { for cell in row.cells.compactMap({ $0 }) { #expect((cell.met == 1) == cell.status!.isMet) } }
    let regions = ["north", "south"].map { r in
      GroupAnalysis.report(
        Workforce.select(w, agencies: mini.agencies(inRegion: r).map(\.id)), scope: .region(r), model: model, asOf: asOf)
    }
    #expect(regions.reduce(0) { $0 + $1.requirements } == network.requirements)
    #expect(regions.reduce(0) { $0 + $1.byCompetency.reduce(0) { $0 + $1.met } } == talliedMet)
  }
}

@Suite struct HostileTextTests {
  @Test(arguments: ["=1+2", "+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"])
  func csvCellsASpreadsheetWouldRunAreNeutralised(_ cell: String) {
    #expect(Table.csvCell(cell).hasPrefix("'") || Table.csvCell(cell).hasPrefix("\"'"))
    #expect(!Table.csvCell("plain").hasPrefix("'"))
  }

  @Test func aHostileNameIsInertInEveryFormat() throws {
    var b = WorkforceBuilder([mini])
    let name = "<img src=x onerror=alert(1)>"
    let p = b.person("p1", role: "officer", agency: "la-n", name: name)
    _ = b.person("p2", role: "officer", agency: "la-n", name: "=HYPERLINK(\"http://evil.example\")")
    let w = b.workforce
    let analysis = GapAnalyser(model: model, asOf: asOf).analyse(w, person: p)
    let gap = PersonGapReport(person: w.people[p], analysis: analysis, asOf: asOf, context: ReportContext(model: model))
    #expect(!gap.markdown.contains(name))
    #expect(gap.markdown.contains("&lt;img src=x onerror=alert(1)>"))
    #expect(!gap.html.contains(name))
    let team = document(w, .team("Team A"))
    #expect(!team.markdown.contains(name))
    #expect(!team.html.contains(name))
    #expect(team.csv.contains("'=HYPERLINK"))
  }
}
