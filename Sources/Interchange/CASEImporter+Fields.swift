import Competency
import JSON

/// Reading single fields, and reporting what a CASE element has that this model cannot keep.
extension CASEImporter {
  func array(_ package: JSONObject, _ key: String) throws(FrameworkError) -> [JSONValue] {
    guard let value = package[key], value != .null else { return [] }
    guard let a = value.arrayValue else { throw fail("\(key): expected an array, found \(value.kindName)") }
    return a
  }

  /// A string with something in it other than whitespace, as it is written; nil otherwise.
  static func text(_ value: JSONValue?) -> String? {
    guard let s = value?.stringValue, !s.trimmingWhitespace().isEmpty else { return nil }
    return s
  }

  /// An identifier: a non-blank string, trimmed, or a number in its JSON form.
  static func identifierText(_ value: JSONValue?) -> (text: String, isNumber: Bool)? {
    switch value {
    case .string(let s)?:
      let t = String(s.trimmingWhitespace())
      return t.isEmpty ? nil : (t, false)
    case .number(let n)?: return (JSONWriter.formatNumber(n), true)
    default: return nil
    }
  }

  /// An element's identifier: its `identifier`, else the `sourcedId` that some 1EdTech services
  /// write instead; with the field it came from.
  static func identifierField(_ object: JSONObject) -> (text: String, isNumber: Bool, field: String)? {
    if let (text, isNumber) = identifierText(object["identifier"]) { return (text, isNumber, "identifier") }
    if let (text, isNumber) = identifierText(object["sourcedId"]) { return (text, isNumber, "sourcedId") }
    return nil
  }

  /// Whether `key` is the field an element's identifier was read from, in place of `identifier`.
  static func isIdentifierAlias(_ key: String, of object: JSONObject) -> Bool {
    key == "sourcedId" && identifierField(object)?.field == "sourcedId"
  }

  /// A human coding scheme, trimmed (a number is read as its text).
  static func codeText(_ value: JSONValue?) -> String? {
    if let n = value?.numberValue { return JSONWriter.formatNumber(n) }
    return text(value).map { String($0.trimmingWhitespace()) }
  }

  /// UUIDs of unusual versions, and identifiers that are not UUIDs, are kept with a warning.
  mutating func checkIdentifier(
    _ text: String, isNumber: Bool, field: String = "identifier", at path: String, _ label: String
  ) {
    if field != "identifier" {
      warn("identifier.alias", path, label, field, "read as the identifier, which is missing")
    }
    if isNumber { warn("identifier.number", path, label, field, "a number; read as text") }
    if let bytes = NameBasedUUID.parse(text) {
      let version = NameBasedUUID.version(bytes)
      if !(1...8).contains(version) || (bytes[8] & 0xC0) != 0x80 {
        warn(
          "identifier.variant", path, label, "identifier",
          "not an RFC 9562 UUID (unusual version or variant); kept as it is")
      }
    } else {
      warn("identifier.form", path, label, field, "not a UUID; kept as it is")
    }
  }

  mutating func integer(_ value: JSONValue?, at path: String, _ label: String) -> Int? {
    switch value {
    case .number(let n)?:
      if let i = Int(exactly: n) { return i }
    case .string(let s)?:
      if let i = Int(s.trimmingWhitespace()) {
        warn("sequence.string", path, label, "sequenceNumber", "a number written as a string; read as \(i)")
        return i
      }
    case nil, .null?: return nil
    default: break
    }
    warn("sequence.invalid", path, label, "sequenceNumber", "not a whole number; the order of the document is used")
    return nil
  }

  /// Timestamps should be ISO 8601 with a time zone; one without is read as UTC.
  mutating func checkTimestamp(_ object: JSONObject, at path: String, _ label: String) {
    guard let value = object["lastChangeDateTime"], value != .null else { return }
    guard let text = value.stringValue, text.count >= 10, Day(text.prefix(10)) != nil else {
      warn("timestamp.invalid", path, label, "lastChangeDateTime", "not a date; ignored")
      return
    }
    let time = text.dropFirst(10)
    if time.isEmpty { return }
    let hasZone =
      time.hasSuffix("Z") || time.hasSuffix("z") || time.dropFirst(1).contains("+") || time.dropFirst(1).contains("-")
    if !hasZone { warn("timestamp.zone", path, label, "lastChangeDateTime", "no time zone; read as UTC") }
  }

  /// The framework's languages: our own extension's list, else the document's language.
  mutating func readLanguages(_ document: JSONObject, ext: JSONObject?) -> [String] {
    let label = docLabel
    var languages: [String] = []
    for tag in ext?["languages"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
      if let key = LanguageTag.key(tag), !languages.contains(key) { languages.append(key) }
    }
    if !languages.isEmpty { return languages }
    switch document["language"] {
    case .string(let tag)? where !tag.trimmingWhitespace().isEmpty:
      if let key = LanguageTag.key(tag) { return [key] }
      warn(
        "document.language", "CFDocument", label, "language",
        "\"\(tag)\" is not a language tag; the texts are taken to be English (en)")
    case nil, .null?:
      warn("document.language", "CFDocument", label, "language", "missing; the texts are taken to be English (en)")
    case .string?:
      warn("document.language", "CFDocument", label, "language", "empty; the texts are taken to be English (en)")
    case let value?:
      warn(
        "document.language", "CFDocument", label, "language",
        "expected text, found \(value.kindName); the texts are taken to be English (en)")
    }
    return ["en"]
  }

  /// An item's statement and the field it is taken from: its fullStatement, else what else it
  /// has, with a warning.
  mutating func statementOf(_ item: Item, extensionText: String?) -> (String, String) {
    let o = item.json
    if let s = Self.text(o["fullStatement"]) { return (s, "fullStatement") }
    if let s = Self.text(o[Self.misspeltStatement]) {
      // What the CaSS CASE adapter writes.
      warn("item.misspelt", item.path, item.label, Self.misspeltStatement, "misspelt; read as the fullStatement")
      return (s, Self.misspeltStatement)
    }
    let reason: String
    switch o["fullStatement"] {
    case nil, .null?: reason = "missing"
    case .string?: reason = "empty"
    case let value?: reason = "expected text, found \(value.kindName)"
    }
    let fallbacks: [(String, String?)] = [
      ("title in this tool's extension", extensionText), ("abbreviatedStatement", Self.text(o["abbreviatedStatement"])),
      ("alternativeLabel", Self.text(o["alternativeLabel"])),
      ("humanCodingScheme", Self.codeText(o["humanCodingScheme"])), ("identifier", item.identifier),
    ]
    let (name, text) = fallbacks.first { $0.1 != nil }.map { ($0.0, $0.1!) }!
    warn(
      "item.statement.\(name)", item.path, item.label, "fullStatement",
      "\(reason); the \(name) is used as its statement")
    return (text, name)
  }

  static let misspeltStatement = "fullStatment"

  /// What an item has that this model cannot keep.
  mutating func checkItemFields(_ item: Item, statementFrom source: String) {
    let o = item.json
    for (key, value) in o where CASEFields.hasContent(value) {
      if CASEFields.itemBookkeeping.contains(key) || key == source || Self.isIdentifierAlias(key, of: o) { continue }
      if key == "extensions" {
        checkExtensions(value, at: item.path, item.label, kindPrefix: "item")
        continue
      }
      if CASEFields.itemMapped.contains(key) {
        if key == "language", let tag = value.stringValue, LanguageTag.key(tag) != primary {
          warn(
            "item.language", item.path, item.label, "language",
            "\"\(tag)\" is not the framework's language; its statement is kept as \(primary)")
        } else if ["notes", "CFItemType", "language", "humanCodingScheme"].contains(key) && value.stringValue == nil
          && !(key == "humanCodingScheme" && value.numberValue != nil)
        {
          warn("item.\(key).type", item.path, item.label, key, "expected text, found \(value.kindName); left out")
        }
        continue
      }
      if CASEFields.itemUnmapped.contains(key) {
        warn("item.unmapped.\(key)", item.path, item.label, key, "not kept (this model has no field for it)")
      } else {
        warn("item.unknown.\(key)", item.path, item.label, key, "not a CASE field; left out")
      }
    }
  }

  mutating func checkExtensions(_ value: JSONValue, at path: String, _ label: String, kindPrefix: String) {
    guard let o = value.objectValue else {
      warn(
        "\(kindPrefix).extensions", path, label, "extensions", "expected an object, found \(value.kindName); left out")
      return
    }
    for (key, v) in o where key != "cpd" && CASEFields.hasContent(v) {
      warn(
        "\(kindPrefix).extension.\(key)", path, label, "extensions.\(key)",
        "an extension this tool does not read; left out")
    }
  }

  mutating func checkDocumentFields(_ document: JSONObject, ext: JSONObject?) {
    let label = docLabel
    for (key, value) in document where CASEFields.hasContent(value) {
      if CASEFields.documentBookkeeping.contains(key) || Self.isIdentifierAlias(key, of: document) { continue }
      switch key {
      case "extensions":
        checkExtensions(value, at: "CFDocument", label, kindPrefix: "document")
      case "creator":
        if let publisher = Self.text(document["publisher"]), let creator = value.stringValue, creator != publisher {
          warn(
            "document.creator", "CFDocument", label, "creator",
            "not kept: the framework has one publisher (\(publisher))")
        }
      case "description", "title", "publisher", "version", "language", "identifier":
        if value.stringValue == nil && !(key == "version" && value.numberValue != nil) && key != "identifier"
          && key != "language"
        {
          warn("document.\(key).type", "CFDocument", label, key, "expected text, found \(value.kindName); left out")
        }
      case "adoptionStatus" where value.stringValue == "Draft":
        continue  // what an export says of every framework
      default:
        if CASEFields.documentUnmapped.contains(key) {
          warn("document.unmapped.\(key)", "CFDocument", label, key, "not kept (this model has no field for it)")
        } else {
          warn("document.unknown.\(key)", "CFDocument", label, key, "not a CASE field; left out")
        }
      }
    }
  }

  mutating func checkAssociationFields(_ object: JSONObject, at path: String, _ label: String, hierarchy: Bool) {
    for (key, value) in object where CASEFields.hasContent(value) {
      if CASEFields.associationBookkeeping.contains(key) || Self.isIdentifierAlias(key, of: object) { continue }
      if key == "extensions" {
        checkExtensions(value, at: path, label, kindPrefix: "association")
      } else if key == "sequenceNumber" {
        if !hierarchy { warn("association.sequence", path, label, key, "not kept: only the hierarchy is ordered") }
      } else if CASEFields.associationUnmapped.contains(key) {
        warn("association.unmapped.\(key)", path, label, key, "not kept (this model has no field for it)")
      } else if !CASEFields.associationMapped.contains(key) {
        warn("association.unknown.\(key)", path, label, key, "not a CASE field; left out")
      }
    }
  }

  /// CFDefinitions, CFRubrics and anything else beside the document, items and associations.
  mutating func checkPackageFields(_ package: JSONObject) {
    for (key, value) in package where CASEFields.hasContent(value) {
      switch key {
      case "CFDocument", "CFItems", "CFAssociations": continue
      case "CFDefinitions":
        guard let o = value.objectValue else {
          warn(
            "definitions.type", "CFDefinitions", "(the package)", key,
            "expected an object, found \(value.kindName); left out")
          continue
        }
        for (list, entries) in o where CASEFields.hasContent(entries) {
          guard let what = CASEFields.definitions.first(where: { $0.key == list })?.what else {
            warn("definitions.unknown.\(list)", "CFDefinitions", "(the package)", list, "not kept")
            continue
          }
          for (j, entry) in (entries.arrayValue ?? [entries]).enumerated() where CASEFields.hasContent(entry) {
            let title = entry["title"]?.stringValue
            let identifier = entry.objectValue.flatMap(Self.identifierField)?.text
            warn(
              "definitions.\(list)", "CFDefinitions.\(list)[\(j)]", Self.label(code: title, identifier: identifier),
              list,
              "\(what) are not kept (this model has no CASE definitions)")
          }
        }
      case "CFRubrics":
        for (j, entry) in (value.arrayValue ?? [value]).enumerated() where CASEFields.hasContent(entry) {
          let title = entry["title"]?.stringValue
          let identifier = entry.objectValue.flatMap(Self.identifierField)?.text
          warn(
            "rubrics", "CFRubrics[\(j)]", Self.label(code: title, identifier: identifier), "CFRubrics",
            "rubrics are not kept (this model has no field for them)")
        }
      case "extensions":
        warn(
          "package.extensions", "extensions", "(the package)", "extensions",
          "an extension this tool does not read; left out")
      default:
        warn("package.unknown.\(key)", key, "(the package)", key, "not a CASE field; left out")
      }
    }
  }

  // MARK: - Duplicate keys

  /// The object with each key once (the first, as every reader here takes it), and the paths of
  /// the keys that were given again, anywhere inside.
  static func deduplicated(_ object: JSONObject) -> (JSONObject, [String]) {
    var duplicates: [String] = []
    let value = deduplicated(.object(object), at: "", &duplicates)
    return (value.objectValue!, duplicates)
  }

  static func deduplicated(_ value: JSONValue, at path: String, _ duplicates: inout [String]) -> JSONValue {
    switch value {
    case .object(let o):
      var seen: Set<String> = []
      var entries: [(key: String, value: JSONValue)] = []
      for (key, v) in o {
        let here = JSONFieldReader.join(path, key)
        if !seen.insert(key).inserted {
          duplicates.append(here)
          continue
        }
        entries.append((key, deduplicated(v, at: here, &duplicates)))
      }
      return .object(JSONObject(entries))
    case .array(let a):
      return .array(
        a.enumerated().map { deduplicated($0.element, at: JSONFieldReader.join(path, $0.offset), &duplicates) })
    default:
      return value
    }
  }

  // MARK: - Texts, sources, rationales, standards

  /// Text by language from our own extension, with something in it.
  static func localized(_ value: JSONValue?, languages: [String]) -> LocalizedText? {
    let values = texts(value)
    return values.isEmpty ? nil : filled(LocalizedText(values), languages)
  }

  /// The texts by language of one of our extension's fields, leaving out empty ones.
  static func texts(_ value: JSONValue?) -> [String: String] {
    var values: [String: String] = [:]
    for (k, v) in value?.objectValue ?? JSONObject() { if let s = text(v), values[k] == nil { values[k] = s } }
    return values
  }

  /// The statement in the primary language, with the translations beside it; the statement
  /// stands for any language that has none.
  static func merged(_ translations: [String: String], primary: String, _ statement: String, _ languages: [String])
    -> LocalizedText
  {
    var t = LocalizedText(translations)
    t.values[primary] = statement
    return filled(t, languages)
  }

  /// Every framework language needs text; an import has one statement, so it stands for all.
  static func filled(_ t: LocalizedText, _ languages: [String]) -> LocalizedText {
    var t = t
    let fallback = t.text(languages[0])
    for l in languages where t.values[l] == nil { t.values[l] = fallback }
    return t
  }

  /// The sources from the document's extension that are whole, each id once.
  func readSources(_ ext: JSONObject?) -> [Source] {
    var result: [Source] = []
    for value in ext?["sources"]?.arrayValue ?? [] {
      guard let o = value.objectValue, let id = Self.text(o["id"]), FrameworkLoader.isValidID(id),
        !result.contains(where: { $0.id == id }), let title = Self.text(o["title"]),
        let country = o["country"]?.stringValue.flatMap(SourceCountry.init(rawValue:))
      else { continue }
      result.append(Source(id: id, title: title, country: country, file: o["file"]?.stringValue))
    }
    return result
  }

  /// A sourced rationale from an item's extension; nil unless its text, a known source and that
  /// source's country are all there.
  mutating func rationale(_ item: Item, _ value: JSONValue?, countries: [String: SourceCountry]) -> Rationale? {
    guard let value, value != .null else { return nil }
    guard let o = value.objectValue, let source = Self.text(o["source"]), let known = countries[source],
      let country = o["country"]?.stringValue.flatMap(SourceCountry.init(rawValue:)), country == known,
      let text = Self.localized(o["text"], languages: languages)
    else {
      warn(
        "item.rationale", item.path, item.label, "extensions.cpd.rationale",
        "not a sourced rationale (its text, a source the document lists or that source's country is missing); "
          + "the item's notes are kept instead")
      return nil
    }
    return Rationale(text: text, source: source, country: country)
  }

  func standardFrom(_ value: JSONValue?, node: Node) -> Standard {
    if let o = value?.objectValue, let id = Self.text(o["id"]), FrameworkLoader.isValidID(id),
      let title = Self.text(o["title"])
    {
      return Standard(
        id: id, code: Self.text(o["code"]), title: title, body: Self.text(o["body"]), suite: Self.text(o["suite"]),
        source: Self.text(o["source"]), uri: Self.text(o["uri"]) ?? node.uri, caseIdentifier: node.identifier)
    }
    let title = node.title.flatMap { Self.text(.string($0)) } ?? node.identifier
    return Standard(
      id: slug(title) ?? slug("external \(node.identifier.prefix(40))") ?? "external-standard", code: nil, title: title,
      body: nil, suite: nil, source: node.uri, uri: node.uri, caseIdentifier: node.identifier)
  }
}
