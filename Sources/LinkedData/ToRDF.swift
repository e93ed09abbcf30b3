import Foundation
import JSON

/// JSON-LD 1.1 processing: expansion and conversion to an RDF dataset, with the contexts given
/// and nothing fetched.
public enum JSONLD {
  public struct Expansion: Sendable {
    /// The expanded document (always an array of node objects).
    public var expanded: [JSONValue]
    /// What the document says that no context gives a meaning to, so expansion dropped it.
    public var dropped: [String]
  }

  public static func expand(_ document: JSONValue, contexts: ContextDocuments, base: String? = nil)
    throws(LinkedDataError) -> Expansion
  {
    let processor = JSONLDProcessor(documents: contexts)
    let expanded = try processor.expandDocument(document, base: base)
    return Expansion(expanded: expanded, dropped: processor.dropped)
  }

  /// The document as RDF quads (JSON-LD 1.1 API §8.1). In safe mode (the default) anything
  /// the conversion would silently drop is an error instead: a property no context defines, a
  /// relative IRI, a malformed language tag. Whatever a signature covers must be in the quads.
  public static func toRDF(_ document: JSONValue, contexts: ContextDocuments, base: String? = nil, safe: Bool = true)
    throws(LinkedDataError) -> [Quad]
  {
    let processor = JSONLDProcessor(documents: contexts)
    let expanded = try processor.expandDocument(document, base: base)
    let quads = processor.toRDF(expanded)
    if safe && !processor.dropped.isEmpty {
      throw LinkedDataError("safe mode", "the document says things that have no meaning in RDF: " + processor.dropped.joined(separator: "; "))
    }
    return quads
  }
}

extension JSONLDProcessor {
  func expandDocument(_ document: JSONValue, base: String?) throws(LinkedDataError) -> [JSONValue] {
    let active = ActiveContext(base: base)
    var expanded = try expand(active, activeProperty: nil, element: document, baseURL: base, path: "")
    if case .object(let o)? = expanded, o.count == 1, let graph = o["@graph"] { expanded = graph }
    guard let expanded else { return [] }
    return arrayify(expanded)
  }

  // MARK: Node map generation (§7.2)

  typealias Graph = [String: JSONObject]

  final class ListAccumulator {
    var items: [JSONValue] = []
  }

  enum Subject {
    case none
    case id(String)
    /// A reverse property relationship: the node that is the object.
    case reference(JSONValue)
  }

  func relabel(_ identifier: String) -> String { "_:" + blankNodes.issue(identifier) }

  func newBlankNode() -> String { "_:" + blankNodes.issue(nil) }

  func generateNodeMap(
    _ element: JSONValue, _ nodeMap: inout [String: Graph], activeGraph: String = "@default", activeSubject: Subject = .none,
    activeProperty: String? = nil, list: ListAccumulator? = nil
  ) throws(LinkedDataError) {
    if case .array(let items) = element {
      for item in items {
        try generateNodeMap(
          item, &nodeMap, activeGraph: activeGraph, activeSubject: activeSubject, activeProperty: activeProperty, list: list)
      }
      return
    }
    guard case .object(var object) = element else { return }
    if nodeMap[activeGraph] == nil { nodeMap[activeGraph] = [:] }
    var subjectID: String?
    if case .id(let s) = activeSubject { subjectID = s }

    func addToSubject(_ value: JSONValue, unique: Bool) {
      guard let subjectID, let activeProperty else { return }
      var node = nodeMap[activeGraph]![subjectID]!
      var values = node[activeProperty].map(arrayify) ?? []
      if !unique || !values.contains(value) { values.append(value) }
      node[activeProperty] = .array(values)
      nodeMap[activeGraph]![subjectID] = node
    }

    if case .array(let types)? = object["@type"] {
      object["@type"] = .array(types.map { t in
        if case .string(let s) = t, IRI.isBlankNode(s) { return .string(relabel(s)) }
        return t
      })
    }
    if object["@value"] != nil {
      if let list { list.items.append(.object(object)) } else { addToSubject(.object(object), unique: true) }
      return
    }
    if let items = object["@list"] {
      let inner = ListAccumulator()
      try generateNodeMap(
        items, &nodeMap, activeGraph: activeGraph, activeSubject: activeSubject, activeProperty: activeProperty, list: inner)
      let result: JSONValue = ["@list": .array(inner.items)]
      if let list { list.items.append(result) } else { addToSubject(result, unique: false) }
      return
    }
    var id: String
    if case .string(let s)? = object["@id"] {
      id = IRI.isBlankNode(s) ? relabel(s) : s
    } else if object["@id"] == .null {
      dropped.append("a node whose @id is not an IRI")
      id = newBlankNode()
    } else {
      id = newBlankNode()
    }
    object["@id"] = nil
    if nodeMap[activeGraph]![id] == nil { nodeMap[activeGraph]![id] = JSONObject([("@id", .string(id))]) }
    if case .reference(let referenced) = activeSubject, let activeProperty {
      var node = nodeMap[activeGraph]![id]!
      var values = node[activeProperty].map(arrayify) ?? []
      if !values.contains(referenced) { values.append(referenced) }
      node[activeProperty] = .array(values)
      nodeMap[activeGraph]![id] = node
    } else if activeProperty != nil {
      let reference: JSONValue = ["@id": .string(id)]
      if let list { list.items.append(reference) } else { addToSubject(reference, unique: true) }
    }
    if let types = object["@type"] {
      var node = nodeMap[activeGraph]![id]!
      var existing = node["@type"].map(arrayify) ?? []
      for t in arrayify(types) where !existing.contains(t) { existing.append(t) }
      node["@type"] = .array(existing)
      nodeMap[activeGraph]![id] = node
      object["@type"] = nil
    }
    if let index = object["@index"] {
      var node = nodeMap[activeGraph]![id]!
      if let existing = node["@index"], existing != index { throw LinkedDataError("conflicting indexes", id) }
      node["@index"] = index
      nodeMap[activeGraph]![id] = node
      object["@index"] = nil
    }
    if case .object(let reverseMap)? = object["@reverse"] {
      let referenced: JSONValue = ["@id": .string(id)]
      for (property, values) in reverseMap {
        for value in arrayify(values) {
          try generateNodeMap(
            value, &nodeMap, activeGraph: activeGraph, activeSubject: .reference(referenced), activeProperty: property)
        }
      }
      object["@reverse"] = nil
    }
    if let graph = object["@graph"] {
      try generateNodeMap(graph, &nodeMap, activeGraph: id)
      object["@graph"] = nil
    }
    if let included = object["@included"] {
      try generateNodeMap(included, &nodeMap, activeGraph: activeGraph)
      object["@included"] = nil
    }
    for key in object.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
      let value = object[key]!
      let property = IRI.isBlankNode(key) ? relabel(key) : key
      var node = nodeMap[activeGraph]![id]!
      if node[property] == nil {
        node[property] = .array([])
        nodeMap[activeGraph]![id] = node
      }
      try generateNodeMap(value, &nodeMap, activeGraph: activeGraph, activeSubject: .id(id), activeProperty: property)
    }
  }

  // MARK: Deserialize JSON-LD to RDF (§8.1)

  static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
  static let xsd = "http://www.w3.org/2001/XMLSchema#"

  func toRDF(_ expanded: [JSONValue]) -> [Quad] {
    var nodeMap: [String: Graph] = ["@default": [:]]
    do {
      try generateNodeMap(.array(expanded), &nodeMap)
    } catch {
      dropped.append("\(error)")
      return []
    }
    var quads: [Quad] = []
    var seen = Set<Quad>()
    func add(_ quad: Quad) {
      if seen.insert(quad).inserted { quads.append(quad) }
    }
    func resource(_ id: String) -> RDFTerm? {
      if IRI.isBlankNode(id) { return .blank(String(id.dropFirst(2))) }
      if IRI.isWellFormedAbsolute(id) { return .iri(id) }
      return nil
    }
    for graphName in nodeMap.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
      var graphTerm: RDFTerm?
      if graphName != "@default" {
        guard let term = resource(graphName) else {
          dropped.append("a graph named \(graphName), not an IRI")
          continue
        }
        graphTerm = term
      }
      let graph = nodeMap[graphName]!
      for subjectID in graph.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
        let node = graph[subjectID]!
        guard let subject = resource(subjectID) else {
          dropped.append("a node whose @id \(subjectID) is not an absolute IRI")
          continue
        }
        for property in node.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
          let values = arrayify(node[property]!)
          if property == "@type" {
            for type in values {
              guard case .string(let t) = type, let object = resource(t) else {
                dropped.append("a type \(type) that is not an absolute IRI")
                continue
              }
              add(Quad(subject, .iri(Self.rdf + "type"), object, graph: graphTerm))
            }
            continue
          }
          if Keywords.isKeyword(property) { continue }
          guard !IRI.isBlankNode(property), IRI.isWellFormedAbsolute(property) else {
            dropped.append("a property \(property) that is not an absolute IRI")
            continue
          }
          for item in values {
            var listQuads: [Quad] = []
            if let object = objectToRDF(item, &listQuads, graph: graphTerm) {
              add(Quad(subject, .iri(property), object, graph: graphTerm))
            }
            for q in listQuads { add(q) }
          }
        }
      }
    }
    return quads
  }

  func objectToRDF(_ item: JSONValue, _ listQuads: inout [Quad], graph: RDFTerm?) -> RDFTerm? {
    if item.isNodeObject {
      guard case .string(let id)? = item["@id"] else { return nil }
      if IRI.isBlankNode(id) { return .blank(String(id.dropFirst(2))) }
      guard IRI.isWellFormedAbsolute(id) else {
        dropped.append("a reference to \(id), not an absolute IRI")
        return nil
      }
      return .iri(id)
    }
    if case .array(let items)? = item["@list"] {
      return listToRDF(items, &listQuads, graph: graph)
    }
    guard let value = item["@value"] else { return nil }
    var datatype = item["@type"]?.stringValue
    if let d = datatype, d != "@json", !IRI.isWellFormedAbsolute(d) {
      dropped.append("a value typed \(d), not an absolute IRI")
      return nil
    }
    if case .string(let language)? = item["@language"], !Self.isWellFormedLanguageTag(language) {
      dropped.append("a malformed language tag \(language)")
      return nil
    }
    var lexical: String
    if datatype == "@json" {
      lexical = JSONWriter.string(value, style: .canonical)
      datatype = Self.rdf + "JSON"
    } else {
      switch value {
      case .bool(let b):
        lexical = b ? "true" : "false"
        datatype = datatype ?? Self.xsd + "boolean"
      case .number(let n):
        if n.rounded() != n || abs(n) >= 1e21 || datatype == Self.xsd + "double" {
          lexical = Self.canonicalDouble(n)
          datatype = datatype ?? Self.xsd + "double"
        } else {
          lexical = String(format: "%.0f", n)
          if lexical == "-0" { lexical = "0" }
          datatype = datatype ?? Self.xsd + "integer"
        }
      case .string(let s):
        lexical = s
      default:
        return nil
      }
    }
    if datatype == nil {
      if case .string(let language)? = item["@language"] {
        return .literal(lexical, datatype: RDFTerm.langString, language: language)
      }
      datatype = RDFTerm.xsdString
    }
    return .literal(lexical, datatype: datatype!, language: nil)
  }

  func listToRDF(_ items: [JSONValue], _ listQuads: inout [Quad], graph: RDFTerm?) -> RDFTerm {
    guard !items.isEmpty else { return .iri(Self.rdf + "nil") }
    let nodes = items.map { _ in RDFTerm.blank(blankNodes.issue(nil)) }
    for (i, item) in items.enumerated() {
      var embedded: [Quad] = []
      if let object = objectToRDF(item, &embedded, graph: graph) {
        listQuads.append(Quad(nodes[i], .iri(Self.rdf + "first"), object, graph: graph))
      }
      let rest = i + 1 < nodes.count ? nodes[i + 1] : .iri(Self.rdf + "nil")
      listQuads.append(Quad(nodes[i], .iri(Self.rdf + "rest"), rest, graph: graph))
      listQuads.append(contentsOf: embedded)
    }
    return nodes[0]
  }

  /// The canonical lexical form of an xsd:double as JSON-LD writes it: one digit before the
  /// point, no trailing zeros after the first decimal, and an unpadded exponent (`3.15E1`).
  static func canonicalDouble(_ n: Double) -> String {
    let text = String(format: "%.15E", n)
    guard let e = text.firstIndex(of: "E") else { return text }
    var mantissa = String(text[..<e])
    while mantissa.hasSuffix("0") && !mantissa.hasSuffix(".0") { mantissa.removeLast() }
    let exponent = Int(text[text.index(after: e)...]) ?? 0
    return mantissa + "E" + String(exponent)
  }

  static func isWellFormedLanguageTag(_ tag: String) -> Bool {
    let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
    guard let first = parts.first, (1...8).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }) else {
      return false
    }
    return parts.dropFirst().allSatisfy { p in
      (1...8).contains(p.count) && p.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }
  }
}
