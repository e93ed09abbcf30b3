import Foundation
import JSON

/// A competency framework: the scale, the competencies and their evidence rules, the role
/// profiles, the module catalogue, the agencies and the CPD policy. Everything else in the
/// system is measured against one.
public struct Framework: Sendable {
  /// The file format this build writes. Format 1 is the layout of framework 1.0.0, still read
  /// so that older versions can be compared; format 2 added quality records, sourced
  /// rationales, per-competency and per-role crosswalks, home regions and policy status.
  public static let currentFormat = 2

  /// The file format the framework was read in (or is written in).
  public var format: Int
  public var id: String
  public var version: String
  public var title: LocalizedText
  public var description: LocalizedText?
  public var publisher: String?
  public var languages: [String]
  public var topics: [Topic]
  public var evidenceCategories: [EvidenceCategory]
  public var evidenceRules: [EvidenceRule]
  public var currencyMonths: Int
  public var expiringWithinDays: Int
  public var priorityWeights: [Priority: Double]
  public var caseIdentifier: String?
  /// CASE associations this model has no field for (their origin is a domain or lies outside
  /// the package), kept verbatim so that a re-export carries them.
  public var caseAssociations: [JSONValue]
  /// The Welsh tiered training models that crosswalks may name.
  public var crosswalkSchemes: [CrosswalkScheme]
  /// What the framework leaves out on purpose, and why.
  public var exclusions: [ScopeExclusion]

  /// The documents rationales and quality records cite.
  public var sources: [Source]
  public var levels: [Level]
  public var domains: [Domain]
  public var competencies: [Competency]
  public var standards: [Standard]
  public var roles: [Role]
  public var modules: [Module]
  public var regions: [Region]
  public var agencyTypes: [AgencyType]
  public var agencies: [Agency]
  public var policies: [CPDPolicy]

  // Indexes, rebuilt by `reindex()` whenever the arrays change.
  public private(set) var competencyIndex: [String: Int] = [:]
  public private(set) var moduleIndex: [String: Int] = [:]
  public private(set) var roleIndex: [String: Int] = [:]
  public private(set) var agencyIndex: [String: Int] = [:]
  public private(set) var standardIndex: [String: Int] = [:]
  public private(set) var domainIndex: [String: Int] = [:]

  public init(
    id: String, version: String, title: LocalizedText, description: LocalizedText? = nil, publisher: String? = nil,
    languages: [String] = ["en"], topics: [Topic] = [], evidenceCategories: [EvidenceCategory] = [],
    evidenceRules: [EvidenceRule] = [], currencyMonths: Int = 36, expiringWithinDays: Int = 90,
    priorityWeights: [Priority: Double] = Framework.defaultPriorityWeights, caseIdentifier: String? = nil,
    caseAssociations: [JSONValue] = [], crosswalkSchemes: [CrosswalkScheme] = [], exclusions: [ScopeExclusion] = [],
    sources: [Source] = [], levels: [Level] = [], domains: [Domain] = [],
    competencies: [Competency] = [], standards: [Standard] = [], roles: [Role] = [], modules: [Module] = [],
    regions: [Region] = [], agencyTypes: [AgencyType] = [], agencies: [Agency] = [], policies: [CPDPolicy] = [],
    format: Int = Framework.currentFormat
  ) {
    self.format = format
    self.id = id
    self.version = version
    self.title = title
    self.description = description
    self.publisher = publisher
    self.languages = languages
    self.topics = topics
    self.evidenceCategories = evidenceCategories
    self.evidenceRules = evidenceRules
    self.currencyMonths = currencyMonths
    self.expiringWithinDays = expiringWithinDays
    self.priorityWeights = priorityWeights
    self.caseIdentifier = caseIdentifier
    self.caseAssociations = caseAssociations
    self.crosswalkSchemes = crosswalkSchemes
    self.exclusions = exclusions
    self.sources = sources
    self.levels = levels
    self.domains = domains
    self.competencies = competencies
    self.standards = standards
    self.roles = roles
    self.modules = modules
    self.regions = regions
    self.agencyTypes = agencyTypes
    self.agencies = agencies
    self.policies = policies
    reindex()
  }

  public static let defaultPriorityWeights: [Priority: Double] = [.mandatory: 3, .core: 2, .desirable: 1]

  public mutating func reindex() {
    competencyIndex = Self.index(competencies.map(\.id))
    moduleIndex = Self.index(modules.map(\.id))
    roleIndex = Self.index(roles.map(\.id))
    agencyIndex = Self.index(agencies.map(\.id))
    standardIndex = Self.index(standards.map(\.id))
    domainIndex = Self.index(domains.map(\.id))
  }

  static func index(_ ids: [String]) -> [String: Int] {
    var result: [String: Int] = [:]
    result.reserveCapacity(ids.count)
    for (i, id) in ids.enumerated() where result[id] == nil { result[id] = i }
    return result
  }

  public var maxLevel: Int { levels.map(\.level).max() ?? 0 }

  public func competency(_ id: String) -> Competency? { competencyIndex[id].map { competencies[$0] } }
  public func module(_ id: String) -> Module? { moduleIndex[id].map { modules[$0] } }
  public func role(_ id: String) -> Role? { roleIndex[id].map { roles[$0] } }
  public func agency(_ id: String) -> Agency? { agencyIndex[id].map { agencies[$0] } }
  public func standard(_ id: String) -> Standard? { standardIndex[id].map { standards[$0] } }
  public func domain(_ id: String) -> Domain? { domainIndex[id].map { domains[$0] } }
  public func level(_ n: Int) -> Level? { levels.first { $0.level == n } }
  public func source(_ id: String) -> Source? { sources.first { $0.id == id } }
  public func crosswalkScheme(_ id: String) -> CrosswalkScheme? { crosswalkSchemes.first { $0.id == id } }
  public func region(_ id: String) -> Region? { regions.first { $0.id == id } }
}

extension Day {
  /// Today's date in the machine's time zone.
  /// (The C library's `localtime_r`, which reads the zone as Foundation's calendar does, from
  /// `TZ` or the system's setting, without loading the calendar machinery at every start.)
  public static var today: Day {
    var now = time(nil)
    var parts = tm()
    guard localtime_r(&now, &parts) != nil,
      let day = Day(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))
    else {
      let parts = Calendar.current.dateComponents([.year, .month, .day], from: Date())
      return Day(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
    return day
  }
}
