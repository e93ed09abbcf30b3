import Competency
import Workforce

public enum GapStatus: String, Sendable, CaseIterable, Hashable {
  /// Evidenced at or above the required level, and staying so beyond the warning window.
  case met
  /// Nothing evidenced.
  case missing
  /// Evidenced, but below the required level.
  case below
  /// Was met, but the evidence has aged out of its currency window.
  case expired
  /// Met now, but falls below the required level within the warning window (90 days).
  case expiring

  /// Met today: met, or met but lapsing within the warning window. Every table, heatmap and total
  /// counts a requirement as met exactly when this says so.
  public var isMet: Bool {
    switch self {
    case .met, .expiring: true
    case .missing, .below, .expired: false
    }
  }

  /// Not met today (missing, below or expired): what every table and total calls a gap.
  public var isOpenGap: Bool { !isMet }

  /// Wants training: an open gap, or a requirement met now that lapses soon.
  public var needsAction: Bool {
    switch self {
    case .met: false
    case .missing, .below, .expired, .expiring: true
    }
  }
}

/// One requirement of a person's role, assessed.
public struct RequirementResult: Sendable, Hashable {
  /// Catalog index of the competency.
  public var competency: Int32
  public var priority: Priority
  public var required: Int
  public var evidenced: Int
  public var status: GapStatus
  /// Activities claiming the competency that await sign-off (they never count until verified).
  public var pending: Int
  /// When expiring: the first day the evidenced level falls below the requirement.
  public var lapsesOn: Day?
}

/// A self-assessment two or more levels away from the evidence.
public struct Mismatch: Sendable, Hashable {
  public var competency: Int32
  public var selfRated: Int
  public var evidenced: Int

  public var overconfident: Bool { selfRated > evidenced }
}

/// What the analyser finds for one person.
public struct PersonAnalysis: Sendable {
  public var person: Int
  public var agencyType: String?
  public var requirements: [RequirementResult]
  public var mismatches: [Mismatch]
  public var pendingActivities: Int
  public var oldestPending: Day?
  public var plan: TrainingPlan
  /// Modules the person has completed (with a verified activity), whatever they evidence now.
  var completed = ModuleSet()

  public var completedModules: [Int] { completed.members }
}

/// One piece of evidence for one competency, flattened from an activity and its claims.
struct EvidenceEntry {
  var day: Day
  var level: UInt8
  var mask: UInt8
  var counts: Bool
  var next: Int32
}

/// Per-thread scratch space: a person's evidence grouped by competency in linked lists over one
/// reused array, so analysing a hundred thousand people allocates almost nothing per person.
struct EvidenceIndex {
  var head: [Int32]
  var touched: [Int32] = []
  var entries: [EvidenceEntry] = []
  var pendingClaims: [Int32]
  var completed = ModuleSet()

  init(competencies: Int) {
    head = Array(repeating: -1, count: competencies)
    pendingClaims = Array(repeating: 0, count: competencies)
  }

  mutating func clear() {
    for c in touched {
      head[Int(c)] = -1
      pendingClaims[Int(c)] = 0
    }
    touched.removeAll(keepingCapacity: true)
    entries.removeAll(keepingCapacity: true)
    completed = ModuleSet()
  }

  mutating func touch(_ c: Int32) {
    if head[Int(c)] == -1 && pendingClaims[Int(c)] == 0 { touched.append(c) }
  }

  mutating func add(_ c: Int32, day: Day, level: UInt8, mask: UInt8, counts: Bool) {
    touch(c)
    entries.append(EvidenceEntry(day: day, level: level, mask: mask, counts: counts, next: head[Int(c)]))
    head[Int(c)] = Int32(entries.count - 1)
  }

  /// Loads one person's activities up to `asOf`. Rejected and corrected activities are left out;
  /// pending ones are only counted. A completed module counts for what it develops, even where
  /// the activity's own claims leave a competency out.
  mutating func load(
    _ workforce: Workforce, person: Int, model: AnalysisModel, asOf: Day, pending: inout Int, oldestPending: inout Day?
  ) {
    clear()
    let first = Int(workforce.itemStart[person])
    let end = Int(workforce.itemStart[person + 1])
    // Raw buffers: slicing arrays per activity would cost a reference count each time.
    workforce.items.withUnsafeBufferPointer { items in
      workforce.claims.withUnsafeBufferPointer { claims in
        for i in first..<end {
          let item = items[i]
          guard item.day <= asOf, item.status != .rejected, !item.superseded else { continue }
          let from = Int(item.claimStart)
          let to = from + Int(item.claimCount)
          if item.status == .pending {
            pending += 1
            if oldestPending.map({ item.day < $0 }) ?? true { oldestPending = item.day }
            for k in from..<to {
              touch(claims[k].competency)
              pendingClaims[Int(claims[k].competency)] += 1
            }
            continue
          }
          var mask = model.kindMask[item.kind.code]
          if item.module >= 0 && model.blendedMask[Int(item.module)] != 0 { mask |= model.blendedMask[Int(item.module)] }
          for k in from..<to { add(claims[k].competency, day: item.day, level: claims[k].level, mask: mask, counts: true) }
          if item.module >= 0 {
            completed.insert(Int(item.module))
            for d in model.modules[Int(item.module)].develops {
              var claimed = false
              for k in from..<to where claims[k].competency == d.competency { claimed = true }
              if !claimed { add(d.competency, day: item.day, level: UInt8(d.level), mask: mask, counts: true) }
            }
          }
        }
      }
    }
  }
}

/// `day.adding(months:)` for the currency windows in use, remembered per day: the calendar
/// arithmetic would otherwise run for every piece of evidence of every person.
struct ExpiryTable {
  let base: Int32
  /// One table per currency window in use (a framework has two or three).
  var months: [Int] = []
  var tables: [[Int32]] = []
  static let span = 40 * 366

  init(asOf: Day) { base = asOf.ordinal - Int32(Self.span) + 400 }

  mutating func expiry(_ day: Day, months window: Int) -> Day {
    let i = Int(day.ordinal - base)
    guard i >= 0, i < Self.span else { return day.adding(months: window) }
    var t = months.firstIndex(of: window) ?? -1
    if t < 0 {
      months.append(window)
      tables.append(Array(repeating: Int32.min, count: Self.span))
      t = months.count - 1
    }
    let known = tables[t][i]
    if known != Int32.min { return Day(ordinal: known) }
    let computed = day.adding(months: window)
    tables[t][i] = computed.ordinal
    return computed
  }
}

/// The evidence relevant to one competency, with each entry's expiry worked out once.
struct CompetencyEvidence {
  var entries: [(day: Day, expiry: Day, level: UInt8, mask: UInt8)] = []
  var pending = 0
  /// The earliest expiry among the entries: until then nothing lapses.
  var firstExpiry = Day(ordinal: .max)

  init() {}

  /// Gathers evidence for `competency` and its exact matches (crosswalks) from the index.
  mutating func gather(_ competency: Int32, index: EvidenceIndex, model: AnalysisModel, expiries: inout ExpiryTable) {
    entries.removeAll(keepingCapacity: true)
    pending = 0
    firstExpiry = Day(ordinal: .max)
    let months = model.currency[Int(competency)]
    for c in model.catalog.equivalents[Int(competency)] {
      pending += Int(index.pendingClaims[Int(c)])
      var e = index.head[Int(c)]
      while e >= 0 {
        let entry = index.entries[Int(e)]
        if entry.counts {
          let expiry = expiries.expiry(entry.day, months: months)
          entries.append((entry.day, expiry, entry.level, entry.mask))
          if expiry < firstExpiry { firstExpiry = expiry }
        }
        e = entry.next
      }
    }
  }

  /// The highest level whose rule is met by evidence current on `day` (every entry counts when
  /// `currentOnly` is false). Evidence is current from its date until its expiry, exclusive.
  func level(on day: Day, rules: [[UInt8]], maxLevel: Int, currentOnly: Bool = true) -> Int {
    var top = 0
    for e in entries where Int(e.level) > top && (!currentOnly || e.expiry > day) { top = Int(e.level) }
    var level = min(top, maxLevel)
    while level > 0 {
      if satisfies(level: level, rules: rules[level], on: day, currentOnly: currentOnly) { return level }
      level -= 1
    }
    return 0
  }

  func satisfies(level: Int, rules: [UInt8], on day: Day, currentOnly: Bool) -> Bool {
    for needed in rules {
      var found = false
      for e in entries where Int(e.level) >= level && e.mask & needed != 0 && (!currentOnly || e.expiry > day) {
        found = true
        break
      }
      if !found { return false }
    }
    return true
  }

  /// The categories of `rules` that evidence current on `day` does not meet at `level`, as bits.
  func unmet(level: Int, rules: [UInt8], on day: Day) -> UInt8 {
    var missing: UInt8 = 0
    for needed in rules where !entries.contains(where: { Int($0.level) >= level && $0.mask & needed != 0 && $0.expiry > day }) {
      missing |= needed
    }
    return missing
  }

  /// The first day after `from` on which the level falls below `required`, if any.
  func lapse(after from: Day, required: Int, rules: [[UInt8]], maxLevel: Int) -> Day? {
    let candidates = Set(entries.map(\.expiry).filter { $0 > from }).sorted()
    for day in candidates where level(on: day, rules: rules, maxLevel: maxLevel) < required { return day }
    return nil
  }
}

/// How much of a training plan to work out: the ordered steps a person or team reads, only the
/// modules (what aggregate reports count), or none.
public enum PlanDetail: Sendable {
  case full
  case modules
  case none
}

/// Analyses people against their roles. Holds per-thread scratch and a cache of training plans
/// (people with the same gaps in the same agency type get the same plan), so use one per thread.
public final class GapAnalyser {
  public let model: AnalysisModel
  public let asOf: Day
  /// Scratch space, moved into a local variable while a person is analysed (so the inner loops
  /// work on a local value, without the checks and reference counting a class property costs).
  struct Scratch {
    var index: EvidenceIndex
    var evidence = CompetencyEvidence()
    var expiries: ExpiryTable
  }
  var scratch: Scratch?
  let recommender: Recommender

  /// `plans` may be shared by analysers on other threads, so each plan part is solved once.
  public init(model: AnalysisModel, asOf: Day, plans: PlanCache = PlanCache()) {
    self.model = model
    self.asOf = asOf
    scratch = Scratch(index: EvidenceIndex(competencies: model.catalog.count), expiries: ExpiryTable(asOf: asOf))
    recommender = Recommender(model: model, cache: plans)
  }

  /// Assesses one person of `workforce` against their role (with their agency type's overlay).
  public func analyse(_ workforce: Workforce, person: Int, plan detail: PlanDetail = .full) -> PersonAnalysis {
    var s = scratch!
    scratch = nil
    defer { scratch = s }
    let model = self.model
    let asOf = self.asOf
    let withPlan = detail != .none
    let who = workforce.people[person]
    let agencyType = model.agencyType(of: who.agency)
    let typeNumber = model.typeNumber(ofAgency: who.agency)
    var pending = 0
    var oldestPending: Day? = nil
    s.index.load(workforce, person: person, model: model, asOf: asOf, pending: &pending, oldestPending: &oldestPending)
    let warning = asOf.adding(days: model.expiringWithinDays)
    let requirements = model.requirements(role: who.role, agencyType: typeNumber)
    var results: [RequirementResult] = []
    results.reserveCapacity(requirements.count)
    var gaps: [Recommender.Gap] = []
    for requirement in requirements {
      let c = requirement.competency
      let rules = model.rules[Int(c)]
      s.evidence.gather(c, index: s.index, model: model, expiries: &s.expiries)
      let level = s.evidence.level(on: asOf, rules: rules, maxLevel: model.maxLevel)
      var status: GapStatus
      var lapses: Day? = nil
      // When nothing lapses before the window ends (or has lapsed), the second look is not needed.
      if level >= requirement.level {
        if s.evidence.firstExpiry > warning || s.evidence.level(on: warning, rules: rules, maxLevel: model.maxLevel) >= requirement.level {
          status = .met
        } else {
          status = .expiring
          lapses = s.evidence.lapse(after: asOf, required: requirement.level, rules: rules, maxLevel: model.maxLevel)
        }
      } else if s.evidence.firstExpiry <= asOf
        && s.evidence.level(on: asOf, rules: rules, maxLevel: model.maxLevel, currentOnly: false) >= requirement.level
      {
        status = .expired
      } else {
        status = level == 0 ? .missing : .below
      }
      results.append(
        RequirementResult(
          competency: c, priority: requirement.priority, required: requirement.level, evidenced: level, status: status,
          pending: s.evidence.pending, lapsesOn: lapses))
      if status.needsAction && withPlan {
        // What new evidence must bring: the rule's categories not met by evidence that will
        // still be current when the warning window ends.
        let needs = s.evidence.unmet(level: requirement.level, rules: rules[requirement.level], on: warning)
        gaps.append(Recommender.Gap(competency: c, level: requirement.level, priority: requirement.priority, needs: needs))
      }
    }
    // Self-assessments: each competency's latest rating, against the s.evidence.
    var mismatches: [Mismatch] = []
    let ratings = workforce.ratings(of: person)
    for rating in ratings where rating.day <= asOf {
      if ratings.contains(where: { $0.competency == rating.competency && $0.day <= asOf && $0.day > rating.day }) { continue }
      let c = rating.competency
      let evidenced: Int
      if let r = results.first(where: { $0.competency == c }) {
        evidenced = r.evidenced
      } else {
        s.evidence.gather(c, index: s.index, model: model, expiries: &s.expiries)
        evidenced = s.evidence.level(on: asOf, rules: model.rules[Int(c)], maxLevel: model.maxLevel)
      }
      if abs(Int(rating.level) - evidenced) >= 2 {
        mismatches.append(Mismatch(competency: c, selfRated: Int(rating.level), evidenced: evidenced))
      }
    }
    mismatches.sort { $0.competency < $1.competency }
    let plan =
      withPlan && !gaps.isEmpty
      ? recommender.plan(gaps: gaps, agencyType: typeNumber, completed: s.index.completed, detail: detail)
      : TrainingPlan.empty
    var analysis = PersonAnalysis(
      person: person, agencyType: agencyType, requirements: results, mismatches: mismatches, pendingActivities: pending,
      oldestPending: oldestPending, plan: plan)
    analysis.completed = s.index.completed
    return analysis
  }
}
