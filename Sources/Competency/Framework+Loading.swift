import Foundation
import JSON

extension Framework {
  public enum File: String, CaseIterable, Sendable {
    case framework = "framework.json"
    case levels = "levels.json"
    case domains = "domains.json"
    case competencies = "competencies.json"
    case standards = "standards.json"
    case roles = "roles.json"
    case modules = "modules.json"
    case agencies = "agencies.json"
    case policy = "cpd-policy.json"
    case sources = "sources.json"
  }

  /// Loads and validates a framework folder, reporting every problem found.
  public static func load(from directory: String) throws(FrameworkError) -> Framework {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw .notAFramework(directory: directory, reason: "no such folder")
    }
    var contents: [File: [UInt8]] = [:]
    for file in File.allCases {
      // Every command reads the framework first: its files straight into arrays.
      let path = (directory as NSString).appendingPathComponent(file.rawValue)
      if let bytes = FileContents.bytes(atPath: path, regularOnly: true) { contents[file] = bytes }
    }
    if contents[.framework] == nil && contents[.competencies] == nil {
      throw .notAFramework(directory: directory, reason: "it has neither framework.json nor competencies.json")
    }
    return try decode(contents, directory: directory)
  }

  /// Decodes and validates a framework from the bytes of its files (as read from a folder).
  public static func decode(_ contents: [File: [UInt8]], directory: String) throws(FrameworkError) -> Framework {
    var loader = FrameworkLoader(directory: directory)
    let framework = loader.load(contents)
    guard loader.problems.isEmpty, let framework else { throw .invalid(loader.problems) }
    return framework
  }
}

/// What a loaded id refers to, for references checked once every file is in.
enum ReferenceKind: String {
  case competency, domain, topic, standard, module, agencyType = "agency type", region, source
  case evidenceCategory = "evidence category"
  case associationTarget = "competency, domain or standard"
}

package struct FrameworkLoader {
  let directory: String
  var problems: [FrameworkProblem] = []
  var languages: [String] = ["en"]
  /// The file format, from framework.json (absent means format 1, the layout of 1.0.0).
  var format = 1

  private var references: [(kind: ReferenceKind, id: String, file: Framework.File, path: String)] = []
  private var levelChecks: [(level: Int, file: Framework.File, path: String)] = []
  private var countryChecks: [(source: String, country: SourceCountry, file: Framework.File, path: String)] = []
  private var groupChecks: [(scheme: String, group: String, file: Framework.File, path: String)] = []
  private var reader = JSONFieldReader()
  private var file: Framework.File = .framework

  init(directory: String) { self.directory = directory }

  func displayName(_ file: Framework.File) -> String {
    directory.isEmpty ? file.rawValue : (directory as NSString).appendingPathComponent(file.rawValue)
  }

  mutating func problem(_ file: Framework.File, _ path: String, _ message: String) {
    problems.append(FrameworkProblem(file: displayName(file), path: path, message: message))
  }

  /// Parses one file's root object; absent optional files read as empty.
  mutating func root(_ file: Framework.File, _ parsed: [Framework.File: Result<JSONValue, JSONSyntaxError>], required: Bool) -> JSONObject? {
    self.file = file
    guard let result = parsed[file] else {
      if required { problem(file, "", "file is missing") }
      return nil
    }
    do {
      let value = try result.get()
      guard let object = value.objectValue else {
        problem(file, "", "expected a JSON object at the top, found \(value.kindName)")
        return nil
      }
      return object
    } catch {
      problem(file, "", "malformed JSON: \(error)")
      return nil
    }
  }

  /// Moves the field reader's problems into the file's list.
  mutating func flush() {
    for p in reader.problems { problem(file, p.path, p.message) }
    reader = JSONFieldReader()
  }

  /// Every file parsed, on as many threads as there are cores: the files are independent, and
  /// parsing is a third of loading a framework, which every command does first.
  static func parse(_ contents: [Framework.File: [UInt8]]) -> [Framework.File: Result<JSONValue, JSONSyntaxError>] {
    // Largest first, so that the big files do not end up on one thread.
    let files = contents.keys.sorted { contents[$0]!.count > contents[$1]!.count }
    final class Results: @unchecked Sendable {
      let lock = NSLock()
      var byFile: [Framework.File: Result<JSONValue, JSONSyntaxError>] = [:]
    }
    let results = Results()
    DispatchQueue.concurrentPerform(iterations: files.count) { i in
      let result = Result { () throws(JSONSyntaxError) -> JSONValue in try JSONParser.parse(contents[files[i]]!) }
      results.lock.lock()
      results.byFile[files[i]] = result
      results.lock.unlock()
    }
    return results.byFile
  }

  mutating func load(_ contents: [Framework.File: [UInt8]]) -> Framework? {
    let contents = Self.parse(contents)
    var framework = readFramework(root(.framework, contents, required: true))
    flush()
    framework.sources = readSources(root(.sources, contents, required: false))
    flush()
    framework.levels = readLevels(root(.levels, contents, required: true))
    flush()
    framework.domains = readDomains(root(.domains, contents, required: true))
    flush()
    framework.competencies = readCompetencies(root(.competencies, contents, required: true))
    flush()
    framework.standards = readStandards(root(.standards, contents, required: false))
    flush()
    framework.roles = readRoles(root(.roles, contents, required: false))
    flush()
    framework.modules = readModules(root(.modules, contents, required: false))
    flush()
    let (regions, types, agencies) = readAgencies(root(.agencies, contents, required: false))
    framework.regions = regions
    framework.agencyTypes = types
    framework.agencies = agencies
    flush()
    framework.policies = readPolicies(root(.policy, contents, required: false))
    flush()
    framework.reindex()
    resolve(framework)
    return problems.isEmpty ? framework : nil
  }

  // MARK: - Shared field shapes

  mutating func id(_ object: JSONObject, _ key: String = "id", at path: String) -> String? {
    guard let id = reader.string(object, key, at: path) else { return nil }
    if !Self.isValidID(id) {
      reader.report(JSONFieldReader.join(path, key), "\"\(id)\" is not a valid id (letters, digits, '.', '_', ':' or '-')")
      return nil
    }
    return id
  }

  /// ASCII letters and digits, then also '.', '_', ':' or '-'; at most 200 characters.
  package static func isValidID(_ id: String) -> Bool {
    func isLetterOrDigit(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) }
    let bytes = id.utf8
    guard let first = bytes.first, isLetterOrDigit(first), bytes.count <= 200 else { return false }
    return bytes.allSatisfy { isLetterOrDigit($0) || $0 == 0x2E || $0 == 0x5F || $0 == 0x3A || $0 == 0x2D }
  }

  /// A bilingual text; each of the framework's languages must be present.
  mutating func text(_ object: JSONObject, _ key: String, at path: String, required: Bool = true) -> LocalizedText? {
    var here: String { JSONFieldReader.join(path, key) }
    guard let value = object[key], value != .null else {
      if required { reader.report(here, "missing") }
      return nil
    }
    guard let map = value.objectValue else {
      reader.report(here, "expected an object of texts by language ({\"en\": ..., \"cy\": ...}), found \(value.kindName)")
      return nil
    }
    var values: [String: String] = [:]
    for (language, text) in map {
      guard let s = text.stringValue else {
        reader.report(JSONFieldReader.join(here, language), "expected a string, found \(text.kindName)")
        continue
      }
      if !s.trimmingWhitespace().isEmpty { values[language] = s }
    }
    for language in languages where values[language] == nil {
      reader.report(JSONFieldReader.join(here, language), language == "cy" ? "missing Welsh (cy) text" : "missing \(language) text")
    }
    return values.isEmpty ? nil : LocalizedText(values)
  }

  mutating func refer(_ kind: ReferenceKind, _ id: String, at path: String) {
    references.append((kind, id, file, path))
  }

  mutating func checkLevel(_ level: Int, at path: String) {
    levelChecks.append((level, file, path))
  }

  /// The elements of a named top-level array, each with its path.
  mutating func elements(_ root: JSONObject?, _ key: String) -> [(JSONObject, String)] {
    guard let root else { return [] }
    guard let array = reader.array(root, key, at: "") else { return [] }
    var result: [(JSONObject, String)] = []
    for (i, element) in array.enumerated() {
      let path = JSONFieldReader.join(key, i)
      if let object = reader.object(element, at: path) { result.append((object, path)) }
    }
    return result
  }

  mutating func objects(_ object: JSONObject, _ key: String, at path: String, required: Bool = false) -> [(JSONObject, String)] {
    guard let array = reader.array(object, key, at: path, required: required) else { return [] }
    var result: [(JSONObject, String)] = []
    let base = JSONFieldReader.join(path, key)
    for (i, element) in array.enumerated() {
      let here = JSONFieldReader.join(base, i)
      if let o = reader.object(element, at: here) { result.append((o, here)) }
    }
    return result
  }

  /// Ids must be unique within their kind; reports the second and later uses.
  mutating func checkUnique(_ items: [(id: String, path: String)], kind: String) {
    var first: [String: String] = [:]
    for item in items {
      if let earlier = first[item.id] {
        reader.report(JSONFieldReader.join(item.path, "id"), "duplicate \(kind) id \"\(item.id)\" (first at \(earlier))")
      } else {
        first[item.id] = item.path
      }
    }
  }

  mutating func day(_ object: JSONObject, _ key: String, at path: String, required: Bool) -> Day? {
    guard let text = reader.string(object, key, at: path, required: required) else { return nil }
    guard let day = Day(text) else {
      reader.report(JSONFieldReader.join(path, key), "\"\(text)\" is not a date (YYYY-MM-DD)")
      return nil
    }
    return day
  }

  mutating func positiveInt(_ object: JSONObject, _ key: String, at path: String, required: Bool = true, minimum: Int = 1) -> Int? {
    guard let n = reader.int(object, key, at: path, required: required) else { return nil }
    if n < minimum {
      reader.report(JSONFieldReader.join(path, key), "must be at least \(minimum), found \(n)")
      return nil
    }
    return n
  }

  // MARK: - framework.json

  mutating func readFramework(_ root: JSONObject?) -> Framework {
    var f = Framework(id: "", version: "", title: LocalizedText(en: ""))
    guard let root else { return f }
    reader.rejectUnknownKeys(
      root,
      allowed: [
        "format", "id", "version", "title", "description", "publisher", "languages", "topics", "evidenceCategories",
        "evidenceRules", "currencyMonths", "expiringWithinDays", "priorityWeights", "crosswalkSchemes", "exclusions",
        "caseIdentifier", "caseAssociations",
      ], at: "")
    if root["format"] != nil, let n = reader.int(root, "format", at: "") {
      if (1...Framework.currentFormat).contains(n) {
        format = n
      } else {
        reader.report("format", "format \(n) is not one this build reads (1 to \(Framework.currentFormat))")
      }
    }
    f.format = format
    let languages = reader.strings(root, "languages", at: "", required: true)
    if !languages.isEmpty { self.languages = languages }
    f.languages = self.languages
    f.id = id(root, at: "") ?? ""
    f.version = reader.string(root, "version", at: "") ?? ""
    f.title = text(root, "title", at: "") ?? LocalizedText(en: f.id)
    f.description = text(root, "description", at: "", required: false)
    f.publisher = reader.string(root, "publisher", at: "", required: false)
    f.caseIdentifier = reader.string(root, "caseIdentifier", at: "", required: false)
    f.caseAssociations = reader.array(root, "caseAssociations", at: "", required: false) ?? []

    var topicIDs: [(id: String, path: String)] = []
    for (o, path) in objects(root, "topics", at: "") {
      reader.rejectUnknownKeys(o, allowed: ["id", "title"], at: path)
      guard let id = id(o, at: path), let title = text(o, "title", at: path) else { continue }
      f.topics.append(Topic(id: id, title: title))
      topicIDs.append((id, path))
    }
    checkUnique(topicIDs, kind: "topic")

    var categoryIDs: [(id: String, path: String)] = []
    for (o, path) in objects(root, "evidenceCategories", at: "") {
      reader.rejectUnknownKeys(o, allowed: ["id", "title", "kinds"], at: path)
      guard let id = id(o, at: path), let title = text(o, "title", at: path) else { continue }
      if id == EvidenceCategory.anyID {
        reader.report(JSONFieldReader.join(path, "id"), "\"any\" is built in and cannot be redefined")
      }
      var kinds: [ActivityKind] = []
      for (i, name) in reader.strings(o, "kinds", at: path, required: true).enumerated() {
        if let kind = ActivityKind(rawValue: name) {
          kinds.append(kind)
        } else {
          reader.report("\(path).kinds[\(i)]", "unknown activity kind \"\(name)\" (expected one of \(ActivityKind.allNames))")
        }
      }
      f.evidenceCategories.append(EvidenceCategory(id: id, title: title, kinds: kinds))
      categoryIDs.append((id, path))
    }
    checkUnique(categoryIDs, kind: "evidence category")

    f.crosswalkSchemes = readSchemes(root)
    f.exclusions = readExclusions(root)
    f.evidenceRules = readRules(root, "evidenceRules", at: "")
    f.currencyMonths = positiveInt(root, "currencyMonths", at: "", required: false) ?? 36
    f.expiringWithinDays = positiveInt(root, "expiringWithinDays", at: "", required: false, minimum: 0) ?? 90
    if let weights = root["priorityWeights"] {
      if let o = reader.object(weights, at: "priorityWeights") {
        for (key, value) in o {
          let here = "priorityWeights.\(key)"
          guard let priority = Priority(rawValue: key) else {
            reader.report(here, "unknown priority \"\(key)\" (expected mandatory, core or desirable)")
            continue
          }
          guard let w = value.numberValue, w >= 0 else {
            reader.report(here, "expected a number of at least 0, found \(value.kindName)")
            continue
          }
          f.priorityWeights[priority] = w
        }
      }
    }
    return f
  }

  mutating func readRules(_ object: JSONObject, _ key: String, at path: String) -> [EvidenceRule] {
    var rules: [EvidenceRule] = []
    var seen: Set<Int> = []
    for (o, here) in objects(object, key, at: path) {
      reader.rejectUnknownKeys(o, allowed: ["level", "requires"], at: here)
      guard let level = reader.int(o, "level", at: here) else { continue }
      checkLevel(level, at: JSONFieldReader.join(here, "level"))
      if !seen.insert(level).inserted { reader.report(JSONFieldReader.join(here, "level"), "a second rule for level \(level)") }
      let requires = reader.strings(o, "requires", at: here, required: true)
      for (i, category) in requires.enumerated() where category != EvidenceCategory.anyID {
        refer(.evidenceCategory, category, at: "\(here).requires[\(i)]")
      }
      rules.append(EvidenceRule(level: level, requires: requires))
    }
    return rules
  }

  mutating func readSchemes(_ root: JSONObject) -> [CrosswalkScheme] {
    var schemes: [CrosswalkScheme] = []
    var ids: [(id: String, path: String)] = []
    for (o, path) in objects(root, "crosswalkSchemes", at: "") {
      reader.rejectUnknownKeys(o, allowed: ["id", "title", "source", "groups"], at: path)
      guard let id = id(o, at: path), let title = text(o, "title", at: path) else { continue }
      let source = reader.string(o, "source", at: path, required: false)
      if let source { refer(.source, source, at: JSONFieldReader.join(path, "source")) }
      var groups: [CrosswalkScheme.Group] = []
      var groupIDs: [(id: String, path: String)] = []
      for (g, here) in objects(o, "groups", at: path, required: true) {
        reader.rejectUnknownKeys(g, allowed: ["id", "title"], at: here)
        guard let gid = self.id(g, at: here), let gtitle = text(g, "title", at: here) else { continue }
        groups.append(CrosswalkScheme.Group(id: gid, title: gtitle))
        groupIDs.append((gid, here))
      }
      if groups.isEmpty && o["groups"]?.arrayValue != nil {
        reader.report(JSONFieldReader.join(path, "groups"), "a scheme has at least one group")
      }
      checkUnique(groupIDs, kind: "group")
      schemes.append(CrosswalkScheme(id: id, title: title, source: source, groups: groups))
      ids.append((id, path))
    }
    checkUnique(ids, kind: "crosswalk scheme")
    return schemes
  }

  mutating func readExclusions(_ root: JSONObject) -> [ScopeExclusion] {
    var result: [ScopeExclusion] = []
    var ids: [(id: String, path: String)] = []
    for (o, path) in objects(root, "exclusions", at: "") {
      reader.rejectUnknownKeys(o, allowed: ["id", "title", "reason", "source"], at: path)
      guard let id = id(o, at: path), let title = text(o, "title", at: path), let reason = text(o, "reason", at: path),
        let source = reader.string(o, "source", at: path)
      else { continue }
      refer(.source, source, at: JSONFieldReader.join(path, "source"))
      result.append(ScopeExclusion(id: id, title: title, reason: reason, source: source))
      ids.append((id, path))
    }
    checkUnique(ids, kind: "exclusion")
    return result
  }

  /// `[{name, url}]`: public addresses only.
  mutating func readEvidenceBase(_ o: JSONObject, at path: String) -> [EvidenceLink] {
    var links: [EvidenceLink] = []
    for (e, here) in objects(o, "evidenceBase", at: path) {
      reader.rejectUnknownKeys(e, allowed: ["name", "url"], at: here)
      guard let name = reader.string(e, "name", at: here), let url = reader.string(e, "url", at: here) else { continue }
      if !url.hasPrefix("https://") || url.count <= 8 || url.contains(where: \.isWhitespace) {
        reader.report(JSONFieldReader.join(here, "url"), "\"\(url)\" is not a public https:// address")
        continue
      }
      links.append(EvidenceLink(name: name, url: url))
    }
    return links
  }

  /// A crosswalk group named by `scheme` and `group`, checked once framework.json's schemes are in.
  mutating func checkGroup(_ scheme: String, _ group: String, at path: String) {
    groupChecks.append((scheme, group, file, path))
  }

  /// A field that format 2 replaced: accepted (and ignored) in format 1, refused with a pointer
  /// to its replacement in format 2.
  mutating func retired(_ object: JSONObject, _ key: String, at path: String, _ replacement: String) {
    guard object[key] != nil else { return }
    if format >= 2 { reader.report(JSONFieldReader.join(path, key), "no longer used in format 2: \(replacement)") }
  }

  // MARK: - sources.json

  mutating func readSources(_ root: JSONObject?) -> [Source] {
    guard let root else { return [] }
    reader.rejectUnknownKeys(root, allowed: ["sources"], at: "")
    var result: [Source] = []
    var ids: [(id: String, path: String)] = []
    for (o, path) in elements(root, "sources") {
      reader.rejectUnknownKeys(o, allowed: ["id", "title", "country", "file"], at: path)
      guard let id = id(o, at: path), let title = reader.string(o, "title", at: path),
        let country = country(o, at: path, required: true)
      else { continue }
      result.append(Source(id: id, title: title, country: country, file: reader.string(o, "file", at: path, required: false)))
      ids.append((id, path))
    }
    checkUnique(ids, kind: "source")
    return result
  }

  mutating func country(_ o: JSONObject, at path: String, required: Bool) -> SourceCountry? {
    guard let name = reader.string(o, "country", at: path, required: required) else { return nil }
    guard let country = SourceCountry(rawValue: name) else {
      reader.report(JSONFieldReader.join(path, "country"), "unknown country \"\(name)\" (expected \(SourceCountry.allNames))")
      return nil
    }
    return country
  }

  // MARK: - levels.json

  mutating func readLevels(_ root: JSONObject?) -> [Level] {
    var levels: [Level] = []
    var ids: [(id: String, path: String)] = []
    for (o, path) in elements(root, "levels") {
      reader.rejectUnknownKeys(o, allowed: ["level", "id", "title", "descriptor", "crosswalks"], at: path)
      guard let n = reader.int(o, "level", at: path), let id = id(o, at: path), let title = text(o, "title", at: path)
      else { continue }
      if n != levels.count + 1 {
        reader.report(JSONFieldReader.join(path, "level"), "levels must run 1, 2, 3... in order; expected \(levels.count + 1), found \(n)")
      }
      var crosswalks: [LevelCrosswalk] = []
      if format >= 2, let list = o["crosswalks"]?.arrayValue, !list.isEmpty {
        reader.report(
          JSONFieldReader.join(path, "crosswalks"),
          "no longer used in format 2: a Welsh model is crosswalked on the competencies and roles it is about")
      }
      for (c, here) in objects(o, "crosswalks", at: path) where format < 2 {
        reader.rejectUnknownKeys(c, allowed: ["scheme", "equivalent"], at: here)
        if let scheme = reader.string(c, "scheme", at: here), let equivalent = reader.string(c, "equivalent", at: here) {
          crosswalks.append(LevelCrosswalk(scheme: scheme, equivalent: equivalent))
        }
      }
      levels.append(
        Level(level: n, id: id, title: title, descriptor: text(o, "descriptor", at: path, required: false), crosswalks: crosswalks))
      ids.append((id, path))
    }
    if root != nil && levels.isEmpty { reader.report("levels", "the scale needs at least one level") }
    checkUnique(ids, kind: "level")
    return levels
  }

  // MARK: - domains.json

  mutating func readDomains(_ root: JSONObject?) -> [Domain] {
    var domains: [Domain] = []
    var ids: [(id: String, path: String)] = []
    for (o, path) in elements(root, "domains") {
      reader.rejectUnknownKeys(o, allowed: ["id", "code", "title", "description", "caseIdentifier", "caseItemType"], at: path)
      guard let id = id(o, at: path), let title = text(o, "title", at: path) else { continue }
      domains.append(
        Domain(
          id: id, code: reader.string(o, "code", at: path, required: false), title: title,
          description: text(o, "description", at: path, required: false),
          caseIdentifier: reader.string(o, "caseIdentifier", at: path, required: false),
          caseItemType: reader.string(o, "caseItemType", at: path, required: false)))
      ids.append((id, path))
    }
    checkUnique(ids, kind: "domain")
    return domains
  }

  // MARK: - competencies.json

  mutating func readCompetencies(_ root: JSONObject?) -> [Competency] {
    var result: [Competency] = []
    var ids: [(id: String, path: String)] = []
    for (o, path) in elements(root, "competencies") {
      reader.rejectUnknownKeys(
        o,
        allowed: [
          "id", "domain", "parent", "code", "title", "description", "rationale", "notes", "topics", "descriptors",
          "standards", "evidence", "currencyMonths", "associations", "crosswalks", "evidenceBase", "caseIdentifier",
          "caseItemType",
        ], at: path)
      guard let id = id(o, at: path), let title = text(o, "title", at: path) else { continue }
      let domain = reader.string(o, "domain", at: path, required: false)
      if let domain { refer(.domain, domain, at: JSONFieldReader.join(path, "domain")) }
      let parent = reader.string(o, "parent", at: path, required: false)
      if let parent { refer(.competency, parent, at: JSONFieldReader.join(path, "parent")) }
      let topics = reader.strings(o, "topics", at: path)
      for (i, topic) in topics.enumerated() { refer(.topic, topic, at: "\(path).topics[\(i)]") }

      var descriptors: [Int: LocalizedText] = [:]
      if let value = o["descriptors"], let map = reader.object(value, at: JSONFieldReader.join(path, "descriptors")) {
        for (key, _) in map {
          let here = "\(path).descriptors.\(key)"
          guard let level = Int(key) else {
            reader.report(here, "descriptor keys are level numbers, found \"\(key)\"")
            continue
          }
          checkLevel(level, at: here)
          if let t = text(map, key, at: "\(path).descriptors") { descriptors[level] = t }
        }
      }

      var standards: [StandardMapping] = []
      for (s, here) in objects(o, "standards", at: path) {
        reader.rejectUnknownKeys(s, allowed: ["standard", "relation"], at: here)
        guard let standard = reader.string(s, "standard", at: here), let relation = reader.string(s, "relation", at: here)
        else { continue }
        refer(.standard, standard, at: JSONFieldReader.join(here, "standard"))
        guard let r = MappingRelation(rawValue: relation) else {
          reader.report(JSONFieldReader.join(here, "relation"), "unknown relation \"\(relation)\" (expected exactMatch, partialMatch or related)")
          continue
        }
        standards.append(StandardMapping(standard: standard, relation: r))
      }

      var associations: [Association] = []
      for (a, here) in objects(o, "associations", at: path) {
        reader.rejectUnknownKeys(a, allowed: ["relation", "target", "framework"], at: here)
        guard let relation = reader.string(a, "relation", at: here), let target = reader.string(a, "target", at: here)
        else { continue }
        let other = reader.string(a, "framework", at: here, required: false)
        // Targets in another framework are checked when both are loaded together.
        if other == nil { refer(.associationTarget, target, at: JSONFieldReader.join(here, "target")) }
        associations.append(Association(relation: relation, target: target, framework: other))
      }

      var crosswalks: [CompetencyCrosswalk] = []
      var seenCrosswalks: Set<String> = []
      for (x, here) in objects(o, "crosswalks", at: path) {
        reader.rejectUnknownKeys(x, allowed: ["scheme", "level", "equivalent", "note"], at: here)
        guard let scheme = reader.string(x, "scheme", at: here), let level = reader.int(x, "level", at: here),
          let equivalent = reader.string(x, "equivalent", at: here)
        else { continue }
        checkLevel(level, at: JSONFieldReader.join(here, "level"))
        checkGroup(scheme, equivalent, at: here)
        if !seenCrosswalks.insert("\(scheme)|\(level)|\(equivalent)").inserted {
          reader.report(here, "a second crosswalk of level \(level) to \(scheme) \(equivalent)")
        }
        crosswalks.append(
          CompetencyCrosswalk(
            scheme: scheme, level: level, equivalent: equivalent, note: text(x, "note", at: here, required: false)))
      }

      let currency = positiveInt(o, "currencyMonths", at: path, required: false)
      result.append(
        Competency(
          id: id, domain: domain, parent: parent, code: reader.string(o, "code", at: path, required: false), title: title,
          description: text(o, "description", at: path, required: false), rationale: readRationale(o, at: path),
          notes: reader.string(o, "notes", at: path, required: false), topics: topics, descriptors: descriptors,
          standards: standards, evidence: readRules(o, "evidence", at: path), currencyMonths: currency,
          associations: associations, crosswalks: crosswalks, evidenceBase: readEvidenceBase(o, at: path),
          caseIdentifier: reader.string(o, "caseIdentifier", at: path, required: false),
          caseItemType: reader.string(o, "caseItemType", at: path, required: false)))
      ids.append((id, path))
    }
    checkUnique(ids, kind: "competency")
    return result
  }

  /// `{text, source, country}`; format 1 also took a plain English sentence.
  mutating func readRationale(_ o: JSONObject, at path: String) -> Rationale? {
    let here = JSONFieldReader.join(path, "rationale")
    guard let value = o["rationale"], value != .null else { return nil }
    if let sentence = value.stringValue, format < 2 {
      return sentence.trimmingWhitespace().isEmpty ? nil : Rationale(text: LocalizedText(en: sentence))
    }
    if value.stringValue != nil {
      reader.report(here, "a rationale is {text, source, country} in format 2, naming its document and its country")
      return nil
    }
    guard let r = reader.object(value, at: here) else { return nil }
    reader.rejectUnknownKeys(r, allowed: ["text", "source", "country"], at: here)
    let required = format >= 2
    let text = self.text(r, "text", at: here)
    let source = reader.string(r, "source", at: here, required: required)
    if let source { refer(.source, source, at: JSONFieldReader.join(here, "source")) }
    let country = self.country(r, at: here, required: required)
    if let source, let country { countryChecks.append((source, country, file, JSONFieldReader.join(here, "country"))) }
    guard let text else { return nil }
    return Rationale(text: text, source: source, country: country)
  }

  // MARK: - standards.json

  mutating func readStandards(_ root: JSONObject?) -> [Standard] {
    var result: [Standard] = []
    var ids: [(id: String, path: String)] = []
    for (o, path) in elements(root, "standards") {
      reader.rejectUnknownKeys(o, allowed: ["id", "code", "title", "body", "suite", "source", "uri", "caseIdentifier"], at: path)
      guard let id = id(o, at: path), let title = reader.string(o, "title", at: path) else { continue }
      result.append(
        Standard(
          id: id, code: reader.string(o, "code", at: path, required: false), title: title,
          body: reader.string(o, "body", at: path, required: false), suite: reader.string(o, "suite", at: path, required: false),
          source: reader.string(o, "source", at: path, required: false), uri: reader.string(o, "uri", at: path, required: false),
          caseIdentifier: reader.string(o, "caseIdentifier", at: path, required: false)))
      ids.append((id, path))
    }
    checkUnique(ids, kind: "standard")
    return result
  }

  // MARK: - roles.json

  mutating func readRequirements(_ o: JSONObject, at path: String) -> [Requirement] {
    var result: [Requirement] = []
    var seen: [String: String] = [:]
    for (r, here) in objects(o, "requirements", at: path, required: true) {
      reader.rejectUnknownKeys(r, allowed: ["competency", "level", "priority"], at: here)
      guard let competency = reader.string(r, "competency", at: here), let level = reader.int(r, "level", at: here),
        let priorityName = reader.string(r, "priority", at: here)
      else { continue }
      refer(.competency, competency, at: JSONFieldReader.join(here, "competency"))
      checkLevel(level, at: JSONFieldReader.join(here, "level"))
      guard let priority = Priority(rawValue: priorityName) else {
        reader.report(JSONFieldReader.join(here, "priority"), "unknown priority \"\(priorityName)\" (expected mandatory, core or desirable)")
        continue
      }
      if let earlier = seen[competency] {
        reader.report(JSONFieldReader.join(here, "competency"), "\"\(competency)\" is already required at \(earlier)")
      }
      seen[competency] = here
      result.append(Requirement(competency: competency, level: level, priority: priority))
    }
    return result
  }

  mutating func readRoles(_ root: JSONObject?) -> [Role] {
    var result: [Role] = []
    var ids: [(id: String, path: String)] = []
    for (o, path) in elements(root, "roles") {
      reader.rejectUnknownKeys(
        o, allowed: ["id", "title", "description", "agencyTypes", "requirements", "overlays", "crosswalks"], at: path)
      guard let id = id(o, at: path), let title = text(o, "title", at: path) else { continue }
      let types = reader.strings(o, "agencyTypes", at: path)
      for (i, t) in types.enumerated() { refer(.agencyType, t, at: "\(path).agencyTypes[\(i)]") }
      let requirements = readRequirements(o, at: path)
      var overlays: [Overlay] = []
      var overlayTypes: Set<String> = []
      for (v, here) in objects(o, "overlays", at: path) {
        reader.rejectUnknownKeys(v, allowed: ["agencyType", "requirements"], at: here)
        guard let type = reader.string(v, "agencyType", at: here) else { continue }
        refer(.agencyType, type, at: JSONFieldReader.join(here, "agencyType"))
        if !overlayTypes.insert(type).inserted {
          reader.report(JSONFieldReader.join(here, "agencyType"), "a second overlay for agency type \"\(type)\"")
        }
        overlays.append(Overlay(agencyType: type, requirements: readRequirements(v, at: here)))
      }
      var crosswalks: [RoleCrosswalk] = []
      for (x, here) in objects(o, "crosswalks", at: path) {
        reader.rejectUnknownKeys(x, allowed: ["scheme", "equivalent", "agencyTypes", "note"], at: here)
        guard let scheme = reader.string(x, "scheme", at: here), let equivalent = reader.string(x, "equivalent", at: here)
        else { continue }
        checkGroup(scheme, equivalent, at: here)
        let only = reader.strings(x, "agencyTypes", at: here)
        for (i, t) in only.enumerated() {
          refer(.agencyType, t, at: "\(here).agencyTypes[\(i)]")
          if !types.isEmpty && !types.contains(t) {
            reader.report("\(here).agencyTypes[\(i)]", "\"\(t)\" is not one of the role's agency types")
          }
        }
        crosswalks.append(
          RoleCrosswalk(
            scheme: scheme, equivalent: equivalent, agencyTypes: only, note: text(x, "note", at: here, required: false)))
      }
      result.append(
        Role(
          id: id, title: title, description: text(o, "description", at: path, required: false), agencyTypes: types,
          requirements: requirements, overlays: overlays, crosswalks: crosswalks))
      ids.append((id, path))
    }
    checkUnique(ids, kind: "role")
    return result
  }

  // MARK: - modules.json

  mutating func readModules(_ root: JSONObject?) -> [Module] {
    var result: [Module] = []
    var ids: [(id: String, path: String)] = []
    for (o, path) in elements(root, "modules") {
      reader.rejectUnknownKeys(
        o,
        allowed: [
          "id", "title", "description", "mode", "hours", "cpdHours", "provider", "quality", "qualityAssured", "mandatory",
          "develops", "prerequisites", "cohort", "agencyTypes", "source", "evidenceBase",
        ], at: path)
      retired(o, "qualityAssured", at: path, "a module's quality is the record {status, source, ...} under \"quality\"")
      retired(
        o, "mandatory", at: path,
        "a module is mandatory only through the mandatory role requirements it serves (roles.json)")
      if format < 2 {
        _ = reader.bool(o, "qualityAssured", at: path, default: false)
        _ = reader.bool(o, "mandatory", at: path, default: false)
      }
      guard let id = id(o, at: path), let title = text(o, "title", at: path), let modeName = reader.string(o, "mode", at: path)
      else { continue }
      guard let mode = DeliveryMode(rawValue: modeName) else {
        reader.report(JSONFieldReader.join(path, "mode"), "unknown delivery mode \"\(modeName)\" (expected one of \(DeliveryMode.allNames))")
        continue
      }
      let readHours = reader.number(o, "hours", at: path)
      let hours = readHours ?? 1
      if readHours != nil && (hours <= 0 || hours > 2000) {
        reader.report(JSONFieldReader.join(path, "hours"), "hours must be more than 0 and at most 2000, found \(JSONWriter.formatNumber(hours))")
      }
      let cpdHours = reader.number(o, "cpdHours", at: path, required: false) ?? hours
      if cpdHours < 0 { reader.report(JSONFieldReader.join(path, "cpdHours"), "must not be negative") }
      var develops: [ModuleOutcome] = []
      for (d, here) in objects(o, "develops", at: path, required: true) {
        reader.rejectUnknownKeys(d, allowed: ["competency", "level"], at: here)
        guard let competency = reader.string(d, "competency", at: here), let level = reader.int(d, "level", at: here) else {
          continue
        }
        refer(.competency, competency, at: JSONFieldReader.join(here, "competency"))
        checkLevel(level, at: JSONFieldReader.join(here, "level"))
        develops.append(ModuleOutcome(competency: competency, level: level))
      }
      let prerequisites = reader.strings(o, "prerequisites", at: path)
      for (i, p) in prerequisites.enumerated() {
        refer(.module, p, at: "\(path).prerequisites[\(i)]")
        if p == id { reader.report("\(path).prerequisites[\(i)]", "a module cannot be its own prerequisite") }
      }
      var cohort = CohortSize(min: 1, max: 1)
      if let value = o["cohort"], let c = reader.object(value, at: JSONFieldReader.join(path, "cohort")) {
        let here = JSONFieldReader.join(path, "cohort")
        reader.rejectUnknownKeys(c, allowed: ["min", "max"], at: here)
        if let lo = positiveInt(c, "min", at: here), let hi = positiveInt(c, "max", at: here) {
          if hi < lo { reader.report(JSONFieldReader.join(here, "max"), "max \(hi) is below min \(lo)") }
          cohort = CohortSize(min: lo, max: hi)
        }
      } else if o["cohort"] == nil {
        reader.report(JSONFieldReader.join(path, "cohort"), "missing")
      }
      let types = reader.strings(o, "agencyTypes", at: path)
      for (i, t) in types.enumerated() { refer(.agencyType, t, at: "\(path).agencyTypes[\(i)]") }
      let source = reader.string(o, "source", at: path, required: false)
      if let source, format >= 2 { refer(.source, source, at: JSONFieldReader.join(path, "source")) }
      result.append(
        Module(
          id: id, title: title, description: text(o, "description", at: path, required: false), mode: mode, hours: hours,
          cpdHours: cpdHours, provider: reader.string(o, "provider", at: path, required: false),
          quality: readQuality(o, at: path), develops: develops, prerequisites: prerequisites, cohort: cohort,
          agencyTypes: types, source: source, evidenceBase: readEvidenceBase(o, at: path)))
      ids.append((id, path))
    }
    checkUnique(ids, kind: "module")
    return result
  }

  /// `{status, source, note?, assuredBy?, assuredOn?, against?}`; required in format 2.
  mutating func readQuality(_ o: JSONObject, at path: String) -> QualityRecord? {
    let here = JSONFieldReader.join(path, "quality")
    guard let value = o["quality"], value != .null else {
      if format >= 2 { reader.report(here, "missing: every module records its status (\(QualityStatus.allNames))") }
      return nil
    }
    guard let q = reader.object(value, at: here) else { return nil }
    reader.rejectUnknownKeys(q, allowed: ["status", "source", "note", "assuredBy", "assuredOn", "against"], at: here)
    let statusName = reader.string(q, "status", at: here)
    let source = reader.string(q, "source", at: here)
    if let source { refer(.source, source, at: JSONFieldReader.join(here, "source")) }
    let note = text(q, "note", at: here, required: false)
    guard let statusName else { return nil }
    guard let status = QualityStatus(rawValue: statusName) else {
      reader.report(
        JSONFieldReader.join(here, "status"), "unknown quality status \"\(statusName)\" (expected \(QualityStatus.allNames))")
      return nil
    }
    let assured = status == .assured
    let by = reader.string(q, "assuredBy", at: here, required: false)
    let on = day(q, "assuredOn", at: here, required: false)
    let against = reader.string(q, "against", at: here, required: false)
    let record: [(key: String, present: Bool, what: String)] = [
      ("assuredBy", q["assuredBy"] != nil, "who assured it"), ("assuredOn", q["assuredOn"] != nil, "when"),
      ("against", q["against"] != nil, "the standard or criteria it was assured against"),
    ]
    for field in record {
      if assured && !field.present {
        reader.report(JSONFieldReader.join(here, field.key), "missing: an assured module records \(field.what)")
      } else if !assured && field.present {
        reader.report(JSONFieldReader.join(here, field.key), "only an assured module has \(field.key) (status is \(statusName))")
      }
    }
    guard let source else { return nil }
    return QualityRecord(
      status: status, source: source, note: note, assuredBy: assured ? by : nil, assuredOn: assured ? on : nil,
      against: assured ? against : nil)
  }

  // MARK: - agencies.json

  mutating func readAgencies(_ root: JSONObject?) -> ([Region], [AgencyType], [Agency]) {
    guard let root else { return ([], [], []) }
    reader.rejectUnknownKeys(root, allowed: ["regions", "agencyTypes", "agencies"], at: "")
    var regions: [Region] = []
    var regionIDs: [(id: String, path: String)] = []
    for (o, path) in elements(root, "regions") {
      reader.rejectUnknownKeys(o, allowed: ["id", "title"], at: path)
      guard let id = id(o, at: path), let title = text(o, "title", at: path) else { continue }
      if id == Agency.allWales {
        reader.report(JSONFieldReader.join(path, "id"), "\"\(id)\" is kept for agencies' homeRegion and is not a region")
      }
      regions.append(Region(id: id, title: title))
      regionIDs.append((id, path))
    }
    checkUnique(regionIDs, kind: "region")
    var types: [AgencyType] = []
    var typeIDs: [(id: String, path: String)] = []
    for (o, path) in elements(root, "agencyTypes") {
      reader.rejectUnknownKeys(o, allowed: ["id", "title"], at: path)
      guard let id = id(o, at: path), let title = text(o, "title", at: path) else { continue }
      types.append(AgencyType(id: id, title: title))
      typeIDs.append((id, path))
    }
    checkUnique(typeIDs, kind: "agency type")
    var agencies: [Agency] = []
    var agencyIDs: [(id: String, path: String)] = []
    for (o, path) in elements(root, "agencies") {
      reader.rejectUnknownKeys(o, allowed: ["id", "name", "type", "regions", "homeRegion"], at: path)
      guard let id = id(o, at: path), let name = text(o, "name", at: path), let type = reader.string(o, "type", at: path)
      else { continue }
      refer(.agencyType, type, at: JSONFieldReader.join(path, "type"))
      let inRegions = reader.strings(o, "regions", at: path, required: true)
      if inRegions.isEmpty { reader.report(JSONFieldReader.join(path, "regions"), "an agency serves at least one region") }
      for (i, r) in inRegions.enumerated() { refer(.region, r, at: "\(path).regions[\(i)]") }
      let home = reader.string(o, "homeRegion", at: path, required: format >= 2)
      if let home {
        let here = JSONFieldReader.join(path, "homeRegion")
        if home == Agency.allWales {
          let missing = regions.map(\.id).filter { !inRegions.contains($0) }
          if !missing.isEmpty {
            reader.report(here, "an all-Wales body serves every region; regions leaves out \(missing.joined(separator: ", "))")
          }
        } else if !regions.contains(where: { $0.id == home }) {
          reader.report(
            here,
            "unknown region \"\(home)\" (expected one of \((regions.map(\.id) + [Agency.allWales]).joined(separator: ", ")))")
        } else if !inRegions.contains(home) {
          reader.report(here, "home region \"\(home)\" is not among the agency's regions")
        }
      }
      agencies.append(Agency(id: id, name: name, type: type, regions: inRegions, home: home))
      agencyIDs.append((id, path))
    }
    checkUnique(agencyIDs, kind: "agency")
    return (regions, types, agencies)
  }

  // MARK: - cpd-policy.json

  mutating func readPolicies(_ root: JSONObject?) -> [CPDPolicy] {
    var result: [CPDPolicy] = []
    var versions: [(id: String, path: String)] = []
    for (o, path) in elements(root, "policies") {
      reader.rejectUnknownKeys(
        o,
        allowed: [
          "id", "version", "title", "status", "effectiveFrom", "effectiveTo", "periodMonths", "hours",
          "participatoryHours", "reflectiveAccounts", "reflectiveAccountWords", "modelledOn", "basis",
        ], at: path)
      var status: PolicyStatus?
      if let name = reader.string(o, "status", at: path, required: format >= 2) {
        status = PolicyStatus(rawValue: name)
        if status == nil {
          reader.report(JSONFieldReader.join(path, "status"), "unknown policy status \"\(name)\" (expected proposed or adopted)")
        }
      }
      let modelledOn = reader.strings(o, "modelledOn", at: path)
      guard let id = id(o, at: path), let version = reader.string(o, "version", at: path),
        let title = text(o, "title", at: path), let from = day(o, "effectiveFrom", at: path, required: true),
        let period = positiveInt(o, "periodMonths", at: path)
      else { continue }
      let to = day(o, "effectiveTo", at: path, required: false)
      if let to, to < from { reader.report(JSONFieldReader.join(path, "effectiveTo"), "ends before it starts (\(from))") }
      let hours = reader.number(o, "hours", at: path, required: false)
      if let hours, hours < 0 { reader.report(JSONFieldReader.join(path, "hours"), "must not be negative") }
      let participatory = reader.number(o, "participatoryHours", at: path, required: false)
      if let participatory {
        if participatory < 0 { reader.report(JSONFieldReader.join(path, "participatoryHours"), "must not be negative") }
        if let hours, participatory > hours {
          reader.report(JSONFieldReader.join(path, "participatoryHours"), "is more than the \(JSONWriter.formatNumber(hours)) hours required in all")
        }
      }
      let reflective = positiveInt(o, "reflectiveAccounts", at: path, required: false, minimum: 0) ?? 0
      // Format 1 had no rule for what makes a reflective account; any reflection counted.
      let words = positiveInt(o, "reflectiveAccountWords", at: path, required: reflective > 0 && format >= 2)
      let policy = CPDPolicy(
        id: id, version: version, title: title, effectiveFrom: from, effectiveTo: to, periodMonths: period, hours: hours,
        participatoryHours: participatory, reflectiveAccounts: reflective, reflectiveAccountWords: words ?? 1, status: status,
        modelledOn: modelledOn,
        basis: reader.string(o, "basis", at: path, required: false))
      // Versions of one policy may not be in effect at the same time.
      for (other, otherPath) in zip(result, versions) where other.id == id {
        let overlap = policy.effectiveFrom <= (other.effectiveTo ?? Day(ordinal: .max))
          && other.effectiveFrom <= (policy.effectiveTo ?? Day(ordinal: .max))
        if overlap {
          reader.report(JSONFieldReader.join(path, "effectiveFrom"), "overlaps version \(other.version) at \(otherPath.path)")
        }
      }
      result.append(policy)
      versions.append(("\(id)@\(version)", path))
    }
    checkUnique(versions, kind: "policy version")
    return result
  }

  // MARK: - Cross-file checks

  mutating func resolve(_ f: Framework) {
    let topics = Set(f.topics.map(\.id))
    let categories = Set(f.evidenceCategories.map(\.id))
    let types = Set(f.agencyTypes.map(\.id))
    let regions = Set(f.regions.map(\.id))
    for ref in references {
      let known: Bool
      switch ref.kind {
      case .competency: known = f.competencyIndex[ref.id] != nil
      case .domain: known = f.domainIndex[ref.id] != nil
      case .topic: known = topics.contains(ref.id)
      case .standard: known = f.standardIndex[ref.id] != nil
      case .module: known = f.moduleIndex[ref.id] != nil
      case .agencyType: known = types.contains(ref.id)
      case .region: known = regions.contains(ref.id)
      case .evidenceCategory: known = categories.contains(ref.id)
      case .source: known = f.source(ref.id) != nil
      case .associationTarget:
        known = f.competencyIndex[ref.id] != nil || f.domainIndex[ref.id] != nil || f.standardIndex[ref.id] != nil
      }
      if !known { problem(ref.file, ref.path, "unknown \(ref.kind.rawValue) \"\(ref.id)\"") }
    }
    if !f.levels.isEmpty {
      let top = f.maxLevel
      for check in levelChecks where check.level < 1 || check.level > top {
        problem(check.file, check.path, "level \(check.level) is outside the scale 1-\(top)")
      }
    }
    for check in countryChecks {
      guard let source = f.source(check.source), source.country != check.country else { continue }
      problem(
        check.file, check.path,
        "\"\(check.country.rawValue)\" does not match source \"\(source.id)\", whose findings are from \(source.country.rawValue)")
    }
    for check in groupChecks {
      guard let scheme = f.crosswalkScheme(check.scheme) else {
        let declared = f.crosswalkSchemes.map(\.id)
        problem(
          check.file, JSONFieldReader.join(check.path, "scheme"),
          "unknown crosswalk scheme \"\(check.scheme)\" "
            + (declared.isEmpty
              ? "(framework.json declares no crosswalkSchemes)" : "(expected one of \(declared.joined(separator: ", ")))"))
        continue
      }
      if scheme.group(check.group) == nil {
        problem(
          check.file, JSONFieldReader.join(check.path, "equivalent"),
          "\"\(check.group)\" is not a group of \(scheme.id) (expected one of \(scheme.groups.map(\.id).joined(separator: ", ")))")
      }
    }
    checkRoleCrosswalks(f)
    let domainAndCompetency = Set(f.domains.map(\.id)).intersection(f.competencies.map(\.id))
    for id in domainAndCompetency.sorted() {
      if let i = f.competencyIndex[id] { problem(.competencies, "competencies[\(i)].id", "\"\(id)\" is also a domain id") }
    }
    checkParents(f)
    checkPrerequisiteCycles(f)
  }

  /// A role placed in a group must require, in each agency type the placement covers, every
  /// competency that group is crosswalked to, at least at the crosswalked level.
  mutating func checkRoleCrosswalks(_ f: Framework) {
    for (r, role) in f.roles.enumerated() {
      for (x, crosswalk) in role.crosswalks.enumerated() {
        var needed: [String: Int] = [:]
        for c in f.competencies {
          for cw in c.crosswalks where cw.scheme == crosswalk.scheme && cw.equivalent == crosswalk.equivalent {
            needed[c.id] = min(needed[c.id] ?? cw.level, cw.level)
          }
        }
        if needed.isEmpty { continue }
        let types: [String?] =
          !crosswalk.agencyTypes.isEmpty ? crosswalk.agencyTypes : role.agencyTypes.isEmpty ? [nil] : role.agencyTypes
        for type in types {
          guard let requirements = f.requirements(forRole: role.id, agencyType: type) else { continue }
          for (competency, level) in needed.sorted(by: { $0.key < $1.key }) {
            let have = requirements.first { $0.competency == competency }?.level
            if let have, have >= level { continue }
            problem(
              .roles, "roles[\(r)].crosswalks[\(x)]",
              "\(crosswalk.scheme) \(crosswalk.equivalent) corresponds to \(competency) at level \(level), but the role "
                + "requires \(have.map { "level \($0)" } ?? "nothing") of it" + (type.map { " in \($0)" } ?? ""))
          }
        }
      }
    }
  }

  /// A competency's parent chain must end without looping, inside the same domain.
  mutating func checkParents(_ f: Framework) {
    for (i, c) in f.competencies.enumerated() {
      guard let parentID = c.parent, let parent = f.competency(parentID) else { continue }
      if parent.domain != c.domain {
        problem(
          .competencies, "competencies[\(i)].parent",
          "parent \"\(parentID)\" is in domain \"\(parent.domain ?? "none")\", not \"\(c.domain ?? "none")\"")
      }
      var seen: Set<String> = [c.id]
      var current: String? = parentID
      while let id = current, let next = f.competency(id) {
        if !seen.insert(id).inserted {
          problem(.competencies, "competencies[\(i)].parent", "parent chain loops back to \"\(id)\"")
          break
        }
        current = next.parent
      }
    }
  }

  /// Reports each prerequisite cycle once, at the module where it was first reached.
  mutating func checkPrerequisiteCycles(_ f: Framework) {
    enum Mark { case visiting, done }
    var marks: [String: Mark] = [:]
    var stack: [String] = []
    var reported: Set<Set<String>> = []

    func visit(_ id: String, _ loader: inout FrameworkLoader) {
      guard let module = f.module(id) else { return }
      marks[id] = .visiting
      stack.append(id)
      for (k, p) in module.prerequisites.enumerated() {
        switch marks[p] {
        case .visiting:
          let start = stack.lastIndex(of: p)!
          let cycle = Array(stack[start...])
          if reported.insert(Set(cycle)).inserted {
            let index = f.moduleIndex[id]!
            loader.problem(
              .modules, "modules[\(index)].prerequisites[\(k)]",
              "prerequisite cycle: \((cycle + [p]).joined(separator: " → "))")
          }
        case .done: break
        case nil: visit(p, &loader)
        }
      }
      stack.removeLast()
      marks[id] = .done
    }
    for module in f.modules where marks[module.id] == nil { visit(module.id, &self) }
  }
}
