/// Text in one or more languages, keyed by language code (`en`, `cy`).
public struct LocalizedText: Sendable, Hashable {
  public var values: [String: String]

  public init(_ values: [String: String]) { self.values = values }
  public init(en: String, cy: String? = nil) {
    values = ["en": en]
    if let cy { values["cy"] = cy }
  }

  public subscript(language: String) -> String? { values[language] }

  /// The text in `language`, falling back to English, then to any language present.
  public func text(_ language: String) -> String {
    values[language] ?? values["en"] ?? values.sorted { $0.key < $1.key }.first?.value ?? ""
  }

  public var en: String { text("en") }
}

/// The kinds of CPD activity a practitioner can log.
public enum ActivityKind: String, Sendable, CaseIterable, Hashable {
  case classroom
  case workshop
  case onTheJob = "on-the-job"
  case eLearning = "e-learning"
  case actionLearning = "action-learning"
  case mentoringGiven = "mentoring-given"
  case mentoringReceived = "mentoring-received"
  case coaching
  case shadowing
  case conference
  case reading
  case reflectiveAccount = "reflective-account"
  case assessment

  public static let allNames = allCases.map(\.rawValue).joined(separator: ", ")

  /// The kind's number, as stores keep it. Kinds are only ever appended, so numbers never change.
  public var code: Int {
    switch self {
    case .classroom: 0
    case .workshop: 1
    case .onTheJob: 2
    case .eLearning: 3
    case .actionLearning: 4
    case .mentoringGiven: 5
    case .mentoringReceived: 6
    case .coaching: 7
    case .shadowing: 8
    case .conference: 9
    case .reading: 10
    case .reflectiveAccount: 11
    case .assessment: 12
    }
  }

  public init?(code: Int) {
    guard code >= 0, code < ActivityKind.allCases.count else { return nil }
    self = ActivityKind.allCases[code]
  }

  /// Whether the kind is learning with others unless a record says otherwise. Reading, e-learning
  /// and writing a reflective account are done alone.
  public var isParticipatoryByDefault: Bool {
    switch self {
    case .reading, .eLearning, .reflectiveAccount: false
    default: true
    }
  }
}

/// How a module is delivered.
public enum DeliveryMode: String, Sendable, CaseIterable, Hashable {
  case classroom
  case workshop
  case onTheJob = "on-the-job"
  case eLearning = "e-learning"
  case actionLearning = "action-learning"
  case mentoring
  case blended

  /// The activity kinds that completing the module provides as evidence.
  /// A blended module pairs a classroom session with on-the-job practice.
  public var evidenceKinds: [ActivityKind] {
    switch self {
    case .classroom: [.classroom]
    case .workshop: [.workshop]
    case .onTheJob: [.onTheJob]
    case .eLearning: [.eLearning]
    case .actionLearning: [.actionLearning]
    case .mentoring: [.mentoringReceived]
    case .blended: [.classroom, .onTheJob]
    }
  }

  /// Remote modes are not delivered in a region.
  public var isRemote: Bool { self == .eLearning }

  /// Group modes where a mixed-agency cohort matters.
  public var isGroupSession: Bool {
    switch self {
    case .classroom, .workshop, .actionLearning, .blended: true
    case .onTheJob, .eLearning, .mentoring: false
    }
  }

  public static let allNames = allCases.map(\.rawValue).joined(separator: ", ")
}

public enum Priority: String, Sendable, CaseIterable, Hashable, Comparable {
  case desirable
  case core
  case mandatory

  var rank: Int {
    switch self {
    case .desirable: 0
    case .core: 1
    case .mandatory: 2
    }
  }

  public static func < (lhs: Priority, rhs: Priority) -> Bool { lhs.rank < rhs.rank }
}

public struct Topic: Sendable, Hashable {
  public var id: String
  public var title: LocalizedText

  public init(id: String, title: LocalizedText) {
    self.id = id
    self.title = title
  }
}

/// A named group of activity kinds, such as `learning` (classroom-type) or `practice` (on-the-job).
public struct EvidenceCategory: Sendable, Hashable {
  public var id: String
  public var title: LocalizedText
  public var kinds: [ActivityKind]

  /// The built-in category that every kind satisfies.
  public static let anyID = "any"

  public init(id: String, title: LocalizedText, kinds: [ActivityKind]) {
    self.id = id
    self.title = title
    self.kinds = kinds
  }
}

/// Which evidence categories must each be present for a level to count as evidenced.
public struct EvidenceRule: Sendable, Hashable {
  public var level: Int
  public var requires: [String]

  public init(level: Int, requires: [String]) {
    self.level = level
    self.requires = requires
  }
}

/// A level-wide crosswalk, as format-1 frameworks (1.0.0) gave one for every competency at once.
/// Format 2 refuses them: crosswalks belong to the competencies and roles a Welsh model is about.
public struct LevelCrosswalk: Sendable, Hashable {
  public var scheme: String
  public var equivalent: String

  public init(scheme: String, equivalent: String) {
    self.scheme = scheme
    self.equivalent = equivalent
  }
}

public struct Level: Sendable, Hashable {
  public var level: Int
  public var id: String
  public var title: LocalizedText
  public var descriptor: LocalizedText?
  public var crosswalks: [LevelCrosswalk]

  public init(level: Int, id: String, title: LocalizedText, descriptor: LocalizedText? = nil, crosswalks: [LevelCrosswalk]) {
    self.level = level
    self.id = id
    self.title = title
    self.descriptor = descriptor
    self.crosswalks = crosswalks
  }
}

public struct Domain: Sendable, Hashable {
  public var id: String
  public var code: String?
  public var title: LocalizedText
  public var description: LocalizedText?
  public var caseIdentifier: String?
  public var caseItemType: String?

  public init(id: String, code: String? = nil, title: LocalizedText, description: LocalizedText? = nil, caseIdentifier: String? = nil, caseItemType: String? = nil) {
    self.id = id
    self.code = code
    self.title = title
    self.description = description
    self.caseIdentifier = caseIdentifier
    self.caseItemType = caseItemType
  }
}

public enum MappingRelation: String, Sendable, CaseIterable, Hashable {
  case exactMatch
  case partialMatch
  case related
}

public struct StandardMapping: Sendable, Hashable {
  public var standard: String
  public var relation: MappingRelation

  public init(standard: String, relation: MappingRelation) {
    self.standard = standard
    self.relation = relation
  }
}

/// A link from a competency to another item; `framework` names another loaded framework.
public struct Association: Sendable, Hashable {
  public var relation: String
  public var target: String
  public var framework: String?

  public static let exactMatchOf = "exactMatchOf"

  public init(relation: String, target: String, framework: String? = nil) {
    self.relation = relation
    self.target = target
    self.framework = framework
  }
}

public struct Competency: Sendable, Hashable {
  public var id: String
  /// The owning domain; absent only for top-level items of an imported CASE framework.
  public var domain: String?
  public var parent: String?
  public var code: String?
  public var title: LocalizedText
  public var description: LocalizedText?
  /// The finding that motivates the competency, with its document and country.
  public var rationale: Rationale?
  /// Free text kept from an interchange file (CASE `notes`) that is not a sourced rationale.
  public var notes: String?
  public var topics: [String]
  public var descriptors: [Int: LocalizedText]
  public var standards: [StandardMapping]
  public var evidence: [EvidenceRule]
  public var currencyMonths: Int?
  public var associations: [Association]
  /// Where a Welsh tiered model is about this competency: which group each level corresponds to.
  public var crosswalks: [CompetencyCrosswalk]
  /// Named evidence bases of what works that support the competency.
  public var evidenceBase: [EvidenceLink]
  public var caseIdentifier: String?
  public var caseItemType: String?

  public init(
    id: String, domain: String? = nil, parent: String? = nil, code: String? = nil, title: LocalizedText,
    description: LocalizedText? = nil, rationale: Rationale? = nil, notes: String? = nil, topics: [String],
    descriptors: [Int: LocalizedText], standards: [StandardMapping], evidence: [EvidenceRule], currencyMonths: Int? = nil,
    associations: [Association], crosswalks: [CompetencyCrosswalk] = [], evidenceBase: [EvidenceLink] = [],
    caseIdentifier: String? = nil, caseItemType: String? = nil
  ) {
    self.id = id
    self.domain = domain
    self.parent = parent
    self.code = code
    self.title = title
    self.description = description
    self.rationale = rationale
    self.notes = notes
    self.topics = topics
    self.descriptors = descriptors
    self.standards = standards
    self.evidence = evidence
    self.currencyMonths = currencyMonths
    self.associations = associations
    self.crosswalks = crosswalks
    self.evidenceBase = evidenceBase
    self.caseIdentifier = caseIdentifier
    self.caseItemType = caseItemType
  }
}

/// An external occupational standard (NOS unit, CVF competency, apprenticeship standard...).
public struct Standard: Sendable, Hashable {
  public var id: String
  /// Present only where a public source confirmed the code.
  public var code: String?
  public var title: String
  public var body: String?
  public var suite: String?
  public var source: String?
  public var uri: String?
  public var caseIdentifier: String?

  public init(id: String, code: String? = nil, title: String, body: String? = nil, suite: String? = nil, source: String? = nil, uri: String? = nil, caseIdentifier: String? = nil) {
    self.id = id
    self.code = code
    self.title = title
    self.body = body
    self.suite = suite
    self.source = source
    self.uri = uri
    self.caseIdentifier = caseIdentifier
  }
}

public struct Requirement: Sendable, Hashable, Overlayable {
  public var competency: String
  public var level: Int
  public var priority: Priority

  public init(competency: String, level: Int, priority: Priority) {
    self.competency = competency
    self.level = level
    self.priority = priority
  }
}

/// A requirement however its competency is named (by id here, by number in an analysis).
public protocol Overlayable {
  associatedtype CompetencyName: Equatable
  var competency: CompetencyName { get }
  var level: Int { get set }
  var priority: Priority { get set }
}

extension Array where Element: Overlayable {
  /// These requirements with an agency type's overlay applied: a competency required already
  /// takes the higher level and the higher priority of the two; another is added at the end.
  public func overlaid(with extras: [Element]) -> [Element] {
    var result = self
    for extra in extras {
      if let i = result.firstIndex(where: { $0.competency == extra.competency }) {
        result[i].level = Swift.max(result[i].level, extra.level)
        result[i].priority = Swift.max(result[i].priority, extra.priority)
      } else {
        result.append(extra)
      }
    }
    return result
  }
}

/// The modules that meet one mandatory requirement for one kind of evidence (see
/// `Framework.mandatoryRoutes(forRole:agencyType:)`); empty when no open module meets it.
public struct MandatoryRoute: Sendable, Hashable {
  public var requirement: Requirement
  /// An evidence category id, or `any`.
  public var category: String
  /// Any one of these meets the requirement for this kind of evidence.
  public var modules: [String]

  public init(requirement: Requirement, category: String, modules: [String]) {
    self.requirement = requirement
    self.category = category
    self.modules = modules
  }
}

public struct Overlay: Sendable, Hashable {
  public var agencyType: String
  public var requirements: [Requirement]

  public init(agencyType: String, requirements: [Requirement]) {
    self.agencyType = agencyType
    self.requirements = requirements
  }
}

public struct Role: Sendable, Hashable {
  public var id: String
  public var title: LocalizedText
  public var description: LocalizedText?
  public var agencyTypes: [String]
  public var requirements: [Requirement]
  public var overlays: [Overlay]
  /// Where a Welsh tiered model places people by role: the group this role corresponds to.
  public var crosswalks: [RoleCrosswalk]

  public init(
    id: String, title: LocalizedText, description: LocalizedText? = nil, agencyTypes: [String],
    requirements: [Requirement], overlays: [Overlay], crosswalks: [RoleCrosswalk] = []
  ) {
    self.id = id
    self.title = title
    self.description = description
    self.agencyTypes = agencyTypes
    self.requirements = requirements
    self.overlays = overlays
    self.crosswalks = crosswalks
  }
}

public struct ModuleOutcome: Sendable, Hashable {
  public var competency: String
  public var level: Int

  public init(competency: String, level: Int) {
    self.competency = competency
    self.level = level
  }
}

public struct CohortSize: Sendable, Hashable {
  public var min: Int
  public var max: Int

  public init(min: Int, max: Int) {
    self.min = min
    self.max = max
  }
}

public struct Module: Sendable, Hashable {
  public var id: String
  public var title: LocalizedText
  public var description: LocalizedText?
  public var mode: DeliveryMode
  public var hours: Double
  public var cpdHours: Double
  public var provider: String?
  /// Whether the module exists and who, if anyone, assured it, with the document that says so.
  /// Absent only in format-1 frameworks (1.0.0), which had an unrecorded `qualityAssured` flag.
  /// A module is never mandatory in itself: see `Framework.modulesMandatory(forRole:agencyType:)`.
  public var quality: QualityRecord?
  public var develops: [ModuleOutcome]
  public var prerequisites: [String]
  public var cohort: CohortSize
  /// Agency types the module is open to; empty means open to all.
  public var agencyTypes: [String]
  /// The document that names or motivates the module: a source id (format 2) or free text (format 1).
  public var source: String?
  /// Named evidence bases of what works behind the module's content.
  public var evidenceBase: [EvidenceLink]

  public func isOpen(to agencyType: String) -> Bool {
    agencyTypes.isEmpty || agencyTypes.contains(agencyType)
  }

  public init(
    id: String, title: LocalizedText, description: LocalizedText? = nil, mode: DeliveryMode, hours: Double,
    cpdHours: Double, provider: String? = nil, quality: QualityRecord? = nil, develops: [ModuleOutcome],
    prerequisites: [String], cohort: CohortSize, agencyTypes: [String], source: String? = nil,
    evidenceBase: [EvidenceLink] = []
  ) {
    self.id = id
    self.title = title
    self.description = description
    self.mode = mode
    self.hours = hours
    self.cpdHours = cpdHours
    self.provider = provider
    self.quality = quality
    self.develops = develops
    self.prerequisites = prerequisites
    self.cohort = cohort
    self.agencyTypes = agencyTypes
    self.source = source
    self.evidenceBase = evidenceBase
  }
}

public struct Region: Sendable, Hashable {
  public var id: String
  public var title: LocalizedText

  public init(id: String, title: LocalizedText) {
    self.id = id
    self.title = title
  }
}

public struct AgencyType: Sendable, Hashable {
  public var id: String
  public var title: LocalizedText

  public init(id: String, title: LocalizedText) {
    self.id = id
    self.title = title
  }
}

public struct Agency: Sendable, Hashable {
  public var id: String
  public var name: LocalizedText
  public var type: String
  /// The footprint: every region the agency serves.
  public var regions: [String]
  /// Where the agency's staff belong for cohorts and region reports: a region id, or
  /// `Agency.allWales` for a national body that belongs to no one region.
  public var home: String

  /// The `homeRegion` value of a body that works across Wales rather than from one region.
  public static let allWales = "all-wales"

  /// The agency's home region; nil for an all-Wales body, which callers must place explicitly.
  public var homeRegion: String? { home == Agency.allWales ? nil : home }
  public var isAllWales: Bool { home == Agency.allWales }

  /// `home` defaults to the first region listed, which is what format-1 frameworks (1.0.0) meant.
  public init(id: String, name: LocalizedText, type: String, regions: [String], home: String? = nil) {
    self.id = id
    self.name = name
    self.type = type
    self.regions = regions
    self.home = home ?? regions.first ?? Agency.allWales
  }
}

/// A versioned CPD rule with effective dates; hours may be absent for outcome-based rules.
public struct CPDPolicy: Sendable, Hashable {
  public var id: String
  public var version: String
  public var title: LocalizedText
  public var effectiveFrom: Day
  public var effectiveTo: Day?
  public var periodMonths: Int
  public var hours: Double?
  public var participatoryHours: Double?
  public var reflectiveAccounts: Int
  /// The policy's rule for what makes a reflective account: an activity whose written reflection
  /// has at least this many words.
  public var reflectiveAccountWords: Int
  /// Whether the policy is a proposal or has been adopted; absent only in format-1 frameworks.
  public var status: PolicyStatus?
  /// The CPD regimes the rule is modelled on (for example the NMC's revalidation).
  public var modelledOn: [String]
  public var basis: String?

  public func isInEffect(on day: Day) -> Bool {
    effectiveFrom <= day && (effectiveTo.map { day <= $0 } ?? true)
  }

  public init(
    id: String, version: String, title: LocalizedText, effectiveFrom: Day, effectiveTo: Day? = nil, periodMonths: Int,
    hours: Double? = nil, participatoryHours: Double? = nil, reflectiveAccounts: Int, reflectiveAccountWords: Int = 1,
    status: PolicyStatus? = nil, modelledOn: [String] = [], basis: String? = nil
  ) {
    self.reflectiveAccountWords = reflectiveAccountWords
    self.status = status
    self.modelledOn = modelledOn
    self.id = id
    self.version = version
    self.title = title
    self.effectiveFrom = effectiveFrom
    self.effectiveTo = effectiveTo
    self.periodMonths = periodMonths
    self.hours = hours
    self.participatoryHours = participatoryHours
    self.reflectiveAccounts = reflectiveAccounts
    self.basis = basis
  }
}
