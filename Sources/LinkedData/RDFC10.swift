import Cryptography

/// RDF Dataset Canonicalization (RDFC-1.0, W3C Recommendation 2024) with SHA-256.
public enum RDFC10 {
  /// The result: the canonical N-Quads document and the canonical label of each input blank node.
  public struct Result: Sendable {
    public var nquads: String
    public var canonicalQuads: [Quad]
    public var issued: [String: String]
  }

  /// How much Hash N-Degree Quads work one dataset may cause before it is refused as poisoned
  /// (RDFC-1.0 §4.4.2 asks implementations to guard against such datasets).
  public static let defaultWorkLimit = 100_000

  public static func canonicalize(_ quads: [Quad], workLimit: Int = defaultWorkLimit) throws(LinkedDataError) -> Result {
    var state = State(workLimit: workLimit)
    // Step 2: the blank node to quads map, in order of first mention.
    var seenQuads = Set<Quad>()
    var dataset: [Quad] = []
    for quad in quads where seenQuads.insert(quad).inserted { dataset.append(quad) }
    for (index, quad) in dataset.enumerated() {
      for label in quad.blankLabels {
        if state.quadsOf[label] == nil {
          state.quadsOf[label] = []
          state.order.append(label)
        }
        if state.quadsOf[label]!.last != index { state.quadsOf[label]!.append(index) }
      }
    }
    state.dataset = dataset
    // Step 3: first degree hashes.
    var hashToNodes: [String: [String]] = [:]
    for label in state.order {
      hashToNodes[state.hashFirstDegree(label), default: []].append(label)
    }
    // Step 4: nodes whose first degree hash is unique get their canonical label at once.
    for hash in hashToNodes.keys.sorted(by: codePointOrder) where hashToNodes[hash]!.count == 1 {
      _ = state.canonical.issue(hashToNodes[hash]![0])
      hashToNodes[hash] = nil
    }
    // Step 5: the rest, through N-degree hashes.
    for hash in hashToNodes.keys.sorted(by: codePointOrder) {
      var paths: [(hash: String, issuer: BlankNodeIssuer)] = []
      for label in hashToNodes[hash]! where state.canonical.identifier(for: label) == nil {
        var temporary = BlankNodeIssuer(prefix: "b")
        _ = temporary.issue(label)
        paths.append(try state.hashNDegree(label, temporary))
      }
      for result in paths.sorted(by: { codePointOrder($0.hash, $1.hash) }) {
        for existing in result.issuer.order { _ = state.canonical.issue(existing) }
      }
    }
    let canonical = state.canonical
    let relabelled = dataset.map { $0.mapBlankNodes { canonical.identifier(for: $0) ?? $0 } }
    let lines = relabelled.map(\.nquads).sorted(by: codePointOrder)
    return Result(nquads: lines.joined(), canonicalQuads: relabelled, issued: canonical.issuedMap)
  }

  /// The serialized canonical form of `quads`.
  public static func canonicalNQuads(_ quads: [Quad]) throws(LinkedDataError) -> String {
    try canonicalize(quads).nquads
  }

  static func codePointOrder(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

  static func sha256(_ text: String) -> String { Digest.sha256(Array(text.utf8)).hexString }

  struct State {
    var dataset: [Quad] = []
    var quadsOf: [String: [Int]] = [:]
    var order: [String] = []
    var canonical = BlankNodeIssuer(prefix: "c14n")
    var firstDegree: [String: String] = [:]
    var work = 0
    let workLimit: Int

    init(workLimit: Int) { self.workLimit = workLimit }

    mutating func hashFirstDegree(_ reference: String) -> String {
      if let known = firstDegree[reference] { return known }
      let lines = quadsOf[reference, default: []].map { index in
        dataset[index].mapBlankNodes { $0 == reference ? "a" : "z" }.nquads
      }
      let hash = RDFC10.sha256(lines.sorted(by: RDFC10.codePointOrder).joined())
      firstDegree[reference] = hash
      return hash
    }

    mutating func hashRelated(_ related: String, _ quad: Quad, _ issuer: BlankNodeIssuer, position: String) -> String {
      var input = position
      if position != "g", case .iri(let predicate) = quad.predicate { input += "<" + predicate + ">" }
      if let c = canonical.identifier(for: related) {
        input += "_:" + c
      } else if let t = issuer.identifier(for: related) {
        input += "_:" + t
      } else {
        input += hashFirstDegree(related)
      }
      return RDFC10.sha256(input)
    }

    mutating func hashNDegree(_ identifier: String, _ issuerIn: BlankNodeIssuer) throws(LinkedDataError)
      -> (hash: String, issuer: BlankNodeIssuer)
    {
      work += 1
      guard work <= workLimit else {
        throw LinkedDataError("dataset poisoning", "canonicalization needed more than \(workLimit) steps; the dataset is refused")
      }
      var issuer = issuerIn
      var related: [String: [String]] = [:]
      for index in quadsOf[identifier, default: []] {
        let quad = dataset[index]
        let components: [(RDFTerm?, String)] = [(quad.subject, "s"), (quad.object, "o"), (quad.graph, "g")]
        for (term, position) in components {
          guard let label = term?.blankLabel, label != identifier else { continue }
          related[hashRelated(label, quad, issuer, position: position), default: []].append(label)
        }
      }
      var dataToHash = ""
      for relatedHash in related.keys.sorted(by: RDFC10.codePointOrder) {
        dataToHash += relatedHash
        var chosenPath = ""
        var chosenIssuer: BlankNodeIssuer?
        var permutations = Permutations(related[relatedHash]!)
        permutationLoop: while let permutation = permutations.next() {
          work += 1
          guard work <= workLimit else {
            throw LinkedDataError("dataset poisoning", "canonicalization needed more than \(workLimit) steps; the dataset is refused")
          }
          var issuerCopy = issuer
          var path = ""
          var recursion: [String] = []
          func longer(_ path: String) -> Bool {
            !chosenPath.isEmpty && path.utf8.count >= chosenPath.utf8.count && RDFC10.codePointOrder(chosenPath, path)
          }
          for node in permutation {
            if let c = canonical.identifier(for: node) {
              path += "_:" + c
            } else {
              if issuerCopy.identifier(for: node) == nil { recursion.append(node) }
              path += "_:" + issuerCopy.issue(node)
            }
            if longer(path) { continue permutationLoop }
          }
          for node in recursion {
            let result = try hashNDegree(node, issuerCopy)
            path += "_:" + issuerCopy.issue(node)
            path += "<" + result.hash + ">"
            issuerCopy = result.issuer
            if longer(path) { continue permutationLoop }
          }
          if chosenPath.isEmpty || RDFC10.codePointOrder(path, chosenPath) {
            chosenPath = path
            chosenIssuer = issuerCopy
          }
        }
        dataToHash += chosenPath
        if let chosenIssuer { issuer = chosenIssuer }
      }
      return (RDFC10.sha256(dataToHash), issuer)
    }
  }
}

extension Quad {
  var blankLabels: [String] {
    var labels: [String] = []
    for term in [subject, object] + (graph.map { [$0] } ?? []) {
      if let label = term.blankLabel, !labels.contains(label) { labels.append(label) }
    }
    return labels
  }
}

extension BlankNodeIssuer {
  var issuedMap: [String: String] {
    var map: [String: String] = [:]
    for old in order { map[old] = identifier(for: old) }
    return map
  }
}

/// All orderings of a list, in lexicographic order of positions.
struct Permutations {
  private var items: [String]
  private var indices: [Int]
  private var done = false

  init(_ items: [String]) {
    self.items = items
    indices = Array(items.indices)
  }

  mutating func next() -> [String]? {
    guard !done else { return nil }
    let current = indices.map { items[$0] }
    // Next permutation of the indices; stop after the last.
    var i = indices.count - 2
    while i >= 0 && indices[i] >= indices[i + 1] { i -= 1 }
    if i < 0 {
      done = true
    } else {
      var j = indices.count - 1
      while indices[j] <= indices[i] { j -= 1 }
      indices.swapAt(i, j)
      indices[(i + 1)...].reverse()
    }
    return current
  }
}
