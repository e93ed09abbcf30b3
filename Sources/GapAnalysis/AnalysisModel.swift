import Competency
import Workforce

/// The framework, prepared once for analysing many people: evidence rules as bitmasks of
/// evidence categories, requirements per role and agency type with overlays applied, modules as
/// numbers. Everything here is read-only and shared across threads.
public struct AnalysisModel: Sendable {
  public let framework: Framework
  public let catalog: CompetencyCatalog
  public let maxLevel: Int
  /// For each activity kind (by `ActivityKind.code`), the evidence categories it belongs to.
  let kindMask: [UInt8]
  /// For each module: the categories a blended module adds to its completion (0 for others).
  let blendedMask: [UInt8]
  /// For each catalog competency and level 1...maxLevel: the category masks that must each be met.
  let rules: [[[UInt8]]]
  /// Months each catalog competency's evidence stays current.
  let currency: [Int]
  /// Catalog index → primary framework competency index (or -1 for other frameworks' competencies).
  let primaryIndex: [Int]
  package let modules: [ModuleFacts]
  let expiringWithinDays: Int
  /// The categories on-the-job work provides (what a plan can leave to the workplace).
  let practiceMask: UInt8
  let categoryNames: [String]
  /// Agency id → agency type.
  let agencyFacts: [String: String]
  /// Agency types, numbered; agency id → type number and home region number.
  public let agencyTypes: [String]
  let agencyNumbers: [String: (type: Int, region: Int)]
  /// Regions, numbered: the framework's, then all-Wales bodies, then agencies the framework does
  /// not know.
  public let regionIDs: [String]
  public static let unknownRegion = "unknown"
  /// Modules meeting a need, in one flat array by `cell(type:competency:level:bit:)`: a set per
  /// agency type, competency, level and category bit. Sets in one array cost no allocation per
  /// cell, so a one-person command builds them all in well under a millisecond.
  let optionSets: [ModuleSet]
  /// Category bits a cell is kept for: the framework's categories (bits 0-6), then "any" (bit 7)
  /// in the last slot. A framework has two or three categories, so most of eight would be empty.
  let bitSlots: Int
  /// The same cells' options with all their prerequisites: for someone who has completed none of
  /// these, what a plan for that need can bring.
  let extentSets: [ModuleSet]
  /// Each module's prerequisites, transitively.
  let prerequisiteClosure: [ModuleSet]
  /// Requirements by [role][agency type] (overlays applied).
  let roleRequirements: [[[ResolvedRequirement]]]

  package struct ModuleFacts: Sendable {
    var id: String
    package var hours: Double
    var mask: UInt8
    var blended: Bool
    var develops: [(competency: Int32, level: Int)]
    package var prerequisites: [Int]
    var openTo: Set<String>  // empty: open to all

    func isOpen(to type: String) -> Bool { openTo.isEmpty || openTo.contains(type) }
  }

  /// Bit 7 of every mask: the built-in "any" category that every kind satisfies.
  static let anyBit: UInt8 = 0x80

  public init(frameworks: [Framework]) {
    let f = frameworks[0]
    framework = f
    let catalog = CompetencyCatalog(frameworks)
    self.catalog = catalog
    maxLevel = max(1, f.maxLevel)
    categoryNames = f.evidenceCategories.map(\.id)
    // Categories take bits 0-6 (a framework has a handful); bit 7 is "any".
    var kindMask = [UInt8](repeating: Self.anyBit, count: ActivityKind.allCases.count)
    for (bit, category) in f.evidenceCategories.prefix(7).enumerated() {
      for kind in category.kinds { kindMask[kind.code] |= 1 << bit }
    }
    self.kindMask = kindMask
    practiceMask = kindMask[ActivityKind.onTheJob.code] & ~Self.anyBit

    func masks(_ requires: [String]) -> [UInt8] {
      requires.map { name -> UInt8 in
        guard name != EvidenceCategory.anyID, let bit = f.evidenceCategories.firstIndex(where: { $0.id == name }), bit < 7
        else { return Self.anyBit }
        return 1 << bit
      }
    }
    var byID: [String: Competency] = [:]
    for other in frameworks { for c in other.competencies where byID[c.id] == nil { byID[c.id] = c } }
    let top = maxLevel
    rules = catalog.ids.map { id in
      guard let c = byID[id] else { return [] }
      return (0...top).map { level in level == 0 ? [] : masks(f.evidenceRequirement(competency: c, level: level)) }
    }
    currency = catalog.ids.map { id in byID[id].map { f.currencyMonths(of: $0) } ?? f.currencyMonths }
    primaryIndex = catalog.ids.map { f.competencyIndex[$0] ?? -1 }
    modules = f.modules.map { m in
      var mask = Self.anyBit
      for kind in m.mode.evidenceKinds { mask |= kindMask[kind.code] }
      return ModuleFacts(
        id: m.id, hours: m.hours, mask: mask, blended: m.mode == .blended,
        develops: m.develops.compactMap { d in catalog.index[d.competency].map { ($0, d.level) } },
        prerequisites: m.prerequisites.compactMap { f.moduleIndex[$0] }, openTo: Set(m.agencyTypes))
    }
    blendedMask = modules.map { $0.blended ? $0.mask : 0 }
    expiringWithinDays = f.expiringWithinDays
    agencyFacts = Dictionary(uniqueKeysWithValues: f.agencies.map { ($0.id, $0.type) })
    let types = f.agencyTypes.map(\.id) + [""]
    agencyTypes = types
    regionIDs = f.regions.map(\.id) + [Agency.allWales, Self.unknownRegion]
    let regionIDs = self.regionIDs
    agencyNumbers = Dictionary(
      uniqueKeysWithValues: f.agencies.map { a in
        (
          a.id,
          (
            types.firstIndex(of: a.type) ?? types.count - 1,
            regionIDs.firstIndex(of: a.isAllWales ? Agency.allWales : a.homeRegion ?? Self.unknownRegion) ?? regionIDs.count - 1
          )
        )
      })
    // Which modules meet each need, worked out once: open to the agency type (prerequisites too),
    // developing the competency or an exact match to the level, in a mode of the category. Each
    // module's outcomes are walked once and the module added to every cell it serves.
    let modules = self.modules
    func open(_ m: Int, _ type: String, _ depth: Int = 0) -> Bool {
      guard depth < modules.count, modules[m].isOpen(to: type) else { return false }
      return modules[m].prerequisites.allSatisfy { open($0, type, depth + 1) }
    }
    let bitSlots = min(f.evidenceCategories.count, 7) + 1
    self.bitSlots = bitSlots
    let cells = types.count * catalog.count * (top + 1) * bitSlots
    var optionSets = [ModuleSet](repeating: ModuleSet(), count: cells)
    for (t, type) in types.enumerated() {
      for m in modules.indices where open(m, type) {
        for outcome in modules[m].develops where outcome.level >= 1 {
          for c in catalog.equivalents[Int(outcome.competency)] {
            for level in 1...min(outcome.level, top) {
              let first = ((t * catalog.count + Int(c)) * (top + 1) + level) * bitSlots
              for bit in 0..<8 where modules[m].mask & (1 << bit) != 0 { optionSets[first + Self.slot(bit, of: bitSlots)].insert(m) }
            }
          }
        }
      }
    }
    self.optionSets = optionSets
    let prerequisites = modules.indices.map { m in
      var set = ModuleSet()
      var stack = modules[m].prerequisites
      while let p = stack.popLast() {
        if set.contains(p) { continue }
        set.insert(p)
        stack += modules[p].prerequisites
      }
      return set
    }
    prerequisiteClosure = prerequisites
    extentSets = optionSets.map { cell in
      var reach = cell
      cell.forEach { reach = reach.union(prerequisites[$0]) }
      return reach
    }
    // `Framework.requirements(forRole:agencyType:)` for every role and type, with each
    // requirement's competency looked up once per role rather than once per type.
    func resolved(_ requirements: [Requirement]) -> [ResolvedRequirement] {
      requirements.compactMap { r in catalog.index[r.competency].map { ResolvedRequirement(competency: $0, level: r.level, priority: r.priority) } }
    }
    roleRequirements = f.roles.map { role in
      let base = resolved(role.requirements)
      let overlays = Dictionary(role.overlays.map { ($0.agencyType, resolved($0.requirements)) }, uniquingKeysWith: { first, _ in first })
      return types.map { type in
        guard !type.isEmpty, let extras = overlays[type] else { return base }
        return base.overlaid(with: extras)
      }
    }
  }

  /// Where a need (one category bit of a competency at a level, for an agency type) is in
  /// `optionSets` and `extentSets`.
  func cell(type: Int, competency: Int32, level: Int, bit: Int) -> Int {
    ((type * catalog.count + Int(competency)) * (maxLevel + 1) + min(level, maxLevel)) * bitSlots + Self.slot(bit, of: bitSlots)
  }

  /// Where a category bit is kept among a cell's slots: a category's own, or the last for "any".
  @inline(__always)
  static func slot(_ bit: Int, of slots: Int) -> Int { bit < slots - 1 ? bit : slots - 1 }

  /// Modules that meet a need (one category bit) for a competency at a level, for an agency type.
  func options(type: Int, competency: Int32, level: Int, bit: Int) -> [Int] {
    optionSets[cell(type: type, competency: competency, level: level, bit: bit)].members
  }

  public func typeNumber(ofAgency agency: String) -> Int { agencyNumbers[agency]?.type ?? agencyTypes.count - 1 }
  public func regionNumber(ofAgency agency: String) -> Int { agencyNumbers[agency]?.region ?? regionIDs.count - 1 }

  /// The evidence categories an activity provides: its kind's, and a blended module's both.
  func mask(of item: EvidenceItem) -> UInt8 {
    var m = kindMask[item.kind.code]
    if item.module >= 0 && modules[Int(item.module)].blended { m |= modules[Int(item.module)].mask }
    return m
  }

  /// Requirements for a role in an agency type (by number), as catalog indexes.
  public func requirements(role: String, agencyType: Int) -> [ResolvedRequirement] {
    guard let r = framework.roleIndex[role] else { return [] }
    return roleRequirements[r][agencyType]
  }

  public func agencyType(of agency: String) -> String? { agencyFacts[agency] }

  /// The region a person counts in for every regional view: their agency's home region
  /// (`Framework.homeRegion(ofAgency:)`, the one meaning of region membership), `all-wales` for
  /// a national body's staff, `unknown` for an agency the framework does not know.
  public func region(of agency: String) -> String { regionIDs[regionNumber(ofAgency: agency)] }
}

public struct ResolvedRequirement: Sendable, Hashable, Overlayable {
  public var competency: Int32
  public var level: Int
  public var priority: Priority
}
