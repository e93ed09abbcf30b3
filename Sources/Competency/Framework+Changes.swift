import JSON

/// What changed between two versions of a framework: items added, removed and changed in each
/// part, with the fields that changed, and a few lines a person can read. A store kept against an
/// older version shows these when it is opened with a newer one.
public struct FrameworkChanges: Sendable, Equatable {
  /// One changed item and the names of its fields that differ.
  public struct Change: Sendable, Equatable {
    public var id: String
    public var fields: [String]

    public init(id: String, fields: [String]) {
      self.id = id
      self.fields = fields
    }
  }

  /// The changes to one part of the framework (its competencies, its modules...).
  public struct Part: Sendable, Equatable {
    public var name: String
    /// Ids in the newer framework's order.
    public var added: [String] = []
    /// Ids in the older framework's order.
    public var removed: [String] = []
    /// In the newer framework's order.
    public var changed: [Change] = []

    public init(name: String, added: [String] = [], removed: [String] = [], changed: [Change] = []) {
      self.name = name
      self.added = added
      self.removed = removed
      self.changed = changed
    }

    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty }
    public var changedIDs: [String] { changed.map(\.id) }
    public func change(_ id: String) -> Change? { changed.first { $0.id == id } }
  }

  public var frameworkID: String
  public var fromVersion: String
  public var toVersion: String
  public var fromFormat: Int
  public var toFormat: Int
  /// framework.json fields (other than the id, version and format) whose values differ.
  public var frameworkFields: [String]
  public var levels: Part
  public var domains: Part
  public var competencies: Part
  public var standards: Part
  /// A role is changed when anything about it differs; `fields` says which (requirements, overlays...).
  public var roles: Part
  public var modules: Part
  public var regions: Part
  public var agencyTypes: Part
  public var agencies: Part
  /// Keyed `id@version`, since a policy keeps its id across versions.
  public var policies: Part
  public var sources: Part

  public var parts: [Part] {
    [levels, domains, competencies, standards, roles, modules, regions, agencyTypes, agencies, policies, sources]
  }

  public var isEmpty: Bool { frameworkFields.isEmpty && parts.allSatisfy(\.isEmpty) && fromFormat == toFormat }

  /// One line for the versions and one per part that changed, for example
  /// `competencies: 3 added (CS-X-01, CS-X-02, CS-X-03), 2 changed (rationale 2, standards 1)`.
  public var summary: [String] {
    var lines = ["\(frameworkID): \(fromVersion) → \(toVersion)" + (fromFormat == toFormat ? "" : " (file format \(fromFormat) → \(toFormat))")]
    if !frameworkFields.isEmpty { lines.append("framework: changed \(frameworkFields.joined(separator: ", "))") }
    for part in parts where !part.isEmpty {
      var pieces: [String] = []
      if !part.added.isEmpty { pieces.append("\(part.added.count) added (\(Self.list(part.added)))") }
      if !part.removed.isEmpty { pieces.append("\(part.removed.count) removed (\(Self.list(part.removed)))") }
      if !part.changed.isEmpty {
        var counts: [String: Int] = [:]
        var order: [String] = []
        for change in part.changed {
          for field in change.fields {
            if counts[field] == nil { order.append(field) }
            counts[field, default: 0] += 1
          }
        }
        let fields = order.sorted { (counts[$0]!, $1) > (counts[$1]!, $0) }.map { "\($0) \(counts[$0]!)" }
        pieces.append("\(part.changed.count) changed (\(fields.joined(separator: ", ")))")
      }
      lines.append("\(part.name): \(pieces.joined(separator: ", "))")
    }
    if lines.count == 1 { lines.append("no changes") }
    return lines
  }

  static func list(_ ids: [String], limit: Int = 8) -> String {
    ids.count <= limit ? ids.joined(separator: ", ") : ids.prefix(limit).joined(separator: ", ") + " and \(ids.count - limit) more"
  }
}

extension Framework {
  /// What changed from `older` to this framework, compared field by field in their JSON form.
  public func changes(from older: Framework) -> FrameworkChanges {
    func part(_ name: String, _ old: [(String, JSONValue)], _ new: [(String, JSONValue)]) -> FrameworkChanges.Part {
      var result = FrameworkChanges.Part(name: name)
      let oldByID = Dictionary(old, uniquingKeysWith: { first, _ in first })
      let newIDs = Set(new.map(\.0))
      for (id, value) in new {
        guard let before = oldByID[id] else {
          result.added.append(id)
          continue
        }
        let fields = Self.differingFields(before, value)
        if !fields.isEmpty { result.changed.append(.init(id: id, fields: fields)) }
      }
      result.removed = old.map(\.0).filter { !newIDs.contains($0) }
      return result
    }
    let ignored: Set<String> = ["id", "version", "format"]
    return FrameworkChanges(
      frameworkID: id, fromVersion: older.version, toVersion: version, fromFormat: older.format, toFormat: format,
      frameworkFields: Self.differingFields(older.headerJSON, headerJSON).filter { !ignored.contains($0) },
      levels: part(
        "levels", older.keyed(older.levels, { String($0.level) }, older.json), keyed(levels, { String($0.level) }, json)),
      domains: part("domains", older.keyed(older.domains, \.id, older.json), keyed(domains, \.id, json)),
      competencies: part(
        "competencies", older.keyed(older.competencies, \.id, older.json), keyed(competencies, \.id, json)),
      standards: part("standards", older.keyed(older.standards, \.id, older.json), keyed(standards, \.id, json)),
      roles: part("roles", older.keyed(older.roles, \.id, older.json), keyed(roles, \.id, json)),
      modules: part("modules", older.keyed(older.modules, \.id, older.json), keyed(modules, \.id, json)),
      regions: part("regions", older.keyed(older.regions, \.id, older.json), keyed(regions, \.id, json)),
      agencyTypes: part("agency types", older.keyed(older.agencyTypes, \.id, older.json), keyed(agencyTypes, \.id, json)),
      agencies: part("agencies", older.keyed(older.agencies, \.id, older.json), keyed(agencies, \.id, json)),
      policies: part(
        "policies", older.keyed(older.policies, { "\($0.id)@\($0.version)" }, older.json),
        keyed(policies, { "\($0.id)@\($0.version)" }, json)),
      sources: part("sources", older.keyed(older.sources, \.id, older.json), keyed(sources, \.id, json)))
  }

  func keyed<T>(_ items: [T], _ id: (T) -> String, _ json: (T) -> JSONValue) -> [(String, JSONValue)] {
    items.map { (id($0), json($0)) }
  }

  /// The keys whose values differ between two objects (present in one only counts), in the
  /// newer object's order, then keys only the older one had.
  static func differingFields(_ old: JSONValue, _ new: JSONValue) -> [String] {
    guard let a = old.objectValue, let b = new.objectValue else { return old == new ? [] : ["value"] }
    var fields = b.keys.filter { a[$0] != b[$0] }
    fields += a.keys.filter { b[$0] == nil }
    return fields
  }
}
