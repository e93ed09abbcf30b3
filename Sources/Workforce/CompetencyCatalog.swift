import Competency

/// Every competency of the loaded frameworks, numbered: the primary framework's first, in its
/// order, then those of further frameworks (crosswalks). Claims refer to competencies by number.
public struct CompetencyCatalog: Sendable {
  public let ids: [String]
  public let index: [String: Int32]
  /// For each competency, the competencies whose evidence also counts for it (its `exactMatchOf`
  /// class, itself included), so that a claim against one framework counts in another.
  public let equivalents: [[Int32]]
  public let primaryCount: Int

  public init(_ frameworks: [Framework]) {
    var ids: [String] = []
    var index: [String: Int32] = [:]
    for f in frameworks {
      for c in f.competencies where index[c.id] == nil {
        index[c.id] = Int32(ids.count)
        ids.append(c.id)
      }
    }
    // Union-find over exactMatchOf links, which are symmetric for evidence.
    var parent = Array(0..<ids.count)
    func find(_ x: Int) -> Int {
      var x = x
      while parent[x] != x {
        parent[x] = parent[parent[x]]
        x = parent[x]
      }
      return x
    }
    for f in frameworks {
      for c in f.competencies {
        for a in c.associations where a.relation == Association.exactMatchOf {
          guard let from = index[c.id], let to = index[a.target] else { continue }
          parent[find(Int(from))] = find(Int(to))
        }
      }
    }
    var classes: [Int: [Int32]] = [:]
    for i in 0..<ids.count { classes[find(i), default: []].append(Int32(i)) }
    self.ids = ids
    self.index = index
    self.equivalents = (0..<ids.count).map { classes[find($0)]! }
    self.primaryCount = frameworks.first?.competencies.count ?? 0
  }

  public var count: Int { ids.count }
}
