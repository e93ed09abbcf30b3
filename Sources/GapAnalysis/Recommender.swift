import Foundation
import Competency

/// A person's recommended training: the modules that together close their open gaps.
public struct TrainingPlan: Sendable, Hashable {
  public struct Step: Sendable, Hashable {
    /// Index into the primary framework's modules.
    public var module: Int
    public var hours: Double
    /// Catalog indexes of the competencies whose gaps this module helps close.
    public var closes: [Int32]
    /// Modules that need this one first (when it is in the plan as a prerequisite).
    public var prerequisiteOf: [Int]
    public var order: Int
    /// The highest priority among the gaps it serves.
    public var priority: Priority
  }

  /// A level that needs practice evidence no module in the catalogue provides: the plan leaves
  /// it to supervised work, and says so.
  public struct WorkplaceNeed: Sendable, Hashable {
    public var competency: Int32
    public var level: Int
  }

  public enum Method: String, Sendable, Hashable {
    /// The least total hours, proven by exhaustive search.
    case exact
    /// Greedy set cover: within a factor H(k) of the least hours, k being the most gaps one
    /// module serves; `lowerBound` is a proven floor on the least hours.
    case greedy
  }

  /// The modules in order, with what each closes (worked out for person and team reports).
  public var steps: [Step]
  public var workplace: [WorkplaceNeed]
  /// Gaps no module open to the person's agency type can close.
  public var uncovered: [WorkplaceNeed]
  public var method: Method
  public var lowerBound: Double
  public var totalHours: Double
  /// The modules chosen, and those serving a mandatory gap (or needed first by one that does).
  var modules = ModuleSet()
  var mandatory = ModuleSet()

  public var moduleIndexes: [Int] { modules.members }

  public static let empty = TrainingPlan(steps: [], workplace: [], uncovered: [], method: .exact, lowerBound: 0, totalHours: 0)
}

/// Chooses modules to close gaps with the least total hours.
///
/// Each gap becomes "needs": one per evidence category its rule still lacks at the required
/// level (the blended rule gives a learning need and a practice need). A module meets a need when
/// it is open to the person's agency type, develops the competency (or an exact match) to at
/// least the required level, and is delivered in a mode of that category; choosing it brings
/// its prerequisites not yet completed. Needs that can share no module or prerequisite are
/// independent, so each group of linked needs is solved on its own (and cached: the same groups
/// recur across many people). A group is solved exactly by branch and bound when it has at most
/// 64 candidate modules and the search stays under 200,000 nodes, which holds for every group in
/// this framework; otherwise greedy cover gives a plan within H(k) of the least hours.
final class Recommender {
  struct Gap: Hashable {
    var competency: Int32
    var level: Int
    var priority: Priority
    /// The evidence categories still needed, one bit each (bit 7: any kind of evidence).
    var needs: UInt8
  }

  /// One need: a gap's missing evidence category, and the modules that meet it.
  struct Need {
    var gap: Int
    var options: [Int]
  }

  let model: AnalysisModel
  static let nodeLimit = 200_000
  /// Each module with all its prerequisites, transitively.
  let prerequisiteClosure: [ModuleSet]
  /// Solutions for groups of linked needs, which recur across many people.
  let componentCache: PlanCache

  /// A group of needs as the search sees it: the distinct sets of modules meeting each need, in
  /// one canonical order; the modules they and their prerequisites not yet completed bring
  /// (`reach`); and the completed ones among those. `cover` reads nothing else: its candidates
  /// are the reach, and each option's closure is found from these alone (walking prerequisites
  /// from the option, one in the reach and not completed is brought; one outside the reach must
  /// be completed, or the reach would hold it). The needs are given to it in this order, so equal
  /// keys have equal solutions, and people whose gaps differ but lead to the same choice (another
  /// competency, another agency type with the same modules open to it) share one.
  struct ComponentKey: Hashable, Sendable {
    var needs: [ModuleSet]
    var reach: ModuleSet
    var completed: ModuleSet

    /// The sets folded into one word first: hashing each word separately cost more than the
    /// lookup saves. Equality still compares everything.
    func hash(into hasher: inout Hasher) {
      var h = reach.fold(0x243F_6A88_85A3_08D3) ^ completed.fold(0x1319_8A2E_0370_7344)
      for (i, n) in needs.enumerated() { h = h &* 0x9E37_79B9_7F4A_7C15 ^ n.fold(UInt64(i)) }
      hasher.combine(h)
    }
  }

  init(model: AnalysisModel, cache: PlanCache = PlanCache()) {
    self.model = model
    componentCache = cache
    prerequisiteClosure = model.prerequisiteClosure
  }

  /// The plan for a person's gaps in an agency type (its number in the model), given the modules
  /// they have completed.
  func plan(gaps: [Gap], agencyType: Int, completed: ModuleSet, detail: PlanDetail = .full) -> TrainingPlan {
    solve(gaps: gaps, agencyType: agencyType, completed: completed, detail: detail)
  }

  func plan(gaps: [Gap], agencyType: String, completed: Set<Int>) -> TrainingPlan {
    let type = model.agencyTypes.firstIndex(of: agencyType) ?? model.agencyTypes.count - 1
    return solve(gaps: gaps, agencyType: type, completed: ModuleSet(completed), detail: .full)
  }

  /// Scratch space reused from one person to the next, moved into a local variable while in use.
  struct Scratch {
    var needGap: [Int] = []
    var needBit: [Int] = []
    /// Where each need's options are in the model.
    var needCell: [Int] = []
    var groupReach: [ModuleSet] = []
    /// False for a group merged into another.
    var groupLive: [Bool] = []
    /// How many needs each group has.
    var groupSize: [Int] = []
    var groupOf: [Int] = []
  }
  private var scratch: Scratch? = Scratch()
  private var local: [Int8] = []

  func solve(gaps: [Gap], agencyType: Int, completed: ModuleSet, detail: PlanDetail) -> TrainingPlan {
    var x = scratch!
    scratch = nil
    defer { scratch = x }
    var workplace: [TrainingPlan.WorkplaceNeed] = []
    var uncovered: [TrainingPlan.WorkplaceNeed] = []
    x.needGap.removeAll(keepingCapacity: true)
    x.needBit.removeAll(keepingCapacity: true)
    x.needCell.removeAll(keepingCapacity: true)
    x.groupReach.removeAll(keepingCapacity: true)
    x.groupLive.removeAll(keepingCapacity: true)
    x.groupSize.removeAll(keepingCapacity: true)
    x.groupOf.removeAll(keepingCapacity: true)
    for (g, gap) in gaps.enumerated() {
      var bits = gap.needs
      while bits != 0 {
        let bit = bits.trailingZeroBitCount
        bits &= bits - 1
        let cell = model.cell(type: agencyType, competency: gap.competency, level: gap.level, bit: bit)
        if model.optionSets[cell].isEmpty {
          let need = TrainingPlan.WorkplaceNeed(competency: gap.competency, level: gap.level)
          if (UInt8(1) << UInt8(bit)) & model.practiceMask != 0 {
            if !workplace.contains(need) { workplace.append(need) }
          } else if !uncovered.contains(need) {
            uncovered.append(need)
          }
          continue
        }
        // With none of the options or their prerequisites completed, each option brings all its
        // prerequisites.
        var reach = model.extentSets[cell]
        if reach.intersects(completed) {
          reach = ModuleSet()
          model.optionSets[cell].forEach { reach = reach.union(closure($0, completed: completed)) }
        }
        // Needs that could share a module (or a prerequisite) are solved together: join every
        // group this need's reach touches.
        var into = -1
        for k in x.groupReach.indices where x.groupLive[k] && x.groupReach[k].intersects(reach) {
          reach = reach.union(x.groupReach[k])
          if into < 0 {
            into = k
          } else {
            x.groupLive[k] = false
            x.groupSize[into] += x.groupSize[k]
            for n in x.groupOf.indices where x.groupOf[n] == k { x.groupOf[n] = into }
          }
        }
        if into < 0 {
          into = x.groupReach.count
          x.groupReach.append(reach)
          x.groupLive.append(true)
          x.groupSize.append(1)
        } else {
          x.groupReach[into] = reach
          x.groupSize[into] += 1
        }
        x.needGap.append(g)
        x.needBit.append(bit)
        x.needCell.append(cell)
        x.groupOf.append(into)
      }
    }
    if x.needGap.isEmpty {
      return TrainingPlan(steps: [], workplace: workplace, uncovered: uncovered, method: .exact, lowerBound: 0, totalHours: 0)
    }
    var chosen = ModuleSet()
    var exact = true
    var lowerBound = 0.0
    for k in x.groupReach.indices where x.groupLive[k] {
      let reach = x.groupReach[k]
      // The group's needs by their options, distinct, in canonical order.
      var needs: [ModuleSet] = []
      needs.reserveCapacity(x.groupSize[k])
      for n in x.needGap.indices where x.groupOf[n] == k {
        let options = model.optionSets[x.needCell[n]]
        var at = needs.count
        while at > 0 && options.precedes(needs[at - 1]) { at -= 1 }
        if at > 0 && needs[at - 1] == options { continue }
        needs.insert(options, at: at)
      }
      let key = ComponentKey(needs: needs, reach: reach, completed: completed.intersection(reach))
      let solution: PlanCache.Solution
      if let cached = componentCache.get(key) {
        solution = cached
      } else {
        solution = cover(needs.map { Need(gap: 0, options: $0.members) }, reach: reach, completed: completed)
        componentCache.put(key, solution)
      }
      chosen = chosen.union(solution.modules)
      exact = exact && solution.exact
      lowerBound += solution.lowerBound
    }
    // Modules serving mandatory gaps, and what they need first.
    var mandatory = ModuleSet()
    for n in x.needGap.indices where gaps[x.needGap[n]].priority == .mandatory {
      mandatory = mandatory.union(chosen.intersection(model.optionSets[x.needCell[n]]))
    }
    let serving = mandatory
    serving.forEach { mandatory = mandatory.union(prerequisiteClosure[$0].intersection(chosen)) }
    var hours = 0.0
    let members = chosen.members
    for m in members { hours += model.modules[m].hours }
    var steps: [TrainingPlan.Step] = []
    if detail == .full {
      let needs = x.needGap.indices.map { n in
        Need(gap: x.needGap[n], options: model.options(type: agencyType, competency: gaps[x.needGap[n]].competency, level: gaps[x.needGap[n]].level, bit: x.needBit[n]))
      }
      steps = order(members, needs: needs, gaps: gaps)
    }
    var plan = TrainingPlan(
      steps: steps, workplace: workplace, uncovered: uncovered, method: exact ? .exact : .greedy, lowerBound: lowerBound,
      totalHours: hours)
    plan.modules = chosen
    plan.mandatory = mandatory
    return plan
  }

  /// The module and the prerequisites it brings. A completed module may be taken again (its
  /// evidence may have expired); completed prerequisites, and what they needed, are not.
  func closure(_ m: Int, completed: ModuleSet) -> ModuleSet {
    var result = ModuleSet()
    result.insert(m)
    if !prerequisiteClosure[m].intersects(completed) { return result.union(prerequisiteClosure[m]) }
    var stack = model.modules[m].prerequisites
    while let p = stack.popLast() {
      if completed.contains(p) || result.contains(p) { continue }
      result.insert(p)
      stack += model.modules[p].prerequisites
    }
    return result
  }

  func closure(_ m: Int, completed: Set<Int>) -> [Int] { closure(m, completed: ModuleSet(completed)).members }

  /// The cheapest modules meeting every need of one group.
  func cover(_ needs: [Need], reach: ModuleSet, completed: ModuleSet) -> PlanCache.Solution {
    let candidates = reach.members
    if candidates.count <= 64, let exact = exactCover(needs: needs, candidates: candidates, completed: completed) {
      return (ModuleSet(exact), true, exact.reduce(0) { $0 + model.modules[$1].hours })
    }
    let (greedy, bound) = greedyCover(needs: needs, completed: completed)
    return (ModuleSet(greedy), false, bound)
  }

  /// Branch and bound over needs, fewest options first. Nil when the search is too large.
  func exactCover(needs: [Need], candidates: [Int], completed: ModuleSet) -> [Int]? {
    // Candidates are numbered 0..<64 for the search; `local` maps module numbers to them.
    if local.count < model.modules.count { local = Array(repeating: -1, count: model.modules.count) }
    for (i, m) in candidates.enumerated() { local[m] = Int8(i) }
    defer { for m in candidates { local[m] = -1 } }
    let hours = candidates.map { model.modules[$0].hours }
    var closures = [UInt64](repeating: 0, count: candidates.count)
    for (i, m) in candidates.enumerated() {
      var bits: UInt64 = 0
      closure(m, completed: completed).forEach { bits |= 1 << UInt64(local[$0]) }
      closures[i] = bits
    }
    // A need is met when any of its options is chosen.
    var needMasks = needs.map { need in need.options.reduce(UInt64(0)) { $0 | (1 << UInt64(local[$1])) } }
    needMasks.sort { $0.nonzeroBitCount < $1.nonzeroBitCount }
    func cost(_ set: UInt64) -> Double {
      var total = 0.0
      var s = set
      while s != 0 {
        total += hours[s.trailingZeroBitCount]
        s &= s - 1
      }
      return total
    }
    // Start from a quick greedy answer (cheapest option per open need), so pruning bites at once.
    var best: UInt64 = 0
    for mask in needMasks where mask & best == 0 {
      var pick = 0
      var pickCost = Double.infinity
      var options = mask
      while options != 0 {
        let i = options.trailingZeroBitCount
        let extra = cost(closures[i] & ~best)
        if extra < pickCost {
          pick = i
          pickCost = extra
        }
        options &= options - 1
      }
      best |= closures[pick]
    }
    var bestCost = cost(best)
    var nodes = 0
    var exhausted = false

    func search(_ chosen: UInt64, _ spent: Double) {
      nodes += 1
      if nodes > Self.nodeLimit {
        exhausted = true
        return
      }
      // Lower bound: the dearest of the cheapest ways to meet each open need.
      var firstOpen = -1
      var bound = spent
      for (n, mask) in needMasks.enumerated() where mask & chosen == 0 {
        if firstOpen < 0 { firstOpen = n }
        var cheapest = Double.infinity
        var options = mask
        while options != 0 {
          cheapest = min(cheapest, cost(closures[options.trailingZeroBitCount] & ~chosen))
          options &= options - 1
        }
        bound = max(bound, spent + cheapest)
      }
      if firstOpen < 0 {
        if spent < bestCost - 1e-9 || (abs(spent - bestCost) < 1e-9 && chosen.nonzeroBitCount < best.nonzeroBitCount) {
          best = chosen
          bestCost = spent
        }
        return
      }
      if bound >= bestCost - 1e-9 { return }
      // The open need's options, cheapest first (ties by number), on the stack: this runs at
      // every node of every search, and an array per node cost more than the search itself.
      let mask = needMasks[firstOpen]
      withUnsafeTemporaryAllocation(of: (Int, Double).self, capacity: mask.nonzeroBitCount) { options in
        var count = 0
        var rest = mask
        while rest != 0 {
          let i = rest.trailingZeroBitCount
          rest &= rest - 1
          let option = (i, cost(closures[i] & ~chosen))
          var at = count
          while at > 0 && (option.1, option.0) < (options[at - 1].1, options[at - 1].0) {
            options[at] = options[at - 1]
            at -= 1
          }
          options[at] = option
          count += 1
        }
        for k in 0..<count {
          search(chosen | closures[options[k].0], spent + options[k].1)
          if exhausted { return }
        }
      }
    }
    search(0, 0)
    if exhausted { return nil }
    var result: [Int] = []
    var s = best
    while s != 0 {
      result.append(candidates[s.trailingZeroBitCount])
      s &= s - 1
    }
    return result
  }

  /// Greedy set cover by hours per need met; returns the modules and a proven lower bound on the
  /// least hours (the dearest single need's cheapest option).
  func greedyCover(needs: [Need], completed: Set<Int>) -> ([Int], Double) {
    greedyCover(needs: needs, completed: ModuleSet(completed))
  }

  func greedyCover(needs: [Need], completed: ModuleSet) -> ([Int], Double) {
    var chosen = ModuleSet()
    var open = Array(needs.indices)
    var lowerBound = 0.0
    func hours(_ set: ModuleSet) -> Double { set.members.reduce(0) { $0 + model.modules[$1].hours } }
    for need in needs {
      lowerBound = max(lowerBound, need.options.map { hours(closure($0, completed: completed)) }.min() ?? 0)
    }
    while !open.isEmpty {
      var best: (module: Int, ratio: Double)? = nil
      var candidates = Set<Int>()
      for n in open { candidates.formUnion(needs[n].options) }
      for m in candidates.sorted() {
        let bring = closure(m, completed: completed).subtracting(chosen)
        let after = chosen.union(bring)
        let met = open.filter { n in needs[n].options.contains { after.contains($0) } }.count
        guard met > 0 else { continue }
        let ratio = hours(bring) / Double(met)
        if best == nil || ratio < best!.ratio { best = (m, ratio) }
      }
      guard let pick = best else { break }
      chosen = chosen.union(closure(pick.module, completed: completed))
      open.removeAll { n in needs[n].options.contains { chosen.contains($0) } }
    }
    return (chosen.members, lowerBound)
  }

  /// Orders the chosen modules: prerequisites before the modules that need them, and otherwise
  /// modules serving mandatory gaps first, then core, then desirable, then catalogue order.
  func order(_ chosen: [Int], needs: [Need], gaps: [Gap]) -> [TrainingPlan.Step] {
    let n = chosen.count
    var closes = Array(repeating: [Int32](), count: n)
    var priority = Array(repeating: Priority.desirable, count: n)
    for need in needs {
      let gap = gaps[need.gap]
      for (i, m) in chosen.enumerated() where need.options.contains(m) {
        if !closes[i].contains(gap.competency) { closes[i].append(gap.competency) }
        priority[i] = max(priority[i], gap.priority)
      }
    }
    // Within the plan: which chosen modules need which.
    let requires = chosen.map { m in model.modules[m].prerequisites.compactMap { chosen.firstIndex(of: $0) } }
    var dependents = Array(repeating: [Int](), count: n)
    for i in 0..<n { for p in requires[i] { dependents[p].append(i) } }
    // A prerequisite serves what its dependents serve.
    var changed = true
    while changed {
      changed = false
      for i in 0..<n { for d in dependents[i] where priority[d] > priority[i] {
        priority[i] = priority[d]
        changed = true
      } }
    }
    var placed = Array(repeating: false, count: n)
    var steps: [TrainingPlan.Step] = []
    for _ in 0..<n {
      var next = -1
      for i in 0..<n where !placed[i] && requires[i].allSatisfy({ placed[$0] }) {
        if next < 0 || priority[i] > priority[next] { next = i }
      }
      guard next >= 0 else { break }
      placed[next] = true
      steps.append(
        TrainingPlan.Step(
          module: chosen[next], hours: model.modules[chosen[next]].hours, closes: closes[next],
          prerequisiteOf: dependents[next].map { chosen[$0] }.sorted(), order: steps.count + 1, priority: priority[next]))
    }
    return steps
  }
}

/// Solved plan parts, shared by the analysers of one report (one per thread), under a lock.
public final class PlanCache: @unchecked Sendable {
  typealias Solution = (modules: ModuleSet, exact: Bool, lowerBound: Double)
  private var solutions: [Recommender.ComponentKey: Solution] = [:]
  private let lock = NSLock()
  /// False: every lookup misses and nothing is kept (what the cache is checked against).
  let enabled: Bool

  public init(enabled: Bool = true) { self.enabled = enabled }

  func get(_ key: Recommender.ComponentKey) -> Solution? { enabled ? lock.withLock { solutions[key] } : nil }

  func put(_ key: Recommender.ComponentKey, _ solution: Solution) {
    if enabled { lock.withLock { solutions[key] = solution } }
  }

  /// How many distinct group solutions are kept.
  var solutionsKept: Int { lock.withLock { solutions.count } }
}
