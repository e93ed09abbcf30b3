import MixedInteger
/// The planning instance as a mixed-integer programme, and the way back from a solution to cohorts.
///
/// People who are interchangeable for part of their demand are counted, not named. A person's
/// pairs (the modules they want and can take) fall into parts linked by prerequisites: taking a
/// module needs each prerequisite they have not completed, and nothing else ties one part to
/// another, except their hours when those can run out. People whose part has the same modules in
/// the same regions with the same weights and the same prerequisite links (and the same agency
/// type, where a module of it must mix) form a group, and the programme has one whole-number
/// column per group and module: how many of the group take it. For such counts with
/// `count(m) <= count(q)` for each link, giving the module to the group's first `count(m)` people
/// makes a real choice where everyone who takes a module also takes its prerequisites. A person
/// whose wanted hours exceed the limit is a group of their own, with an hours row. This keeps the
/// programme's solutions exactly the plans (up to who of a group takes what, and who sits in which
/// cohort of the same module and region) while removing the many equivalent ways of writing
/// one plan that a column per person would give the solver to search through.
///
/// - Per key (a module in a region; a remote module everywhere) the number of cohorts run, with
///   `minSize * cohorts <= places <= maxSize * cohorts`, no place without a cohort, and at most
///   `budget` cohorts in all.
/// - Agency mixing, exactly as the README states it, on the keys in `exactMixing` (on others the
///   rule is left out, which makes the programme a relaxation: its bound still holds, and the
///   planner checks its plan and asks again with the rule on the keys it broke). A group-session
///   cohort c of a key must draw on at least min(K, T) agency types, T the types among its own
///   members and the key's people in no cohort of it ("unplaced"). That holds exactly when c draws
///   on K types or more, or when c has a member of every type U that still has someone unplaced.
///   So the key's cohorts are of two kinds: `wide` ones with K types and `covering` ones with every
///   type of U. Which members sit in which cohort of a key changes nothing else, so counts per
///   agency type decide it: with `a[t]` places of type t taken, there are `covering` + `wide`
///   cohorts exactly when
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
    var groups: [Group] = []
    var keys: [KeyColumns] = []
  }

  /// People interchangeable for one part of their demand, and the programme's columns for it.
  struct Group {
    /// The people, in instance order.
    var people: [Int]
    /// Per module of the part (in key order): its key, its column, and each person's pair for it.
    var keys: [Int]
    var columns: [Int]
    var pairs: [[Int]]
    /// Prerequisite links as (module position, prerequisite position).
    var links: [(Int, Int)]
  }

  struct KeyColumns {
    /// Cohorts of the key (all of them where mixing is not modelled, the covering ones otherwise).
    var cohorts: Int
    /// The wide cohorts' column where mixing is modelled, else -1.
    var wide = -1
    /// Per agency type in the key's pool, where mixing is modelled: its number and columns.
    var types: [(type: Int, pool: Int, unplaced: Int, covering: Int, wide: Int)] = []
    /// The groups' columns for the key: (group, position in the group).
    var places: [(group: Int, position: Int)] = []
  }

  /// Whether the mixing rule can bind on a key: a group session whose pool spans two types or more, with K >= 2.
  func mustMix(key k: Int) -> Bool { module(ofKey: k).groupSession && instance.minAgencyTypes >= 2 && keys[k].types >= 2 }

  /// Pairs that can be placed at all: their key can run (enough people, some budget), and so can
  /// each prerequisite's.
  func placeablePairs() -> [Bool] {
    var usable = [Bool](repeating: true, count: pairs.count)
    var rank = [Int](repeating: 0, count: instance.modules.count)
    for (i, m) in moduleOrder.enumerated() { rank[m] = i }
    for k in keys.indices where keys[k].pairs.count < module(ofKey: k).minSize || instance.budget == 0 {
      for x in keys[k].pairs { usable[x] = false }
    }
    for x in pairs.indices.sorted(by: { rank[pairs[$0].module] < rank[pairs[$1].module] }) where usable[x] {
      if pairs[x].prerequisites.contains(where: { !usable[$0] }) { usable[x] = false }
    }
    return usable
  }

  /// The groups of interchangeable people, each with its parts' pairs.
  func groups(placeable usable: [Bool]) -> [Group] {
    struct Signature: Hashable {
      var person: Int
      var type: Int
      var keys: [Int]
      var weights: [UInt64]
      var links: [Int]
    }
    var index: [Signature: Int] = [:]
    var groups: [Group] = []
    let cap = instance.maxHoursPerPerson
    for (p, all) in pairsOfPerson.enumerated() {
      let mine = all.filter { usable[$0] }.sorted { pairs[$0].key < pairs[$1].key }
      guard !mine.isEmpty else { continue }
      let hours = mine.reduce(0.0) { $0 + instance.modules[pairs[$1].module].hours }
      let hoursBind = cap.map { hours > $0 + 1e-9 } ?? false
      // Parts: pairs joined by prerequisite links (all of them, when the hours can run out).
      var part = [Int](repeating: 0, count: mine.count)
      if !hoursBind {
        part = Array(mine.indices)
        var changed = true
        while changed {
          changed = false
          for (i, x) in mine.enumerated() {
            for y in pairs[x].prerequisites {
              guard let j = mine.firstIndex(of: y), part[j] != part[i] else { continue }
              let low = min(part[i], part[j])
              let high = max(part[i], part[j])
              for n in part.indices where part[n] == high { part[n] = low }
              changed = true
            }
          }
        }
      }
      for label in Set(part).sorted() {
        let members = mine.indices.filter { part[$0] == label }.map { mine[$0] }
        var links: [Int] = []
        for (i, x) in members.enumerated() {
          for y in pairs[x].prerequisites { if let j = members.firstIndex(of: y) { links += [i, j] } }
        }
        let mixes = members.contains { mustMix(key: pairs[$0].key) }
        let signature = Signature(
          person: hoursBind ? p : -1, type: mixes || hoursBind ? typeOfPerson[p] : -1, keys: members.map { pairs[$0].key },
          weights: members.map { pairs[$0].weight.bitPattern }, links: links)
        if let g = index[signature] {
          groups[g].people.append(p)
          for (i, x) in members.enumerated() { groups[g].pairs[i].append(x) }
        } else {
          index[signature] = groups.count
          groups.append(
            Group(
              people: [p], keys: signature.keys, columns: [], pairs: members.map { [$0] },
              links: stride(from: 0, to: links.count, by: 2).map { (links[$0], links[$0 + 1]) }))
        }
      }
    }
    return groups
  }

  /// The programme, with agency mixing modelled on the keys in `exactMixing` (and left out on the others).
  func programme(exactMixing: Set<Int> = []) -> Programme {
    let K = instance.minAgencyTypes
    var result = Programme()
    result.groups = groups(placeable: placeablePairs())
    var placesOfKey = [[(group: Int, position: Int)]](repeating: [], count: keys.count)
    for g in result.groups.indices {
      let group = result.groups[g]
      let count = Double(group.people.count)
      result.groups[g].columns = group.keys.indices.map { i in
        result.program.addColumn(upper: count, objective: pairs[group.pairs[i][0]].weight, integer: true)
      }
      for (i, k) in group.keys.enumerated() { placesOfKey[k].append((g, i)) }
      let columns = result.groups[g].columns
      for (m, q) in group.links { result.program.addRow([(columns[m], 1), (columns[q], -1)], upper: 0) }
      if let cap = instance.maxHoursPerPerson, group.people.count == 1 {
        let terms = group.keys.indices.map { (column: columns[$0], coefficient: module(ofKey: group.keys[$0]).hours) }
        if terms.reduce(0, { $0 + $1.coefficient }) > cap + 1e-9 { result.program.addRow(terms, upper: cap) }
      }
    }
    var budgetRow: [(column: Int, coefficient: Double)] = []
    for k in keys.indices {
      let module = self.module(ofKey: k)
      let lo = Double(module.minSize)
      let hi = Double(module.maxSize)
      let mine = placesOfKey[k]
      func count(_ place: (group: Int, position: Int)) -> Int { result.groups[place.group].people.count }
      func column(_ place: (group: Int, position: Int)) -> Int { result.groups[place.group].columns[place.position] }
      let places = mine.map { (column: column($0), coefficient: 1.0) }
      let usable = mine.reduce(0) { $0 + count($1) }
      let most = Double(min(instance.budget, usable / module.minSize))
      let cohorts = result.program.addColumn(upper: most, integer: true)
      budgetRow.append((cohorts, 1))
      var columns = KeyColumns(cohorts: cohorts, places: mine)
      guard mustMix(key: k), exactMixing.contains(k), most > 0 else {
        result.program.addRow(places + [(cohorts, -lo)], lower: 0)
        result.program.addRow(places + [(cohorts, -hi)], upper: 0)
        // No place without a cohort (implied, but it makes the relaxation much tighter).
        for place in mine where Double(count(place)) < hi {
          result.program.addRow([(column(place), 1), (cohorts, -Double(count(place)))], upper: 0)
        }
        result.keys.append(columns)
        continue
      }
      let wide = result.program.addColumn(upper: K <= module.maxSize ? most : 0, integer: true)
      budgetRow.append((wide, 1))
      columns.wide = wide
      for place in mine where Double(count(place)) < hi {
        let n = Double(count(place))
        result.program.addRow([(column(place), 1), (cohorts, -n), (wide, -n)], upper: 0)
      }
      let wideSize = Double(max(module.minSize, K))
      result.program.addRow(places + [(cohorts, -lo), (wide, -wideSize)], lower: 0)
      result.program.addRow(places + [(cohorts, -hi), (wide, -hi)], upper: 0)
      // Pool and places by agency type.
      var byType: [Int: (pool: Int, places: [(column: Int, coefficient: Double)])] = [:]
      for x in keys[k].pairs { byType[typeOfPerson[pairs[x].person], default: (0, [])].pool += 1 }
      for place in mine {
        let t = typeOfPerson[result.groups[place.group].people[0]]
        byType[t]!.places.append((column(place), 1))
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
    return result
  }
}

extension PlanningProblem.Programme {
  /// The programme's values for a valid plan (given as cohorts of pairs), to start the solver from.
  func values(of plan: [PlanningProblem.Cohort], in problem: PlanningProblem) -> [Double] {
    var values = [Double](repeating: 0, count: program.columnCount)
    var placed = [Bool](repeating: false, count: problem.pairs.count)
    for cohort in plan { for x in cohort.pairs { placed[x] = true } }
    for group in groups {
      for (i, column) in group.columns.enumerated() { values[column] = Double(group.pairs[i].filter { placed[$0] }.count) }
    }
    let K = problem.instance.minAgencyTypes
    var cohortsOfKey = [[PlanningProblem.Cohort]](repeating: [], count: keys.count)
    for cohort in plan where !cohort.pairs.isEmpty { cohortsOfKey[cohort.key].append(cohort) }
    for (k, columns) in keys.enumerated() {
      let mine = cohortsOfKey[k]
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

  /// What a solution stands for: cohorts, and the keys whose cohorts cannot keep the mixing rule
  /// (possible where the programme left it out; their cohorts are formed all the same, for the
  /// planner to repair). Nil when the numbers do not make a plan (the solver's tolerances let a
  /// value slip).
  func cohorts(from values: [Double], in problem: PlanningProblem) -> (cohorts: [PlanningProblem.Cohort], unmixed: [Int])? {
    var placed = [Bool](repeating: false, count: problem.pairs.count)
    for group in groups {
      let counts = group.columns.map { min(group.people.count, max(0, Int(values[$0].rounded()))) }
      for (m, q) in group.links where counts[m] > counts[q] { return nil }
      for (i, n) in counts.enumerated() { for x in group.pairs[i].prefix(n) { placed[x] = true } }
    }
    let K = problem.instance.minAgencyTypes
    var result: [PlanningProblem.Cohort] = []
    var unmixed: [Int] = []
    for (k, columns) in keys.enumerated() {
      let module = problem.module(ofKey: k)
      let members = problem.keys[k].pairs.filter { placed[$0] }
      var count = Int(values[columns.cohorts].rounded())
      if columns.wide >= 0 { count += Int(values[columns.wide].rounded()) }
      if members.isEmpty && count == 0 { continue }
      guard count > 0, members.count >= count * module.minSize, members.count <= count * module.maxSize else { return nil }
      // As few cohorts as hold everyone: never harder to mix, and the budget is spared.
      let solved = count
      count = (members.count + module.maxSize - 1) / module.maxSize
      // Members by agency type, each type's in the key's order.
      var ofType: [Int: [Int]] = [:]
      for x in members { ofType[problem.typeOfPerson[problem.pairs[x].person], default: []].append(x) }
      let types = ofType.keys.sorted()
      var groups = [[Int]](repeating: [], count: count)
      if problem.mustMix(key: k) {
        // Types with someone unplaced, then the split into covering and wide cohorts, most wide first.
        var pool: [Int: Int] = [:]
        for x in problem.keys[k].pairs { pool[problem.typeOfPerson[problem.pairs[x].person], default: 0] += 1 }
        let unplacedTypes = pool.keys.sorted().filter { pool[$0]! > (ofType[$0]?.count ?? 0) }
        let counts = ofType.mapValues(\.count)
        if let split = Self.split(count: count, ofType: counts, unplaced: unplacedTypes, K: K, module: module)
          ?? Self.split(count: solved, ofType: counts, unplaced: unplacedTypes, K: K, module: module)
        {
          groups = split.map { seats in seats.map { ofType[$0]!.removeFirst() } }
        } else {
          unmixed.append(k)
        }
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
    return (result, unmixed)
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
