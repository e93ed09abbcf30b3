import Competency
import JSON
import TestSupport
import Testing

/// Loads the mini framework with one file's text changed, returning the problems reported.
func problems(_ file: Framework.File, replacing old: String, with new: String) -> [String] {
  var contents = MiniFramework.contents
  let text = MiniFramework.files[file]!
  precondition(text.contains(old), "fixture text not found: \(old)")
  contents[file] = Array(text.replacingOccurrences(of: old, with: new).utf8)
  do {
    _ = try Framework.decode(contents, directory: "")
    return []
  } catch {
    return error.problems.map(\.description)
  }
}

@Suite struct FrameworkLoadingTests {
  @Test func miniFrameworkLoads() throws {
    let f = try Framework.decode(MiniFramework.contents, directory: "")
    #expect(f.id == "mini")
    #expect(f.levels.map(\.level) == [1, 2, 3, 4])
    #expect(f.competencies.count == 6)
    #expect(f.modules.count == 10)
    #expect(f.competency("C-INF")?.title["cy"] == "Rhannu gwybodaeth")
    #expect(f.policies.first?.hours == 30)
  }

  struct BadCase: Sendable, CustomTestStringConvertible {
    var name: String
    var file: Framework.File
    var old: String
    var new: String
    var expected: String
    var testDescription: String { name }
  }

  static let badCases: [BadCase] = [
    BadCase(
      name: "unknown id reference", file: .roles, old: #"{"competency": "C-ENG", "level": 1"#,
      new: #"{"competency": "C-NOPE", "level": 1"#,
      expected: #"roles.json: roles[0].requirements[2].competency: unknown competency "C-NOPE""#),
    BadCase(
      name: "duplicate id", file: .competencies, old: #""id": "C-PRB""#, new: #""id": "C-INF""#,
      expected: #"competencies.json: competencies[1].id: duplicate competency id "C-INF" (first at competencies[0])"#),
    BadCase(
      name: "level outside the scale", file: .modules, old: #"[{"competency": "C-INF", "level": 3}], "prerequisites": ["M-INF-C"]"#,
      new: #"[{"competency": "C-INF", "level": 5}], "prerequisites": ["M-INF-C"]"#,
      expected: "modules.json: modules[2].develops[0].level: level 5 is outside the scale 1-4"),
    BadCase(
      name: "prerequisite cycle", file: .modules, old: #""develops": [{"competency": "C-INF", "level": 1}], "prerequisites": []"#,
      new: #""develops": [{"competency": "C-INF", "level": 1}], "prerequisites": ["M-INF-J"]"#,
      expected: "modules.json: modules[1].prerequisites[0]: prerequisite cycle: M-INF-E → M-INF-J → M-INF-C → M-INF-E"),
    BadCase(
      name: "missing Welsh title", file: .domains, old: #"{"en": "Partnership", "cy": "Partneriaeth"}"#,
      new: #"{"en": "Partnership"}"#, expected: "domains.json: domains[0].title.cy: missing Welsh (cy) text"),
    BadCase(
      name: "malformed JSON", file: .levels, old: #""id": "awareness","#, new: #""id": "awareness""#,
      expected: "levels.json: malformed JSON: line 2, column 34: expected ',' or '}' in an object"),
    BadCase(
      name: "wrong type", file: .modules, old: #""mode": "e-learning", "hours": 2"#, new: #""mode": "e-learning", "hours": "two""#,
      expected: "modules.json: modules[0].hours: expected a number, found a string"),
    BadCase(
      name: "unknown field", file: .roles, old: #""agencyTypes": [],"#, new: #""agencyTypes": [], "prerequisite": 1,"#,
      expected: #"roles.json: roles[1].prerequisite: unknown field "prerequisite""#),
    BadCase(
      name: "unknown priority", file: .roles, old: #""level": 3, "priority": "mandatory"}"#,
      new: #""level": 3, "priority": "urgent"}"#,
      expected: #"roles.json: roles[0].overlays[0].requirements[0].priority: unknown priority "urgent" (expected mandatory, core or desirable)"#),
    BadCase(
      name: "unknown activity kind", file: .framework, old: #""kinds": ["classroom", "workshop""#,
      new: #""kinds": ["lecture", "workshop""#,
      expected: #"framework.json: evidenceCategories[0].kinds[0]: unknown activity kind "lecture" (expected one of classroom, workshop, on-the-job, e-learning, action-learning, mentoring-given, mentoring-received, coaching, shadowing, conference, reading, reflective-account, assessment)"#),
    BadCase(
      name: "unknown agency type in an overlay", file: .roles, old: #""agencyType": "police""#,
      new: #""agencyType": "navy""#, expected: #"roles.json: roles[0].overlays[0].agencyType: unknown agency type "navy""#),
    BadCase(
      name: "cohort max below min", file: .modules, old: #""prerequisites": ["M-INF-E"], "cohort": {"min": 2, "max": 4}"#,
      new: #""prerequisites": ["M-INF-E"], "cohort": {"min": 5, "max": 4}"#,
      expected: "modules.json: modules[1].cohort.max: max 4 is below min 5"),
    BadCase(
      name: "agency without a region", file: .agencies, old: #""type": "police", "regions": ["north"]"#,
      new: #""type": "police", "regions": []"#, expected: "agencies.json: agencies[0].regions: an agency serves at least one region"),
    BadCase(
      name: "parent loop", file: .competencies, old: #""id": "C-TRA", "domain": "SAF","#,
      new: #""id": "C-TRA", "domain": "SAF", "parent": "C-ACE","#,
      expected: #"competencies.json: competencies[4].parent: parent chain loops back to "C-TRA""#),
  ]

  @Test(arguments: badCases)
  func eachProblemIsReportedWithFileAndPath(_ bad: BadCase) {
    let found = problems(bad.file, replacing: bad.old, with: bad.new)
    #expect(found.contains(bad.expected), "got: \(found)")
  }

  @Test func everyProblemIsReportedAtOnce() {
    var contents = MiniFramework.contents
    contents[.domains] = Array(MiniFramework.files[.domains]!.replacingOccurrences(of: #", "cy": "Diogelu"}"#, with: "}").utf8)
    contents[.roles] = Array(MiniFramework.files[.roles]!.replacingOccurrences(of: #""level": 2, "priority": "core""#, with: #""level": 9, "priority": "core""#).utf8)
    contents[.modules] = Array(MiniFramework.files[.modules]!.replacingOccurrences(of: #""prerequisites": ["M-INF-E"]"#, with: #""prerequisites": ["M-GONE"]"#).utf8)
    do {
      _ = try Framework.decode(contents, directory: "fw")
      Issue.record("expected problems")
    } catch {
      let lines = error.problems.map(\.description)
      #expect(
        lines == [
          "fw/domains.json: domains[1].title.cy: missing Welsh (cy) text",
          #"fw/modules.json: modules[1].prerequisites[0]: unknown module "M-GONE""#,
          "fw/roles.json: roles[0].requirements[1].level: level 9 is outside the scale 1-4",
          "fw/roles.json: roles[1].requirements[1].level: level 9 is outside the scale 1-4",
        ])
    }
  }

  @Test func missingFolderAndMissingFilesAreNamed() {
    #expect(throws: FrameworkError.self) { try Framework.load(from: "/nonexistent/framework") }
    var contents = MiniFramework.contents
    contents[.levels] = nil
    do {
      _ = try Framework.decode(contents, directory: "")
    } catch {
      #expect(error.problems.map(\.description) == ["levels.json: file is missing"])
    }
  }
}

@Suite struct FrameworkQueryTests {
  let framework = MiniFramework.load()

  @Test func overlayAddsAndRaisesRequirements() {
    let police = framework.requirements(forRole: "officer", agencyType: "police")!
    #expect(
      police == [
        Requirement(competency: "C-INF", level: 3, priority: .mandatory),
        Requirement(competency: "C-PRB", level: 2, priority: .core),
        Requirement(competency: "C-ENG", level: 1, priority: .desirable),
        Requirement(competency: "C-SAF", level: 2, priority: .mandatory),
      ])
    let council = framework.requirements(forRole: "officer", agency: "la-n")!
    #expect(council.map(\.competency) == ["C-INF", "C-PRB", "C-ENG"])
    #expect(council[0].level == 2)
    #expect(framework.requirements(forRole: "officer", agency: "pol-n") == police)
    #expect(framework.requirements(forRole: "nobody", agencyType: nil) == nil)
  }

  @Test func modulesDevelopingACompetency() {
    #expect(framework.modules(developing: "C-INF", atLeast: 2).map(\.id) == ["M-INF-C", "M-INF-J", "M-INF-ADV", "M-BLEND", "M-MENTOR"])
    #expect(framework.modules(developing: "C-INF", atLeast: 3).map(\.id) == ["M-INF-J", "M-INF-ADV"])
  }

  @Test func competenciesMappedToAStandard() {
    let mapped = framework.competencies(mappedTo: "s2")
    #expect(mapped.map(\.competency.id) == ["C-PRB", "C-ENG"])
    #expect(mapped.map(\.relation) == [.partialMatch, .related])
  }

  @Test func prerequisiteOrderPutsPrerequisitesFirst() {
    #expect(framework.prerequisiteOrder(["M-INF-J", "M-PRB-W", "M-INF-E", "M-INF-C"]) == ["M-INF-E", "M-INF-C", "M-INF-J", "M-PRB-W"])
    #expect(framework.prerequisiteClosure(of: ["M-INF-J"]) == ["M-INF-E", "M-INF-C", "M-INF-J"])
  }

  @Test func evidenceRulesFallBackToTheDefault() {
    let saf = framework.competency("C-SAF")!
    #expect(framework.evidenceRequirement(competency: saf, level: 1) == ["learning"])
    #expect(framework.evidenceRequirement(competency: saf, level: 2) == ["learning", "practice"])
    #expect(framework.currencyMonths(of: framework.competency("C-INF")!) == 24)
    #expect(framework.currencyMonths(of: saf) == 36)
  }

  @Test func writtenFolderLoadsBackIdentically() throws {
    let dir = TemporaryDirectory()
    try framework.write(to: dir.file("copy"))
    let again = try Framework.load(from: dir.file("copy"))
    for (file, value) in framework.files { #expect(again.files[file] == value, "\(file)") }
  }
}

@Suite struct DayTests {
  @Test func parsesAndFormats() {
    #expect(Day("2026-02-28")?.description == "2026-02-28")
    #expect(Day("2024-02-29") != nil)
    #expect(Day("2025-02-29") == nil)
    #expect(Day("2026-13-01") == nil)
    #expect(Day("2026-1-01") == nil)
    #expect(Day("1970-01-01")?.ordinal == 0)
  }

  @Test func addsMonthsClampingToTheMonthEnd() {
    #expect(Day("2026-01-31")!.adding(months: 1).description == "2026-02-28")
    #expect(Day("2026-03-15")!.adding(months: -24).description == "2024-03-15")
    #expect(Day("2026-12-01")!.adding(months: 1).description == "2027-01-01")
    #expect(Day("2026-03-01")!.days(since: Day("2026-02-01")!) == 28)
  }
}
