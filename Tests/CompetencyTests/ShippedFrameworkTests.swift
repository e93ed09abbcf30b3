import Competency
import JSON
import TestSupport
import Testing

let version1Path = repositoryRoot + "/Tests/CompetencyTests/Fixtures/wales-community-safety-1.0.0"

/// The shipped framework, 2.0.0: content assertions that answer the findings of issue 14.
@Suite struct ShippedFrameworkTests {
  let f: Framework
  init() throws { f = try Framework.load(from: shippedFrameworkPath) }

  /// Every role in every agency type it covers (nil for a role open to all types).
  var placements: [(role: Role, type: String?)] {
    f.roles.flatMap { role in (role.agencyTypes.isEmpty ? [nil] : role.agencyTypes.map(Optional.some)).map { (role, $0) } }
  }

  @Test func isVersionTwoInFormatTwo() {
    #expect(f.version == "2.0.0")
    #expect(f.format == Framework.currentFormat)
  }

  // 1. Quality as a record.
  @Test func onlyModulesTheSourcesShowToExistArePilotedOrDelivered() throws {
    var existing: [String: QualityStatus] = [:]
    for m in f.modules {
      let q = try #require(m.quality, "\(m.id)")
      #expect(f.source(q.source) != nil, "\(m.id)")
      #expect(q.status != .assured, "no source names who assured \(m.id)")
      if q.status != .proposed { existing[m.id] = q.status }
    }
    #expect(
      existing == [
        "M-NP-PS": .delivered, "M-NP-ENG": .delivered, "M-ACE-TIME": .delivered, "M-ACE-TTT": .delivered,
        "M-CSAS": .delivered, "M-VAWDASV-G1": .delivered, "M-VAWDASV-G2": .delivered, "M-YJ-ECM": .delivered,
        "M-EXPLOIT-WS": .piloted, "M-ERAS": .piloted, "M-HOUSING-FSA": .piloted,
      ])
  }

  // 2. Mandatory for whom.
  @Test func noModuleIsMandatoryForEveryone() throws {
    let sets = placements.map { f.modulesMandatory(forRole: $0.role.id, agencyType: $0.type) }
    let everyone = sets.dropFirst().reduce(sets.first ?? []) { $0.intersection($1) }
    #expect(everyone.isEmpty)
    // The nine modules 1.0.0 made mandatory for everyone (53 hours) are each optional for someone.
    let old = try Framework.load(from: version1Path)
    #expect(old.modules.count == 57)
    for id in ["M-CS-INTRO", "M-LAW-CL", "M-GOV-WS", "M-PS-CL", "M-SAFE-EL", "M-SAFE-CL", "M-ACE-TIME", "M-VAWDASV-G1", "M-S115"] {
      #expect(zip(placements, sets).contains { !$0.1.contains(id) }, "\(id)")
    }
  }

  @Test func theVAWDASVAwarenessModuleIsNotMandatoryForPolice() {
    for (role, type) in placements where type == "police" {
      #expect(!f.isMandatory(module: "M-VAWDASV-G1", forRole: role.id, agencyType: type), "\(role.id)")
      #expect(f.requirements(forRole: role.id, agencyType: type)?.contains { $0.competency == "CS-SAF-08" && $0.priority == .mandatory } == false)
    }
    // It is mandatory for the relevant authorities under the 2015 Act.
    for type in ["local-authority", "health", "fire-rescue"] {
      #expect(f.isMandatory(module: "M-VAWDASV-G1", forRole: "board-member", agencyType: type), "\(type)")
    }
    #expect(f.isMandatory(module: "M-VAWDASV-G1", forRole: "community-safety-officer", agencyType: "local-authority"))
  }

  // 3. Role levels that fit the jobs.
  @Test func boardMembersNeedLeadersSafeguardingNotCasework() throws {
    let role = try #require(f.role("board-member"))
    #expect(role.crosswalks.contains { $0.scheme == "scw-safeguarding-standards" && $0.equivalent == "group-f" })
    let groupF = try #require(f.competency("CS-SAF-01")?.crosswalks.first { $0.equivalent == "group-f" })
    for type in role.agencyTypes {
      let requirements = try #require(f.requirements(forRole: role.id, agencyType: type))
      let safeguarding = try #require(requirements.first { $0.competency == "CS-SAF-01" })
      #expect(safeguarding.level >= groupF.level && safeguarding.priority == .mandatory)
      let mandatory = f.modulesMandatory(forRole: role.id, agencyType: type)
      #expect(mandatory.contains("M-SAFE-LEAD"))
      // Not the Groups B-C course, nor the two-day problem-solving course.
      #expect(!mandatory.contains("M-SAFE-CL") && !mandatory.contains("M-PS-CL"), "\(type)")
      // No practitioner-level operational work: legal powers in casework, supplying assessment data,
      // reporting performance data, board secretariat work.
      for (competency, level) in [("CS-LAW-01", 2), ("CS-EVI-01", 2), ("CS-EVI-05", 2)] {
        #expect((requirements.first { $0.competency == competency }?.level ?? 0) < level, "\(competency) \(type)")
      }
      #expect(requirements.first { $0.competency == "CS-GOV-03" }.map { $0.level >= 3 && $0.priority == .mandatory } == true)
      #expect(requirements.first { $0.competency == "CS-GOV-01" }?.level == 2)
    }
  }

  @Test func analystsAndCommissionersAreAskedForTheLevelTheJobNeeds() throws {
    let analyst = try #require(f.role("community-safety-analyst"))
    #expect(analyst.crosswalks.contains { $0.equivalent == "group-a" })
    for type in analyst.agencyTypes {
      let requirements = try #require(f.requirements(forRole: analyst.id, agencyType: type))
      #expect(requirements.first { $0.competency == "CS-EVI-03" }?.level == 3)
      #expect(requirements.allSatisfy { $0.level < 4 }, "no leading-level requirement for an analyst (\(type))")
      #expect(requirements.first { $0.competency == "CS-SAF-01" }?.level == 1)
      #expect(!f.isMandatory(module: "M-SAFE-CL", forRole: analyst.id, agencyType: type))
    }
    #expect(f.requirements(forRole: "pcc-commissioning-officer", agencyType: "pcc-office")?.first { $0.competency == "CS-PAR-03" }?.level == 3)
  }

  @Test func officersAndManagersHaveTheSkillsTheResearchDemanded() throws {
    let officer = try #require(f.role("community-safety-officer")).requirements.map(\.competency)
    // Strategic assessment, research skills, problem solving, risk assessment (000).
    for c in ["CS-EVI-01", "CS-EVI-02", "CS-PRB-01", "CS-SAF-03"] { #expect(officer.contains(c), "\(c)") }
    let manager = try #require(f.role("community-safety-partnership-manager")).requirements.map(\.competency)
    for c in ["CS-PRB-01", "CS-ENG-01", "CS-EVI-04"] { #expect(manager.contains(c), "\(c)") }
    // Intelligence-led working, "not just for analysts": in the base requirements of roles outside
    // analysis and policing.
    let intelligenceLed = f.roles.filter { $0.requirements.contains { $0.competency == "CS-INF-03" } }.map(\.id)
    let beyond = intelligenceLed.filter { !["community-safety-analyst", "neighbourhood-police-officer", "police-partnership-officer"].contains($0) }
    #expect(beyond.count >= 4, "\(beyond)")
  }

  // 4. Crosswalks per competency, by the right measure.
  @Test func crosswalksSitOnlyOnTheCompetenciesEachModelIsAbout() throws {
    #expect(f.levels.allSatisfy { $0.crosswalks.isEmpty })
    #expect(f.level(4)?.descriptor?.en.contains("crosswalk") == false)
    var schemesByCompetency: [String: Set<String>] = [:]
    for c in f.competencies where !c.crosswalks.isEmpty { schemesByCompetency[c.id] = Set(c.crosswalks.map(\.scheme)) }
    #expect(
      schemesByCompetency == [
        "CS-SAF-01": ["scw-safeguarding-standards"], "CS-SAF-04": ["trauma-informed-wales"], "CS-SAF-08": ["vawdasv-ntf"],
      ])
    // Including the leaders' groups.
    #expect(f.crosswalks(of: "CS-SAF-08", level: 4).map(\.equivalent) == ["groups-5-6"])
    #expect(Set(f.crosswalks(of: "CS-SAF-01", level: 4).map(\.equivalent)) == ["group-d", "group-e", "group-f"])
    #expect(f.crosswalks(of: "CS-SAF-04", level: 4).map(\.equivalent) == ["specialist"])
    #expect(f.crosswalks(of: "CS-SAF-08", level: 2).map(\.equivalent) == ["group-2"])
    #expect(f.crosswalks(of: "CS-EVI-03", level: 2).isEmpty)
  }

  // 5. Standards mappings that hold.
  @Test func standardsMappingsHold() {
    var exact: Set<String> = []
    for c in f.competencies {
      for m in c.standards where m.relation == .exactMatch { exact.insert("\(c.id)=\(m.standard)") }
    }
    #expect(exact == ["CS-PAR-01=nos-sfj-ad1", "CS-ENG-06=nos-sfj-aa1", "CS-LEAD-01=nos-sfj-ae1"])
    func mapped(_ competency: String, _ standard: String) -> Bool {
      f.competency(competency)?.standards.contains { $0.standard == standard } ?? false
    }
    #expect(!mapped("CS-PRB-04", "nos-community-justice-values"))
    #expect(!mapped("CS-GOV-05", "nos-sfj-hf23"))
    #expect(!mapped("CS-PRB-06", "nos-sfjbe101"))
    #expect(!mapped("CS-DIG-02", "cvf-analyse-critically"))
    // Codes only where a public source confirmed them (STANDARDS.md); others are described.
    let confirmed: Set<String> = [
      "SFJBE101", "SFJBE102", "SFSCWD1", "SFJ AD1", "SFJ AA1", "SFJ AB1", "SFJ AC1", "SFJ AE1", "SFJ HF18", "SFJ HF19",
      "SFJ HF23", "SFJ HG1", "ST0930", "603/3945/7",
    ]
    for s in f.standards { if let code = s.code { #expect(confirmed.contains(code), "\(s.id): \(code)") } }
  }

  // 6. Rationales that cite what the sources say.
  @Test func everyRationaleNamesItsDocumentAndCountry() throws {
    for c in f.competencies {
      let r = try #require(c.rationale, "\(c.id)")
      let source = try #require(r.source.flatMap(f.source), "\(c.id)")
      #expect(r.country == source.country, "\(c.id)")
      #expect(r.text["cy"] != nil, "\(c.id)")
      if source.country == .scotland { #expect(r.text.en.contains("Scottish"), "\(c.id) must say the finding is Scottish") }
    }
    // Communication was a Welsh strength: its rationale no longer rests on the Scottish 34%.
    #expect(f.competency("CS-ENG-02")?.rationale?.source == "000")
    #expect(f.competency("CS-ENG-02")?.rationale?.text.en.contains("34%") == false)
    // Victims' needs are cited to the document that discusses victims.
    #expect(f.competency("CS-SAF-09")?.rationale?.source == "004")
  }

  // 7. Modules that match the sources.
  @Test func modulesMatchWhatTheSourcesSay() throws {
    #expect(f.module("M-ACE-TIME")?.develops.allSatisfy { $0.level == 1 } == true)
    #expect(f.module("M-EXPLOIT-WS")?.develops.first { $0.competency == "CS-SAF-07" }?.level == 1)
    #expect(f.module("M-EXPLOIT-WS")?.quality?.status == .piloted)
    let problemSolving = f.prerequisiteClosure(of: ["M-PS-CL"])
    #expect(problemSolving == ["M-PS-CL"])
    #expect(f.module("M-PS-CL")?.agencyTypes.isEmpty == true)
  }

  /// Every requirement of every role, in every agency type, can be met by modules open to that
  /// type (with their prerequisites), one for each kind of evidence the level needs.
  @Test func everyRequirementHasARouteUnderTheBlendedRule() {
    func open(_ m: Module, _ type: String?, _ depth: Int = 0) -> Bool {
      guard depth < f.modules.count, type.map(m.isOpen) ?? m.agencyTypes.isEmpty else { return false }
      return m.prerequisites.allSatisfy { f.module($0).map { open($0, type, depth + 1) } ?? false }
    }
    var checked = 0
    for (role, type) in placements {
      for r in f.requirements(forRole: role.id, agencyType: type) ?? [] {
        let c = f.competency(r.competency)!
        for category in f.evidenceRequirement(competency: c, level: r.level) {
          let route = f.modules.contains { m in
            open(m, type) && m.develops.contains { $0.competency == r.competency && $0.level >= r.level }
              && (category == EvidenceCategory.anyID
                || m.mode.evidenceKinds.contains { f.categories(of: $0).contains(category) })
          }
          #expect(route, "\(role.id) in \(type ?? "any"): \(r.competency) level \(r.level) has no \(category) module")
          checked += 1
        }
      }
    }
    #expect(checked > 300)
    // The digital and cyber competencies have a practice route at level 2.
    for c in ["CS-DIG-01", "CS-DIG-02", "CS-DIG-05"] {
      #expect(f.modules(developing: c, atLeast: 2).contains { $0.mode == .onTheJob }, "\(c)")
    }
  }

  // 8. Coverage.
  @Test func whatTheSourcesNameIsCovered() {
    for id in ["CS-EVI-06", "CS-INF-05", "CS-LEAD-05", "CS-DIG-05", "CS-PAR-06"] { #expect(f.competency(id) != nil, "\(id)") }
    for id in ["M-ERAS", "M-YJ-ECM", "M-HOUSING-FSA", "M-SCRUTINY-WS", "M-SAFE-LEAD"] { #expect(f.module(id) != nil, "\(id)") }
    #expect(f.role("education-partner") != nil && f.role("scrutiny-member") != nil)
    let exclusion = f.exclusions.first { $0.id == "counter-terrorism-extremism" }
    #expect(exclusion?.source == "000")
  }

  // 9. Agencies and regions.
  @Test func everyAgencyHasAnExplicitHome() throws {
    for a in f.agencies {
      if let home = a.homeRegion { #expect(a.regions.contains(home), "\(a.id)") } else { #expect(a.regions.count == f.regions.count, "\(a.id)") }
    }
    #expect(f.agency("south-wales-fire-rescue")?.homeRegion == "south-wales")
    #expect(f.agency("south-wales-fire-rescue")?.regions.sorted() == ["gwent", "south-wales"])
    for id in ["public-health-wales", "hmpps-wales", "victim-support-cymru", "wcva", "welsh-ambulance-service",
      "natural-resources-wales", "youth-justice-board-cymru"]
    {
      #expect(f.agency(id)?.isAllWales == true, "\(id)")
    }
    let names = [
      "welsh-ambulance-service": "Ymddiriedolaeth GIG Prifysgol Gwasanaethau Ambiwlans Cymru",
      "natural-resources-wales": "Cyfoeth Naturiol Cymru", "youth-justice-board-cymru": "Bwrdd Cyfiawnder Ieuenctid Cymru",
    ]
    for (id, cy) in names { #expect(f.agency(id)?.name["cy"] == cy) }
    let types = Set(f.agencies.map(\.type))
    #expect(types.isSuperset(of: ["social-landlord", "education", "natural-resources"]))
    for p in f.policies {
      #expect(p.status == .proposed)
      #expect(!p.modelledOn.isEmpty)
    }
  }

  // 10. What works.
  @Test func evidenceBasesAreNamedPublicAddresses() {
    let links = f.competencies.flatMap(\.evidenceBase) + f.modules.flatMap(\.evidenceBase)
    #expect(links.count >= 10)
    #expect(links.allSatisfy { $0.url.hasPrefix("https://") && !$0.name.isEmpty })
    #expect(f.competency("CS-PRB-01")?.evidenceBase.contains { $0.name == "College of Policing Crime Reduction Toolkit" } == true)
    #expect(f.module("M-PS-CL")?.evidenceBase.isEmpty == false)
  }
}

@Suite struct FrameworkChangesTests {
  @Test func versionOneStillLoadsForComparison() throws {
    let old = try Framework.load(from: version1Path)
    #expect(old.version == "1.0.0" && old.format == 1)
    #expect(old.modules.allSatisfy { $0.quality == nil })
    #expect(old.competency("CS-LAW-05")?.rationale?.source == nil)
    // 1.0.0 meant "the first region listed".
    #expect(old.agency("south-wales-fire-rescue")?.homeRegion == "gwent")
    #expect(old.level(1)?.crosswalks.count == 3)
  }

  @Test func versionOneToTwoSaysWhatChanged() throws {
    let old = try Framework.load(from: version1Path)
    let new = try Framework.load(from: shippedFrameworkPath)
    let changes = new.changes(from: old)
    #expect(changes.fromVersion == "1.0.0" && changes.toVersion == "2.0.0")
    #expect(changes.competencies.added == ["CS-EVI-06", "CS-INF-05", "CS-PAR-06", "CS-DIG-05", "CS-LEAD-05"])
    #expect(changes.competencies.removed.isEmpty && changes.modules.removed.isEmpty && changes.roles.removed.isEmpty)
    #expect(changes.competencies.changed.count == 54)
    #expect(changes.competencies.change("CS-SAF-03")?.fields.contains("standards") == true)
    #expect(changes.competencies.change("CS-SAF-08")?.fields.contains("crosswalks") == true)
    #expect(changes.roles.added == ["education-partner", "scrutiny-member"])
    #expect(changes.roles.change("board-member")?.fields.contains("requirements") == true)
    #expect(changes.modules.change("M-PS-CL")?.fields.contains("prerequisites") == true)
    #expect(changes.modules.changed.count == 57)
    #expect(changes.agencies.change("south-wales-fire-rescue")?.fields == ["regions", "homeRegion"])
    #expect(changes.agencies.change("public-health-wales")?.fields == ["homeRegion"])
    #expect(changes.agencies.change("cardiff-council") == nil)
    #expect(changes.agencies.added.contains("welsh-ambulance-service"))
    #expect(changes.agencies.changed.count == 11)
    #expect(changes.roles.change("police-partnership-officer") == nil)
    #expect(changes.standards.added == ["waspi"])
    #expect(changes.policies.changedIDs == ["wscn-cpd@2024.1", "wscn-cpd@2026.1"])
    #expect(changes.sources.added.count == 6)
    #expect(changes.frameworkFields.contains("crosswalkSchemes") && changes.frameworkFields.contains("exclusions"))
    let summary = changes.summary
    #expect(summary.first == "wales-community-safety: 1.0.0 → 2.0.0 (file format 1 → 2)")
    #expect(summary.contains { $0.hasPrefix("competencies: 5 added (CS-EVI-06, CS-INF-05, CS-PAR-06, CS-DIG-05, CS-LEAD-05), 54 changed (rationale 54") })
    #expect(summary.contains { $0.hasPrefix("roles: 2 added (education-partner, scrutiny-member), 14 changed (requirements 12, crosswalks 10") })
  }

  @Test func aSmallChangeIsReportedExactly() throws {
    let old = MiniFramework.load()
    var new = old
    new.version = "1.1.0"
    new.competencies.append(
      Competency(id: "C-NEW", domain: "PAR", title: LocalizedText(["en": "New", "cy": "Newydd"]), topics: [], descriptors: [:],
        standards: [], evidence: [], associations: []))
    new.modules.removeAll { $0.id == "M-TRA" }
    new.roles[1].requirements[0].level = 4
    new.reindex()
    let changes = new.changes(from: old)
    #expect(changes.competencies == .init(name: "competencies", added: ["C-NEW"]))
    #expect(changes.modules == .init(name: "modules", removed: ["M-TRA"]))
    #expect(changes.roles.changed == [.init(id: "manager", fields: ["requirements"])])
    #expect(changes.agencies.isEmpty && changes.frameworkFields.isEmpty)
    #expect(
      changes.summary == [
        "mini: 1.0.0 → 1.1.0", "competencies: 1 added (C-NEW)", "roles: 1 changed (requirements 1)", "modules: 1 removed (M-TRA)",
      ])
    #expect(old.changes(from: old).isEmpty)
    #expect(old.changes(from: old).summary == ["mini: 1.0.0 → 1.0.0", "no changes"])
  }
}

@Suite struct SnapshotTests {
  @Test(arguments: ["mini", "2.0.0", "1.0.0"])
  func aSnapshotRoundTripsExactly(_ which: String) throws {
    let f =
      switch which {
      case "mini": MiniFramework.load()
      case "2.0.0": try Framework.load(from: shippedFrameworkPath)
      default: try Framework.load(from: version1Path)
      }
    let bytes = f.snapshot()
    let back = try Framework.load(snapshot: bytes)
    #expect(back.snapshot() == bytes)
    #expect(back.format == f.format && back.version == f.version)
    for (file, value) in f.files { #expect(back.files[file] == value, "\(file)") }
    #expect(back.changes(from: f).isEmpty)
    // One canonical document: the same framework read twice gives the same bytes.
    #expect(f.snapshot() == bytes)
    let document = try JSONParser.parse(bytes)
    #expect(document["kind"] == "cpd-framework-snapshot")
    #expect(JSONWriter.bytes(document, style: .canonical) == bytes)
  }

  @Test func aSnapshotIsValidatedLikeAFolder() throws {
    #expect(throws: FrameworkError.self) { try Framework.load(snapshot: Array(#"{"kind": "something-else"}"#.utf8)) }
    #expect(throws: FrameworkError.self) { try Framework.load(snapshot: Array("not json".utf8)) }
    let text = String(decoding: MiniFramework.load().snapshot(), as: UTF8.self)
      .replacingOccurrences(of: #""status":"piloted""#, with: #""status":"tested""#)
    do {
      _ = try Framework.load(snapshot: Array(text.utf8))
      Issue.record("a tampered snapshot loaded")
    } catch {
      #expect(error.problems.map(\.description).contains { $0.contains("unknown quality status \"tested\"") })
    }
  }
}
