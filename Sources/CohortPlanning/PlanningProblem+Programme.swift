/// The planning instance as a mixed-integer programme whose solutions are exactly the valid plans
/// (up to which member sits in which cohort of the same module and region), and the way back from
/// a solution to cohorts.
///
/// - A binary `x` per pair (a person and a module they want and can take): they take it.
/// - Per key (a module in a region; a remote module everywhere) the number of cohorts run, with
///   `minSize * cohorts <= places <= maxSize * cohorts`; at most `budget` cohorts in all.
/// - Each person's hours within the cap; `x[p, m] <= x[p, q]` for every prerequisite `q` of `m`
///   that `p` has not completed (waves then follow from the modules' order).
/// - Agency mixing, exactly as the README states it. A group-session cohort c of a key must draw
///   on at least min(K, T) agency types, T the types among its own members and the key's people in
///   no cohort of it ("unplaced"). That holds exactly when c draws on K types or more, or when c
///   has a member of every type U that still has someone unplaced. So the key's cohorts are of
///   two kinds: `wide` ones with K types and `covering` ones with every type of U. Which members
///   sit in which cohort of a key changes nothing else, so counts per agency type decide it: with
///   `a[t]` places of type t taken, there are `covering` + `wide` cohorts exactly when
///   (i) each type in U has a place in every covering cohort: a[t] >= covering;
///   (ii) K types can be given to each wide cohort from what is left, no type twice in one:
///        sum over t of min(a[t] - covering * [t in U], wide) >= K * wide;
///   (iii) the sizes fit: covering * max(minSize, |U|) + wide * max(minSize, K) <= places, and
///        |U| <= maxSize when there are covering cohorts, K <= maxSize when there are wide ones.
///   Linearised with, per type, a binary `u` (someone of the type unplaced; forced by
///   `a + pool * u >= pool`, and free to be 1 otherwise, which only asks more), `v >= covering * u`
///   and `g` (type t's places in wide cohorts, at most `wide` and at most `a - v`).
extension PlanningProblem {
  struct Programme {
    var program = MixedIntegerProgram()
    /// Each pair's column, or -1 for a pair that can never be placed (its key cannot run, or a
    /// prerequisite's cannot).
    var pairColumn: [Int]
    var keys: [KeyColumns]
  }

  struct KeyColumns {
    /// Cohorts of the key (all of them where mixing does not apply, the covering ones otherwise).
    var cohorts: Int
    /// The wide cohorts' column where the key must mix, else -1.
    var wide = -1
    /// Per agency type in the key's pool, where the key must mix: its number and columns.
    var types: [(type: Int, pool: Int, unplaced: Int, covering: Int, wide: Int)] = []
  }

  /// Whether the mixing rule can bind on a key: a group session whose pool spans two types or more, with K >= 2.
  func mustMix(key k: Int) -> Bool { module(ofKey: k).groupSession && instance.minAgencyTypes >= 2 && keys[k].types >= 2 }

  func programme() -> Programme {
    let K = instance.minAgencyTypes
    // Pairs that can be placed: their key can run at all, and so can each prerequisite's.
    var usable = [Bool](repeating: true, count: pairs.count)
    var rank = [Int](repeating: 0, count: instance.modules.count)
    for (i, m) in moduleOrder.enumerated() { rank[m] = i }
    for k in keys.indices where keys[k].pairs.count < module(ofKey: k).minSize || instance.budget == 0 {
      for x in keys[k].pairs { usable[x] = false }
    }
    for x in pairs.indices.sorted(by: { rank[pairs[$0].module] < rank[pairs[$1].module] }) where usable[x] {
      if pairs[x].prerequisites.contains(where: { !usable[$0] }) { usable[x] = false }
    }
    var result = Programme(pairColumn: [Int](repeating: -1, count: pairs.count), keys: [])
    for x in pairs.indices where usable[x] {
      result.pairColumn[x] = result.program.addColumn(upper: 1, objective: pairs[x].weight, integer: true)
    }
    var budgetRow: [(column: Int, coefficient: Double)] = []
    for k in keys.indices {
      let module = self.module(ofKey: k)
      let lo = Double(module.minSize)
      let hi = Double(module.maxSize)
      let places = keys[k].pairs.compactMap { result.pairColumn[$0] >= 0 ? (column: result.pairColumn[$0], coefficient: 1.0) : nil }
      let most = Double(min(instance.budget, places.count / module.minSize))
      let cohorts = result.program.addColumn(upper: most, integer: true)
      budgetRow.append((cohorts, 1))
      var columns = KeyColumns(cohorts: cohorts)
      guard mustMix(key: k), most > 0 else {
        result.program.addRow(places + [(cohorts, -lo)], lower: 0)
        result.program.addRow(places + [(cohorts, -hi)], upper: 0)
        // No place without a cohort (implied, but it makes the relaxation much tighter).
        for place in places { result.program.addRow([(place.column, 1), (cohorts, -1)], upper: 0) }
        result.keys.append(columns)
        continue
      }
      let wide = result.program.addColumn(upper: K <= module.maxSize ? most : 0, integer: true)
      budgetRow.append((wide, 1))
      columns.wide = wide
      // No place without a cohort.
      for place in places { result.program.addRow([(place.column, 1), (cohorts, -1), (wide, -1)], upper: 0) }
      let wideSize = Double(max(module.minSize, K))
      result.program.addRow(places + [(cohorts, -lo), (wide, -wideSize)], lower: 0)
      result.program.addRow(places + [(cohorts, -hi), (wide, -hi)], upper: 0)
      // Pool and places by agency type.
      var byType: [Int: (pool: Int, places: [(column: Int, coefficient: Double)])] = [:]
      for x in keys[k].pairs {
        let t = typeOfPerson[pairs[x].person]
        byType[t, default: (0, [])].pool += 1
        if result.pairColumn[x] >= 0 { byType[t]!.places.append((result.pairColumn[x], 1)) }
      }
      var coveringTerms: [(column: Int, coefficient: Double)] = []
      var wideTerms: [(column: Int, coefficient: Double)] = []
      for (t, entry) in byType.sorted(by: { $0.key < $1.key }) {
        let pool = Double(entry.pool)
        let unplaced = result.program.addColumn(upper: 1, integer: true)
        let covering = result.program.addColumn(upper: most, integer: false)
        let wideShare = result.program.addColumn(upper: most, integer: false)
        // Someone of type t is unplaced unless all of the type's pool is placed.
        result.program.addRow(entry.places + [(unplaced, pool)], lower: pool)
        // covering >= cohorts * unplaced.
        result.program.addRow([(covering, 1), (cohorts, -1), (unplaced, -most)], lower: -most)
        // The type's places in wide cohorts: one each at most, and what covering leaves.
        result.program.addRow([(wideShare, 1), (wide, -1)], upper: 0)
        result.program.addRow(entry.places.map { ($0.column, -1.0) } + [(wideShare, 1), (covering, 1)], upper: 0)
        coveringTerms.append((covering, 1))
        wideTerms.append((wideShare, 1))
        columns.types.append((t, entry.pool, unplaced, covering, wideShare))
      }
      // Covering cohorts hold every unplaced type: |U| * cohorts fits in their sizes and in the places.
      result.program.addRow(places + coveringTerms.map { ($0.column, -1.0) } + [(wide, -wideSize)], lower: 0)
      if byType.count > module.maxSize { result.program.addRow(coveringTerms + [(cohorts, -hi)], upper: 0) }
      // Wide cohorts: K types each.
      result.program.addRow(wideTerms + [(wide, -Double(K))], lower: 0)
      result.keys.append(columns)
    }
    result.program.addRow(budgetRow, upper: Double(instance.budget))
    if let cap = instance.maxHoursPerPerson {
      for mine in pairsOfPerson {
        let terms = mine.compactMap { x in
          result.pairColumn[x] >= 0 ? (column: result.pairColumn[x], coefficient: instance.modules[pairs[x].module].hours) : nil
        }
        if terms.reduce(0, { $0 + $1.coefficient }) > cap { result.program.addRow(terms, upper: cap) }
      }
    }
    for x in pairs.indices where result.pairColumn[x] >= 0 {
      for y in pairs[x].prerequisites { result.program.addRow([(result.pairColumn[x], 1), (result.pairColumn[y], -1)], upper: 0) }
    }
    return result
  }
}

extension PlanningProblem.Programme {
  /// The programme's values for a valid plan (given as cohorts of pairs), to start the solver from.
  func values(of plan: [PlanningProblem.Cohort], in problem: PlanningProblem) -> [Double] {
    var values = [Double](repeating: 0, count: program.columnCount)
    var placed = [Bool](repeating: false, count: problem.pairs.count)
    for cohort in plan { for x in cohort.pairs where pairColumn[x] >= 0 { values[pairColumn[x]] = 1; placed[x] = true } }
    let K = problem.instance.minAgencyTypes
    for (k, columns) in keys.enumerated() {
      let mine = plan.filter { $0.key == k && !$0.pairs.isEmpty }
      guard columns.wide >= 0 else {
        values[columns.cohorts] = Double(mine.count)
        continue
      }
      let typeSets = mine.map { Set($0.pairs.map { problem.typeOfPerson[problem.pairs[$0].person] }) }
      let wide = typeSets.filter { $0.count >= K }
      values[columns.wide] = Double(wide.count)
      let covering = Double(mine.count - wide.count)
      values[columns.cohorts] = covering
      for entry in columns.types {
        let placedOfType = problem.keys[k].pairs.filter { placed[$0] && problem.typeOfPerson[problem.pairs[$0].person] == entry.type }.count
        let unplaced = placedOfType < entry.pool
        values[entry.unplaced] = unplaced ? 1 : 0
        values[entry.covering] = unplaced ? covering : 0
        values[entry.wide] = Double(wide.filter { $0.contains(entry.type) }.count)
      }
    }
    return values
  }

  /// The cohorts a solution stands for, or nil when its numbers do not make a valid plan (the
  /// solver's tolerances let a value slip).
  func cohorts(from values: [Double], in problem: PlanningProblem) -> [PlanningProblem.Cohort]? {
    let K = problem.instance.minAgencyTypes
    var result: [PlanningProblem.Cohort] = []
    for (k, columns) in keys.enumerated() {
      let module = problem.module(ofKey: k)
      let members = problem.keys[k].pairs.filter { pairColumn[$0] >= 0 && values[pairColumn[$0]] > 0.5 }
      var count = Int(values[columns.cohorts].rounded())
      if columns.wide >= 0 { count += Int(values[columns.wide].rounded()) }
      if members.isEmpty && count == 0 { continue }
      guard count > 0, members.count >= count * module.minSize, members.count <= count * module.maxSize else { return nil }
      // Members by agency type, each type's in the key's order.
      var ofType: [Int: [Int]] = [:]
      for x in members { ofType[problem.typeOfPerson[problem.pairs[x].person], default: []].append(x) }
      let types = ofType.keys.sorted()
      var groups: [[Int]]
      if columns.wide < 0 {
        groups = Array(repeating: [], count: count)
      } else {
        // Types with someone unplaced, then the split into covering and wide cohorts, most wide first.
        let unplacedTypes = columns.types.filter { ($0.pool) > (ofType[$0.type]?.count ?? 0) }.map(\.type)
        guard let split = Self.split(count: count, ofType: ofType.mapValues(\.count), unplaced: unplacedTypes, K: K, module: module)
        else { return nil }
        groups = split.map { seats in seats.map { ofType[$0]!.removeFirst() } }
      }
      // Everyone left, dealt round the cohorts by type so each draws on as many types as it can,
      // first up to the minimum size, then up to the maximum.
      let left = types.flatMap { ofType[$0]! }
      var next = 0
      for limit in [module.minSize, module.maxSize] {
        var c = 0
        var stuck = 0
        while next < left.count && stuck < groups.count {
          if groups[c].count < limit {
            groups[c].append(left[next])
            next += 1
            stuck = 0
          } else {
            stuck += 1
          }
          c = (c + 1) % groups.count
        }
      }
      guard next == left.count, groups.allSatisfy({ $0.count >= module.minSize }) else { return nil }
      result += groups.map { PlanningProblem.Cohort(key: k, pairs: $0) }
    }
    return result
  }

  /// For a key that must mix, with `ofType` places per agency type: the agency types of the
  /// seats each cohort needs (covering cohorts a seat per unplaced type, wide cohorts K types),
  /// choosing as many wide cohorts as possible. Nil when no split works.
  static func split(count: Int, ofType: [Int: Int], unplaced: [Int], K: Int, module: PlanningInstance.Module) -> [[Int]]? {
    let places = ofType.values.reduce(0, +)
    for covering in 0...count {
      let wide = count - covering
      if covering > 0 && (unplaced.count > module.maxSize || unplaced.contains { (ofType[$0] ?? 0) < covering }) { continue }
      if wide > 0 && K > module.maxSize { continue }
      if covering * max(module.minSize, unplaced.count) + wide * max(module.minSize, K) > places { continue }
      // What each type has left for wide cohorts, at most one seat in each.
      var share = ofType.mapValues { $0 }
      for t in unplaced { share[t, default: 0] -= covering }
      var offer = share.keys.sorted().map { (type: $0, seats: min(share[$0]!, wide)) }
      guard offer.reduce(0, { $0 + $1.seats }) >= K * wide else { continue }
      // Exactly K * wide seats: trim the largest offers first.
      var excess = offer.reduce(0, { $0 + $1.seats }) - K * wide
      while excess > 0 {
        let i = offer.indices.max { offer[$0].seats < offer[$1].seats }!
        offer[i].seats -= 1
        excess -= 1
      }
      var seats: [[Int]] = Array(repeating: unplaced, count: covering) + Array(repeating: [], count: wide)
      var c = 0
      for entry in offer {
        for _ in 0..<entry.seats {
          seats[covering + c].append(entry.type)
          c = (c + 1) % wide
        }
      }
      return seats
    }
    return nil
  }
}
