import JSON

func arrayify(_ value: JSONValue) -> [JSONValue] { value.arrayValue ?? [value] }

extension JSONValue {
  var isValueObject: Bool { self["@value"] != nil }
  var isListObject: Bool { self["@list"] != nil }
  var isGraphObject: Bool {
    guard case .object(let o) = self, o["@graph"] != nil else { return false }
    return o.keys.allSatisfy { ["@graph", "@id", "@index", "@context"].contains($0) }
  }
  var isNodeObject: Bool {
    guard case .object(let o) = self else { return false }
    return o["@value"] == nil && o["@list"] == nil && o["@set"] == nil
  }
}

extension JSONObject {
  /// Appends `value` (its elements, if it is an array) to the array under `key`.
  mutating func appendValues(_ key: String, _ value: JSONValue) {
    var existing = self[key].map(arrayify) ?? []
    existing.append(contentsOf: arrayify(value))
    self[key] = .array(existing)
  }
}

extension JSONLDProcessor {
  // MARK: Expansion (§5.1.2)

  func expand(
    _ activeIn: ActiveContext, activeProperty: String?, element: JSONValue, baseURL: String?, fromMap: Bool = false,
    path: String
  ) throws(LinkedDataError) -> JSONValue? {
    var active = activeIn
    if case .null = element { return nil }
    let propertyDefinition = activeProperty.flatMap { active.terms[$0] }
    let propertyScoped = propertyDefinition?.localContext

    switch element {
    case .array(let items):
      var result: [JSONValue] = []
      for (i, item) in items.enumerated() {
        guard var expanded = try expand(active, activeProperty: activeProperty, element: item, baseURL: baseURL,
          fromMap: fromMap, path: "\(path)[\(i)]")
        else { continue }
        if propertyDefinition?.hasContainer("@list") == true, case .array(let inner) = expanded {
          expanded = ["@list": .array(inner)]
        }
        if case .array(let inner) = expanded {
          result.append(contentsOf: inner)
        } else {
          result.append(expanded)
        }
      }
      return .array(result)
    case .object:
      break
    default:
      if activeProperty == nil || activeProperty == "@graph" {
        dropped.append("\(path): a value with no property")
        return nil
      }
      if let propertyScoped {
        active = try processContext(active, propertyScoped, baseURL: propertyDefinition?.baseURL, overrideProtected: true)
      }
      return try expandValue(active, activeProperty: activeProperty!, value: element)
    }

    guard case .object(let map) = element else { return nil }
    // A type-scoped context does not reach into new node objects.
    if let previous = active.previous?.context, !fromMap {
      let expandedKeys = map.keys.map { expandIRI($0, in: active, vocab: true) }
      let isValue = expandedKeys.contains("@value")
      let onlyID = expandedKeys.count == 1 && expandedKeys[0] == "@id"
      if !isValue && !onlyID { active = previous }
    }
    if let propertyScoped {
      active = try processContext(active, propertyScoped, baseURL: propertyDefinition?.baseURL, overrideProtected: true)
    }
    if let local = map["@context"] {
      active = try processContext(active, local, baseURL: baseURL)
    }
    let typeScoped = active
    var inputType: String?
    let sortedKeys = map.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    var seenType = false
    for key in sortedKeys where expandIRI(key, in: active, vocab: true) == "@type" {
      let values = arrayify(map[key]!).compactMap(\.stringValue).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
      for term in values {
        if let scoped = typeScoped.terms[term]?.localContext {
          active = try processContext(
            active, scoped, baseURL: typeScoped.terms[term]?.baseURL, propagate: false)
        }
      }
      if !seenType {
        seenType = true
        if let last = arrayify(map[key]!).last?.stringValue {
          inputType = expandIRI(last, in: active, documentRelative: true, vocab: true)
        }
      }
    }

    var result = JSONObject()
    var nests: [String] = []
    try expandEntries(
      map, into: &result, nests: &nests, active: active, typeScoped: typeScoped, activeProperty: activeProperty,
      inputType: inputType, baseURL: baseURL, path: path)
    try expandNests(
      nests, of: map, into: &result, active: active, typeScoped: typeScoped, activeProperty: activeProperty,
      inputType: inputType, baseURL: baseURL, path: path)

    if result["@value"] != nil {
      let allowed: Set<String> = ["@direction", "@index", "@language", "@type", "@value"]
      guard result.keys.allSatisfy({ allowed.contains($0) }) else {
        throw LinkedDataError("invalid value object", path)
      }
      if result["@type"] != nil && (result["@language"] != nil || result["@direction"] != nil) {
        throw LinkedDataError("invalid value object", "\(path): @type with @language or @direction")
      }
      if result["@type"] == "@json" { return .object(result) }
      if result["@value"] == .null { return nil }
      if result["@value"]?.stringValue == nil && result["@language"] != nil {
        throw LinkedDataError("invalid language-tagged value", path)
      }
      if let type = result["@type"] {
        guard case .string(let t) = type, IRI.hasScheme(t) || IRI.isBlankNode(t) else {
          throw LinkedDataError("invalid typed value", path)
        }
      }
      if case .object = result["@value"]! { throw LinkedDataError("invalid value object value", path) }
      if case .array = result["@value"]! { throw LinkedDataError("invalid value object value", path) }
    } else if let type = result["@type"], type.arrayValue == nil {
      result["@type"] = [type]
    } else if result["@set"] != nil || result["@list"] != nil {
      guard result.keys.allSatisfy({ ["@set", "@list", "@index"].contains($0) }) else {
        throw LinkedDataError("invalid set or list object", path)
      }
      if let set = result["@set"] { return set }
    }
    if result.count == 1 && result["@language"] != nil { return nil }
    if activeProperty == nil || activeProperty == "@graph" {
      if result.isEmpty || result["@value"] != nil || result["@list"] != nil {
        if !result.isEmpty { dropped.append("\(path): a free-floating value") }
        return nil
      }
      if result.count == 1 && result["@id"] != nil { return nil }
    }
    return .object(result)
  }

  /// Step 14: the entries of each nesting key's maps go into `result` as if they were `map`'s own.
  private func expandNests(
    _ nests: [String], of map: JSONObject, into result: inout JSONObject, active: ActiveContext,
    typeScoped: ActiveContext, activeProperty: String?, inputType: String?, baseURL: String?, path: String
  ) throws(LinkedDataError) {
    for nestKey in nests.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
      for (i, nested) in arrayify(map[nestKey] ?? .null).enumerated() {
        let here = "\(path).\(nestKey)[\(i)]"
        guard case .object(let nestedMap) = nested,
          !nestedMap.keys.contains(where: { expandIRI($0, in: active, vocab: true) == "@value" })
        else { throw LinkedDataError("invalid @nest value", here) }
        var innerNests: [String] = []
        try expandEntries(
          nestedMap, into: &result, nests: &innerNests, active: active, typeScoped: typeScoped,
          activeProperty: activeProperty, inputType: inputType, baseURL: baseURL, path: here)
        try expandNests(
          innerNests, of: nestedMap, into: &result, active: active, typeScoped: typeScoped,
          activeProperty: activeProperty, inputType: inputType, baseURL: baseURL, path: here)
      }
    }
  }

  /// Steps 13 and 14 of the expansion algorithm: each entry of `map` into `result`.
  private func expandEntries(
    _ map: JSONObject, into result: inout JSONObject, nests: inout [String], active: ActiveContext,
    typeScoped: ActiveContext, activeProperty: String?, inputType: String?, baseURL: String?, path: String
  ) throws(LinkedDataError) {
    for (key, value) in map {
      if key == "@context" { continue }
      let here = path.isEmpty ? key : "\(path).\(key)"
      guard let expandedProperty = expandIRI(key, in: active, vocab: true),
        Keywords.isKeyword(expandedProperty) || expandedProperty.contains(":")
      else {
        dropped.append("\(here): no context defines \"\(key)\"")
        continue
      }
      if Keywords.isKeyword(expandedProperty) {
        if activeProperty == "@reverse" { throw LinkedDataError("invalid reverse property map", here) }
        if result[expandedProperty] != nil && expandedProperty != "@included" && expandedProperty != "@type" {
          throw LinkedDataError("colliding keywords", here)
        }
        var expandedValue: JSONValue?
        switch expandedProperty {
        case "@id":
          guard case .string(let id) = value else { throw LinkedDataError("invalid @id value", here) }
          expandedValue = expandIRI(id, in: active, documentRelative: true).map(JSONValue.string) ?? .null
        case "@type":
          let items: [JSONValue] = value.arrayValue ?? [value]
          var expanded: [JSONValue] = []
          for item in items {
            guard case .string(let t) = item else { throw LinkedDataError("invalid type value", here) }
            guard let iri = expandIRI(t, in: typeScoped, documentRelative: true, vocab: true) else { continue }
            expanded.append(.string(iri))
          }
          var newValue: JSONValue = value.arrayValue == nil && expanded.count == 1 ? expanded[0] : .array(expanded)
          if let existing = result["@type"] { newValue = .array(arrayify(existing) + arrayify(newValue)) }
          result["@type"] = newValue
          continue
        case "@graph":
          let expanded = try expand(active, activeProperty: "@graph", element: value, baseURL: baseURL, path: here)
          expandedValue = .array(expanded.map(arrayify) ?? [])
        case "@included":
          let expanded = try expand(active, activeProperty: nil, element: value, baseURL: baseURL, path: here)
          let items = expanded.map(arrayify) ?? []
          guard items.allSatisfy(\.isNodeObject) else { throw LinkedDataError("invalid @included value", here) }
          if let existing = result["@included"] {
            result["@included"] = .array(arrayify(existing) + items)
            continue
          }
          expandedValue = .array(items)
        case "@value":
          if inputType == "@json" {
            expandedValue = value
          } else {
            switch value {
            case .object, .array: throw LinkedDataError("invalid value object value", here)
            case .null:
              result["@value"] = .null
              continue
            default: expandedValue = value
            }
          }
        case "@language":
          guard case .string(let language) = value else { throw LinkedDataError("invalid language-tagged string", here) }
          expandedValue = .string(language.lowercased())
        case "@direction":
          guard value == "ltr" || value == "rtl" else { throw LinkedDataError("invalid base direction", here) }
          expandedValue = value
        case "@index":
          guard case .string = value else { throw LinkedDataError("invalid @index value", here) }
          expandedValue = value
        case "@list":
          if activeProperty == nil || activeProperty == "@graph" {
            dropped.append("\(here): a free-floating list")
            continue
          }
          let expanded = try expand(active, activeProperty: activeProperty, element: value, baseURL: baseURL, path: here)
          expandedValue = .array(expanded.map(arrayify) ?? [])
        case "@set":
          expandedValue = try expand(active, activeProperty: activeProperty, element: value, baseURL: baseURL, path: here)
        case "@reverse":
          guard case .object = value else { throw LinkedDataError("invalid @reverse value", here) }
          guard case .object(let reversed)? = try expand(
            active, activeProperty: "@reverse", element: value, baseURL: baseURL, path: here)
          else { continue }
          if case .object(let inner)? = reversed["@reverse"] {
            for (property, items) in inner { result.appendValues(property, items) }
          }
          var reverseMap = result["@reverse"]?.objectValue ?? JSONObject()
          for (property, items) in reversed where property != "@reverse" {
            for item in arrayify(items) {
              if item.isValueObject || item.isListObject { throw LinkedDataError("invalid reverse property value", here) }
              reverseMap.appendValues(property, item)
            }
          }
          if !reverseMap.isEmpty { result["@reverse"] = .object(reverseMap) }
          continue
        case "@nest":
          nests.append(key)
          continue
        default:
          continue
        }
        if let expandedValue { result[expandedProperty] = expandedValue }
        continue
      }

      let definition = active.terms[key]
      let container = definition?.container ?? []
      var expandedValue: JSONValue?
      if definition?.typeMapping == "@json" {
        expandedValue = ["@value": value, "@type": "@json"]
      } else if container.contains("@language"), case .object(let languageMap) = value {
        var items: [JSONValue] = []
        var direction = active.defaultDirection
        if let d = definition?.direction {
          switch d {
          case .unset: break
          case .null: direction = nil
          case .value(let v): direction = v
          }
        }
        for language in languageMap.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
          for item in arrayify(languageMap[language]!) {
            if item == .null { continue }
            guard case .string = item else { throw LinkedDataError("invalid language map value", here) }
            var v = JSONObject([("@value", item)])
            let expandedLanguage = expandIRI(language, in: active, vocab: true)
            if language != "@none" && expandedLanguage != "@none" { v["@language"] = .string(language.lowercased()) }
            if let direction { v["@direction"] = .string(direction) }
            items.append(.object(v))
          }
        }
        expandedValue = .array(items)
      } else if container.contains(where: { ["@index", "@type", "@id"].contains($0) }), case .object(let indexMap) = value {
        expandedValue = .array(
          try expandIndexMap(indexMap, key: key, definition: definition!, active: active, baseURL: baseURL, path: here))
      } else {
        expandedValue = try expand(active, activeProperty: key, element: value, baseURL: baseURL, path: here)
      }
      guard var ev = expandedValue else { continue }
      if container.contains("@list") && !ev.isListObject {
        ev = ["@list": .array(arrayify(ev))]
      }
      if container.contains("@graph") && !container.contains("@id") && !container.contains("@index") {
        ev = .array(arrayify(ev).map { ["@graph": .array(arrayify($0))] })
      }
      if definition?.reverse == true {
        var reverseMap = result["@reverse"]?.objectValue ?? JSONObject()
        for item in arrayify(ev) {
          if item.isValueObject || item.isListObject { throw LinkedDataError("invalid reverse property value", here) }
          reverseMap.appendValues(expandedProperty, item)
        }
        result["@reverse"] = .object(reverseMap)
      } else {
        result.appendValues(expandedProperty, ev)
      }
    }
  }

  private func expandIndexMap(
    _ indexMap: JSONObject, key: String, definition: TermDefinition, active: ActiveContext, baseURL: String?, path: String
  ) throws(LinkedDataError) -> [JSONValue] {
    var items: [JSONValue] = []
    let container = definition.container
    let indexKey = definition.index ?? "@index"
    for index in indexMap.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
      var mapContext = active
      if container.contains("@id") || container.contains("@type") { mapContext = active.previous?.context ?? active }
      if container.contains("@type"), let scoped = mapContext.terms[index]?.localContext {
        mapContext = try processContext(mapContext, scoped, baseURL: mapContext.terms[index]?.baseURL)
      } else if !(container.contains("@id") || container.contains("@type")) {
        mapContext = active
      }
      let expandedIndex = expandIRI(index, in: active, vocab: true)
      let expanded = try expand(
        mapContext, activeProperty: key, element: .array(arrayify(indexMap[index]!)), baseURL: baseURL, fromMap: true,
        path: "\(path).\(index)")
      for var item in expanded.map(arrayify) ?? [] {
        if container.contains("@graph") && !item.isGraphObject { item = ["@graph": .array(arrayify(item))] }
        guard case .object(var object) = item else { continue }
        if container.contains("@index") && indexKey != "@index" && expandedIndex != "@none" {
          guard let reExpanded = try expandValue(active, activeProperty: indexKey, value: .string(index)),
            let property = expandIRI(indexKey, in: active, vocab: true)
          else { continue }
          object[property] = .array([reExpanded] + (object[property].map(arrayify) ?? []))
          if object["@value"] != nil && object.count > 1 { throw LinkedDataError("invalid value object", path) }
        } else if container.contains("@index") && object["@index"] == nil && expandedIndex != "@none" {
          object["@index"] = .string(index)
        } else if container.contains("@id") && object["@id"] == nil && expandedIndex != "@none" {
          object["@id"] = expandIRI(index, in: active, documentRelative: true).map(JSONValue.string) ?? .null
        } else if container.contains("@type") && expandedIndex != "@none", let expandedIndex {
          object["@type"] = .array([.string(expandedIndex)] + (object["@type"].map(arrayify) ?? []))
        }
        items.append(.object(object))
      }
    }
    return items
  }

  // MARK: Value expansion (§5.3.2)

  func expandValue(_ active: ActiveContext, activeProperty: String, value: JSONValue) throws(LinkedDataError) -> JSONValue? {
    let definition = active.terms[activeProperty]
    if definition?.typeMapping == "@id", case .string(let s) = value {
      return ["@id": expandIRI(s, in: active, documentRelative: true).map(JSONValue.string) ?? .null]
    }
    if definition?.typeMapping == "@vocab", case .string(let s) = value {
      return ["@id": expandIRI(s, in: active, documentRelative: true, vocab: true).map(JSONValue.string) ?? .null]
    }
    var result = JSONObject([("@value", value)])
    if let type = definition?.typeMapping, type != "@id", type != "@vocab", type != "@none" {
      result["@type"] = .string(type)
    } else if case .string = value {
      var language = active.defaultLanguage
      if let l = definition?.language {
        switch l {
        case .unset: break
        case .null: language = nil
        case .value(let v): language = v
        }
      }
      var direction = active.defaultDirection
      if let d = definition?.direction {
        switch d {
        case .unset: break
        case .null: direction = nil
        case .value(let v): direction = v
        }
      }
      if let language { result["@language"] = .string(language) }
      if let direction { result["@direction"] = .string(direction) }
    }
    return .object(result)
  }
}
