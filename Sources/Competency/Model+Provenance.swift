/// Where the framework's claims come from: the documents it rests on, the findings behind its
/// competencies, the status of its modules, the Welsh tiered models it crosswalks to and the
/// evidence bases it points practitioners to.

/// The country whose practice a document's findings describe.
public enum SourceCountry: String, Sendable, CaseIterable, Hashable {
  case wales
  case scotland
  case uk

  public static let allNames = allCases.map(\.rawValue).joined(separator: ", ")
}

/// A document the framework rests on (`sources.json`).
public struct Source: Sendable, Hashable {
  public var id: String
  public var title: String
  /// Whose findings the document reports.
  public var country: SourceCountry
  /// The file it is kept in, where the framework's research documents are kept as files.
  public var file: String?

  public init(id: String, title: String, country: SourceCountry, file: String? = nil) {
    self.id = id
    self.title = title
    self.country = country
    self.file = file
  }
}

/// The finding that motivates a competency, the document it comes from and the country it
/// describes, so that a Scottish figure is never read as a Welsh one.
public struct Rationale: Sendable, Hashable {
  public var text: LocalizedText
  /// A source id. Absent only in format-1 frameworks (1.0.0), whose rationales were plain text.
  public var source: String?
  public var country: SourceCountry?

  public init(text: LocalizedText, source: String? = nil, country: SourceCountry? = nil) {
    self.text = text
    self.source = source
    self.country = country
  }
}

/// How far a module has got, from an idea to an assured course.
public enum QualityStatus: String, Sendable, CaseIterable, Hashable, Comparable {
  /// Recommended or designed, not yet run.
  case proposed
  /// Run as a pilot.
  case piloted
  /// Run for real, at least somewhere.
  case delivered
  /// Checked by a named body against named criteria.
  case assured

  public static let allNames = "proposed, piloted, delivered or assured"

  var rank: Int { Self.allCases.firstIndex(of: self)! }
  public static func < (lhs: QualityStatus, rhs: QualityStatus) -> Bool { lhs.rank < rhs.rank }
}

/// A module's quality status with the document that says so. `assured` also names who assured
/// it, when and against what; validation refuses an assured module without all three.
public struct QualityRecord: Sendable, Hashable {
  public var status: QualityStatus
  /// The source id of the document that reports the status.
  public var source: String
  /// What exactly the source says, where the status needs a qualifier (e.g. where it was run).
  public var note: LocalizedText?
  public var assuredBy: String?
  public var assuredOn: Day?
  /// The standard or criteria the module was assured against.
  public var against: String?

  public init(
    status: QualityStatus, source: String, note: LocalizedText? = nil, assuredBy: String? = nil, assuredOn: Day? = nil,
    against: String? = nil
  ) {
    self.status = status
    self.source = source
    self.note = note
    self.assuredBy = assuredBy
    self.assuredOn = assuredOn
    self.against = against
  }

  /// Whether an assured record says who assured it, when and against what (always true otherwise).
  public var isComplete: Bool {
    status != .assured || (assuredBy != nil && assuredOn != nil && against != nil)
  }
}

/// A named, public evidence base of what works (such as the College of Policing Crime
/// Reduction Toolkit) behind a competency or module.
public struct EvidenceLink: Sendable, Hashable {
  public var name: String
  public var url: String

  public init(name: String, url: String) {
    self.name = name
    self.url = url
  }
}

/// A Welsh tiered training model that the framework crosswalks to (declared in `framework.json`),
/// with its groups in order.
public struct CrosswalkScheme: Sendable, Hashable {
  public struct Group: Sendable, Hashable {
    public var id: String
    public var title: LocalizedText

    public init(id: String, title: LocalizedText) {
      self.id = id
      self.title = title
    }
  }

  public var id: String
  public var title: LocalizedText
  /// The source id of the document that describes the model.
  public var source: String?
  public var groups: [Group]

  public init(id: String, title: LocalizedText, source: String? = nil, groups: [Group]) {
    self.id = id
    self.title = title
    self.source = source
    self.groups = groups
  }

  public func group(_ id: String) -> Group? { groups.first { $0.id == id } }
}

/// One level of a competency set beside the group of a Welsh model that aims at the same
/// proficiency. Only competencies the model is about carry crosswalks.
public struct CompetencyCrosswalk: Sendable, Hashable {
  public var scheme: String
  public var level: Int
  /// A group id of the scheme.
  public var equivalent: String
  public var note: LocalizedText?

  public init(scheme: String, level: Int, equivalent: String, note: LocalizedText? = nil) {
    self.scheme = scheme
    self.level = level
    self.equivalent = equivalent
    self.note = note
  }
}

/// The group a Welsh model places a role in (these models place people by their role's
/// exposure). `agencyTypes` limits it to people in those agency types; empty means all.
public struct RoleCrosswalk: Sendable, Hashable {
  public var scheme: String
  public var equivalent: String
  public var agencyTypes: [String]
  public var note: LocalizedText?

  public init(scheme: String, equivalent: String, agencyTypes: [String] = [], note: LocalizedText? = nil) {
    self.scheme = scheme
    self.equivalent = equivalent
    self.agencyTypes = agencyTypes
    self.note = note
  }

  public func applies(to agencyType: String?) -> Bool {
    agencyTypes.isEmpty || agencyType.map(agencyTypes.contains) ?? false
  }
}

/// Something the framework deliberately leaves out, with the reason and the document behind it
/// (for example counter-terrorism, which the Welsh survey excluded).
public struct ScopeExclusion: Sendable, Hashable {
  public var id: String
  public var title: LocalizedText
  public var reason: LocalizedText
  public var source: String

  public init(id: String, title: LocalizedText, reason: LocalizedText, source: String) {
    self.id = id
    self.title = title
    self.reason = reason
    self.source = source
  }
}

/// Whether a CPD policy is a proposal or has been adopted by the body that publishes it.
public enum PolicyStatus: String, Sendable, CaseIterable, Hashable {
  case proposed
  case adopted
}
