import Competency

/// Plain values describing people and their CPD evidence, as any store reads them.
///
/// The analyser works on these, never on SQL. Activities are kept compact (indexes into the
/// framework rather than strings) because a national store holds millions of them.
public struct Workforce: Sendable {
  public var people: [Person]
  /// Every activity, grouped by person: person `p` owns `items[itemStart[p]..<itemStart[p + 1]]`.
  public var items: [EvidenceItem]
  public var itemStart: [Int32]
  /// Competency claims of the items: item `i` claims `claims[i.claimStart..<i.claimStart + i.claimCount]`.
  /// Items that claim the same may share one range (a store reads each distinct list once).
  public var claims: [EvidenceClaim]
  /// Self-assessments, grouped by person like items.
  public var ratings: [SelfRating]
  public var ratingStart: [Int32]

  public init(
    people: [Person], items: [EvidenceItem], itemStart: [Int32], claims: [EvidenceClaim], ratings: [SelfRating],
    ratingStart: [Int32]
  ) {
    self.people = people
    self.items = items
    self.itemStart = itemStart
    self.claims = claims
    self.ratings = ratings
    self.ratingStart = ratingStart
  }

  public static let empty = Workforce(people: [], items: [], itemStart: [0], claims: [], ratings: [], ratingStart: [0])

  public func items(of person: Int) -> ArraySlice<EvidenceItem> {
    items[Int(itemStart[person])..<Int(itemStart[person + 1])]
  }

  public func ratings(of person: Int) -> ArraySlice<SelfRating> {
    ratings[Int(ratingStart[person])..<Int(ratingStart[person + 1])]
  }

  public func claims(of item: EvidenceItem) -> ArraySlice<EvidenceClaim> {
    claims[Int(item.claimStart)..<(Int(item.claimStart) + Int(item.claimCount))]
  }
}

public struct Person: Sendable, Hashable {
  public var id: String
  public var name: String
  public var agency: String
  public var team: String
  public var role: String
  public var manager: String?
  public var language: String

  public init(id: String, name: String, agency: String, team: String, role: String, manager: String? = nil, language: String = "en") {
    self.id = id
    self.name = name
    self.agency = agency
    self.team = team
    self.role = role
    self.manager = manager
    self.language = language
  }
}

/// Where an activity stands in sign-off.
public enum SignOffStatus: UInt8, Sendable, CaseIterable {
  case pending = 0
  case verified = 1
  case rejected = 2
  /// Withdrawn before anyone signed it off: the learning platform voided the statement that
  /// recorded it (xAPI 1.0.3 Part Two §2.3.2). It never counts and cannot be signed off.
  case withdrawn = 3

  public var name: String {
    switch self {
    case .pending: "pending"
    case .verified: "verified"
    case .rejected: "rejected"
    case .withdrawn: "withdrawn"
    }
  }

  /// A verifier's decision (what a sign-off records), as opposed to a state an activity is in.
  public var isDecision: Bool { self == .verified || self == .rejected }

  public init?(name: String) {
    guard let status = Self.allCases.first(where: { $0.name == name }) else { return nil }
    self = status
  }
}

/// One logged activity, compactly.
public struct EvidenceItem: Sendable, Hashable {
  public var day: Day
  public var kind: ActivityKind
  public var status: SignOffStatus
  /// A verified correction has replaced this activity, or the statement that recorded it was
  /// voided; it no longer counts.
  public var superseded: Bool
  public var participatory: Bool
  /// Index into the primary framework's modules, or -1.
  public var module: Int16
  /// Hours in hundredths (at most 2,400: a day); 0 while the hours await a verifier's
  /// confirmation (an imported statement that gave none), so that they add nothing to any total.
  public var centihours: UInt16
  public var claimStart: Int32
  public var claimCount: Int16
  /// Words of reflection written for it (capped at 65,535); the CPD policy says how many make a
  /// reflective account.
  public var reflectionWords: UInt16

  public init(
    day: Day, kind: ActivityKind, status: SignOffStatus, superseded: Bool = false, participatory: Bool = true,
    module: Int16 = -1, centihours: UInt16, claimStart: Int32, claimCount: Int16, reflectionWords: UInt16 = 0
  ) {
    self.day = day
    self.kind = kind
    self.status = status
    self.superseded = superseded
    self.participatory = participatory
    self.module = module
    self.centihours = centihours
    self.claimStart = claimStart
    self.claimCount = claimCount
    self.reflectionWords = reflectionWords
  }

  /// Counts as evidence: verified and not replaced by a correction (or voided).
  public var counts: Bool { status == .verified && !superseded }

  /// Pending until a verifier confirms its hours at sign-off.
  public var needsHours: Bool { centihours == 0 }
}

/// A competency claimed by an activity, at a level. `competency` indexes a `CompetencyCatalog`.
public struct EvidenceClaim: Sendable, Hashable {
  public var competency: Int32
  public var level: UInt8

  public init(competency: Int32, level: UInt8) {
    self.competency = competency
    self.level = level
  }
}

/// A practitioner's own rating of a competency.
public struct SelfRating: Sendable, Hashable {
  public var competency: Int32
  public var level: UInt8
  public var day: Day

  public init(competency: Int32, level: UInt8, day: Day) {
    self.competency = competency
    self.level = level
    self.day = day
  }
}
