import Foundation
import JSON

/// The JSON form of each framework part, exactly as the loader reads it.
extension LocalizedText {
  public func json(languages: [String] = ["en", "cy"]) -> JSONValue {
    let ordered = languages.filter { values[$0] != nil } + values.keys.filter { !languages.contains($0) }.sorted()
    return .object(JSONObject(ordered.map { (key: $0, value: JSONValue.string(values[$0]!)) }))
  }
}

/// Builds an object, leaving out absent optional fields.
package struct ObjectBuilder {
  package var entries: [(key: String, value: JSONValue)] = []
  package init() {}
  package mutating func set(_ key: String, _ value: JSONValue?) {
    if let value { entries.append((key, value)) }
  }
  package var value: JSONValue { .object(JSONObject(entries)) }
}

extension Framework {
  func text(_ t: LocalizedText?) -> JSONValue? { t?.json(languages: languages) }

  public func json(_ rule: EvidenceRule) -> JSONValue {
    ["level": .int(rule.level), "requires": .strings(rule.requires)]
  }

  public func json(_ level: Level) -> JSONValue {
    var o = ObjectBuilder()
    o.set("level", .int(level.level))
    o.set("id", .string(level.id))
    o.set("title", text(level.title))
    o.set("descriptor", text(level.descriptor))
    if !level.crosswalks.isEmpty {
      o.set("crosswalks", .array(level.crosswalks.map { ["scheme": .string($0.scheme), "equivalent": .string($0.equivalent)] }))
    }
    return o.value
  }

  public func json(_ domain: Domain) -> JSONValue {
    var o = ObjectBuilder()
    o.set("id", .string(domain.id))
    o.set("code", domain.code.map(JSONValue.string))
    o.set("title", text(domain.title))
    o.set("description", text(domain.description))
    o.set("caseIdentifier", domain.caseIdentifier.map(JSONValue.string))
    o.set("caseItemType", domain.caseItemType.map(JSONValue.string))
    return o.value
  }

  public func json(_ c: Competency) -> JSONValue {
    var o = ObjectBuilder()
    o.set("id", .string(c.id))
    o.set("domain", c.domain.map(JSONValue.string))
    o.set("parent", c.parent.map(JSONValue.string))
    o.set("code", c.code.map(JSONValue.string))
    o.set("title", text(c.title))
    o.set("description", text(c.description))
    o.set("rationale", c.rationale.map(json))
    o.set("notes", c.notes.map(JSONValue.string))
    o.set("topics", .strings(c.topics))
    if !c.descriptors.isEmpty {
      o.set(
        "descriptors",
        .object(JSONObject(c.descriptors.keys.sorted().map { (key: String($0), value: text(c.descriptors[$0])!) })))
    }
    o.set(
      "standards",
      .array(c.standards.map { ["standard": .string($0.standard), "relation": .string($0.relation.rawValue)] }))
    if !c.evidence.isEmpty { o.set("evidence", .array(c.evidence.map(json))) }
    o.set("currencyMonths", c.currencyMonths.map(JSONValue.int))
    if !c.associations.isEmpty {
      o.set(
        "associations",
        .array(
          c.associations.map { a in
            var b = ObjectBuilder()
            b.set("relation", .string(a.relation))
            b.set("target", .string(a.target))
            b.set("framework", a.framework.map(JSONValue.string))
            return b.value
          }))
    }
    if !c.crosswalks.isEmpty {
      o.set(
        "crosswalks",
        .array(
          c.crosswalks.map { x in
            var b = ObjectBuilder()
            b.set("scheme", .string(x.scheme))
            b.set("level", .int(x.level))
            b.set("equivalent", .string(x.equivalent))
            b.set("note", text(x.note))
            return b.value
          }))
    }
    if !c.evidenceBase.isEmpty { o.set("evidenceBase", json(c.evidenceBase)) }
    o.set("caseIdentifier", c.caseIdentifier.map(JSONValue.string))
    o.set("caseItemType", c.caseItemType.map(JSONValue.string))
    return o.value
  }

  /// A format-1 rationale (no source) stays the plain sentence it was.
  public func json(_ r: Rationale) -> JSONValue {
    if r.source == nil && r.country == nil && r.text.values.keys.allSatisfy({ $0 == "en" }) { return .string(r.text.en) }
    var o = ObjectBuilder()
    o.set("text", text(r.text))
    o.set("source", r.source.map(JSONValue.string))
    o.set("country", r.country.map { .string($0.rawValue) })
    return o.value
  }

  public func json(_ links: [EvidenceLink]) -> JSONValue {
    .array(links.map { ["name": .string($0.name), "url": .string($0.url)] })
  }

  public func json(_ q: QualityRecord) -> JSONValue {
    var o = ObjectBuilder()
    o.set("status", .string(q.status.rawValue))
    o.set("source", .string(q.source))
    o.set("note", text(q.note))
    o.set("assuredBy", q.assuredBy.map(JSONValue.string))
    o.set("assuredOn", q.assuredOn.map { .string($0.description) })
    o.set("against", q.against.map(JSONValue.string))
    return o.value
  }

  public func json(_ source: Source) -> JSONValue {
    var o = ObjectBuilder()
    o.set("id", .string(source.id))
    o.set("title", .string(source.title))
    o.set("country", .string(source.country.rawValue))
    o.set("file", source.file.map(JSONValue.string))
    return o.value
  }

  public func json(_ scheme: CrosswalkScheme) -> JSONValue {
    var o = ObjectBuilder()
    o.set("id", .string(scheme.id))
    o.set("title", text(scheme.title))
    o.set("source", scheme.source.map(JSONValue.string))
    o.set("groups", .array(scheme.groups.map { ["id": .string($0.id), "title": text($0.title)!] }))
    return o.value
  }

  public func json(_ e: ScopeExclusion) -> JSONValue {
    ["id": .string(e.id), "title": text(e.title)!, "reason": text(e.reason)!, "source": .string(e.source)]
  }

  public func json(_ s: Standard) -> JSONValue {
    var o = ObjectBuilder()
    o.set("id", .string(s.id))
    o.set("code", s.code.map(JSONValue.string))
    o.set("title", .string(s.title))
    o.set("body", s.body.map(JSONValue.string))
    o.set("suite", s.suite.map(JSONValue.string))
    o.set("source", s.source.map(JSONValue.string))
    o.set("uri", s.uri.map(JSONValue.string))
    o.set("caseIdentifier", s.caseIdentifier.map(JSONValue.string))
    return o.value
  }

  public func json(_ r: Requirement) -> JSONValue {
    ["competency": .string(r.competency), "level": .int(r.level), "priority": .string(r.priority.rawValue)]
  }

  public func json(_ role: Role) -> JSONValue {
    var o = ObjectBuilder()
    o.set("id", .string(role.id))
    o.set("title", text(role.title))
    o.set("description", text(role.description))
    o.set("agencyTypes", .strings(role.agencyTypes))
    o.set("requirements", .array(role.requirements.map(json)))
    o.set(
      "overlays",
      .array(role.overlays.map { ["agencyType": .string($0.agencyType), "requirements": .array($0.requirements.map(json))] }))
    if !role.crosswalks.isEmpty {
      o.set(
        "crosswalks",
        .array(
          role.crosswalks.map { x in
            var b = ObjectBuilder()
            b.set("scheme", .string(x.scheme))
            b.set("equivalent", .string(x.equivalent))
            if !x.agencyTypes.isEmpty { b.set("agencyTypes", .strings(x.agencyTypes)) }
            b.set("note", text(x.note))
            return b.value
          }))
    }
    return o.value
  }

  public func json(_ m: Module) -> JSONValue {
    var o = ObjectBuilder()
    o.set("id", .string(m.id))
    o.set("title", text(m.title))
    o.set("description", text(m.description))
    o.set("mode", .string(m.mode.rawValue))
    o.set("hours", .number(m.hours))
    o.set("cpdHours", .number(m.cpdHours))
    o.set("provider", m.provider.map(JSONValue.string))
    o.set("quality", m.quality.map(json))
    o.set("develops", .array(m.develops.map { ["competency": .string($0.competency), "level": .int($0.level)] }))
    o.set("prerequisites", .strings(m.prerequisites))
    o.set("cohort", ["min": .int(m.cohort.min), "max": .int(m.cohort.max)])
    o.set("agencyTypes", .strings(m.agencyTypes))
    o.set("source", m.source.map(JSONValue.string))
    if !m.evidenceBase.isEmpty { o.set("evidenceBase", json(m.evidenceBase)) }
    return o.value
  }

  public func json(_ r: Region) -> JSONValue { ["id": .string(r.id), "title": text(r.title)!] }
  public func json(_ t: AgencyType) -> JSONValue { ["id": .string(t.id), "title": text(t.title)!] }
  public func json(_ a: Agency) -> JSONValue {
    [
      "id": .string(a.id), "name": text(a.name)!, "type": .string(a.type), "regions": .strings(a.regions),
      "homeRegion": .string(a.home),
    ]
  }

  public func json(_ p: CPDPolicy) -> JSONValue {
    var o = ObjectBuilder()
    o.set("id", .string(p.id))
    o.set("version", .string(p.version))
    o.set("title", text(p.title))
    o.set("status", p.status.map { .string($0.rawValue) })
    o.set("effectiveFrom", .string(p.effectiveFrom.description))
    o.set("effectiveTo", p.effectiveTo.map { .string($0.description) })
    o.set("periodMonths", .int(p.periodMonths))
    o.set("hours", p.hours.map(JSONValue.number))
    o.set("participatoryHours", p.participatoryHours.map(JSONValue.number))
    o.set("reflectiveAccounts", .int(p.reflectiveAccounts))
    if p.reflectiveAccounts > 0 { o.set("reflectiveAccountWords", .int(p.reflectiveAccountWords)) }
    if !p.modelledOn.isEmpty { o.set("modelledOn", .strings(p.modelledOn)) }
    o.set("basis", p.basis.map(JSONValue.string))
    return o.value
  }

  /// framework.json's own fields.
  public var headerJSON: JSONValue {
    var o = ObjectBuilder()
    if format >= 2 { o.set("format", .int(format)) }
    o.set("id", .string(id))
    o.set("version", .string(version))
    o.set("title", text(title))
    o.set("description", text(description))
    o.set("publisher", publisher.map(JSONValue.string))
    o.set("languages", .strings(languages))
    o.set("topics", .array(topics.map { ["id": .string($0.id), "title": text($0.title)!] }))
    o.set(
      "evidenceCategories",
      .array(
        evidenceCategories.map {
          ["id": .string($0.id), "title": text($0.title)!, "kinds": .strings($0.kinds.map(\.rawValue))]
        }))
    o.set("evidenceRules", .array(evidenceRules.map(json)))
    o.set("currencyMonths", .int(currencyMonths))
    o.set("expiringWithinDays", .int(expiringWithinDays))
    o.set(
      "priorityWeights",
      .object(JSONObject(Priority.allCases.reversed().map { (key: $0.rawValue, value: .number(priorityWeights[$0] ?? 0)) })))
    if !crosswalkSchemes.isEmpty { o.set("crosswalkSchemes", .array(crosswalkSchemes.map(json))) }
    if !exclusions.isEmpty { o.set("exclusions", .array(exclusions.map(json))) }
    o.set("caseIdentifier", caseIdentifier.map(JSONValue.string))
    if !caseAssociations.isEmpty { o.set("caseAssociations", .array(caseAssociations)) }
    return o.value
  }

  /// Each file's document.
  public var files: [File: JSONValue] {
    [
      .framework: headerJSON,
      .levels: ["levels": .array(levels.map(json))],
      .domains: ["domains": .array(domains.map(json))],
      .competencies: ["competencies": .array(competencies.map(json))],
      .standards: ["standards": .array(standards.map(json))],
      .roles: ["roles": .array(roles.map(json))],
      .modules: ["modules": .array(modules.map(json))],
      .agencies: [
        "regions": .array(regions.map(json)), "agencyTypes": .array(agencyTypes.map(json)),
        "agencies": .array(agencies.map(json)),
      ],
      .policy: ["policies": .array(policies.map(json))],
      .sources: ["sources": .array(sources.map(json))],
    ]
  }

  /// Writes the framework as a folder, after checking that the loader accepts what is written.
  /// Nothing is written when it would not validate, and files are replaced atomically.
  public func write(to directory: String) throws(FrameworkError) {
    let documents = files
    var contents: [File: [UInt8]] = [:]
    for (file, value) in documents { contents[file] = JSONWriter.bytes(value) }
    _ = try Framework.decode(contents, directory: directory)
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
      for file in File.allCases {
        let path = (directory as NSString).appendingPathComponent(file.rawValue)
        try Data(contents[file]!).write(to: URL(fileURLWithPath: path), options: .atomic)
      }
    } catch {
      throw .cannotWrite(path: directory, reason: "\(error.localizedDescription)")
    }
  }
}
