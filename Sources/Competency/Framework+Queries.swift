extension Framework {
  /// The requirements of a role for someone in an agency type, with that type's overlay applied:
  /// an overlay adds competencies and raises (never lowers) level and priority.
  public func requirements(forRole roleID: String, agencyType: String?) -> [Requirement]? {
    guard let role = role(roleID) else { return nil }
    var result = role.requirements
    guard let agencyType, let overlay = role.overlays.first(where: { $0.agencyType == agencyType }) else {
      return result
    }
    for extra in overlay.requirements {
      if let i = result.firstIndex(where: { $0.competency == extra.competency }) {
        result[i].level = max(result[i].level, extra.level)
        result[i].priority = max(result[i].priority, extra.priority)
      } else {
        result.append(extra)
      }
    }
    return result
  }

  /// The requirements for a role in a named agency (its agency type's overlay applied).
  public func requirements(forRole roleID: String, agency agencyID: String) -> [Requirement]? {
    requirements(forRole: roleID, agencyType: agency(agencyID)?.type)
  }

  /// Modules that develop a competency to at least `level`.
  public func modules(developing competencyID: String, atLeast level: Int = 1) -> [Module] {
    modules.filter { m in m.develops.contains { $0.competency == competencyID && $0.level >= level } }
  }

  /// Competencies mapped to an external standard, with the relation of each mapping.
  public func competencies(mappedTo standardID: String) -> [(competency: Competency, relation: MappingRelation)] {
    competencies.compactMap { c in
      c.standards.first { $0.standard == standardID }.map { (c, $0.relation) }
    }
  }

  /// The modules and all their prerequisites, transitively.
  public func prerequisiteClosure(of moduleIDs: [String]) -> [String] {
    var seen: Set<String> = []
    var result: [String] = []
    func add(_ id: String) {
      guard seen.insert(id).inserted, let m = module(id) else { return }
      for p in m.prerequisites { add(p) }
      result.append(id)
    }
    for id in moduleIDs { add(id) }
    return result
  }

  /// The given modules ordered so each comes after its prerequisites (where those are in the
  /// list), otherwise keeping the given order. The catalogue is validated acyclic.
  public func prerequisiteOrder(_ moduleIDs: [String]) -> [String] {
    let wanted = Set(moduleIDs)
    var placed: Set<String> = []
    var result: [String] = []
    func place(_ id: String, _ depth: Int) {
      guard !placed.contains(id), depth <= modules.count else { return }
      for p in module(id)?.prerequisites ?? [] where wanted.contains(p) { place(p, depth + 1) }
      if placed.insert(id).inserted { result.append(id) }
    }
    for id in moduleIDs { place(id, 0) }
    return result
  }

  /// Evidence categories required at a level of a competency: its own rule for that level,
  /// else the framework default for the level, else any one item.
  public func evidenceRequirement(competency: Competency, level: Int) -> [String] {
    if let own = competency.evidence.first(where: { $0.level == level }) { return own.requires }
    if let rule = evidenceRules.first(where: { $0.level == level }) { return rule.requires }
    return [EvidenceCategory.anyID]
  }

  public func currencyMonths(of competency: Competency) -> Int {
    competency.currencyMonths ?? currencyMonths
  }

  /// The evidence categories an activity kind belongs to.
  public func categories(of kind: ActivityKind) -> [String] {
    evidenceCategories.filter { $0.kinds.contains(kind) }.map(\.id)
  }

  /// The CPD policy version in effect on a day, if one is.
  public func policy(on day: Day, id policyID: String? = nil) -> CPDPolicy? {
    policies.first { ($0.id == policyID || policyID == nil) && $0.isInEffect(on: day) }
  }

  public func agencyType(ofAgency agencyID: String) -> String? { agency(agencyID)?.type }
}

extension Framework {
  /// The region a person in `agency` counts in, for every regional view (region reports, the
  /// network heatmap, cohort planning): the agency's home region. Nil for an agency the
  /// framework does not know, or one that serves all of Wales rather than one region.
  public func homeRegion(ofAgency agencyID: String) -> String? {
    agency(agencyID)?.regions.first
  }

  /// The agencies whose people count in `region` (whose home region it is).
  public func agencies(inRegion region: String) -> [Agency] {
    agencies.filter { homeRegion(ofAgency: $0.id) == region }
  }
}
