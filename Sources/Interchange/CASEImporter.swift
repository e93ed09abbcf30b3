import Competency
import JSON

/// What a CASE import produced: the framework, and what it tolerated on the way.
public struct CASEImport: Sendable {
  public var framework: Framework
  /// Deviations from the CASE schema that were accepted, one line each.
  public var warnings: [String]
}

extension Framework {
  /// Reads any CASE 1.0 or 1.1 CFPackage (not only this tool's exports).
  ///
  /// Real exports deviate from the schema: timestamps without a time zone, numbers written as
  /// strings, extra fields, identifiers that are not version 1-5 UUIDs. Those are accepted with a
  /// warning. What cannot be understood is refused: text that is not JSON, a package without a
  /// CFDocument, an item without an identifier, an association to an unknown item of the package.
  public static func importCASE(_ bytes: [UInt8], file: String) throws(FrameworkError) -> CASEImport {
    var importer = CASEImporter(file: file)
    return try importer.run(bytes)
  }
}

struct CASEImporter {
  let file: String
  var warnings: [String] = []
  private var tallies: [String: (count: Int, first: String)] = [:]

  init(file: String) { self.file = file }

  struct Node {
    var identifier: String
    var key: String  // lower-cased identifier, for lookups
    var title: String?
    var uri: String?
  }

  struct Item {
    var index: Int
    var identifier: String
    var json: JSONObject
    var id = ""
    var parent: String?  // key of parent item
    var sequence = Int.max
    var isDomain = false
  }

  func fail(_ reason: String) -> FrameworkError { .unreadableInterchange(file: file, reason: reason) }

  /// Repeated deviations are counted and reported once, with where they were first seen.
  mutating func tolerate(_ kind: String, at path: String) {
    if let t = tallies[kind] {
      tallies[kind] = (t.count + 1, t.first)
    } else {
      tallies[kind] = (1, path)
    }
  }

  mutating func run(_ bytes: [UInt8]) throws(FrameworkError) -> CASEImport {
    let root: JSONValue
    do {
      root = try JSONParser.parse(bytes, options: .init(rejectDuplicateKeys: false))
    } catch {
      throw fail("not JSON: \(error)")
    }
    guard var package = root.objectValue else { throw fail("not a CASE package: the top level is \(root.kindName)") }
    if let wrapped = package["CFPackage"]?.objectValue { package = wrapped }
    guard let document = package["CFDocument"]?.objectValue else {
      throw fail("not a CASE package: it has no CFDocument object")
    }
    let docIdentifier = try identifier(document, at: "CFDocument", what: "the CFDocument")
    checkTimestamp(document, at: "CFDocument")
    let docKey = docIdentifier.lowercased()
    let docURI = document["uri"]?.stringValue
    let ext = document["extensions"]?["cpd"]?.objectValue

    var languages = ext?["languages"]?.arrayValue?.compactMap(\.stringValue) ?? []
    if languages.isEmpty {
      let tag = document["language"]?.stringValue ?? "en"
      languages = [String(tag.split(separator: "-").first ?? "en").lowercased()]
    }
    let primary = languages[0]
    let sources = (ext?["sources"]?.arrayValue ?? []).compactMap(source)
    let sourceIDs = Set(sources.map(\.id))

    // Items.
    let itemValues = try array(package, "CFItems")
    var items: [Item] = []
    var byKey: [String: Int] = [:]
    for (i, value) in itemValues.enumerated() {
      let path = "CFItems[\(i)]"
      guard let object = value.objectValue else { throw fail("\(path): expected an object, found \(value.kindName)") }
      let identifier = try identifier(object, at: path, what: "an item")
      checkTimestamp(object, at: path)
      let key = identifier.lowercased()
      if byKey[key] != nil { throw fail("\(path).identifier: a second item with identifier \(identifier)") }
      if key == docKey { throw fail("\(path).identifier: the item has the CFDocument's identifier") }
      byKey[key] = items.count
      items.append(Item(index: i, identifier: identifier, json: object))
    }

    // Associations: the hierarchy first, then the rest.
    let associationValues = try array(package, "CFAssociations")
    var others: [(path: String, type: String, origin: Node, destination: Node, json: JSONObject)] = []
    var rawKept: [JSONValue] = []
    for (i, value) in associationValues.enumerated() {
      let path = "CFAssociations[\(i)]"
      guard let object = value.objectValue else { throw fail("\(path): expected an object, found \(value.kindName)") }
      checkTimestamp(object, at: path)
      guard let type = object["associationType"]?.stringValue else {
        warnings.append("\(path): association without an associationType, left out")
        continue
      }
      let origin = try node(object["originNodeURI"], at: "\(path).originNodeURI")
      let destination = try node(object["destinationNodeURI"], at: "\(path).destinationNodeURI")
      let originKnown = byKey[origin.key] != nil
      let destinationKnown = byKey[destination.key] != nil || destination.key == docKey
      if !originKnown {
        if isSamePackage(origin, docURI: docURI) {
          throw fail("\(path).originNodeURI: association from unknown item \(origin.identifier) of this package")
        }
        tolerate("associations from nodes outside the package, kept as they are", at: path)
        rawKept.append(value)
        continue
      }
      if !destinationKnown && isSamePackage(destination, docURI: docURI) {
        throw fail("\(path).destinationNodeURI: association to unknown item \(destination.identifier) of this package")
      }
      if type == "isChildOf" {
        let itemIndex = byKey[origin.key]!
        let sequence = integer(object["sequenceNumber"], at: "\(path).sequenceNumber")
        if !destinationKnown {
          tolerate("isChildOf associations to parents outside the package, kept as they are", at: path)
          rawKept.append(value)
        } else if destination.key == docKey {
          if items[itemIndex].parent == nil { items[itemIndex].sequence = min(items[itemIndex].sequence, sequence ?? Int.max) }
        } else if items[itemIndex].parent == nil {
          items[itemIndex].parent = destination.key
          items[itemIndex].sequence = sequence ?? Int.max
        } else {
          others.append((path, type, origin, destination, object))
        }
        continue
      }
      others.append((path, type, origin, destination, object))
    }

    // Parent chains must end.
    for i in items.indices {
      var seen: Set<String> = [items[i].identifier.lowercased()]
      var current = items[i].parent
      while let key = current {
        if !seen.insert(key).inserted {
          throw fail("CFItems[\(items[i].index)]: isChildOf associations loop back to \(items[byKey[key]!].identifier)")
        }
        current = items[byKey[key]!].parent
      }
    }

    // Ids: our own extension's id, else the human coding scheme, else the identifier.
    var hasChildren: Set<String> = []
    for item in items { if let p = item.parent { hasChildren.insert(p) } }
    var used: Set<String> = []
    for i in items.indices {
      let object = items[i].json
      let candidates = [
        object["extensions"]?["cpd"]?["id"]?.stringValue, object["humanCodingScheme"]?.stringValue, items[i].identifier,
      ]
      var chosen = items[i].identifier
      for case let c? in candidates where FrameworkLoader.isValidID(c) && !used.contains(c) {
        chosen = c
        break
      }
      if !FrameworkLoader.isValidID(chosen) || used.contains(chosen) {
        chosen = "item-\(items[i].index + 1)"
      }
      used.insert(chosen)
      items[i].id = chosen
      let type = object["CFItemType"]?.stringValue?.lowercased()
      items[i].isDomain = items[i].parent == nil && (hasChildren.contains(items[i].identifier.lowercased()) || type == "domain")
    }
    func idOf(_ key: String) -> String { items[byKey[key]!].id }
    func rootDomain(of index: Int) -> String? {
      var item = items[index]
      while let p = item.parent { item = items[byKey[p]!] }
      return item.isDomain ? item.id : nil
    }

    // Walk the hierarchy depth first, siblings by sequence number, then document order.
    var children: [String: [Int]] = [:]
    for (i, item) in items.enumerated() { children[item.parent ?? "", default: []].append(i) }
    var ordered: [Item] = []
    var stack: [Int] = (children[""] ?? []).sorted { (items[$0].sequence, $0) > (items[$1].sequence, $1) }
    var domains: [Domain] = []
    var competencies: [Competency] = []
    while let i = stack.popLast() {
      ordered.append(items[i])
      let kids = children[items[i].identifier.lowercased()] ?? []
      stack.append(contentsOf: kids.sorted { (items[$0].sequence, $0) > (items[$1].sequence, $1) })
    }
    for item in ordered {
      let o = item.json
      let path = "CFItems[\(item.index)]"
      let cpd = o["extensions"]?["cpd"]?.objectValue
      var statement = o["fullStatement"]?.stringValue
      if statement == nil || statement!.trimmingWhitespace().isEmpty {
        tolerate("items without a fullStatement (the abbreviated statement or code was used)", at: path)
        statement = o["abbreviatedStatement"]?.stringValue ?? o["humanCodingScheme"]?.stringValue ?? item.identifier
      }
      let title = text(cpd?["title"], languages: languages) ?? filled(LocalizedText([primary: statement!]), languages)
      let description = text(cpd?["description"], languages: languages)
      let code = o["humanCodingScheme"]?.stringValue
      let itemType = o["CFItemType"]?.stringValue
      if item.isDomain {
        domains.append(
          Domain(
            id: item.id, code: code, title: title, description: description, caseIdentifier: item.identifier,
            caseItemType: itemType))
      } else {
        let parentKey = item.parent
        let domain = rootDomain(of: byKey[item.identifier.lowercased()]!)
        var parent = parentKey.map(idOf)
        if parent == domain { parent = nil }
        // A rationale this tool exported keeps its source and country; other notes stay notes.
        let rationale = self.rationale(cpd?["rationale"], languages: languages, sources: sourceIDs)
        competencies.append(
          Competency(
            id: item.id, domain: domain, parent: parent, code: code, title: title, description: description,
            rationale: rationale, notes: rationale == nil ? o["notes"]?.stringValue : nil, topics: [], descriptors: [:],
            standards: [], evidence: [], currencyMonths: nil, associations: [], caseIdentifier: item.identifier,
            caseItemType: itemType))
      }
    }
    var competencyIndex: [String: Int] = [:]
    for (i, c) in competencies.enumerated() { competencyIndex[c.id] = i }

    // The other associations.
    var standards: [Standard] = []
    var standardByKey: [String: String] = [:]
    var usedStandardIDs: Set<String> = []
    for a in others {
      let originID = idOf(a.origin.key)
      guard let ci = competencyIndex[originID] else {
        // From a domain: this model has no field for it, so it is kept verbatim.
        rawKept.append(.object(a.json))
        continue
      }
      let cpd = a.json["extensions"]?["cpd"]?.objectValue
      if a.destination.key == docKey {
        rawKept.append(.object(a.json))
      } else if byKey[a.destination.key] != nil {
        competencies[ci].associations.append(Association(relation: a.type, target: idOf(a.destination.key), framework: nil))
      } else if let other = cpd?["framework"]?.stringValue, let target = cpd?["target"]?.stringValue {
        competencies[ci].associations.append(Association(relation: a.type, target: target, framework: other))
      } else {
        // A node outside the package: an external standard.
        let standardID: String
        if let known = standardByKey[a.destination.key] {
          standardID = known
        } else {
          var s = standardFrom(cpd?["standard"], node: a.destination)
          var candidate = s.id
          var n = 2
          while usedStandardIDs.contains(candidate) {
            candidate = "\(s.id)-\(n)"
            n += 1
          }
          s.id = candidate
          usedStandardIDs.insert(candidate)
          standards.append(s)
          standardByKey[a.destination.key] = candidate
          standardID = candidate
        }
        let relation = cpd?["relation"]?.stringValue.flatMap(MappingRelation.init(rawValue:))
        if a.type == Association.exactMatchOf && (relation == nil || relation == .exactMatch) {
          competencies[ci].standards.append(StandardMapping(standard: standardID, relation: .exactMatch))
        } else if a.type == "isRelatedTo" && relation != .exactMatch {
          competencies[ci].standards.append(StandardMapping(standard: standardID, relation: relation ?? .related))
        } else {
          competencies[ci].associations.append(Association(relation: a.type, target: standardID, framework: nil))
        }
      }
    }

    for (kind, tally) in tallies.sorted(by: { $0.value.first < $1.value.first }) {
      warnings.append("\(tally.count) \(kind) (first at \(tally.first))")
    }

    let docTitle = document["title"]?.stringValue ?? "Imported framework"
    let frameworkID =
      ext?["id"]?.stringValue.flatMap { FrameworkLoader.isValidID($0) ? $0 : nil }
      ?? slug(docTitle, fallback: "case-\(docIdentifier.prefix(8))")
    var framework = Framework(
      id: frameworkID,
      version: document["version"]?.stringValue ?? String((document["lastChangeDateTime"]?.stringValue ?? "1").prefix(10)),
      title: text(ext?["title"], languages: languages) ?? filled(LocalizedText([primary: docTitle]), languages),
      description: document["description"]?.stringValue.map { filled(LocalizedText([primary: $0]), languages) },
      publisher: document["publisher"]?.stringValue ?? document["creator"]?.stringValue,
      languages: languages, caseIdentifier: docIdentifier, caseAssociations: rawKept)
    framework.applyDefaultScale()
    framework.sources = sources
    framework.domains = domains
    framework.competencies = competencies
    framework.standards = standards
    framework.reindex()
    return CASEImport(framework: framework, warnings: warnings)
  }

  // MARK: - Pieces

  func array(_ package: JSONObject, _ key: String) throws(FrameworkError) -> [JSONValue] {
    guard let value = package[key], value != .null else { return [] }
    guard let a = value.arrayValue else { throw fail("\(key): expected an array, found \(value.kindName)") }
    return a
  }

  /// An identifier: a string (a number is accepted with a warning); UUIDs of unusual versions warn.
  mutating func identifier(_ object: JSONObject, at path: String, what: String) throws(FrameworkError) -> String {
    var text: String
    switch object["identifier"] {
    case .string(let s) where !s.trimmingWhitespace().isEmpty: text = s
    case .number(let n):
      tolerate("identifiers written as numbers", at: "\(path).identifier")
      text = JSONWriter.formatNumber(n)
    default:
      throw fail("\(path): \(what) without an identifier")
    }
    text = String(text.trimmingWhitespace())
    if let bytes = NameBasedUUID.parse(text) {
      let version = NameBasedUUID.version(bytes)
      if !(1...8).contains(version) || (bytes[8] & 0xC0) != 0x80 {
        tolerate("identifiers that are not RFC 9562 UUIDs (unusual version or variant)", at: "\(path).identifier")
      }
    } else {
      tolerate("identifiers that are not UUIDs", at: "\(path).identifier")
    }
    return text
  }

  mutating func node(_ value: JSONValue?, at path: String) throws(FrameworkError) -> Node {
    switch value {
    case .object(let o):
      let identifier: String
      if let s = o["identifier"]?.stringValue, !s.isEmpty {
        identifier = s
      } else if let n = o["identifier"]?.numberValue {
        tolerate("identifiers written as numbers", at: "\(path).identifier")
        identifier = JSONWriter.formatNumber(n)
      } else if let uri = o["uri"]?.stringValue, let last = uri.split(separator: "/").last {
        tolerate("nodes without an identifier (taken from the uri)", at: path)
        identifier = String(last)
      } else {
        throw fail("\(path): a node without an identifier or uri")
      }
      return Node(identifier: identifier, key: identifier.lowercased(), title: o["title"]?.stringValue, uri: o["uri"]?.stringValue)
    case .string(let s):
      tolerate("nodes given as a bare string", at: path)
      let identifier = s.hasPrefix("http") ? String(s.split(separator: "/").last ?? "") : s
      return Node(identifier: identifier, key: identifier.lowercased(), title: nil, uri: s.hasPrefix("http") ? s : nil)
    default:
      throw fail("\(path): missing")
    }
  }

  /// A node is taken to be of this package when nothing says otherwise: it has no uri, or its
  /// uri has the package's own `.../CFItems/<id>` form next to the document's `.../CFDocuments/`.
  func isSamePackage(_ node: Node, docURI: String?) -> Bool {
    guard let uri = node.uri else { return true }
    guard let docURI, let range = docURI.range(of: "CFDocuments/") else { return false }
    return uri.hasPrefix(docURI[..<range.lowerBound] + "CFItems/")
  }

  mutating func integer(_ value: JSONValue?, at path: String) -> Int? {
    switch value {
    case .number(let n)?: return Int(exactly: n)
    case .string(let s)?:
      tolerate("numbers written as strings", at: path)
      return Int(s.trimmingWhitespace())
    default: return nil
    }
  }

  /// Timestamps should be ISO 8601 with a time zone; one without is read as UTC.
  mutating func checkTimestamp(_ object: JSONObject, at path: String) {
    guard let value = object["lastChangeDateTime"] else { return }
    guard let text = value.stringValue, text.count >= 10, Day(text.prefix(10)) != nil else {
      tolerate("lastChangeDateTime values that are not dates", at: "\(path).lastChangeDateTime")
      return
    }
    let time = text.dropFirst(10)
    if time.isEmpty { return }
    let hasZone = time.hasSuffix("Z") || time.hasSuffix("z") || time.dropFirst(1).contains("+")
      || time.dropFirst(1).contains("-")
    if !hasZone { tolerate("timestamps without a time zone (read as UTC)", at: "\(path).lastChangeDateTime") }
  }

  func text(_ value: JSONValue?, languages: [String]) -> LocalizedText? {
    guard let map = value?.objectValue else { return nil }
    var values: [String: String] = [:]
    for (k, v) in map { if let s = v.stringValue, !s.isEmpty { values[k] = s } }
    return values.isEmpty ? nil : filled(LocalizedText(values), languages)
  }

  /// Every framework language needs text; an import has one statement, so it stands for all.
  func filled(_ t: LocalizedText, _ languages: [String]) -> LocalizedText {
    var t = t
    let fallback = t.text(languages[0])
    for l in languages where t.values[l] == nil { t.values[l] = fallback }
    return t
  }

  /// A source from the document's extension, if it is whole.
  func source(_ value: JSONValue) -> Source? {
    guard let o = value.objectValue, let id = o["id"]?.stringValue, FrameworkLoader.isValidID(id),
      let title = o["title"]?.stringValue, let country = o["country"]?.stringValue.flatMap(SourceCountry.init(rawValue:))
    else { return nil }
    return Source(id: id, title: title, country: country, file: o["file"]?.stringValue)
  }

  /// A sourced rationale from an item's extension; nil unless text, a known source and a country are all there.
  func rationale(_ value: JSONValue?, languages: [String], sources: Set<String>) -> Rationale? {
    guard let o = value?.objectValue, let source = o["source"]?.stringValue, sources.contains(source),
      let country = o["country"]?.stringValue.flatMap(SourceCountry.init(rawValue:)),
      let text = text(o["text"], languages: languages)
    else { return nil }
    return Rationale(text: text, source: source, country: country)
  }

  func standardFrom(_ value: JSONValue?, node: Node) -> Standard {
    if let o = value?.objectValue, let id = o["id"]?.stringValue, FrameworkLoader.isValidID(id),
      let title = o["title"]?.stringValue
    {
      return Standard(
        id: id, code: o["code"]?.stringValue, title: title, body: o["body"]?.stringValue, suite: o["suite"]?.stringValue,
        source: o["source"]?.stringValue, uri: o["uri"]?.stringValue ?? node.uri, caseIdentifier: node.identifier)
    }
    let title = node.title ?? node.identifier
    return Standard(
      id: slug(title, fallback: "external-\(node.identifier.prefix(8))"), code: nil, title: title, body: nil, suite: nil,
      source: node.uri, uri: node.uri, caseIdentifier: node.identifier)
  }
}

/// A readable id from a title: lower case, words joined by hyphens, at most 60 characters.
func slug(_ text: String, fallback: String) -> String {
  var out = ""
  var lastHyphen = true
  for scalar in text.lowercased().unicodeScalars {
    if scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)) {
      out.unicodeScalars.append(scalar)
      lastHyphen = false
    } else if !lastHyphen {
      out.append("-")
      lastHyphen = true
    }
    if out.count >= 60 { break }
  }
  while out.hasSuffix("-") { out.removeLast() }
  return out.isEmpty || !FrameworkLoader.isValidID(out) ? fallback : out
}
