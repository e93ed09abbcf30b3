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

  /// Council populations in thousands (ONS Census 2021, rounded), weighting councils and their
  /// services. An ordered list, not a dictionary: which entries match an agency must not depend
  /// on a hash order that changes from one run to the next.
  static let populations: KeyValuePairs<String, Double> = [
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
      // A service shared by several councils (a joint youth offending service) serves them all.
      let matched = Self.populations.filter { agency.id.contains($0.key) }.map(\.value)
      let population = matched.isEmpty ? 130 : matched.reduce(0, +)
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
          practitioner: person.id, date: date, kind: kind, hours: Hours(rounding: min(hours, 7.5)), title: title, module: module,
          claims: claims,
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

  /// Reflections of a little over a hundred words, long enough to count as reflective accounts.
  static let reflections = [
    """
    What happened: a half-day session on running a partnership tasking meeting, with a worked example from a \
    neighbouring authority. What I learnt: our meetings list problems without owners or dates, so actions drift \
    from one month to the next. The session showed a simple action log with a named lead, a review date and the \
    evidence we expect to see. What I will do: I will propose the log at our next meeting, agree it with the police \
    sergeant who co-chairs, and review after three months whether actions are closed on time. I will ask my manager \
    to look at the first two logs with me and tell me honestly whether they help.
    """,
    """
    What happened: a workshop on information sharing agreements, where each agency explained what it can and cannot \
    share without consent. What I learnt: I had assumed health partners simply refuse to share, when in fact our \
    requests rarely state the lawful basis or the purpose clearly enough for them to decide. I also learnt where the \
    regional WASPI templates are kept. What I will do: I will redraft our referral form so that it asks for the \
    purpose and the lawful basis, test it with two partners, and raise the gaps in our current agreement with my \
    manager before the protocol is reviewed in the spring.
    """,
    """
    What happened: I practised a structured risk conversation with a colleague playing a resident reporting repeated \
    anti-social behaviour, and we swapped roles twice. What I learnt: I move to solutions too quickly and miss what \
    the person is most worried about, which changes the level of risk. Slowing down and asking open questions gave a \
    different picture in both rounds. What I will do: on my next three cases I will use the question prompts from \
    the session, note what changed in my assessment, and discuss one of those cases in supervision so that my \
    manager can check whether my judgements of risk have become more consistent.
    """,
    """
    What happened: a day on problem solving with partners from the council, police, fire and housing, working \
    through one local problem from scanning to assessment. What I learnt: I was less confident than I thought about \
    analysing a problem before choosing a response; I went straight to the usual patrols and letters. The group \
    showed me how to look at victims, places and times first. What I will do: I will shadow our analyst for a day, \
    then lead the analysis of one small problem myself with support, and write up what worked and what did not \
    for the team, so that we can judge whether the response made a difference.
    """,
    """
    What happened: a briefing on the new guidance followed by a discussion of how it applies to our casework. What \
    I learnt: two of our standard letters still quote the old powers and one time limit has changed, which could \
    leave a case open to challenge. I also found that colleagues in other teams were unsure of the change. What I \
    will do: I have shared a short summary with the team at our monthly meeting, asked legal services to check the \
    revised letters, and agreed with my manager that we will review two closed cases together to see whether the \
    new approach would have changed the outcome or the time it took.
    """,
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
  /// Fills a fresh store through the store interface, every record checked by the record-keeping
  /// rules as any other would be: practitioners (managers before their teams), then activities
  /// generated and checked on one core while the store writes on the other, then
  /// self-assessments. `progress` hears (stage, done, total).
  public func populate(_ store: any RecordStore, progress: @escaping @Sendable (String, Int, Int) -> Void) throws {
    let rules = RecordRules(frameworks: [framework], today: max(asOf, Day.today))
    let actor = AuditActor.system("demo")
    try store.bind(FrameworkBinding(id: framework.id, version: framework.version, snapshot: framework.snapshot()), actor: actor)
    try store.add(try people.map { p throws(RecordsError) in try rules.check(p) }, actor: actor)
    let lookup = ModuleLookup(framework: framework)
    let count = people.count
    let demo = self
    let stream = ChunkStream<CheckedActivity> { emit in
      var chunk: [CheckedActivity] = []
      for i in 0..<count {
        for activity in demo.activities(of: i, lookup: lookup) { chunk.append(try rules.check(activity)) }
        if chunk.count >= 4096 {
          try emit(chunk)
          chunk.removeAll(keepingCapacity: true)
        }
        if i % 1000 == 999 { progress("activities", i + 1, count) }
      }
      if !chunk.isEmpty { try emit(chunk) }
    }
    _ = try store.log(
      stream, creating: [], source: "demo", frameworkVersion: framework.version, actor: actor, progress: nil)
    progress("activities", count, count)
    var ratings: [CheckedAssessment] = []
    for i in 0..<count {
      for r in self.ratings(of: i) {
        ratings.append(try rules.checkAssessment(practitioner: r.practitioner, competency: r.competency, level: r.level, on: r.day))
      }
    }
    try store.assess(ratings, actor: actor)
  }
}
