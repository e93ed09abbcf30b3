import Competency
import JSON
import TestSupport
import Testing

/// One refusal per format-2 rule, on the mini framework with one fragment of one file changed.
@Suite struct FormatTwoRuleTests {
  struct Refusal: Sendable, CustomTestStringConvertible {
    var name: String
    var file: Framework.File
    var old: String
    var new: String
    var expected: String
    var testDescription: String { name }
  }

  static let refusals: [Refusal] = [
    // Quality records.
    Refusal(
      name: "assured without who assured it", file: .modules, old: #""assuredBy": "Test body", "#, new: "",
      expected: "modules.json: modules[3].quality.assuredBy: missing: an assured module records who assured it"),
    Refusal(
      name: "assured without a date", file: .modules, old: #", "assuredOn": "2025-01-31""#, new: "",
      expected: "modules.json: modules[3].quality.assuredOn: missing: an assured module records when"),
    Refusal(
      name: "assured without criteria", file: .modules, old: #", "against": "Test criteria""#, new: "",
      expected:
        "modules.json: modules[3].quality.against: missing: an assured module records the standard or criteria it was assured against"
    ),
    Refusal(
      name: "assured on a date that is not one", file: .modules, old: #""assuredOn": "2025-01-31""#,
      new: #""assuredOn": "31/01/2025""#,
      expected: #"modules.json: modules[3].quality.assuredOn: "31/01/2025" is not a date (YYYY-MM-DD)"#),
    Refusal(
      name: "an assurance record on a module that is not assured", file: .modules,
      old: #""quality": {"status": "delivered", "source": "res"}"#,
      new: #""quality": {"status": "delivered", "source": "res", "assuredBy": "Someone"}"#,
      expected: "modules.json: modules[0].quality.assuredBy: only an assured module has assuredBy (status is delivered)"),
    Refusal(
      name: "unknown quality status", file: .modules, old: #""status": "piloted""#, new: #""status": "tested""#,
      expected:
        #"modules.json: modules[4].quality.status: unknown quality status "tested" (expected proposed, piloted, delivered or assured)"#
    ),
    Refusal(
      name: "a module without a quality record", file: .modules,
      old: #""quality": {"status": "delivered", "source": "res"}"#, new: #""provider": "Someone""#,
      expected:
        "modules.json: modules[0].quality: missing: every module records its status (proposed, piloted, delivered or assured)"),
    Refusal(
      name: "a quality record citing an unknown document", file: .modules,
      old: #""quality": {"status": "delivered", "source": "res"}"#,
      new: #""quality": {"status": "delivered", "source": "hearsay"}"#,
      expected: #"modules.json: modules[0].quality.source: unknown source "hearsay""#),
    Refusal(
      name: "the retired qualityAssured flag", file: .modules, old: #""mode": "e-learning", "hours": 2,"#,
      new: #""mode": "e-learning", "hours": 2, "qualityAssured": true,"#,
      expected:
        #"modules.json: modules[0].qualityAssured: no longer used in format 2: a module's quality is the record {status, source, ...} under "quality""#
    ),
    Refusal(
      name: "the retired module mandatory flag", file: .modules, old: #""mode": "e-learning", "hours": 2,"#,
      new: #""mode": "e-learning", "hours": 2, "mandatory": true,"#,
      expected:
        "modules.json: modules[0].mandatory: no longer used in format 2: a module is mandatory only through the mandatory role requirements it serves (roles.json)"
    ),
    // Crosswalks.
    Refusal(
      name: "a crosswalk to an undeclared scheme", file: .competencies,
      old: #"{"scheme": "safeguarding-groups", "level": 1"#, new: #"{"scheme": "star-levels", "level": 1"#,
      expected:
        #"competencies.json: competencies[3].crosswalks[0].scheme: unknown crosswalk scheme "star-levels" (expected one of safeguarding-groups)"#
    ),
    Refusal(
      name: "a crosswalk from a level off the scale", file: .competencies,
      old: #""level": 1, "equivalent": "group-a""#, new: #""level": 7, "equivalent": "group-a""#,
      expected: "competencies.json: competencies[3].crosswalks[0].level: level 7 is outside the scale 1-4"),
    Refusal(
      name: "a crosswalk to a group the scheme does not have", file: .competencies,
      old: #""equivalent": "group-a""#, new: #""equivalent": "group-z""#,
      expected:
        #"competencies.json: competencies[3].crosswalks[0].equivalent: "group-z" is not a group of safeguarding-groups (expected one of group-a, group-b)"#
    ),
    Refusal(
      name: "a role placed in a group it does not require the competency for", file: .roles,
      old: #"{"competency": "C-SAF", "level": 2, "priority": "mandatory"}"#,
      new: #"{"competency": "C-SAF", "level": 1, "priority": "mandatory"}"#,
      expected:
        "roles.json: roles[0].crosswalks[0]: safeguarding-groups group-b corresponds to C-SAF at level 2, but the role requires level 1 of it in police"
    ),
    Refusal(
      name: "a role crosswalk to an undeclared scheme", file: .roles,
      old: #"{"scheme": "safeguarding-groups", "equivalent": "group-b""#, new: #"{"scheme": "ranks", "equivalent": "group-b""#,
      expected:
        #"roles.json: roles[0].crosswalks[0].scheme: unknown crosswalk scheme "ranks" (expected one of safeguarding-groups)"#),
    Refusal(
      name: "a role crosswalk for an agency type the role does not cover", file: .roles,
      old: #""equivalent": "group-b", "agencyTypes": ["police"]"#,
      new: #""equivalent": "group-b", "agencyTypes": ["fire-rescue"]"#,
      expected: #"roles.json: roles[0].crosswalks[0].agencyTypes[0]: "fire-rescue" is not one of the role's agency types"#),
    Refusal(
      name: "level-wide crosswalks, retired in format 2", file: .levels,
      old: #"{"level": 1, "id": "awareness", "title": {"en": "Awareness", "cy": "Ymwybyddiaeth"}}"#,
      new:
        #"{"level": 1, "id": "awareness", "title": {"en": "Awareness", "cy": "Ymwybyddiaeth"}, "crosswalks": [{"scheme": "VAWDASV", "equivalent": "Group 1"}]}"#,
      expected:
        "levels.json: levels[0].crosswalks: no longer used in format 2: a Welsh model is crosswalked on the competencies and roles it is about"
    ),
    // Rationales.
    Refusal(
      name: "a rationale without its document", file: .competencies, old: #""source": "res", "country": "wales"}"#,
      new: #""country": "wales"}"#, expected: "competencies.json: competencies[0].rationale.source: missing"),
    Refusal(
      name: "a rationale without its country", file: .competencies, old: #""source": "res", "country": "wales"}"#,
      new: #""source": "res"}"#, expected: "competencies.json: competencies[0].rationale.country: missing"),
    Refusal(
      name: "a rationale citing an undeclared document", file: .competencies, old: #""source": "res", "country": "wales"}"#,
      new: #""source": "folklore", "country": "wales"}"#,
      expected: #"competencies.json: competencies[0].rationale.source: unknown source "folklore""#),
    Refusal(
      name: "a Scottish finding presented as Welsh", file: .competencies, old: #""source": "scot", "country": "scotland"}"#,
      new: #""source": "scot", "country": "wales"}"#,
      expected:
        #"competencies.json: competencies[2].rationale.country: "wales" does not match source "scot", whose findings are from scotland"#
    ),
    Refusal(
      name: "a rationale from an unknown country", file: .competencies, old: #""source": "res", "country": "wales"}"#,
      new: #""source": "res", "country": "england"}"#,
      expected: #"competencies.json: competencies[0].rationale.country: unknown country "england" (expected wales, scotland, uk)"#),
    Refusal(
      name: "a plain-sentence rationale", file: .competencies,
      old: #""rationale": {"text": {"en": "Most wanted", "cy": "Y mwyaf o alw"}, "source": "res", "country": "wales"}"#,
      new: #""rationale": "Most wanted""#,
      expected:
        "competencies.json: competencies[0].rationale: a rationale is {text, source, country} in format 2, naming its document and its country"
    ),
    Refusal(
      name: "a rationale without Welsh", file: .competencies, old: #"{"en": "Most wanted", "cy": "Y mwyaf o alw"}"#,
      new: #"{"en": "Most wanted"}"#, expected: "competencies.json: competencies[0].rationale.text.cy: missing Welsh (cy) text"),
    // Home regions.
    Refusal(
      name: "an unknown home region", file: .agencies, old: #""type": "police", "regions": ["north"], "homeRegion": "north""#,
      new: #""type": "police", "regions": ["north"], "homeRegion": "mid""#,
      expected: #"agencies.json: agencies[0].homeRegion: unknown region "mid" (expected one of north, south, all-wales)"#),
    Refusal(
      name: "a home region outside the footprint", file: .agencies, old: #""regions": ["south"], "homeRegion": "south""#,
      new: #""regions": ["south"], "homeRegion": "north""#,
      expected: #"agencies.json: agencies[2].homeRegion: home region "north" is not among the agency's regions"#),
    Refusal(
      name: "an all-Wales body that does not serve every region", file: .agencies,
      old: #""type": "police", "regions": ["north"], "homeRegion": "north""#,
      new: #""type": "police", "regions": ["north"], "homeRegion": "all-wales""#,
      expected: "agencies.json: agencies[0].homeRegion: an all-Wales body serves every region; regions leaves out south"),
    Refusal(
      name: "an agency without a home region", file: .agencies,
      old: #""type": "police", "regions": ["north"], "homeRegion": "north""#, new: #""type": "police", "regions": ["north"]"#,
      expected: "agencies.json: agencies[0].homeRegion: missing"),
    Refusal(
      name: "a region that takes the all-Wales name", file: .agencies, old: #"{"id": "south", "title""#,
      new: #"{"id": "all-wales", "title""#,
      expected: #"agencies.json: regions[1].id: "all-wales" is kept for agencies' homeRegion and is not a region"#),
    // Evidence bases, policies, exclusions, the format itself.
    Refusal(
      name: "an evidence base that is not a public address", file: .competencies,
      old: #""url": "https://www.college.police.uk/research/crime-reduction-toolkit""#, new: #""url": "file:///toolkit""#,
      expected: #"competencies.json: competencies[1].evidenceBase[0].url: "file:///toolkit" is not a public https:// address"#),
    Refusal(
      name: "an unknown policy status", file: .policy, old: #""status": "adopted""#, new: #""status": "draft""#,
      expected: #"cpd-policy.json: policies[0].status: unknown policy status "draft" (expected proposed or adopted)"#),
    Refusal(
      name: "a policy without a status", file: .policy, old: #" "status": "adopted","#, new: "",
      expected: "cpd-policy.json: policies[0].status: missing"),
    Refusal(
      name: "an exclusion citing an undeclared document", file: .framework,
      old: #""reason": {"en": "Covered elsewhere", "cy": "Wedi'i gwmpasu mewn man arall"}, "source": "res""#,
      new: #""reason": {"en": "Covered elsewhere", "cy": "Wedi'i gwmpasu mewn man arall"}, "source": "rumour""#,
      expected: #"framework.json: exclusions[0].source: unknown source "rumour""#),
    Refusal(
      name: "a source from an unknown country", file: .sources, old: #""country": "scotland""#, new: #""country": "narnia""#,
      expected: #"sources.json: sources[1].country: unknown country "narnia" (expected wales, scotland, uk)"#),
    Refusal(
      name: "a file format this build does not read", file: .framework, old: #""format": 2"#, new: #""format": 3"#,
      expected: "framework.json: format: format 3 is not one this build reads (1 to 2)"),
  ]

  @Test(arguments: refusals)
  func eachRuleRefusesWithFileAndPath(_ refusal: Refusal) {
    let found = problems(refusal.file, replacing: refusal.old, with: refusal.new)
    #expect(found.contains(refusal.expected), "got: \(found)")
  }

  struct Extra: Sendable, CustomTestStringConvertible {
    var object: String
    var file: Framework.File
    var old: String
    var new: String
    var path: String
    var testDescription: String { object }
  }

  /// Every object format 2 added refuses a field it does not know.
  static let unknownFields: [Extra] = [
    Extra(
      object: "quality record", file: .modules, old: #""status": "delivered", "source": "res"}"#,
      new: #""status": "delivered", "source": "res", "grade": 1}"#, path: "modules[0].quality.grade"),
    Extra(
      object: "rationale", file: .competencies, old: #""source": "res", "country": "wales"}"#,
      new: #""source": "res", "country": "wales", "page": 3}"#, path: "competencies[0].rationale.page"),
    Extra(
      object: "competency crosswalk", file: .competencies, old: #""level": 1, "equivalent": "group-a"}"#,
      new: #""level": 1, "equivalent": "group-a", "weight": 1}"#, path: "competencies[3].crosswalks[0].weight"),
    Extra(
      object: "role crosswalk", file: .roles, old: #""agencyTypes": ["police"]}"#, new: #""agencyTypes": ["police"], "rank": 2}"#,
      path: "roles[0].crosswalks[0].rank"),
    Extra(
      object: "evidence base link", file: .competencies, old: #""name": "Crime Reduction Toolkit","#,
      new: #""name": "Crime Reduction Toolkit", "kind": "toolkit","#, path: "competencies[1].evidenceBase[0].kind"),
    Extra(
      object: "crosswalk scheme", file: .framework, old: #""source": "res","#, new: #""source": "res", "levels": 6,"#,
      path: "crosswalkSchemes[0].levels"),
    Extra(
      object: "crosswalk group", file: .framework, old: #"{"id": "group-a", "title""#, new: #"{"id": "group-a", "order": 1, "title""#,
      path: "crosswalkSchemes[0].groups[0].order"),
    Extra(
      object: "exclusion", file: .framework, old: #"{"id": "counter-terrorism", "title""#,
      new: #"{"id": "counter-terrorism", "since": 2020, "title""#, path: "exclusions[0].since"),
    Extra(
      object: "source", file: .sources, old: #""file": "res.txt""#, new: #""file": "res.txt", "author": "A""#,
      path: "sources[0].author"),
    Extra(
      object: "agency with a home region", file: .agencies, old: #""regions": ["south"], "homeRegion": "south""#,
      new: #""regions": ["south"], "homeRegion": "south", "headquarters": "south""#, path: "agencies[2].headquarters"),
  ]

  @Test(arguments: unknownFields)
  func newObjectsRefuseUnknownFields(_ extra: Extra) {
    let found = problems(extra.file, replacing: extra.old, with: extra.new)
    let name = extra.path.split(separator: ".").last!
    #expect(found.contains("\(extra.file.rawValue): \(extra.path): unknown field \"\(name)\""), "got: \(found)")
  }

  @Test func theMiniFrameworkReadsItsFormatTwoFields() {
    let f = MiniFramework.load()
    #expect(f.format == 2)
    #expect(f.source("scot")?.country == .scotland)
    #expect(f.competency("C-INF")?.rationale == Rationale(text: LocalizedText(["en": "Most wanted", "cy": "Y mwyaf o alw"]), source: "res", country: .wales))
    #expect(f.module("M-INF-ADV")?.quality?.status == .assured)
    #expect(f.module("M-INF-ADV")?.quality?.assuredOn == Day("2025-01-31"))
    #expect(f.module("M-INF-ADV")?.quality?.isComplete == true)
    #expect(f.module("M-PRB-W")?.quality?.note?["cy"] == "Yn y gogledd")
    #expect(f.crosswalks(of: "C-SAF", level: 2).map(\.equivalent) == ["group-b"])
    #expect(f.crosswalks(forRole: "officer", agencyType: "police").map(\.equivalent) == ["group-b"])
    #expect(f.crosswalks(forRole: "officer", agencyType: "local-authority").isEmpty)
    #expect(f.agency("la-s")?.homeRegion == "south")
    #expect(f.agencies(inRegion: "north").map(\.id) == ["pol-n", "la-n"])
    #expect(f.exclusions.map(\.id) == ["counter-terrorism"])
    #expect(f.policies.first?.status == .adopted)
  }

  @Test func anAllWalesBodyHasNoHomeRegion() throws {
    let text = MiniFramework.files[.agencies]!.replacingOccurrences(
      of: #""regions": ["south"], "homeRegion": "south""#, with: #""regions": ["north", "south"], "homeRegion": "all-wales""#)
    var contents = MiniFramework.contents
    contents[.agencies] = Array(text.utf8)
    let f = try Framework.decode(contents, directory: "")
    let national = try #require(f.agency("la-s"))
    #expect(national.isAllWales)
    #expect(national.homeRegion == nil)
    #expect(national.regions == ["north", "south"])
    #expect(f.agencies(inRegion: "south").isEmpty)
    #expect(f.agency("la-n")?.isAllWales == false)
  }
}

@Suite struct MandatoryQueryTests {
  let framework = MiniFramework.load()

  @Test func aModuleIsMandatoryOnlyThroughTheRequirementsItMeets() {
    // Police officers need C-INF at 3 (learning and practice) and C-SAF at 2: the level-3
    // course and placement (with the placement's prerequisites), the police course and mentoring.
    #expect(
      framework.modulesMandatory(forRole: "officer", agencyType: "police")
        == ["M-INF-ADV", "M-INF-J", "M-INF-C", "M-INF-E", "M-SAF-P", "M-MENTOR"])
    // Council officers need C-INF at 2 only: the level-3 modules go beyond it and are not mandatory.
    let council = framework.modulesMandatory(forRole: "officer", agencyType: "local-authority")
    #expect(council == ["M-INF-C", "M-BLEND", "M-MENTOR", "M-INF-E"])
    #expect(!framework.isMandatory(module: "M-INF-ADV", forRole: "officer", agencyType: "local-authority"))
    #expect(framework.isMandatory(module: "M-INF-ADV", forRole: "officer", agencyType: "police"))
    // The police-only module is never mandatory for someone it is closed to.
    #expect(!council.contains("M-SAF-P"))
    #expect(framework.modulesMandatory(forRole: "manager", agencyType: nil) == ["M-PRB-W", "M-PRB-J"])
    #expect(framework.modulesMandatory(forRole: "nobody", agencyType: nil).isEmpty)
  }

  @Test func routesSayWhichKindOfEvidenceEachModuleGives() {
    let routes = framework.mandatoryRoutes(forRole: "officer", agencyType: "local-authority")
    #expect(
      routes == [
        MandatoryRoute(
          requirement: Requirement(competency: "C-INF", level: 2, priority: .mandatory), category: "learning",
          modules: ["M-INF-C", "M-BLEND"]),
        MandatoryRoute(
          requirement: Requirement(competency: "C-INF", level: 2, priority: .mandatory), category: "practice",
          modules: ["M-BLEND", "M-MENTOR"]),
      ])
  }
}
