import Competency
import Records
import Workforce

/// A synthetic but plausible Welsh community safety workforce, the same for the same seed:
/// people across the real agencies and regions in teams of 5-15 with a manager, a role mix
/// that fits each agency type, a few years of CPD tied to what their roles require (most of it
/// verified, some pending or rejected, some aged out), and self-assessments that sometimes
/// disagree with the evidence.
public struct DemoWorkforce: Sendable {
  public let framework: Framework
  public let seed: UInt64
  public let asOf: Day
  public let people: [NewPractitioner]
  /// The person who signs off each person's activities (their manager, or for a manager another
  /// manager in the agency).
  let verifiers: [String?]

  /// Relative headcount by agency type.
  static let typeWeights: [String: Double] = [
    "local-authority": 0.32, "police": 0.30, "fire-rescue": 0.07, "health": 0.10, "probation": 0.07,
    "youth-justice": 0.06, "pcc-office": 0.02, "third-sector": 0.06,
  ]

  /// Council populations in thousands (ONS Census 2021, rounded), weighting councils and their services.
  static let populations: [String: Double] = [
    "cardiff": 362, "swansea": 238, "rhondda": 237, "carmarthenshire": 188, "caerphilly": 176, "newport": 159,
    "flintshire": 155, "bridgend": 146, "neath": 142, "wrexham": 135, "powys": 133, "vale-of-glamorgan": 132,
    "pembrokeshire": 123, "gwynedd": 117, "conwy": 114, "denbighshire": 96, "monmouthshire": 93, "torfaen": 92,
    "ceredigion": 71, "anglesey": 69, "blaenau-gwent": 67, "merthyr": 59,
  ]

  static let roleWeights: [String: Double] = [
    "neighbourhood-police-officer": 60, "police-partnership-officer": 12, "fire-prevention-officer": 70,
    "probation-officer": 90, "youth-justice-worker": 40, "health-partner": 70, "third-sector-practitioner": 70,
    "pcc-commissioning-officer": 50, "community-safety-officer": 25, "asb-officer": 15, "community-safety-analyst": 6,
    "community-cohesion-coordinator": 6, "vawdasv-coordinator": 6, "board-member": 1.5,
    "community-safety-partnership-manager": 2,
  ]

  static let teamNames: [String: String] = [
    "local-authority": "Community Safety Team", "police": "Neighbourhood Policing Team", "fire-rescue": "Prevention Team",
    "health": "Safeguarding Team", "probation": "Probation Delivery Unit", "youth-justice": "Youth Justice Team",
    "pcc-office": "Commissioning Team", "third-sector": "Community Projects Team",
  ]

  public init(framework: Framework, practitioners count: Int, seed: UInt64, asOf: Day) {
    self.framework = framework
    self.seed = seed
    self.asOf = asOf
    var random = SeededRandom(seed: seed)
    // How many people each agency has.
    let agencies = framework.agencies
    var weights: [Double] = agencies.map { agency in
      let typeWeight = Self.typeWeights[agency.type] ?? 0.02
      let sameType = Double(agencies.filter { $0.type == agency.type }.count)
      let population = Self.populations.first { agency.id.contains($0.key) }?.value ?? 130
      return typeWeight / sameType * (agency.type == "local-authority" || agency.type == "youth-justice" ? population / 130 : 1)
    }
    let total = weights.reduce(0, +)
    weights = weights.map { $0 / total }
    var headcount = weights.map { Int(($0 * Double(count)).rounded(.down)) }
    var short = count - headcount.reduce(0, +)
    var i = 0
    while short > 0 {
      headcount[i % headcount.count] += 1
      short -= 1
      i += 7
    }

    var people: [NewPractitioner] = []
    var verifiers: [String?] = []
    var usedNames: [String: Int] = [:]
    for (a, agency) in agencies.enumerated() where headcount[a] > 0 {
      let roles = framework.roles.filter { $0.agencyTypes.contains(agency.type) }
      guard !roles.isEmpty else { continue }
      let managerRole =
        roles.first { $0.id == "community-safety-partnership-manager" }?.id
        ?? roles.first { $0.id.contains("coordinator") || $0.id.contains("commissioning") }?.id ?? roles[0].id
      var remaining = headcount[a]
      var teamNumber = 0
      var agencyLead: String? = nil
      while remaining > 0 {
        teamNumber += 1
        var size = Int.random(in: 5...15, using: &random)
        if remaining - size < 5 { size = remaining }
        remaining -= size
        let team = "\(agency.name.en) \(Self.teamNames[agency.type] ?? "Team") \(teamNumber)"
        var manager: String? = nil
        for member in 0..<size {
          let given = Names.given.randomElement(using: &random)!
          let family = Names.family.randomElement(using: &random)!
          var base = "\(given) \(family)"
          if usedNames[base] != nil {
            let initial = Character(Unicode.Scalar(UInt8.random(in: 65...90, using: &random)))
            base = "\(given) \(initial). \(family)"
          }
          let n = usedNames[base, default: 0]
          usedNames[base] = n + 1
          let id = String(format: "p%06d", people.count + 1)
          let slug = base.lowercased().split(separator: " ").map { word in
            String(word.unicodeScalars.filter { $0.isASCII && $0.properties.isAlphabetic }.map(Character.init))
          }.filter { !$0.isEmpty }.joined(separator: ".")
          let role =
            member == 0
            ? managerRole
            : random.weighted(roles.map { ($0.id, Self.roleWeights[$0.id] ?? 5) })
          let welshLikely = agency.regions.contains("north-wales") || agency.regions.contains("dyfed-powys")
          people.append(
            NewPractitioner(
              id: id, name: n == 0 ? base : "\(base) (\(n + 1))",
              email: "\(slug)\(n == 0 ? "" : String(n + 1))@\(agency.id).example.org", agency: agency.id, team: team, role: role,
              manager: member == 0 ? nil : manager, language: random.chance(welshLikely ? 0.35 : 0.1) ? "cy" : "en"))
          if member == 0 {
            manager = id
            verifiers.append(agencyLead)
            if agencyLead == nil { agencyLead = id }
          } else {
            verifiers.append(manager)
          }
        }
      }
    }
    // Each agency's lead manager is signed off by another agency's lead.
    let leads = people.indices.filter { people[$0].manager == nil && verifiers[$0] == nil }
    for (k, j) in leads.enumerated() where leads.count > 1 {
      verifiers[j] = people[leads[(k + 1) % leads.count]].id
    }
    self.people = people
    self.verifiers = verifiers
  }

  /// Activities for person `index`: the same whatever order people are generated in.
  public func activities(of index: Int, lookup: ModuleLookup) -> [NewActivity] {
    let person = people[index]
    var random = SeededRandom(seed: seed ^ (UInt64(index + 1) &* 0x9E37_79B9_7F4A_7C15))
    let agencyType = framework.agency(person.agency)?.type ?? ""
    let requirements = framework.requirements(forRole: person.role, agencyType: agencyType) ?? []
    // How far along their development is.
    let stage = Double.random(in: 0.25...1.0, using: &random)
    var usedDays: Set<Int32> = []
    var result: [NewActivity] = []
    func day(within days: ClosedRange<Int>) -> Day {
      var d = asOf.adding(days: -Int.random(in: days, using: &random))
      while usedDays.contains(d.ordinal) { d = d.adding(days: -1) }
      usedDays.insert(d.ordinal)
      return d
    }
    /// Most older activities are verified; recent ones often still wait; a few are rejected.
    func signOff(_ date: Day) -> PresetSignOff? {
      guard let verifier = verifiers[index] else { return nil }
      let age = asOf.days(since: date)
      let roll = Double.random(in: 0..<1, using: &random)
      if (age < 45 && roll < 0.55) || roll < 0.06 { return nil }
      if roll < 0.09 {
        return PresetSignOff(
          decision: .rejected, verifier: verifier, note: "Please add the evidence of attendance",
          date: min(asOf, date.adding(days: 7)))
      }
      let signed = min(asOf, date.adding(days: Int.random(in: 1...21, using: &random)))
      return PresetSignOff(decision: .verified, verifier: verifier, note: nil, date: signed)
    }
    func add(_ kind: ActivityKind, _ title: String, hours: Double, claims: [ClaimedLevel], module: String?, age: ClosedRange<Int>) {
      let date = day(within: age)
      let decision = signOff(date)
      let reflection = random.chance(0.3) ? Self.reflections.randomElement(using: &random)! : nil
      result.append(
        NewActivity(
          practitioner: person.id, date: date, kind: kind, hours: min(hours, 7.5),
          participatory: kind.isParticipatoryByDefault, title: title, module: module, claims: claims,
          reflection: reflection, signOff: decision))
    }
    for requirement in requirements.shuffled(using: &random) where random.chance(stage) {
      var level = requirement.level
      if random.chance(0.2) { level = max(1, level - 1) }
      if random.chance(0.1) { level = min(framework.maxLevel, level + 1) }
      // Most evidence is within the last three years; some is older and has aged out.
      let age = random.chance(0.12) ? 900...1400 : 20...1000
      if let learning = lookup.learning(requirement.competency, level: level, agencyType: agencyType, random: &random) {
        let m = framework.modules[learning]
        add(
          m.mode.evidenceKinds[0], m.title.en, hours: m.hours, claims: claims(m, requirement.competency, level), module: m.id,
          age: age)
      } else {
        add(.classroom, "Briefing: \(framework.competency(requirement.competency)?.title.en ?? "")", hours: 3,
            claims: [ClaimedLevel(competency: requirement.competency, level: level)], module: nil, age: age)
      }
      if level >= 2 && random.chance(0.8) {
        if random.chance(0.3), let practice = lookup.practice(requirement.competency, level: level, agencyType: agencyType, random: &random) {
          let m = framework.modules[practice]
          add(
            m.mode.evidenceKinds[0], m.title.en, hours: m.hours, claims: claims(m, requirement.competency, level), module: m.id,
            age: age)
        } else {
          let kind = random.weighted([(ActivityKind.onTheJob, 6), (.shadowing, 1), (.coaching, 1), (.actionLearning, 1)])
          add(
            kind, "Applied at work: \(framework.competency(requirement.competency)?.title.en ?? "")",
            hours: Double(Int.random(in: 2...7, using: &random)),
            claims: [ClaimedLevel(competency: requirement.competency, level: level)], module: nil, age: age)
        }
      }
    }
    // Everyday CPD: reading, conferences, reflective accounts.
    let extra = Int.random(in: 2...10, using: &random)
    for _ in 0..<extra {
      guard let requirement = requirements.randomElement(using: &random) else { break }
      let kind = random.weighted([(ActivityKind.reading, 4), (.conference, 2), (.reflectiveAccount, 2), (.eLearning, 2), (.workshop, 1)])
      add(
        kind, Self.everyday[kind] ?? "CPD activity", hours: Double(Int.random(in: 1...4, using: &random)),
        claims: [ClaimedLevel(competency: requirement.competency, level: Int.random(in: 1...2, using: &random))], module: nil,
        age: 5...1100)
    }
    return result
  }

  func claims(_ module: Module, _ competency: String, _ level: Int) -> [ClaimedLevel] {
    var list = module.develops.map { ClaimedLevel(competency: $0.competency, level: $0.level) }
    if let i = list.firstIndex(where: { $0.competency == competency }) {
      list[i].level = min(list[i].level, max(level, 1))
    } else {
      list.append(ClaimedLevel(competency: competency, level: level))
    }
    return list
  }

  /// Self-assessments for person `index`: most near the truth, some two levels out.
  public func ratings(of index: Int) -> [(practitioner: String, competency: String, level: Int, day: Day)] {
    let person = people[index]
    var random = SeededRandom(seed: seed ^ 0xA5A5_5A5A ^ (UInt64(index + 1) &* 0xD1B5_4A32_D192_ED03))
    guard random.chance(0.6) else { return [] }
    let agencyType = framework.agency(person.agency)?.type
    let requirements = (framework.requirements(forRole: person.role, agencyType: agencyType) ?? []).shuffled(using: &random)
    return requirements.prefix(Int.random(in: 3...6, using: &random)).map { r in
      var level = r.level + random.weighted([(0, 5), (-1, 2), (1, 2), (2, 1), (-2, 1)])
      level = min(framework.maxLevel, max(0, level))
      return (person.id, r.competency, level, asOf.adding(days: -Int.random(in: 10...300, using: &random)))
    }
  }

  static let reflections = [
    "Useful session; I will use the approach in our next partnership tasking meeting.",
    "Helped me see where our information sharing falls short; raised it with my manager.",
    "Practised the technique with a colleague and agreed a plan to apply it on my caseload.",
    "I was less confident than I thought; I will shadow a colleague before leading on this.",
    "Shared the learning with the team at our monthly meeting.",
  ]

  static let everyday: [ActivityKind: String] = [
    .reading: "Read national guidance and a research summary", .conference: "Attended a regional practitioner event",
    .reflectiveAccount: "Wrote a reflective account on a recent case", .eLearning: "Completed an online refresher",
    .workshop: "Joined a multi-agency workshop",
  ]
}

/// Modules that develop each competency, by kind of evidence, for the demo to pick from.
public struct ModuleLookup: Sendable {
  let framework: Framework
  var learning: [String: [(module: Int, level: Int)]] = [:]
  var practice: [String: [(module: Int, level: Int)]] = [:]

  public init(framework: Framework) {
    self.framework = framework
    for (i, m) in framework.modules.enumerated() {
      let isLearning = m.mode.evidenceKinds.contains { framework.categories(of: $0).contains("learning") }
      let isPractice = m.mode.evidenceKinds.contains { framework.categories(of: $0).contains("practice") }
      for d in m.develops {
        if isLearning { learning[d.competency, default: []].append((i, d.level)) }
        if isPractice { practice[d.competency, default: []].append((i, d.level)) }
      }
    }
  }

  func pick(_ table: [String: [(module: Int, level: Int)]], _ competency: String, level: Int, agencyType: String, random: inout SeededRandom) -> Int? {
    let options = (table[competency] ?? []).filter { $0.level >= level && framework.modules[$0.module].isOpen(to: agencyType) }
    return options.randomElement(using: &random)?.module
  }

  func learning(_ competency: String, level: Int, agencyType: String, random: inout SeededRandom) -> Int? {
    pick(learning, competency, level: level, agencyType: agencyType, random: &random)
  }

  func practice(_ competency: String, level: Int, agencyType: String, random: inout SeededRandom) -> Int? {
    pick(practice, competency, level: level, agencyType: agencyType, random: &random)
  }
}

extension DemoWorkforce {
  /// Fills a fresh store: practitioners (managers before their teams), then activities read on
  /// one core while the store writes on the other, then self-assessments. `progress` hears
  /// (stage, done, total).
  public func populate(_ store: SQLiteStore, progress: @escaping @Sendable (String, Int, Int) -> Void) throws {
    try store.bind(framework: framework)
    try store.add(people, actor: .system("demo"))
    let lookup = ModuleLookup(framework: framework)
    let count = people.count
    let demo = self
    let stream = ActivityStream { emit in
      var chunk: [NewActivity] = []
      for i in 0..<count {
        chunk.append(contentsOf: demo.activities(of: i, lookup: lookup))
        if chunk.count >= 4096 {
          try emit(chunk)
          chunk.removeAll(keepingCapacity: true)
        }
        if i % 1000 == 999 { progress("activities", i + 1, count) }
      }
      if !chunk.isEmpty { try emit(chunk) }
    }
    try store.importActivities(stream, creating: [], source: "demo", frameworkVersion: framework.version, actor: .system("demo"))
    progress("activities", count, count)
    var ratings: [(practitioner: String, competency: String, level: Int, day: Day)] = []
    for i in 0..<count { ratings += self.ratings(of: i) }
    try store.assess(ratings, actor: .system("demo"))
  }
}
