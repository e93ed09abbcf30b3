extension Framework {
  /// The requirements of a role for someone in an agency type, with that type's overlay applied:
  /// an overlay adds competencies and raises (never lowers) level and priority.
  public func requirements(forRole roleID: String, agencyType: String?) -> [Requirement]? {
    guard let role = role(roleID) else { return nil }
    guard let agencyType, let overlay = role.overlays.first(where: { $0.agencyType == agencyType }) else {
      return role.requirements
    }
    return role.requirements.overlaid(with: overlay.requirements)
  }

  /// The requirements for a role in a named agency (its agency type's overlay applied).
  public func requirements(forRole roleID: String, agency agencyID: String) -> [Requirement]? {
    requirements(forRole: roleID, agencyType: agency(agencyID)?.type)
  }

  /// The modules that are mandatory for someone in a role and agency type. No module is
  /// mandatory in itself: a module is mandatory through the mandatory requirements it serves
  /// (see `mandatoryRoutes(forRole:agencyType:)`), together with the modules those need first.
  ///
  /// Where several modules meet a requirement equally well, all of them are in the set, so it
  /// says which modules serve a mandatory requirement, not that a person must take every one.
  public func modulesMandatory(forRole roleID: String, agencyType: String?) -> Set<String> {
    let routes = mandatoryRoutes(forRole: roleID, agencyType: agencyType)
    return Set(prerequisiteClosure(of: routes.flatMap(\.modules)))
  }

  /// For each mandatory requirement of a role in an agency type (its overlay applied), and each
  /// kind of evidence the requirement's level needs (the blended rule asks for learning and
  /// practice), the modules open to that agency type that meet it at the lowest level that does:
  /// a module that goes beyond what the requirement asks (a casework course for someone who needs
  /// awareness) is not mandatory while one at the right level exists. With no agency type, only
  /// the role's own requirements and the modules open to everyone count.
  public func mandatoryRoutes(forRole roleID: String, agencyType: String?) -> [MandatoryRoute] {
    guard let requirements = requirements(forRole: roleID, agencyType: agencyType) else { return [] }
    let open = modules.filter { m in agencyType.map(m.isOpen) ?? m.agencyTypes.isEmpty }
    var routes: [MandatoryRoute] = []
    for requirement in requirements where requirement.priority == .mandatory {
      guard let competency = competency(requirement.competency) else { continue }
      for category in evidenceRequirement(competency: competency, level: requirement.level) {
        var best = Int.max
        var chosen: [String] = []
        for m in open {
          guard let level = m.develops.filter({ $0.competency == requirement.competency }).map(\.level).max(),
            level >= requirement.level, level <= best,
            category == EvidenceCategory.anyID || m.mode.evidenceKinds.contains(where: { categories(of: $0).contains(category) })
          else { continue }
          if level < best {
            best = level
            chosen = []
          }
          chosen.append(m.id)
        }
        routes.append(MandatoryRoute(requirement: requirement, category: category, modules: chosen))
      }
    }
    return routes
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

}

extension Framework {
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
    agency(agencyID)?.homeRegion
  }

  /// The agencies whose people count in `region` (whose home region it is).
  public func agencies(inRegion region: String) -> [Agency] {
    agencies.filter { homeRegion(ofAgency: $0.id) == region }
  }
}
