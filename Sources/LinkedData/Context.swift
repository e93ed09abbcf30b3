import JSON

/// The JSON-LD context documents a processor may use, by URL. Nothing is fetched: a context
/// that is not here is an error ("loading remote context failed").
public struct ContextDocuments: Sendable {
  public private(set) var documents: [String: JSONValue]

  public init(_ documents: [String: JSONValue] = [:]) {
    self.documents = documents
  }

  public func document(_ url: String) -> JSONValue? { documents[url] }

  public func adding(_ url: String, _ document: JSONValue) -> ContextDocuments {
    var copy = self
    copy.documents[url] = document
    return copy
  }
}

/// A value that a context can leave unset, set to null, or set.
enum Setting: Sendable, Equatable {
  case unset
  case null
  case value(String)

  var string: String? {
    if case .value(let s) = self { return s }
    return nil
  }
}

/// A term definition (JSON-LD 1.1 API §4.1.1).
struct TermDefinition: Sendable, Equatable {
  /// Nil: the term is explicitly mapped to null, so it expands to nothing.
  var iri: String?
  var prefix = false
  var protected = false
  var reverse = false
  var baseURL: String?
  /// A property- or type-scoped context, kept unprocessed.
  var localContext: JSONValue?
  var container: [String] = []
  var direction: Setting = .unset
  var index: String?
  var language: Setting = .unset
  var nest: String?
  var typeMapping: String?

  /// Equal in everything but `protected` (the test for redefining a protected term).
  func sameDefinition(as other: TermDefinition) -> Bool {
    var a = self
    var b = other
    a.protected = false
    b.protected = false
    a.baseURL = nil
    b.baseURL = nil
    return a == b
  }

  func hasContainer(_ keyword: String) -> Bool { container.contains(keyword) }
}

final class ContextBox: Sendable {
  let context: ActiveContext
  init(_ context: ActiveContext) { self.context = context }
}

/// The active context (JSON-LD 1.1 API §4.1).
struct ActiveContext: Sendable {
  var terms: [String: TermDefinition] = [:]
  var baseIRI: String?
  var originalBaseURL: String?
  var vocab: String?
  var defaultLanguage: String?
  var defaultDirection: String?
  /// The context to return to when a non-propagated (type-scoped) context stops applying.
  var previous: ContextBox?

  init(base: String?) {
    baseIRI = base
    originalBaseURL = base
  }
}

/// Which terms are being defined while a local context is processed (true: done, false: in progress).
final class DefinedTerms {
  var map: [String: Bool] = [:]
}

enum Keywords {
  static let all: Set<String> = [
    "@base", "@container", "@context", "@direction", "@graph", "@id", "@import", "@included", "@index", "@json",
    "@language", "@list", "@nest", "@none", "@prefix", "@propagate", "@protected", "@reverse", "@set", "@type",
    "@value", "@version", "@vocab",
  ]

  static func isKeyword(_ s: String) -> Bool { all.contains(s) }

  /// `@` followed by letters only: reserved for future keywords, ignored with a warning.
  static func hasKeywordForm(_ s: String) -> Bool {
    let u = Array(s.utf8)
    guard u.count > 1, u[0] == UInt8(ascii: "@") else { return false }
    return u.dropFirst().allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) }
  }

  static let genDelims: Set<Character> = [":", "/", "?", "#", "[", "]", "@"]
}

/// Runs the JSON-LD 1.1 algorithms over one document: context processing, expansion, node maps
/// and conversion to RDF. Warnings and what was dropped are collected for the caller.
final class JSONLDProcessor {
  let documents: ContextDocuments
  let maximumRemoteContexts = 32
  /// Things the document says that expansion or RDF conversion dropped, with where they were.
  var dropped: [String] = []
  var blankNodes = BlankNodeIssuer(prefix: "b")

  init(documents: ContextDocuments) {
    self.documents = documents
  }

  // MARK: Context processing (§4.1.2)

  func processContext(
    _ active: ActiveContext, _ local: JSONValue, baseURL: String?, remoteContexts: [String] = [],
    overrideProtected: Bool = false, propagate propagateIn: Bool = true, validateScoped: Bool = true
  ) throws(LinkedDataError) -> ActiveContext {
    var result = active
    var propagate = propagateIn
    if case .object(let map) = local, let p = map["@propagate"] {
      guard case .bool(let b) = p else { throw LinkedDataError("invalid @propagate value", "\(p)") }
      propagate = b
    }
    if !propagate && result.previous == nil { result.previous = ContextBox(active) }
    let contexts: [JSONValue] = local.arrayValue ?? [local]
    for context in contexts {
      switch context {
      case .null:
        if !overrideProtected && result.terms.values.contains(where: \.protected) {
          throw LinkedDataError("invalid context nullification", "a null context would remove protected terms")
        }
        let previous = result
        result = ActiveContext(base: active.originalBaseURL)
        if !propagate { result.previous = ContextBox(previous) }
        continue
      case .string(let reference):
        let url = IRI.resolve(reference, against: baseURL)
        if !validateScoped && remoteContexts.contains(url) { continue }
        guard remoteContexts.count < maximumRemoteContexts else {
          throw LinkedDataError("context overflow", "more than \(maximumRemoteContexts) nested remote contexts")
        }
        guard let document = documents.document(url) else {
          throw LinkedDataError("loading remote context failed", "\(url) is not one of the contexts this program carries")
        }
        guard let loaded = document["@context"] else {
          throw LinkedDataError("invalid remote context", "\(url) has no top-level @context")
        }
        result = try processContext(
          result, loaded, baseURL: url, remoteContexts: remoteContexts + [url], validateScoped: validateScoped)
        continue
      case .object(var map):
        if let version = map["@version"] {
          guard version == .number(1.1) else { throw LinkedDataError("invalid @version value", "\(version)") }
        }
        if let imported = map["@import"] {
          guard case .string(let reference) = imported else {
            throw LinkedDataError("invalid @import value", "@import must be a string")
          }
          let url = IRI.resolve(reference, against: baseURL)
          guard let document = documents.document(url) else {
            throw LinkedDataError("loading remote context failed", "\(url) is not one of the contexts this program carries")
          }
          guard case .object(let importContext)? = document["@context"] else {
            throw LinkedDataError("invalid remote context", "\(url) has no @context map")
          }
          guard importContext["@import"] == nil else {
            throw LinkedDataError("invalid context entry", "\(url) imports another context")
          }
          var merged = importContext
          for (key, value) in map where key != "@import" { merged[key] = value }
          map = merged
        }
        if let base = map["@base"], remoteContexts.isEmpty {
          switch base {
          case .null: result.baseIRI = nil
          case .string(let s):
            if IRI.hasScheme(s) {
              result.baseIRI = s
            } else if let current = result.baseIRI {
              result.baseIRI = IRI.resolve(s, against: current)
            } else {
              throw LinkedDataError("invalid base IRI", "relative @base \(s) with no base")
            }
          default: throw LinkedDataError("invalid base IRI", "@base must be a string or null")
          }
        }
        if let vocab = map["@vocab"] {
          switch vocab {
          case .null: result.vocab = nil
          case .string(let s):
            guard let expanded = try expandIRI(s, &result, documentRelative: true, vocab: true) else {
              throw LinkedDataError("invalid vocab mapping", s)
            }
            guard IRI.hasScheme(expanded) || IRI.isBlankNode(expanded) else {
              throw LinkedDataError("invalid vocab mapping", s)
            }
            result.vocab = expanded
          default: throw LinkedDataError("invalid vocab mapping", "@vocab must be a string or null")
          }
        }
        if let language = map["@language"] {
          switch language {
          case .null: result.defaultLanguage = nil
          case .string(let s): result.defaultLanguage = s.lowercased()
          default: throw LinkedDataError("invalid default language", "\(language)")
          }
        }
        if let direction = map["@direction"] {
          switch direction {
          case .null: result.defaultDirection = nil
          case .string(let s) where s == "ltr" || s == "rtl": result.defaultDirection = s
          default: throw LinkedDataError("invalid base direction", "\(direction)")
          }
        }
        var protected = false
        if let p = map["@protected"] {
          guard case .bool(let b) = p else { throw LinkedDataError("invalid @protected value", "\(p)") }
          protected = b
        }
        let defined = DefinedTerms()
        let reserved: Set<String> = [
          "@base", "@direction", "@import", "@language", "@propagate", "@protected", "@version", "@vocab",
        ]
        for key in map.keys where !reserved.contains(key) {
          try createTermDefinition(
            &result, local: map, term: key, defined: defined, baseURL: baseURL, protected: protected,
            overrideProtected: overrideProtected, remoteContexts: remoteContexts, validateScoped: validateScoped)
        }
      default:
        throw LinkedDataError("invalid local context", "a context must be null, a string or a map")
      }
    }
    return result
  }

  // MARK: Create term definition (§4.2.2)

  func createTermDefinition(
    _ active: inout ActiveContext, local: JSONObject, term: String, defined: DefinedTerms, baseURL: String?,
    protected: Bool, overrideProtected: Bool, remoteContexts: [String], validateScoped: Bool
  ) throws(LinkedDataError) {
    if let state = defined.map[term] {
      if state { return }
      throw LinkedDataError("cyclic IRI mapping", term)
    }
    guard !term.isEmpty else { throw LinkedDataError("invalid term definition", "an empty term") }
    defined.map[term] = false
    var value = local[term] ?? .null
    if term == "@type" {
      guard case .object(let m) = value, !m.isEmpty,
        m.keys.allSatisfy({ $0 == "@container" || $0 == "@protected" }),
        m["@container"].map({ $0 == "@set" }) ?? true
      else { throw LinkedDataError("keyword redefinition", "@type may only be given @container @set") }
    } else if Keywords.isKeyword(term) {
      throw LinkedDataError("keyword redefinition", term)
    } else if Keywords.hasKeywordForm(term) {
      defined.map[term] = true
      return
    }
    let previous = active.terms.removeValue(forKey: term)
    var simpleTerm = false
    switch value {
    case .null: value = ["@id": .null]
    case .string(let s):
      value = ["@id": .string(s)]
      simpleTerm = true
    case .object: break
    default: throw LinkedDataError("invalid term definition", "\(term) must be null, a string or a map")
    }
    guard case .object(let map) = value else { return }
    var definition = TermDefinition()
    if let p = map["@protected"] {
      guard case .bool(let b) = p else { throw LinkedDataError("invalid @protected value", term) }
      definition.protected = b
    } else {
      definition.protected = protected
    }
    if let t = map["@type"] {
      guard case .string(let type) = t else { throw LinkedDataError("invalid type mapping", term) }
      guard let expanded = try expandIRI(type, &active, vocab: true, local: local, defined: defined) else {
        throw LinkedDataError("invalid type mapping", term)
      }
      guard ["@id", "@json", "@none", "@vocab"].contains(expanded) || IRI.hasScheme(expanded) else {
        throw LinkedDataError("invalid type mapping", "\(term): \(type)")
      }
      definition.typeMapping = expanded
    }
    if let r = map["@reverse"] {
      guard map["@id"] == nil, map["@nest"] == nil else { throw LinkedDataError("invalid reverse property", term) }
      guard case .string(let reverse) = r else { throw LinkedDataError("invalid IRI mapping", term) }
      if Keywords.hasKeywordForm(reverse) {
        defined.map[term] = true
        return
      }
      guard let expanded = try expandIRI(reverse, &active, vocab: true, local: local, defined: defined),
        IRI.hasScheme(expanded) || IRI.isBlankNode(expanded)
      else { throw LinkedDataError("invalid IRI mapping", term) }
      definition.iri = expanded
      if let c = map["@container"] {
        guard c == .null || c == "@set" || c == "@index" else { throw LinkedDataError("invalid reverse property", term) }
        if case .string(let s) = c { definition.container = [s] }
      }
      definition.reverse = true
      active.terms[term] = definition
      defined.map[term] = true
      return
    }
    if let idValue = map["@id"], idValue != .string(term) {
      switch idValue {
      case .null: definition.iri = nil
      case .string(let id):
        if !Keywords.isKeyword(id) && Keywords.hasKeywordForm(id) {
          defined.map[term] = true
          return
        }
        guard let expanded = try expandIRI(id, &active, vocab: true, local: local, defined: defined),
          Keywords.isKeyword(expanded) || IRI.hasScheme(expanded) || IRI.isBlankNode(expanded)
        else { throw LinkedDataError("invalid IRI mapping", "\(term): \(id)") }
        guard expanded != "@context" else { throw LinkedDataError("invalid keyword alias", term) }
        definition.iri = expanded
        let colon = term.dropFirst().dropLast().contains(":")
        if colon || term.contains("/") {
          defined.map[term] = true
          let own = try expandIRI(term, &active, vocab: true, local: local, defined: defined)
          guard own == expanded else { throw LinkedDataError("invalid IRI mapping", "\(term) expands to another IRI") }
        }
        if !term.contains(":") && !term.contains("/") && simpleTerm,
          let last = expanded.last, Keywords.genDelims.contains(last) || IRI.isBlankNode(expanded)
        {
          definition.prefix = true
        }
      default: throw LinkedDataError("invalid IRI mapping", "\(term): @id must be a string or null")
      }
    } else if let colon = term.dropFirst().firstIndex(of: ":") {
      let prefix = String(term[..<colon])
      let suffix = String(term[term.index(after: colon)...])
      if local[prefix] != nil {
        try createTermDefinition(
          &active, local: local, term: prefix, defined: defined, baseURL: baseURL, protected: protected,
          overrideProtected: overrideProtected, remoteContexts: remoteContexts, validateScoped: validateScoped)
      }
      if let prefixDefinition = active.terms[prefix], let iri = prefixDefinition.iri {
        definition.iri = iri + suffix
      } else {
        definition.iri = term
      }
    } else if term.contains("/") {
      guard let expanded = try expandIRI(term, &active, vocab: true), IRI.hasScheme(expanded) else {
        throw LinkedDataError("invalid IRI mapping", term)
      }
      definition.iri = expanded
    } else if term == "@type" {
      definition.iri = "@type"
    } else if let vocab = active.vocab {
      definition.iri = vocab + term
    } else {
      throw LinkedDataError("invalid IRI mapping", "\(term) has no IRI and there is no @vocab")
    }
    if let c = map["@container"] {
      let values: [JSONValue] = c.arrayValue ?? [c]
      var container: [String] = []
      for v in values {
        guard case .string(let s) = v else { throw LinkedDataError("invalid container mapping", term) }
        container.append(s)
      }
      try validateContainer(container, term: term)
      definition.container = Array(Set(container)).sorted()
      if container.contains("@type") {
        if definition.typeMapping == nil { definition.typeMapping = "@id" }
        guard definition.typeMapping == "@id" || definition.typeMapping == "@vocab" else {
          throw LinkedDataError("invalid type mapping", "\(term): a @type container needs @id or @vocab")
        }
      }
    }
    if let i = map["@index"] {
      guard definition.hasContainer("@index"), case .string(let index) = i else {
        throw LinkedDataError("invalid term definition", "\(term): @index without an @index container")
      }
      guard let expanded = try expandIRI(index, &active, vocab: true), IRI.hasScheme(expanded) else {
        throw LinkedDataError("invalid term definition", "\(term): @index \(index)")
      }
      definition.index = index
    }
    if let scoped = map["@context"] {
      do {
        _ = try processContext(
          active, scoped, baseURL: baseURL, remoteContexts: remoteContexts, overrideProtected: true, validateScoped: false)
      } catch {
        throw LinkedDataError("invalid scoped context", "\(term): \(error)")
      }
      definition.localContext = scoped
      definition.baseURL = baseURL
    }
    if map["@type"] == nil, let l = map["@language"] {
      switch l {
      case .null: definition.language = .null
      case .string(let s): definition.language = .value(s.lowercased())
      default: throw LinkedDataError("invalid language mapping", term)
      }
    }
    if map["@type"] == nil, let d = map["@direction"] {
      switch d {
      case .null: definition.direction = .null
      case .string(let s) where s == "ltr" || s == "rtl": definition.direction = .value(s)
      default: throw LinkedDataError("invalid base direction", term)
      }
    }
    if let n = map["@nest"] {
      guard case .string(let nest) = n, nest == "@nest" || !Keywords.isKeyword(nest) else {
        throw LinkedDataError("invalid @nest value", term)
      }
      definition.nest = nest
    }
    if let p = map["@prefix"] {
      guard !term.contains(":"), !term.contains("/") else { throw LinkedDataError("invalid term definition", term) }
      guard case .bool(let b) = p else { throw LinkedDataError("invalid @prefix value", term) }
      definition.prefix = b
      if b, let iri = definition.iri, Keywords.isKeyword(iri) { throw LinkedDataError("invalid term definition", term) }
    }
    let allowed: Set<String> = [
      "@id", "@reverse", "@container", "@context", "@direction", "@index", "@language", "@nest", "@prefix",
      "@protected", "@type",
    ]
    if let unknown = map.keys.first(where: { !allowed.contains($0) }) {
      throw LinkedDataError("invalid term definition", "\(term): \(unknown)")
    }
    if !overrideProtected, let previous, previous.protected {
      guard previous.sameDefinition(as: definition) else {
        throw LinkedDataError("protected term redefinition", term)
      }
      definition = previous
    }
    active.terms[term] = definition
    defined.map[term] = true
  }

  func validateContainer(_ container: [String], term: String) throws(LinkedDataError) {
    let set = Set(container)
    let known: Set<String> = ["@graph", "@id", "@index", "@language", "@list", "@set", "@type"]
    var ok = set.isSubset(of: known) && !set.isEmpty
    if set.contains("@list") { ok = ok && set.count == 1 }
    if set.contains("@graph") { ok = ok && set.isSubset(of: ["@graph", "@id", "@index", "@set"]) }
    if set.contains("@id") && set.contains("@index") { ok = false }
    let exclusive: Set<String> = ["@id", "@index", "@language", "@type"]
    if set.intersection(exclusive).count > 1 { ok = false }
    if !set.contains("@graph") && set.count > 1 { ok = ok && set.contains("@set") && set.count == 2 }
    guard ok else { throw LinkedDataError("invalid container mapping", "\(term): \(container)") }
  }

  // MARK: IRI expansion (§5.2)

  func expandIRI(
    _ value: String, _ active: inout ActiveContext, documentRelative: Bool = false, vocab: Bool = false,
    local: JSONObject? = nil, defined: DefinedTerms? = nil
  ) throws(LinkedDataError) -> String? {
    if Keywords.isKeyword(value) { return value }
    if Keywords.hasKeywordForm(value) { return nil }
    if let local, let defined, local[value] != nil, defined.map[value] != true {
      try createTermDefinition(
        &active, local: local, term: value, defined: defined, baseURL: nil, protected: local["@protected"] == .bool(true),
        overrideProtected: false, remoteContexts: [], validateScoped: true)
    }
    if let definition = active.terms[value] {
      if let iri = definition.iri, Keywords.isKeyword(iri) { return iri }
      if vocab { return definition.iri }
    }
    if let colon = value.dropFirst().firstIndex(of: ":") {
      let prefix = String(value[..<colon])
      let suffix = String(value[value.index(after: colon)...])
      if prefix == "_" || suffix.hasPrefix("//") { return value }
      if let local, let defined, local[prefix] != nil, defined.map[prefix] != true {
        try createTermDefinition(
          &active, local: local, term: prefix, defined: defined, baseURL: nil,
          protected: local["@protected"] == .bool(true), overrideProtected: false, remoteContexts: [], validateScoped: true)
      }
      if let definition = active.terms[prefix], let iri = definition.iri, definition.prefix {
        return iri + suffix
      }
      if IRI.hasScheme(value) { return value }
    }
    if vocab, let v = active.vocab { return v + value }
    if documentRelative { return IRI.resolve(value, against: active.baseIRI) }
    return value
  }

  /// IRI expansion outside context processing, which never defines terms.
  func expandIRI(_ value: String, in active: ActiveContext, documentRelative: Bool = false, vocab: Bool = false) -> String? {
    var copy = active
    return (try? expandIRI(value, &copy, documentRelative: documentRelative, vocab: vocab)) ?? nil
  }
}

/// Issues blank node identifiers, remembering which old identifier got which new one.
struct BlankNodeIssuer {
  let prefix: String
  private(set) var counter = 0
  private(set) var issued: [String: String] = [:]
  /// Old identifiers in the order they were issued new ones.
  private(set) var order: [String] = []

  init(prefix: String) { self.prefix = prefix }

  func identifier(for old: String) -> String? { issued[old] }

  mutating func issue(_ old: String?) -> String {
    if let old, let existing = issued[old] { return existing }
    let new = prefix + String(counter)
    counter += 1
    if let old {
      issued[old] = new
      order.append(old)
    }
    return new
  }
}
