import Competency
import Workforce

/// Builds `Workforce` values by hand for analyser tests: people, then their activities as
/// (date, kind, status, claims) with claims written `COMPETENCY:LEVEL`.
public struct WorkforceBuilder {
  public let framework: Framework
  public let catalog: CompetencyCatalog
  var people: [Person] = []
  var items: [[EvidenceItem]] = []
  var claims: [EvidenceClaim] = []
  var ratings: [[SelfRating]] = []

  public init(_ frameworks: [Framework]) {
    framework = frameworks[0]
    catalog = CompetencyCatalog(frameworks)
  }

  @discardableResult
  public mutating func person(_ id: String, role: String, agency: String, team: String = "Team A", name: String? = nil) -> Int {
    people.append(Person(id: id, name: name ?? "Name of \(id)", agency: agency, team: team, role: role))
    items.append([])
    ratings.append([])
    return people.count - 1
  }

  public mutating func activity(
    _ person: Int, _ date: String, _ kind: ActivityKind, _ status: SignOffStatus = .verified, claims list: [String] = [],
    module: String? = nil, hours: Hours = 3, superseded: Bool = false, participatory: Bool = true, reflectionWords: Int = 0
  ) {
    let start = Int32(claims.count)
    for text in list {
      let parts = text.split(separator: ":")
      claims.append(EvidenceClaim(competency: catalog.index[String(parts[0])]!, level: UInt8(parts[1])!))
    }
    items[person].append(
      EvidenceItem(
        day: Day(date)!, kind: kind, status: status, superseded: superseded, participatory: participatory,
        module: module.map { Int16(framework.moduleIndex[$0]!) } ?? -1, centihours: UInt16(hours.hundredths), claimStart: start,
        claimCount: Int16(list.count), reflectionWords: UInt16(reflectionWords)))
  }

  public mutating func rating(_ person: Int, _ competency: String, _ level: Int, on date: String) {
    ratings[person].append(SelfRating(competency: catalog.index[competency]!, level: UInt8(level), day: Day(date)!))
  }

  public var workforce: Workforce {
    var itemStart: [Int32] = [0]
    for list in items { itemStart.append(itemStart.last! + Int32(list.count)) }
    var ratingStart: [Int32] = [0]
    for list in ratings { ratingStart.append(ratingStart.last! + Int32(list.count)) }
    return Workforce(
      people: people, items: items.flatMap { $0 }, itemStart: itemStart, claims: claims, ratings: ratings.flatMap { $0 },
      ratingStart: ratingStart)
  }
}

/// A small, fast, seeded random number generator (SplitMix64), so that randomised tests can be
/// replayed from their seed.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

extension Workforce {
  /// The people of `agencies` with their activities and ratings, as a store's filtered read gives.
  public static func select(_ w: Workforce, agencies: [String]) -> Workforce {
    var people: [Person] = []
    var items: [EvidenceItem] = []
    var itemStart: [Int32] = [0]
    var claims: [EvidenceClaim] = []
    var ratings: [SelfRating] = []
    var ratingStart: [Int32] = [0]
    for (p, person) in w.people.enumerated() where agencies.contains(person.agency) {
      people.append(person)
      for var item in w.items(of: p) {
        let own = w.claims(of: item)
        item.claimStart = Int32(claims.count)
        claims.append(contentsOf: own)
        items.append(item)
      }
      itemStart.append(Int32(items.count))
      ratings.append(contentsOf: w.ratings(of: p))
      ratingStart.append(Int32(ratings.count))
    }
    return Workforce(people: people, items: items, itemStart: itemStart, claims: claims, ratings: ratings, ratingStart: ratingStart)
  }
}
