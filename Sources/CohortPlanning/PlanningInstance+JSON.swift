import Competency
import GapAnalysis
import JSON

/// The planning instance as a JSON document any solver can read (schema in the README):
/// modules and people refer to modules by id.
extension PlanningInstance {
  public static let formatName = "cpd-planning-instance"
  public static let formatVersion = 1
  static let groupModes: Set<String> = ["classroom", "workshop", "action-learning", "blended"]

  public var json: JSONValue {
    let modules: [JSONValue] = self.modules.map { m in
      [
        "id": .string(m.id), "title": .string(m.title), "mode": .string(m.mode), "hours": .number(m.hours),
        "minSize": .int(m.minSize), "maxSize": .int(m.maxSize), "remote": .bool(m.remote), "groupSession": .bool(m.groupSession),
        "prerequisites": .strings(m.prerequisites.map { self.modules[$0].id }),
      ]
    }
    let people: [JSONValue] = self.people.map { p in
      [
        "id": .string(p.id), "agency": .string(p.agency), "agencyType": .string(p.agencyType), "region": .string(p.region),
        "completed": .strings(p.completed.map { self.modules[$0].id }),
        "candidates": .array(p.candidates.map { ["module": .string(self.modules[$0.module].id), "weight": .number($0.weight)] }),
      ]
    }
    return [
      "format": .string(Self.formatName), "version": .int(Self.formatVersion), "asOf": .string(asOf), "budget": .int(budget),
      "minAgencyTypes": .int(minAgencyTypes), "maxHoursPerPerson": maxHoursPerPerson.map { .number($0) } ?? .null,
      "modules": .array(modules), "people": .array(people),
    ]
  }

  /// Reads an instance, collecting every problem (each naming its field) rather than stopping at
  /// the first; the instance is only returned when there are none.
  public static func read(_ value: JSONValue) -> (instance: PlanningInstance?, problems: [String]) {
    var reader = JSONFieldReader()
    guard let root = reader.object(value, at: "") else { return (nil, reader.problems.map(\.description)) }
    reader.rejectUnknownKeys(
      root, allowed: ["format", "version", "asOf", "budget", "minAgencyTypes", "maxHoursPerPerson", "modules", "people"], at: "")
    if let format = reader.string(root, "format", at: ""), format != formatName {
      reader.report("format", "expected \"\(formatName)\", found \"\(format)\"")
    }
    if let version = reader.int(root, "version", at: ""), version != formatVersion {
      reader.report("version", "version \(version) is not supported (expected \(formatVersion))")
    }
    let asOf = reader.string(root, "asOf", at: "", required: false) ?? ""
    if !asOf.isEmpty && Day(asOf) == nil { reader.report("asOf", "\"\(asOf.prefix(40))\" is not a date (YYYY-MM-DD)") }
    let budget = reader.int(root, "budget", at: "") ?? 0
    let minAgencyTypes = reader.int(root, "minAgencyTypes", at: "") ?? 1
    let maxHours = root["maxHoursPerPerson"] == .null ? nil : reader.number(root, "maxHoursPerPerson", at: "", required: false)

    var modules: [Module] = []
    var prerequisiteIDs: [[String]] = []
    var moduleIndex: [String: Int] = [:]
    for (i, item) in (reader.array(root, "modules", at: "") ?? []).enumerated() {
      let here = JSONFieldReader.join("modules", i)
      guard let o = reader.object(item, at: here) else { continue }
      reader.rejectUnknownKeys(
        o, allowed: ["id", "title", "mode", "hours", "minSize", "maxSize", "remote", "groupSession", "prerequisites"], at: here)
      guard let id = reader.string(o, "id", at: here) else { continue }
      if moduleIndex[id] == nil { moduleIndex[id] = modules.count }
      // Without "remote" and "groupSession", the mode says: e-learning is remote; classroom,
      // workshop, action-learning and blended cohorts are group sessions.
      let mode = reader.string(o, "mode", at: here) ?? ""
      if !mode.isEmpty && DeliveryMode(rawValue: mode) == nil {
        reader.report(JSONFieldReader.join(here, "mode"), "unknown mode \"\(mode.prefix(40))\" (expected one of \(DeliveryMode.allNames))")
      }
      modules.append(
        Module(
          id: id, title: reader.string(o, "title", at: here, required: false), mode: mode,
          hours: reader.number(o, "hours", at: here) ?? 1, minSize: reader.int(o, "minSize", at: here) ?? 1,
          maxSize: reader.int(o, "maxSize", at: here) ?? 1,
          remote: reader.bool(o, "remote", at: here, default: mode == "e-learning") ?? false,
          groupSession: reader.bool(o, "groupSession", at: here, default: Self.groupModes.contains(mode)) ?? false))
      prerequisiteIDs.append(reader.strings(o, "prerequisites", at: here))
    }
    for (i, ids) in prerequisiteIDs.enumerated() {
      modules[i].prerequisites = ids.compactMap { id in
        guard let m = moduleIndex[id] else {
          reader.report(JSONFieldReader.join("modules", i) + ".prerequisites", "unknown module \"\(id)\"")
          return nil
        }
        return m
      }
    }
    var people: [Person] = []
    for (i, item) in (reader.array(root, "people", at: "") ?? []).enumerated() {
      let here = JSONFieldReader.join("people", i)
      guard let o = reader.object(item, at: here) else { continue }
      reader.rejectUnknownKeys(o, allowed: ["id", "agency", "agencyType", "region", "completed", "candidates"], at: here)
      var candidates: [Candidate] = []
      for (k, c) in (reader.array(o, "candidates", at: here) ?? []).enumerated() {
        let at = JSONFieldReader.join(here + ".candidates", k)
        guard let co = reader.object(c, at: at) else { continue }
        reader.rejectUnknownKeys(co, allowed: ["module", "weight"], at: at)
        guard let id = reader.string(co, "module", at: at), let weight = reader.number(co, "weight", at: at) else { continue }
        guard let m = moduleIndex[id] else {
          reader.report(at + ".module", "unknown module \"\(id)\"")
          continue
        }
        candidates.append(Candidate(module: m, weight: weight))
      }
      let completed = reader.strings(o, "completed", at: here).compactMap { id -> Int? in
        guard let m = moduleIndex[id] else {
          reader.report(here + ".completed", "unknown module \"\(id)\"")
          return nil
        }
        return m
      }
      people.append(
        Person(
          id: reader.string(o, "id", at: here) ?? "", agency: reader.string(o, "agency", at: here, required: false) ?? "",
          agencyType: reader.string(o, "agencyType", at: here) ?? "", region: reader.string(o, "region", at: here) ?? "",
          completed: completed, candidates: candidates))
    }
    guard reader.problems.isEmpty else { return (nil, reader.problems.map(\.description)) }
    let instance = PlanningInstance(
      asOf: asOf, budget: budget, minAgencyTypes: minAgencyTypes, maxHoursPerPerson: maxHours, modules: modules, people: people)
    let problems = instance.problems
    return problems.isEmpty ? (instance, []) : (nil, problems)
  }
}
