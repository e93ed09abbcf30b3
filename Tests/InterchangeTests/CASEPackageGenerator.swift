import JSON

/// SplitMix64: the whole state is one number, so a package is made again from its seed alone.
struct PackageRandom: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
  mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
  mutating func pick<T>(_ choices: [T]) -> T { choices[Int.random(in: 0..<choices.count, using: &self)] }

  /// One of the choices, with the given weights.
  mutating func weighted<T>(_ choices: [(T, Double)]) -> T {
    choices[index(choices.map(\.1))].0
  }

  /// The index of one of the weights, chosen with its weight.
  mutating func index(_ weights: [Double]) -> Int {
    var r = Double.random(in: 0..<weights.reduce(0, +), using: &self)
    for (i, weight) in weights.enumerated() {
      if r < weight { return i }
      r -= weight
    }
    return weights.count - 1
  }

  static let digits = Array("0123456789abcdef".unicodeScalars)

  mutating func hex(_ count: Int) -> String {
    var out = String.UnicodeScalarView()
    var bits = next()
    for i in 0..<count {
      if i % 16 == 15 { bits = next() }
      out.append(Self.digits[Int(bits & 15)])
      bits >>= 4
    }
    return String(out)
  }
}

/// What the generator knows about one CFItem it wrote, for checking what the import made of it.
struct GeneratedItem {
  var index: Int
  /// The identifier as a reader sees it (trimmed; a number in its JSON form); nil when the item has none.
  var identifier: String?
  var humanCodingScheme: String?
  var fullStatement: String?
  /// Whether the import must keep the item: an object with an identifier no earlier kept item has
  /// (compared without case) that is not the document's.
  var kept: Bool
}

/// A generated CFPackage and what it should become.
struct GeneratedPackage {
  var seed: UInt64
  var json: JSONValue
  var documentIdentifier: String?
  var items: [GeneratedItem]
  /// Set when nothing in the package can be imported: the start of the message the refusal gives.
  var refusal: String?
}

/// Random CFPackages in the shapes CASE tools write, and the shapes they should not write but do:
/// random subsets of the optional fields of CFDocument, CFItem, CFAssociation and CFDefinitions
/// (CASE 1.0 and 1.1), empty strings and nulls, unusual languages, missing descriptions and
/// statements, items without a parent, several roots, isChildOf cycles, duplicate identifiers,
/// association types this model does not use, nodes outside the package, duplicate keys and
/// very long statements.
struct CASEPackageGenerator {
  var random: PackageRandom
  let seed: UInt64

  init(seed: UInt64) {
    self.seed = seed
    random = PackageRandom(seed: seed)
  }

  static let languages = [
    "", " ", "en", "en-GB", "EN-gb", "en_GB", "cy", "CY", "cy-GB", "de", "de-DE", "und", "x-klingon", "X-Klingon",
    "i-klingon", "fr-CA", "zh-Hant-TW", "ja", "nn-NO", "English", "123", "e", "sgn-BE-FR", " en ",
  ]
  static let itemTypes = [
    "Domain", "domain", "Strand", "Standard", "Competency", "Skill", "Cluster", "Component", "Section Heading",
    "知識及び技能", "", "Evidence Required",
  ]
  static let associationTypes = [
    "isChildOf", "isPeerOf", "isPartOf", "exactMatchOf", "precedes", "isRelatedTo", "replacedBy", "exemplar",
    "hasSkillLevel", "isTranslationOf", "ext:hasPrerequisite", "ext:custom.type-1", "hasPart", "Custom Link", "",
  ]
  static let words = [
    "plan", "engagement", "with", "communities", "safeguarding", "risk", "Diogelu", "cymunedau", "Gefährdung",
    "Beurteilung", "地域", "安全", "ÆØÅ", "naïve", "café", "e\u{301}", "שלום", "مجتمع", "🙂", "\"quoted\"", "back\\slash",
    "tab\there", "line\nbreak", "crlf\r\n", "<b>html</b>", "&amp;", "50%", "{braces}", "\u{7}", "\u{200B}", "NA",
  ]

  mutating func sentence(_ range: ClosedRange<Int> = 1...12) -> String {
    (0..<random.int(range)).map { _ in random.pick(Self.words) }.joined(separator: " ")
  }

  /// A text field's value: mostly a sentence, sometimes empty, blank, very long or not text at all.
  mutating func text(long: Double = 0) -> JSONValue {
    switch random.index([70, 8, 5, 5, 2, long * 100, 3]) {
    case 0: .string(sentence())
    case 1: .string("")
    case 2: .string("   \n ")
    case 3: .null
    case 4: .number(42)
    case 5: .string(String(repeating: sentence(3...8) + " ", count: random.int(60...250)))
    default: .string(" padded statement ")
    }
  }

  mutating func uuid(_ version: Int = 4) -> String {
    let variant = random.pick(["8", "9", "a", "b"])
    return "\(random.hex(8))-\(random.hex(4))-\(version)\(random.hex(3))-\(variant)\(random.hex(3))-\(random.hex(12))"
  }

  /// A new identifier in one of the forms tools use.
  mutating func identifier() -> JSONValue {
    switch random.index([50, 10, 5, 5, 4, 3, 5, 5, 3, 3, 2, 2]) {
    case 0: .string(uuid())
    case 1: .string(uuid(1))
    case 2: .string(uuid(5))
    case 3: .string(uuid().uppercased())
    case 4: .string("\(random.hex(8))-\(random.hex(4))-0\(random.hex(3))-c\(random.hex(3))-\(random.hex(12))")
    case 5: .string("urn:uuid:\(uuid())")
    case 6: .string("http://psi.example.no/kl06/KM\(random.int(1000...9999))")
    case 7: .string("i\(random.int(1...99_999))")
    case 8: .string("  \(uuid())  ")
    case 9: .number(Double(random.int(1...99_999)))
    case 10: .string("e97885g3-2345-6789-abcd-\(random.hex(12))")
    default: .string("Ä/\(random.int(1...999)) x")
    }
  }

  mutating func humanCodingScheme(index: Int, earlier: [String]) -> JSONValue? {
    random.weighted([
      (nil, 20), (.string("PS.\(random.int(1...9)).\(index + 1)"), 30), (.string("A-1-(\(index + 1))"), 5),
      (.string("CCSS.Math.Content.6.RP.A.\(index + 1)"), 5), (.string("\(random.int(1...9)).\(index + 1)"), 5),
      (.string("PS \(index + 1)"), 5), (.string(""), 5), (.string("  "), 2), (.string("item-\(random.int(1...12))"), 5),
      (earlier.isEmpty ? .null : .string(random.pick(earlier)), 8), (.string(String(repeating: "X", count: 250)), 2),
      (.string("Ä.\(index)"), 3), (.null, 3), (.number(Double(index)), 2),
    ])
  }

  mutating func timestamp() -> JSONValue {
    random.weighted([
      (.string("2019-03-01T00:54:24+00:00"), 30), (.string("2019-03-01T00:54:24Z"), 20),
      (.string("2019-03-01T00:54:24"), 15), (.string("2019-03-01 00:54:24"), 10), (.string("2019-03-01"), 5),
      (.string("yesterday"), 3), (.string(""), 3), (.null, 3), (.number(1_551_401_664), 2),
      (.string("2019-03-01T00:54:24.123-05:00"), 5),
    ])
  }

  mutating func link(_ title: String, _ identifier: String, _ uri: String) -> JSONValue {
    var o: [(key: String, value: JSONValue)] = []
    if random.chance(0.9) { o.append(("title", .string(title))) }
    o.append(("identifier", .string(identifier)))
    o.append(("uri", .string(uri)))
    if random.chance(0.1) { o.append(("targetType", .null)) }
    return .object(JSONObject(o))
  }

  mutating func links(_ count: ClosedRange<Int>) -> JSONValue {
    .array(
      (0..<random.int(count)).map { _ in link(sentence(1...3), uuid(), "https://subjects.example.org/\(random.hex(6))")
      })
  }

  mutating func strings(_ count: ClosedRange<Int>) -> JSONValue {
    .array(
      (0..<random.int(count)).map { _ in .string(random.pick(["06", "07", "KG", "HS", "10", "ratio", "地域", ""])) })
  }

  /// Sets some of `fields` (each with probability `p`); `make` gives each one's value.
  mutating func optional(
    _ fields: [String], p: Double, into object: inout [(key: String, value: JSONValue)],
    _ make: (inout CASEPackageGenerator, String) -> JSONValue
  ) {
    for field in fields where random.chance(p) { object.append((field, make(&self, field))) }
  }

  mutating func package() -> GeneratedPackage {
    let host = random.pick([
      "https://case.example.org/ims/case/v1p0/", "https://opensalt.example.net/uri/", "http://frameworks.example.org/",
    ])
    func uri(_ kind: String, _ id: String) -> String {
      host.hasSuffix("v1p0/") ? "\(host)\(kind)/\(id)" : "\(host)\(id)"
    }

    // The document.
    var document: [(key: String, value: JSONValue)] = []
    var documentIdentifier: String?
    var refusal: String?
    if random.chance(0.02) {
      refusal = "not a CASE package: it has no CFDocument object"
    } else if random.chance(0.02) {
      if random.chance(0.5) { document.append(("identifier", .string(random.pick(["", "  "])))) }
      refusal = "CFDocument.identifier: missing"
    } else {
      let id = identifier()
      document.append((random.chance(0.02) ? "sourcedId" : "identifier", id))  // as some 1EdTech services write
      documentIdentifier =
        id.stringValue.map { String($0.trimmingWhitespace()) } ?? JSONWriter.formatNumber(id.numberValue!)
    }
    let docID = documentIdentifier ?? "none"
    let docTitle = random.weighted([
      (JSONValue.string(sentence(2...6)), 70), (.string(""), 8), (.string("  "), 4), (.null, 4),
      (.string(String(repeating: "Framework ", count: 40)), 4), (.string("Fframwaith Diogelwch Cymunedol"), 5),
      (.string("高等学校学習指導要領"), 5),
    ])
    optional(["uri"], p: 0.8, into: &document) { g, _ in .string(uri("CFDocuments", docID)) }
    optional(["creator", "publisher"], p: 0.6, into: &document) { g, _ in g.text() }
    if random.chance(0.9) { document.append(("title", docTitle)) }
    optional(["lastChangeDateTime"], p: 0.8, into: &document) { g, _ in g.timestamp() }
    optional(["language"], p: 0.6, into: &document) { g, _ in
      g.random.chance(0.05) ? .null : .string(g.random.pick(Self.languages))
    }
    optional(["description"], p: 0.4, into: &document) { g, _ in g.text() }
    optional(["version"], p: 0.5, into: &document) { g, _ in
      g.random.pick([.string("1.0"), .string(""), .string(" "), .null, .number(2), .string("2026-01")])
    }
    optional(
      [
        "officialSourceURL", "adoptionStatus", "statusStartDate", "statusEndDate", "notes", "frameworkType",
        "caseVersion", "CFPackageURI", "subject", "subjectURI", "licenseURI", "extensions", "humanCodingScheme",
        "someVendorField",
      ], p: 0.25, into: &document
    ) { g, field in
      switch field {
      case "adoptionStatus": g.random.pick([.string("Draft"), .string("Adopted"), .string("Deprecated"), .null])
      case "statusStartDate", "statusEndDate": g.random.pick([.string("2018-03-30"), .null, .string("soon")])
      case "caseVersion": g.random.pick([.string("1.1"), .null])
      case "CFPackageURI":
        g.random.chance(0.5) ? g.link("p", docID, uri("CFPackages", docID)) : .string(uri("CFPackages", docID))
      case "subject": g.strings(0...3)
      case "subjectURI": g.links(0...2)
      case "licenseURI": g.random.chance(0.8) ? g.link("CC BY 4.0", g.uuid(), "https://licenses.example.org/1") : .null
      case "extensions":
        g.random.pick([["vendor": ["x": 1]], ["cpd": ["languages": ["", "en", "en"], "id": "bad id!"]], [:]])
      case "someVendorField": ["x": 1]
      default: g.text()
      }
    }

    // The items.
    var generated: [GeneratedItem] = []
    var identifiers: [JSONValue] = []
    var codes: [String] = []
    var keptKeys: Set<String> = []
    let count = random.weighted([(0, 5), (random.int(1...5), 40), (random.int(6...25), 50), (random.int(26...60), 5)])
    var itemValues: [JSONValue] = []
    for index in 0..<count {
      if random.chance(0.02) {
        itemValues.append(random.pick([.string("not an item"), .null, .array([])]))
        generated.append(GeneratedItem(index: index, identifier: nil, fullStatement: nil, kept: false))
        identifiers.append(.null)
        continue
      }
      var item: [(key: String, value: JSONValue)] = []
      let earlier = identifiers.compactMap(\.stringValue)
      let id: JSONValue? =
        switch random.index([88, 4, 2, 1, 2, 1, 1, 1]) {
        case 0: identifier()
        case 1: identifiers.isEmpty ? identifier() : random.pick(identifiers)  // a second item with it
        case 2: earlier.isEmpty ? identifier() : .string(random.pick(earlier).uppercased())
        case 3: documentIdentifier.map(JSONValue.string) ?? identifier()
        case 4: nil
        case 5: .string("")
        case 6: .string("   ")
        default: .null
        }
      if let id { item.append((random.chance(0.02) ? "sourcedId" : "identifier", id)) }
      let read: String? = id.flatMap { v in
        if let s = v.stringValue {
          let t = String(s.trimmingWhitespace())
          return t.isEmpty ? nil : t
        }
        return v.numberValue.map(JSONWriter.formatNumber)
      }
      identifiers.append(id ?? .null)
      let statement: JSONValue? = random.chance(0.93) ? text(long: 0.015) : nil
      if let statement { item.append(("fullStatement", statement)) }
      let code = humanCodingScheme(index: index, earlier: codes)
      if let code {
        item.append(("humanCodingScheme", code))
        if let s = code.stringValue, !s.isEmpty { codes.append(s) }
      }
      optional(["uri"], p: 0.7, into: &item) { g, _ in .string(uri("CFItems", read ?? "x")) }
      optional(["lastChangeDateTime"], p: 0.7, into: &item) { g, _ in g.timestamp() }
      optional(["CFItemType"], p: 0.6, into: &item) { g, _ in
        g.random.chance(0.05) ? .null : .string(g.random.pick(Self.itemTypes))
      }
      optional(["language"], p: 0.4, into: &item) { g, _ in .string(g.random.pick(Self.languages)) }
      optional(["notes"], p: 0.3, into: &item) { g, _ in g.text() }
      optional(
        [
          "abbreviatedStatement", "alternativeLabel", "listEnumeration", "conceptKeywords", "conceptKeywordsURI",
          "educationLevel", "subject", "subjectURI", "CFItemTypeURI", "licenseURI", "statusStartDate", "statusEndDate",
          "CFDocumentURI", "extensions", "fullStatment", "educationalLevel", "CFItemAssociationURI",
        ], p: 0.15, into: &item
      ) { g, field in
        switch field {
        case "conceptKeywords", "subject": g.random.chance(0.2) ? .null : g.strings(0...3)
        case "educationLevel": g.random.chance(0.2) ? .string("06") : g.strings(0...3)
        case "educationalLevel": .string("06")
        case "subjectURI": g.links(0...2)
        case "conceptKeywordsURI", "CFItemTypeURI", "licenseURI":
          g.random.chance(0.2) ? .null : g.link(g.sentence(1...2), g.uuid(), uri("CFItemTypes", g.uuid()))
        case "CFDocumentURI":
          g.random.chance(0.5) ? g.link("doc", docID, uri("CFDocuments", docID)) : .string(uri("CFDocuments", docID))
        case "CFItemAssociationURI": .string(uri("CFItems", read ?? "x") + "/associations")
        case "statusStartDate", "statusEndDate": .string("2020-01-01")
        case "extensions":
          g.random.pick([
            ["vendor": ["level": 3]], ["cpd": ["id": "", "title": ["en": ""]]],
            ["cpd": ["id": "C-X", "title": ["de": "Titel"]]],
            ["cpd": ["rationale": ["text": ["en": "why"], "source": "nowhere", "country": "wales"]]],
          ])
        default: g.text()
        }
      }
      if random.chance(0.03), let first = item.first { item.append(first) }  // a duplicate key
      itemValues.append(.object(JSONObject(random.chance(0.5) ? item : item.shuffled(using: &random))))
      let key = read?.lowercased()
      let kept = key != nil && !keptKeys.contains(key!) && key != documentIdentifier?.lowercased()
      if kept { keptKeys.insert(key!) }
      generated.append(
        GeneratedItem(
          index: index, identifier: read, humanCodingScheme: code?.stringValue, fullStatement: statement?.stringValue,
          kept: kept))
    }

    // The associations: the hierarchy first (mostly), then others.
    func node(_ identifier: JSONValue, title: String, uri nodeURI: String?) -> JSONValue? {
      let idText = identifier.stringValue ?? identifier.numberValue.map(JSONWriter.formatNumber) ?? ""
      let plain = JSONValue.object(JSONObject([("identifier", identifier)]))
      switch random.index([55, 15, 6, 5, 4, 5, 3, 2, 1, 2]) {
      case 0: return nodeURI.map { link(title, idText, $0) } ?? plain
      case 1: return plain
      case 2: return nodeURI.map { .object(JSONObject([("uri", .string($0))])) } ?? plain
      case 3: return .string(idText)
      case 4: return nodeURI.map(JSONValue.string) ?? .string(idText)
      case 5: return .object(JSONObject([("identifier", .string(idText.uppercased()))]))
      case 6: return .object(JSONObject([("identifier", .string(" \(idText) "))]))
      case 7: return nil
      case 8: return .null
      default: return .object(JSONObject([("title", .string(title))]))
      }
    }
    func itemNode(_ i: Int) -> JSONValue? {
      let id = identifiers[i]
      if id == .null { return node(identifier(), title: "gone", uri: nil) }
      let idText = id.stringValue ?? JSONWriter.formatNumber(id.numberValue ?? 0)
      return node(id, title: "item \(i)", uri: uri("CFItems", String(idText.trimmingWhitespace())))
    }
    func documentNode() -> JSONValue? {
      node(.string(documentIdentifier ?? uuid()), title: "document", uri: uri("CFDocuments", docID))
    }
    func outsideNode() -> JSONValue? {
      let id = uuid()
      switch random.index([60, 25, 15]) {
      case 0:
        let title = random.pick(["Evaluate projects", "Destination", "", "NOS SFJ AD1"])
        return node(.string(id), title: title, uri: "https://elsewhere.example.com/uri/\(id)")
      case 1: return node(.string(id), title: "same server, other framework", uri: uri("CFItems", id))
      default: return node(.string(id), title: "nowhere", uri: nil)
      }
    }
    var associations: [JSONValue] = []
    func associate(_ origin: JSONValue?, _ type: String?, _ destination: JSONValue?) {
      var a: [(key: String, value: JSONValue)] = []
      optional(["identifier"], p: 0.9, into: &a) { g, _ in
        g.random.chance(0.9) ? .string(g.uuid()) : .string("a\(g.random.int(1...99))")
      }
      optional(["uri"], p: 0.6, into: &a) { g, _ in .string(uri("CFAssociations", g.uuid())) }
      if let type {
        a.append(("associationType", .string(type)))
      } else if random.chance(0.5) {
        a.append(("associationType", random.pick([.null, .number(1)])))
      }
      if let origin { a.append(("originNodeURI", origin)) }
      if let destination { a.append(("destinationNodeURI", destination)) }
      optional(["sequenceNumber"], p: type == "isChildOf" ? 0.6 : 0.05, into: &a) { g, _ in
        g.random.weighted([
          (.int(g.random.int(1...30)), 70), (.string("\(g.random.int(1...30))"), 15), (.string("abc"), 3),
          (.number(1.5), 3),
          (.null, 3), (.int(-1), 3),
        ])
      }
      optional(["lastChangeDateTime"], p: 0.6, into: &a) { g, _ in g.timestamp() }
      optional(["CFAssociationGroupingURI", "notes", "CFDocumentURI", "extensions"], p: 0.08, into: &a) { g, field in
        switch field {
        case "CFAssociationGroupingURI":
          g.random.chance(0.3) ? .null : g.link("group", g.uuid(), uri("CFAssociationGroupings", g.uuid()))
        case "CFDocumentURI": g.link("doc", docID, uri("CFDocuments", docID))
        case "extensions":
          g.random.pick([
            ["vendor": 1], ["cpd": ["relation": "partialMatch"]], ["cpd": ["framework": "", "target": ""]],
          ])
        default: g.text()
        }
      }
      if random.chance(0.02), let first = a.first { a.append(first) }  // a duplicate key
      associations.append(.object(JSONObject(a)))
    }
    for i in 0..<count {
      let choice = random.weighted([
        ("document", 35.0), ("item", 35), ("none", 10), ("self", 2), ("unknown", 4), ("outside", 4), ("two", 6),
        ("later", 4),
      ])
      switch choice {
      case "document": associate(itemNode(i), "isChildOf", documentNode())
      case "item" where i > 0: associate(itemNode(i), "isChildOf", itemNode(random.int(0...(i - 1))))
      case "self": associate(itemNode(i), "isChildOf", itemNode(i))
      case "unknown": associate(itemNode(i), "isChildOf", node(.string(uuid()), title: "missing", uri: nil))
      case "outside": associate(itemNode(i), "isChildOf", outsideNode())
      case "two" where count > 1:
        associate(itemNode(i), "isChildOf", itemNode(random.int(0...(count - 1))))
        associate(itemNode(i), "isChildOf", random.chance(0.5) ? documentNode() : itemNode(random.int(0...(count - 1))))
      case "later" where count > 1: associate(itemNode(i), "isChildOf", itemNode(random.int(0...(count - 1))))
      default: break
      }
    }
    for _ in 0..<random.int(0...(count + 3)) {
      let type: String? = random.chance(0.03) ? nil : random.pick(Self.associationTypes)
      func end(_ weights: [Double]) -> JSONValue? {
        switch random.index(weights) {
        case 0: count > 0 ? itemNode(random.int(0...(count - 1))) : outsideNode()
        case 1: documentNode()
        default: outsideNode()
        }
      }
      let origin = end([80, 5, 15])
      let destination = end([50, 10, 40])
      associate(origin, type, destination)
    }
    if random.chance(0.02) { associations.append(random.pick([.string("x"), .null])) }
    if random.chance(0.3) { associations.shuffle(using: &random) }

    // Definitions, rubrics and the rest.
    var package: [(key: String, value: JSONValue)] = []
    if refusal != "not a CASE package: it has no CFDocument object" {
      package.append(("CFDocument", .object(JSONObject(document))))
    }
    if !itemValues.isEmpty || random.chance(0.7) { package.append(("CFItems", .array(itemValues))) }
    if !associations.isEmpty || random.chance(0.7) { package.append(("CFAssociations", .array(associations))) }
    if random.chance(0.35) {
      var definitions: [(key: String, value: JSONValue)] = []
      optional(
        ["CFConcepts", "CFSubjects", "CFLicenses", "CFItemTypes", "CFAssociationGroupings", "extensions"], p: 0.5,
        into: &definitions
      ) { g, field in
        if field == "extensions" { return ["vendor": true] }
        return .array(
          (0..<g.random.int(0...3)).map { _ in
            var d: [(key: String, value: JSONValue)] = [
              ("identifier", .string(g.uuid())), ("uri", .string(uri(field, g.uuid()))),
              ("title", .string(g.sentence(1...3))),
              ("lastChangeDateTime", g.timestamp()),
            ]
            g.optional(["description", "hierarchyCode", "typeCode", "keywords", "licenseText"], p: 0.4, into: &d) {
              g, _ in g.text()
            }
            return .object(JSONObject(d))
          })
      }
      package.append(("CFDefinitions", random.chance(0.1) ? .null : .object(JSONObject(definitions))))
    }
    if random.chance(0.04) { package.append(("CFRubrics", [["identifier": .string(uuid()), "title": "Rubric"]])) }
    if random.chance(0.04) { package.append(("extensions", ["vendor": ["x": 1]])) }
    if random.chance(0.03) { package.append(("packageNotes", "not a CASE field")) }
    var root = JSONValue.object(JSONObject(package))
    if random.chance(0.05) { root = ["CFPackage": root] }
    return GeneratedPackage(
      seed: seed, json: root, documentIdentifier: documentIdentifier, items: refusal == nil ? generated : [],
      refusal: refusal)
  }
}
