import JSON

/// Association ends: what a node names, and which element of the package that is.
extension CASEImporter {
  /// The identifier, title and uri an association end gives; nil when it names nothing.
  func node(_ value: JSONValue?) -> Node? {
    switch value {
    case .object(let o)?:
      let uri = Self.text(o["uri"])
      let title = o["title"]?.stringValue
      if let (identifier, _, _) = Self.identifierField(o) {
        return Node(identifier: identifier, title: title, uri: uri)
      }
      if let uri, let last = Self.lastComponent(uri) { return Node(identifier: last, title: title, uri: uri) }
      return nil
    case .string(let s)?:
      let text = String(s.trimmingWhitespace())
      if text.isEmpty { return nil }
      return Node(identifier: text, title: nil, uri: text.contains("://") ? text : nil)
    default:
      return nil
    }
  }

  mutating func checkNodeForm(_ value: JSONValue?, at path: String, _ label: String, _ field: String) {
    switch value {
    case .string?:
      warn(
        "node.bare", path, label, field,
        "a bare string, not a {title, identifier, uri} object; read as the node's identifier")
    case .object(let o)? where Self.identifierField(o) == nil:
      warn("node.noIdentifier", path, label, field, "no identifier; taken from the end of its uri")
    case .object(let o)? where o["identifier"]?.numberValue != nil:
      warn("node.number", path, label, "\(field).identifier", "a number; read as text")
    default: break
    }
  }

  /// Which element of the package a node names: by identifier (any case), by uri, or by the end of
  /// its uri (a bare string or uri may carry the identifier last).
  func resolve(_ n: Node) -> Target {
    let key = n.identifier.lowercased()
    if key == docKey { return .document }
    if let i = byKey[key] { return .item(i) }
    if let uri = n.uri?.lowercased() {
      if let i = byURI[uri] { return .item(i) }
      if let docURI, uri == docURI.lowercased() { return .document }
    }
    for text in [n.identifier, n.uri].compactMap({ $0 }) where text.contains("/") {
      guard let last = Self.lastComponent(text)?.lowercased() else { continue }
      if last == docKey { return .document }
      if let i = byKey[last] { return .item(i) }
    }
    return .unknown
  }

  /// A node is taken to be of this package when nothing says otherwise: it has no uri, or its
  /// uri has the package's own `.../CFItems/<id>` form next to the document's `.../CFDocuments/`.
  func isSamePackage(_ node: Node) -> Bool {
    guard let uri = node.uri else { return true }
    guard let docURI, let range = docURI.range(of: "CFDocuments/") else { return false }
    return uri.hasPrefix(docURI[..<range.lowerBound] + "CFItems/")
  }

  static func lastComponent(_ uri: String) -> String? {
    uri.split(separator: "/").last.map(String.init).flatMap { $0.isEmpty ? nil : $0 }
  }

  /// An association by its identifier and the item it starts from.
  func associationLabel(_ object: JSONObject, origin: Node?) -> String {
    let own = Self.identifierField(object)?.text
    var from: String? = origin?.identifier
    if let origin, case .item(let i) = resolve(origin) { from = items[i].label }
    switch (own, from) {
    case (let own?, let from?): return "\(own) from \(from)"
    case (let own?, nil): return own
    case (nil, let from?): return "from \(from)"
    case (nil, nil): return "(no identifier)"
    }
  }

  static func label(code: String?, identifier: String?) -> String {
    switch (code, identifier) {
    case (let code?, let identifier?): "\(code) (\(identifier))"
    case (nil, let identifier?): identifier
    case (let code?, nil): "\(code) (no identifier)"
    case (nil, nil): "(no identifier)"
    }
  }
}
