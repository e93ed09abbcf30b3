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

  /// The modules that are mandatory for someone in a role and agency type. No module is
  /// mandatory in itself: a module is mandatory through the mandatory requirements it serves.
  ///
  /// For each mandatory requirement (with the agency type's overlay applied), the modules open
  /// to the agency type that develop the competency up to the required level are mandatory, and,
  /// where none of them reaches that level, the ones that reach it at the lowest level above it.
  /// A module that only goes beyond a requirement (a casework course for someone who needs
  /// awareness) is not mandatory for it. Modules needed first by a mandatory one are mandatory too.
  /// With no agency type, only the role's own requirements and modules open to everyone count.
  public func modulesMandatory(forRole roleID: String, agencyType: String?) -> Set<String> {
    guard let requirements = requirements(forRole: roleID, agencyType: agencyType) else { return [] }
    let open = modules.filter { m in agencyType.map(m.isOpen) ?? m.agencyTypes.isEmpty }
    var result: Set<String> = []
    for requirement in requirements where requirement.priority == .mandatory {
      let reaching = open.compactMap { m -> (id: String, level: Int)? in
        m.develops.filter { $0.competency == requirement.competency }.map(\.level).max().map { (m.id, $0) }
      }
      let upTo = reaching.filter { $0.level <= requirement.level }
      result.formUnion(upTo.map(\.id))
      if !upTo.contains(where: { $0.level == requirement.level }),
        let lowest = reaching.filter({ $0.level > requirement.level }).map(\.level).min()
      {
        result.formUnion(reaching.filter { $0.level == lowest }.map(\.id))
      }
    }
    return Set(prerequisiteClosure(of: result.sorted()))
  }

  /// Whether a module is mandatory for someone in a role and agency type (see `modulesMandatory`).
  public func isMandatory(module moduleID: String, forRole roleID: String, agencyType: String?) -> Bool {
    modulesMandatory(forRole: roleID, agencyType: agencyType).contains(moduleID)
  }

  /// The groups of a Welsh model that a level of a competency corresponds to.
  public func crosswalks(of competencyID: String, level: Int) -> [CompetencyCrosswalk] {
    competency(competencyID)?.crosswalks.filter { $0.level == level } ?? []
  }

  /// The groups Welsh models place someone in a role and agency type in.
  public func crosswalks(forRole roleID: String, agencyType: String?) -> [RoleCrosswalk] {
    role(roleID)?.crosswalks.filter { $0.applies(to: agencyType) } ?? []
  }

  /// The agencies whose home is a region (all-Wales bodies have none and are left out).
  public func agencies(homeIn regionID: String) -> [Agency] {
    agencies.filter { $0.homeRegion == regionID }
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
