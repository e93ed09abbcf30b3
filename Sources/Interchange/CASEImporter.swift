import Competency
import JSON

extension Framework {
  /// Reads any CASE 1.0 or 1.1 CFPackage (not only this tool's exports) into a framework that
  /// validation accepts.
  ///
  /// Real exports deviate from the schema: timestamps without a time zone, numbers written as
  /// strings, identifiers that are not UUIDs, empty strings and nulls for absent fields, items
  /// without a parent or with several, links to items that are not in the package. Whatever can
  /// be understood is imported, and what this model cannot keep or had to decide is reported in
  /// `CASEImport.details`, naming the item and the field. Refused is only a package that cannot
  /// be understood at all: text that is not JSON, no CFDocument object, a CFDocument without an
  /// identifier, CFItems or CFAssociations that are not arrays.
  public static func importCASE(_ bytes: [UInt8], file: String) throws(FrameworkError) -> CASEImport {
    var importer = CASEImporter(file: file)
    return try importer.run(bytes)
  }
}

struct CASEImporter {
  let file: String
  var log = CASEWarningLog()

  init(file: String) { self.file = file }

  /// A CFItem that is kept.
  struct Item {
    var index: Int  // in CFItems
    var identifier: String
    var json: JSONObject
    var label: String
    var id = ""
    var parent: Int?  // in `items`
    var parentLink: ParentLink?
    var documentLink: ParentLink?
    var isDomain = false

    var path: String { "CFItems[\(index)]" }
    var sequence: Int { (parentLink ?? documentLink)?.sequence ?? Int.max }
  }

  /// What an association's end names.
  struct Node {
    var identifier: String
    var title: String?
    var uri: String?
  }

  enum Target: Equatable {
    case item(Int)
    case document
    case unknown
  }

  /// An isChildOf from a kept item.
  struct ParentLink {
    var association: Int
    var target: Target
    var node: Node
    var sequence: Int?
    var json: JSONObject
  }

  /// Any other association from a kept item.
  struct Link {
    var association: Int
    var type: String
    var origin: Int
    var target: Target
    var node: Node
    var json: JSONObject
  }

  // Filled as the package is read.
  var docKey = ""
  var docURI: String?
  var docLabel = ""
  var languages = ["en"]
  var items: [Item] = []
  var byKey: [String: Int] = [:]
  var byURI: [String: Int] = [:]
  var associationLabels: [Int: String] = [:]
  /// Associations this model has no field for, exported again as they are.
  var rawKept: [JSONValue] = []
  /// Associations read into the framework, whose other fields are checked for what is lost.
  var mapped: [(association: Int, object: JSONObject, hierarchy: Bool)] = []

  var primary: String { languages[0] }

  func fail(_ reason: String) -> FrameworkError { .unreadableInterchange(file: file, reason: reason) }

  mutating func warn(_ kind: String, _ path: String, _ item: String, _ field: String, _ message: String) {
    log.add(kind: kind, path: path, item: item, field: field, message: message)
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
    guard let rawDocument = package["CFDocument"]?.objectValue else {
      throw fail("not a CASE package: it has no CFDocument object")
    }
    let (document, documentDuplicates) = Self.deduplicated(rawDocument)
    guard let (docIdentifier, docIsNumber, docField) = Self.identifierField(document) else {
      throw fail("CFDocument.identifier: missing; a package is known by its document's identifier")
    }
    docKey = docIdentifier.lowercased()
    docURI = Self.text(document["uri"])
    docLabel = docIdentifier
    for key in documentDuplicates {
      warn("duplicateKey", "CFDocument", docLabel, key, "given twice; the first is read")
    }
    checkIdentifier(docIdentifier, isNumber: docIsNumber, field: docField, at: "CFDocument", docLabel)
    checkTimestamp(document, at: "CFDocument", docLabel)
    let ext = document["extensions"]?["cpd"]?.objectValue
    languages = readLanguages(document, ext: ext)
    let sources = readSources(ext)

    readItems(try array(package, "CFItems"))
    let links = readAssociations(try array(package, "CFAssociations"))
    settleHierarchy()
    assignIDs()
    var (domains, competencies, competencyOf) = makeItems(sources: sources)
    let standards = mapLinks(links, into: &competencies, competencyOf: competencyOf)
    for m in mapped.sorted(by: { $0.association < $1.association }) {
      let path = "CFAssociations[\(m.association)]"
      checkAssociationFields(m.object, at: path, associationLabels[m.association] ?? path, hierarchy: m.hierarchy)
    }
    checkDocumentFields(document, ext: ext)
    checkPackageFields(package)

    var framework = header(document, identifier: docIdentifier, ext: ext)
    framework.applyDefaultScale()
    framework.sources = sources
    framework.domains = domains
    framework.competencies = competencies
    framework.standards = standards
    framework.reindex()
    return CASEImport(framework: framework, details: log.ordered)
  }

  /// framework.json's fields, from the CFDocument.
  mutating func header(_ document: JSONObject, identifier docIdentifier: String, ext: JSONObject?) -> Framework {
    let translations = Self.texts(ext?["title"])
    let docTitle = Self.text(document["title"]) ?? translations[primary]
    if docTitle == nil {
      warn(
        "document.title", "CFDocument", docLabel, "title",
        "missing or empty; the framework is called \"Imported framework\"")
    }
    let title = docTitle ?? "Imported framework"
    let id =
      Self.text(ext?["id"]).flatMap { FrameworkLoader.isValidID($0) ? $0 : nil }
      ?? slug(title) ?? slug("case \(docIdentifier.prefix(40))") ?? "imported-framework"
    var version = Self.text(document["version"])
    if version == nil, let n = document["version"]?.numberValue {
      version = JSONWriter.formatNumber(n)
      warn("document.numberVersion", "CFDocument", docLabel, "version", "a number; read as the text \(version!)")
    }
    let changed = Self.text(document["lastChangeDateTime"]).map { String($0.prefix(10)) }.flatMap {
      Day($0) == nil ? nil : $0
    }
    // This tool's exports say "cpd" for a framework without a publisher.
    let publisher =
      Self.text(document["publisher"])
      ?? Self.text(document["creator"]).flatMap { ext != nil && $0 == "cpd" ? nil : $0 }
    return Framework(
      id: id, version: version ?? changed ?? "1", title: Self.merged(translations, primary: primary, title, languages),
      description: Self.text(document["description"]).map { Self.filled(LocalizedText([primary: $0]), languages) },
      publisher: publisher, languages: languages, caseIdentifier: Self.text(ext?["caseIdentifier"]) ?? docIdentifier,
      caseAssociations: rawKept)
  }

  // MARK: - Items

  /// The CFItems that can be kept, each identifier once.
  mutating func readItems(_ values: [JSONValue]) {
    for (i, value) in values.enumerated() {
      let path = "CFItems[\(i)]"
      guard let raw = value.objectValue else {
        warn(
          "item.notObject", path, "(not an object)", "CFItems", "expected an object, found \(value.kindName); left out")
        continue
      }
      let (object, duplicates) = Self.deduplicated(raw)
      let code = Self.codeText(object["humanCodingScheme"])
      guard let (identifier, isNumber, field) = Self.identifierField(object) else {
        warn(
          "item.noIdentifier", path, Self.label(code: code, identifier: nil), "identifier",
          "missing; the item is left out (nothing can refer to it)")
        continue
      }
      let label = Self.label(code: code, identifier: identifier)
      for key in duplicates { warn("duplicateKey", path, label, key, "given twice; the first is read") }
      let key = identifier.lowercased()
      if key == docKey {
        warn("item.documentIdentifier", path, label, "identifier", "the CFDocument's identifier; the item is left out")
        continue
      }
      if let first = byKey[key] {
        warn(
          "item.duplicate", path, label, "identifier",
          "a second item with identifier \(identifier) (the first is \(items[first].path)); left out")
        continue
      }
      checkIdentifier(identifier, isNumber: isNumber, field: field, at: path, label)
      checkTimestamp(object, at: path, label)
      byKey[key] = items.count
      if let uri = Self.text(object["uri"])?.lowercased(), byURI[uri] == nil { byURI[uri] = items.count }
      items.append(Item(index: i, identifier: identifier, json: object, label: label))
    }
  }

  /// Ids: our own extension's id, else the human coding scheme, else the identifier, else item-N.
  /// A top-level item with children, or of type Domain, is a domain.
  mutating func assignIDs() {
    var hasChildren: Set<Int> = []
    for item in items { if let p = item.parent { hasChildren.insert(p) } }
    var used: Set<String> = []
    for i in items.indices {
      let object = items[i].json
      let candidates = [
        Self.text(object["extensions"]?["cpd"]?["id"]), Self.codeText(object["humanCodingScheme"]), items[i].identifier,
      ]
      var chosen = candidates.compactMap { $0 }.first { FrameworkLoader.isValidID($0) && !used.contains($0) }
      if chosen == nil {
        var n = items[i].index + 1
        while used.contains("item-\(n)") { n += 1 }
        chosen = "item-\(n)"
      }
      used.insert(chosen!)
      items[i].id = chosen!
      let type = Self.text(object["CFItemType"])?.lowercased()
      items[i].isDomain = items[i].parent == nil && (hasChildren.contains(i) || type == "domain")
    }
  }

  /// The domains and competencies, depth first, siblings by sequence number, then in the
  /// package's order; and where each item's competency is.
  mutating func makeItems(sources: [Source]) -> ([Domain], [Competency], [Int: Int]) {
    var countries: [String: SourceCountry] = [:]
    for s in sources { countries[s.id] = s.country }
    // Titles, in the package's order so that warnings follow it. The CASE statement is the text
    // in the framework's language (another tool may have edited it); our own extension adds the
    // other languages.
    var titles: [LocalizedText] = []
    for item in items {
      let translations = Self.texts(item.json["extensions"]?["cpd"]?["title"])
      let (statement, source) = statementOf(item, extensionText: translations[primary])
      titles.append(Self.merged(translations, primary: primary, statement, languages))
      if item.json["humanCodingScheme"]?.numberValue != nil {
        warn(
          "item.numberCode", item.path, item.label, "humanCodingScheme",
          "a number; read as the text \(Self.codeText(item.json["humanCodingScheme"]) ?? "")")
      }
      checkItemFields(item, statementFrom: source)
    }

    var children: [Int: [Int]] = [:]
    for (i, item) in items.enumerated() { children[item.parent ?? -1, default: []].append(i) }
    func bySequence(_ a: Int, _ b: Int) -> Bool { (items[a].sequence, a) > (items[b].sequence, b) }
    var stack = (children[-1] ?? []).sorted(by: bySequence)
    var ordered: [Int] = []
    while let i = stack.popLast() {
      ordered.append(i)
      stack.append(contentsOf: (children[i] ?? []).sorted(by: bySequence))
    }
    func rootDomain(of index: Int) -> String? {
      var item = items[index]
      while let p = item.parent { item = items[p] }
      return item.isDomain ? item.id : nil
    }

    var domains: [Domain] = []
    var competencies: [Competency] = []
    var competencyOf: [Int: Int] = [:]
    var restored: Set<String> = []
    for i in ordered {
      let item = items[i]
      let o = item.json
      let cpd = o["extensions"]?["cpd"]?.objectValue
      let description = Self.localized(cpd?["description"], languages: languages)
      let code = Self.codeText(o["humanCodingScheme"])
      let itemType = Self.text(o["CFItemType"])
      // The identifier another tool gave the item, when this tool's export had to replace it
      // (never a UUID, then); once only, and never one another item of the package has.
      var caseIdentifier = item.identifier
      if let original = Self.text(cpd?["caseIdentifier"]), !CASEForm.isUUID(original),
        byKey[original.lowercased()] == nil, restored.insert(original.lowercased()).inserted
      {
        caseIdentifier = original
      }
      if item.isDomain {
        if Self.text(o["notes"]) != nil {
          warn(
            "item.domainNotes", item.path, item.label, "notes",
            "not kept: the item is a domain, and domains have no notes")
        }
        domains.append(
          Domain(
            id: item.id, code: code, title: titles[i], description: description, caseIdentifier: caseIdentifier,
            caseItemType: itemType))
      } else {
        let domain = rootDomain(of: i)
        var parent = item.parent.map { items[$0].id }
        if parent == domain { parent = nil }
        // A rationale this tool exported keeps its source and country; other notes stay notes.
        let rationale = self.rationale(item, cpd?["rationale"], countries: countries)
        competencyOf[i] = competencies.count
        competencies.append(
          Competency(
            id: item.id, domain: domain, parent: parent, code: code, title: titles[i], description: description,
            rationale: rationale, notes: rationale == nil ? Self.text(o["notes"]) : nil, topics: [], descriptors: [:],
            standards: [], evidence: [], currencyMonths: nil, associations: [], caseIdentifier: caseIdentifier,
            caseItemType: itemType))
      }
    }
    return (domains, competencies, competencyOf)
  }

  // MARK: - Associations

  /// Reads every association: an isChildOf from a kept item is a candidate parent; the others
  /// from kept items are returned, to be read once the hierarchy is known; the rest is kept as
  /// it is, or left out when it names nothing.
  mutating func readAssociations(_ values: [JSONValue]) -> [Link] {
    var links: [Link] = []
    for (i, value) in values.enumerated() {
      let path = "CFAssociations[\(i)]"
      guard let raw = value.objectValue else {
        warn(
          "association.notObject", path, "(not an object)", "CFAssociations",
          "expected an object, found \(value.kindName); left out")
        continue
      }
      let (object, duplicates) = Self.deduplicated(raw)
      let origin = node(object["originNodeURI"])
      let destination = node(object["destinationNodeURI"])
      let label = associationLabel(object, origin: origin)
      associationLabels[i] = label
      for key in duplicates { warn("duplicateKey", path, label, key, "given twice; the first is read") }
      checkTimestamp(object, at: path, label)
      guard let written = Self.text(object["associationType"]) else {
        let found = object["associationType"].flatMap { $0.stringValue == nil && $0 != .null ? $0.kindName : nil }
        warn(
          "association.noType", path, label, "associationType",
          "\(found.map { "expected text, found \($0)" } ?? "missing"); the association is left out")
        continue
      }
      // An association type CASE 1.0 does not have, as this tool exports it.
      var type = written
      if written == CASEForm.otherAssociationType, let kind = Self.text(object["extensions"]?["cpd"]?["associationType"]),
        kind != "isChildOf"
      {
        type = kind
      }
      guard let origin, let destination else {
        warn(
          "association.noNode", path, label, origin == nil ? "originNodeURI" : "destinationNodeURI",
          "missing, or without an identifier or uri; the association is left out")
        continue
      }
      checkNodeForm(object["originNodeURI"], at: path, label, "originNodeURI")
      checkNodeForm(object["destinationNodeURI"], at: path, label, "destinationNodeURI")
      let from = resolve(origin)
      guard case .item(let o) = from else {
        // From the document or from a node this package does not have: this model has no field
        // for it, so it is kept as it is and exported again.
        if from == .unknown {
          let message = isSamePackage(origin) ? "is not an item of this package" : "is outside the package"
          warn(
            isSamePackage(origin) ? "association.unknownOrigin" : "association.outsideOrigin", path, label,
            "originNodeURI", "\(origin.identifier) \(message); the association is kept as it is")
        }
        rawKept.append(.object(object))
        continue
      }
      let target = resolve(destination)
      guard type == "isChildOf" else {
        links.append(Link(association: i, type: type, origin: o, target: target, node: destination, json: object))
        continue
      }
      let sequence = integer(object["sequenceNumber"], at: path, label)
      let link = ParentLink(association: i, target: target, node: destination, sequence: sequence, json: object)
      switch target {
      case .item(let p) where p == o:
        warn(
          "hierarchy.self", path, label, "destinationNodeURI",
          "the item is its own parent; the association is kept as it is")
        rawKept.append(.object(object))
      case .item where items[o].parentLink?.target == target, .document where items[o].documentLink != nil:
        warn(
          "association.repeated", path, label, "associationType",
          "the same isChildOf association a second time; left out")
      case .item where items[o].parentLink != nil:
        warn(
          "hierarchy.secondParent", path, label, "destinationNodeURI",
          "a second parent (\(items[o].label) is already under \(describe(items[o].parentLink!.target))); "
            + "kept as an isChildOf association outside the hierarchy")
        links.append(Link(association: i, type: type, origin: o, target: target, node: destination, json: object))
      case .item:
        items[o].parentLink = link
      case .document:
        items[o].documentLink = link
      case .unknown:
        let message = isSamePackage(destination) ? "is not in this package" : "is outside the package"
        warn(
          isSamePackage(destination) ? "hierarchy.unknownParent" : "hierarchy.outsideParent", path, label,
          "destinationNodeURI",
          "parent \(destination.identifier) \(message); the item is placed at the top and the association kept as "
            + "it is")
        rawKept.append(.object(object))
      }
    }
    return links
  }

  /// The associations other than the hierarchy, from competencies: to items, to items of
  /// another framework this tool exported, and to nodes outside the package, which become
  /// external standards. Returns the standards.
  mutating func mapLinks(_ links: [Link], into competencies: inout [Competency], competencyOf: [Int: Int])
    -> [Standard]
  {
    var standards: [Standard] = []
    var standardByKey: [String: String] = [:]
    var usedStandardIDs: Set<String> = []
    var seen: Set<String> = []
    for a in links {
      let path = "CFAssociations[\(a.association)]"
      let label = associationLabels[a.association] ?? path
      guard let ci = competencyOf[a.origin] else {
        // From a domain: this model has no field for it, so it is kept as it is.
        rawKept.append(.object(a.json))
        continue
      }
      let destinationKey: String
      switch a.target {
      case .item(let t): destinationKey = "item:\(t)"
      case .document: destinationKey = "document"
      case .unknown: destinationKey = "node:\(a.node.identifier.lowercased())"
      }
      if !seen.insert("\(a.type)|\(destinationKey)|\(a.origin)").inserted {
        warn(
          "association.repeated", path, label, "associationType",
          "the same \(a.type) association a second time; left out")
        continue
      }
      let cpd = a.json["extensions"]?["cpd"]?.objectValue
      switch a.target {
      case .document:
        rawKept.append(.object(a.json))
        continue
      case .item(let t):
        competencies[ci].associations.append(Association(relation: a.type, target: items[t].id, framework: nil))
      case .unknown:
        if let other = Self.text(cpd?["framework"]), let target = Self.text(cpd?["target"]) {
          competencies[ci].associations.append(Association(relation: a.type, target: target, framework: other))
          break
        }
        // A node outside the package: an external standard.
        if isSamePackage(a.node) {
          warn(
            "association.unknownDestination", path, label, "destinationNodeURI",
            "\(a.node.identifier) is not an item of this package; kept as an external standard")
        }
        let key = a.node.identifier.lowercased()
        if standardByKey[key] == nil {
          var s = standardFrom(cpd?["standard"], node: a.node)
          var candidate = s.id
          var n = 2
          while usedStandardIDs.contains(candidate) {
            candidate = "\(s.id.prefix(190))-\(n)"
            n += 1
          }
          s.id = candidate
          usedStandardIDs.insert(candidate)
          standards.append(s)
          standardByKey[key] = candidate
        }
        let standardID = standardByKey[key]!
        let relation = Self.text(cpd?["relation"]).flatMap(MappingRelation.init(rawValue:))
        if a.type == Association.exactMatchOf && (relation == nil || relation == .exactMatch) {
          competencies[ci].standards.append(StandardMapping(standard: standardID, relation: .exactMatch))
        } else if a.type == "isRelatedTo" && relation != .exactMatch {
          competencies[ci].standards.append(StandardMapping(standard: standardID, relation: relation ?? .related))
        } else {
          competencies[ci].associations.append(Association(relation: a.type, target: standardID, framework: nil))
        }
      }
      mapped.append((a.association, a.json, false))
    }
    return standards
  }

  // MARK: - The hierarchy

  /// One parent each: an item's first isChildOf to another item (a loop is opened at its first
  /// item in the package); an isChildOf to the document orders the items at the top.
  mutating func settleHierarchy() {
    for i in items.indices {
      if case .item(let p) = items[i].parentLink?.target { items[i].parent = p }
    }
    breakCycles()
    for i in items.indices {
      if let parent = items[i].parent, let link = items[i].documentLink {
        warn(
          "hierarchy.alsoTop", "CFAssociations[\(link.association)]",
          associationLabels[link.association] ?? items[i].label, "destinationNodeURI",
          "also a child of the CFDocument; the hierarchy keeps it under \(items[parent].label), "
            + "the association is kept as it is")
        rawKept.append(.object(link.json))
        items[i].documentLink = nil
      }
      for link in [items[i].parentLink, items[i].documentLink].compactMap({ $0 }) {
        mapped.append((link.association, link.json, true))
      }
    }
  }

  /// Opens every loop of parents at its first item in the package, which goes to the top; the
  /// association that closed the loop is kept as it is.
  mutating func breakCycles() {
    var state = [UInt8](repeating: 0, count: items.count)  // 0 unseen, 1 on the current path, 2 done
    for start in items.indices where state[start] == 0 {
      var path: [Int] = []
      var current: Int? = start
      while let c = current, state[c] == 0 {
        state[c] = 1
        path.append(c)
        current = items[c].parent
      }
      if let c = current, state[c] == 1 {
        let cycle = Array(path[path.firstIndex(of: c)!...])
        let first = cycle.min()!
        let link = items[first].parentLink!
        let loop = (cycle[cycle.firstIndex(of: first)!...] + cycle[..<cycle.firstIndex(of: first)!] + [first])
          .map { items[$0].label }
        warn(
          "hierarchy.loop", "CFAssociations[\(link.association)]",
          associationLabels[link.association] ?? items[first].label,
          "destinationNodeURI",
          "isChildOf associations loop (\(loop.joined(separator: " → "))); \(items[first].label) is placed at the top "
            + "and this association kept as it is")
        rawKept.append(.object(link.json))
        items[first].parent = nil
        items[first].parentLink = nil
      }
      for p in path { state[p] = 2 }
    }
  }

  func describe(_ target: Target) -> String {
    switch target {
    case .item(let i): items[i].label
    case .document: "the CFDocument"
    case .unknown: "a node outside the package"
    }
  }
}

/// A readable id from a title: lower case, words joined by hyphens, at most 60 characters; nil
/// when the title has no letters or digits to make one from.
func slug(_ text: String) -> String? {
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
  return out.isEmpty || !FrameworkLoader.isValidID(out) ? nil : out
}
