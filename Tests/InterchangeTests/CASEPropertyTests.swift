import Competency
import Foundation
import Interchange
import JSON
import TestSupport
import Testing
import Workforce

/// The rule for CASE imports, checked over many generated packages: whatever the import accepts,
/// validation accepts; what it cannot map it reports, naming the item and the field; export and a
/// second import keep every item's identifier and statement.
///
/// Seeded and replayable: every failure names its package's seed. `CASE_PACKAGE_SEED=0x...`
/// checks that one package only; `CASE_PROPERTY_SEED` and `CASE_PROPERTY_COUNT` choose another
/// run of packages; `CASE_PROPERTY_SAVE=DIR` keeps each package there, to try with `cpd`.
@Suite struct CASEPropertyTests {
  static let environment = ProcessInfo.processInfo.environment
  static let baseSeed = environment["CASE_PROPERTY_SEED"].flatMap(parseSeed) ?? 0xCA5E_2026_0012
  static let count = environment["CASE_PROPERTY_COUNT"].flatMap { Int($0) } ?? 300

  /// A folder for the frameworks the test writes: in memory where the system has such a place
  /// (writing a few thousand small files to some CI disks takes longer than the checks).
  static func scratch() -> ScratchFolder {
    var isDirectory: ObjCBool = false
    let memory = "/dev/shm"
    if environment["TMPDIR"] == nil, FileManager.default.fileExists(atPath: memory, isDirectory: &isDirectory),
      isDirectory.boolValue, FileManager.default.isWritableFile(atPath: memory)
    {
      return ScratchFolder(in: memory)
    }
    return ScratchFolder(in: FileManager.default.temporaryDirectory.path)
  }

  static func parseSeed(_ text: String) -> UInt64? {
    text.hasPrefix("0x") ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text)
  }

  static func hex(_ seed: UInt64) -> String { "0x" + String(seed, radix: 16) }

  /// The seed of the package at `index` of a run.
  static func packageSeed(_ index: Int) -> UInt64 {
    var r = PackageRandom(seed: baseSeed &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(index) &* 0xD1B5_4A32_D192_ED03)
    return r.next()
  }

  /// What a run met: packages, warnings, and which of `phrases` the warnings said.
  struct Tally: CustomStringConvertible, Sendable {
    var generated = 0
    var refused = 0
    var imported = 0
    var validated = 0
    var warnings = 0
    var deviations = 0
    var reimported = 0
    var items = 0
    var fields: [String: Int] = [:]
    var said: Set<String> = []

    var description: String {
      "\(generated) packages generated, \(refused) refused as expected, \(imported) imported, \(validated) validated, "
        + "\(reimported) exported and imported again, \(items) items, \(warnings) warnings (\(deviations) deviations)"
    }

    mutating func add(_ other: Tally) {
      generated += other.generated
      refused += other.refused
      imported += other.imported
      validated += other.validated
      warnings += other.warnings
      deviations += other.deviations
      reimported += other.reimported
      items += other.items
      fields.merge(other.fields, uniquingKeysWith: +)
      said.formUnion(other.said)
    }
  }

  /// The cases a run must meet, by what the import says of them.
  static let phrases = [
    "isChildOf associations loop", "the item is its own parent", "a second parent", "a second item with identifier",
    "the CFDocument's identifier", "is not in this package", "is outside the package", "is not an item of this package",
    "not a language tag", "given twice", "are not kept (this model has no CASE definitions)",
    "the abbreviatedStatement is used", "expected an object, found", "not a CASE field",
    "also a child of the CFDocument",
  ]

  @Test func everyAcceptedPackageValidatesAndRoundTrips() throws {
    let seeds =
      Self.environment["CASE_PACKAGE_SEED"].flatMap(Self.parseSeed).map { [$0] }
      ?? (0..<Self.count).map(Self.packageSeed)
    let dir = Self.scratch()
    let save = Self.environment["CASE_PROPERTY_SAVE"]
    // Packages are checked on every core; each one's outcome is its own.
    let outcomes = Parallel.map(parts: seeds.count) { i -> ([String], Tally) in
      var generator = CASEPackageGenerator(seed: seeds[i])
      let package = generator.package()
      if let save {
        try? Data(JSONWriter.bytes(package.json)).write(to: URL(fileURLWithPath: save + "/\(Self.hex(seeds[i])).json"))
      }
      var tally = Tally()
      let failures = Self.check(package, in: dir, &tally)
      if !failures.isEmpty {
        let saved = NSTemporaryDirectory() + "case-package-\(Self.hex(seeds[i])).json"
        try? Data(JSONWriter.bytes(package.json)).write(to: URL(fileURLWithPath: saved))
        let replay = "CASE_PACKAGE_SEED=\(Self.hex(seeds[i])) swift test --filter CASEPropertyTests"
        return (
          failures.map { "package seed \(Self.hex(seeds[i])) (saved as \(saved)): \($0)\n  replay: \(replay)" }, tally
        )
      }
      return ([], tally)
    }
    var tally = Tally()
    for (failures, part) in outcomes {
      for failure in failures { Issue.record(Comment(rawValue: failure)) }
      tally.add(part)
    }
    print("CASE property test (seed \(Self.hex(Self.baseSeed))): \(tally)")
    let fields = tally.fields.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) \($0.value)" }
    print("CASE property test, warnings by field: \(fields.joined(separator: ", "))")
    if seeds.count > 1 {
      // The run must exercise both sides of the rule ...
      #expect(tally.imported > seeds.count * 3 / 4)
      #expect(tally.refused > 0)
      // ... and the cases it is about.
      for phrase in Self.phrases {
        #expect(tally.said.contains(phrase), "no package made the import say \"\(phrase)\"")
      }
    }
  }

  /// The element a warning's path names: `CFDocument`, `CFItems[3]`, `CFDefinitions.CFConcepts[0]`.
  static func element(at path: String, in root: JSONValue) -> JSONValue? {
    var value: JSONValue? = root
    for part in path.split(separator: ".") {
      if let open = part.firstIndex(of: "["), let index = Int(part[part.index(after: open)...].dropLast()) {
        guard let array = value?[String(part[..<open])]?.arrayValue, array.indices.contains(index) else { return nil }
        value = array[index]
      } else {
        value = value?[String(part)]
      }
    }
    return value
  }

  static func identifierText(_ value: JSONValue) -> String? {
    if let n = value.numberValue { return JSONWriter.formatNumber(n) }
    let text = value.stringValue.map { String($0.trimmingWhitespace()) }
    return text?.isEmpty == false ? text : nil
  }

  /// Everything wrong with what one package became; empty when it obeys the rule.
  static func check(_ package: GeneratedPackage, in dir: ScratchFolder, _ tally: inout Tally) -> [String] {
    tally.generated += 1
    var failures: [String] = []
    let result: CASEImport
    do {
      result = try Framework.importCASE(JSONWriter.bytes(package.json), file: "pkg.json")
    } catch {
      if let refusal = package.refusal, error.description.contains(refusal) {
        tally.refused += 1
        return []
      }
      return ["refused: \(error)"]
    }
    if let refusal = package.refusal { return ["accepted a package that should be refused (\(refusal))"] }
    tally.imported += 1
    let f = result.framework

    // Every warning names the element and a field of it.
    let root = package.json["CFPackage"] ?? package.json
    for w in result.details {
      tally.warnings += 1
      tally.deviations += w.count
      tally.fields[w.field, default: 0] += w.count
      for phrase in phrases where w.message.contains(phrase) { tally.said.insert(phrase) }
      if w.item.isEmpty || w.field.isEmpty || w.message.isEmpty || !w.description.contains("\(w.item): \(w.field): ") {
        failures.append("a warning without its item or field: \(w)")
        continue
      }
      guard let element = Self.element(at: w.path, in: root) else {
        failures.append("a warning at \(w.path), which is not in the package: \(w)")
        continue
      }
      if let identifier = (element["identifier"] ?? element["sourcedId"]).flatMap(Self.identifierText),
        !w.item.contains(identifier)
      {
        failures.append("a warning that does not name \(identifier): \(w)")
      }
      let field = String(w.field.prefix { $0 != "." && $0 != "[" })
      let canBeMissing: Set = [
        "identifier", "fullStatement", "title", "language", "associationType", "originNodeURI", "destinationNodeURI",
        "CFItems", "CFAssociations",
      ]
      if ["CFDocument", "CFItems", "CFAssociations"].contains(where: w.path.hasPrefix), element[field] == nil,
        !canBeMissing.contains(field)
      {
        failures.append("a warning about \(field), which \(w.path) does not have: \(w)")
      }
    }

    // What validation accepts: the folder is written, then loaded as 'cpd framework validate' loads it.
    let folder = dir.file(hex(package.seed))
    let loaded: Framework
    do {
      try f.write(to: folder)
      loaded = try Framework.load(from: folder)
    } catch {
      return failures + ["the imported framework does not validate:\n\(error)"]
    }
    tally.validated += 1

    // Every kept item is there, with its identifier and statement.
    let primary = loaded.languages[0]
    var byIdentifier: [String: String] = [:]  // identifier -> title in the primary language
    for d in loaded.domains { byIdentifier[d.caseIdentifier ?? "?"] = d.title.text(primary) }
    for c in loaded.competencies { byIdentifier[c.caseIdentifier ?? "?"] = c.title.text(primary) }
    let kept = package.items.filter(\.kept)
    tally.items += kept.count
    if byIdentifier.count != kept.count || loaded.domains.count + loaded.competencies.count != kept.count {
      failures.append(
        "\(kept.count) items should be kept, the framework has \(loaded.domains.count + loaded.competencies.count)")
    }
    for item in kept {
      guard let title = byIdentifier[item.identifier!] else {
        failures.append("CFItems[\(item.index)] \(item.identifier!) is missing")
        continue
      }
      if let statement = item.fullStatement, !statement.trimmingWhitespace().isEmpty, title != statement {
        let change = "\(statement.debugDescription) became \(title.debugDescription)"
        failures.append("CFItems[\(item.index)] \(item.identifier!): statement \(change)")
      }
    }

    // Export, import again: every item keeps its identifier and statement, and the folder still validates.
    let exported = loaded.casePackage(timestamp: "2026-11-21T10:00:00Z")
    // What we write is a CASE 1.0 package, whatever the package we read was like.
    let breaches = CASEConformance.problems(exported)
    if !breaches.isEmpty {
      failures.append("its export is not a conformant CASE package:\n  " + breaches.prefix(8).joined(separator: "\n  "))
    }
    do {
      let again = try Framework.importCASE(JSONWriter.bytes(exported), file: "export.json").framework
      // In memory this time: the same files, decoded by the same loader.
      let reloaded = try Framework.decode(again.files.mapValues { JSONWriter.bytes($0) }, directory: "again")
      var second: [String: String] = [:]
      for d in reloaded.domains { second[d.caseIdentifier ?? "?"] = d.title.text(primary) }
      for c in reloaded.competencies { second[c.caseIdentifier ?? "?"] = c.title.text(primary) }
      if second != byIdentifier {
        let lost = byIdentifier.filter { second[$0.key] != $0.value }.map(\.key).sorted()
        failures.append("export and import again changed items \(lost.prefix(5).joined(separator: ", "))")
      }
      tally.reimported += 1
    } catch {
      failures.append("its own export is refused or does not validate:\n\(error)")
    }
    try? FileManager.default.removeItem(atPath: folder)
    return failures
  }
}

/// A fresh folder, removed when the value is released.
final class ScratchFolder: Sendable {
  let path: String

  init(in parent: String) {
    path = (parent as NSString).appendingPathComponent("cpd-case-property-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }

  func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }
}
