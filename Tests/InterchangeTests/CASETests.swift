import Competency
import JSON
import TestSupport
import Testing

/// The parts of a CFPackage that must survive a round trip.
struct PackageSummary: Equatable {
  var items: Set<String>  // identifier | code | statement | type
  var associations: Set<String>  // origin | type | destination

  init(_ package: JSONValue) {
    items = Set(
      (package["CFItems"]?.arrayValue ?? []).map { i in
        [i["identifier"], i["humanCodingScheme"], i["fullStatement"], i["CFItemType"]]
          .map { $0?.stringValue ?? "-" }.joined(separator: " | ")
      })
    associations = Set(
      (package["CFAssociations"]?.arrayValue ?? []).map { a in
        [a["originNodeURI"]?["identifier"], a["associationType"], a["destinationNodeURI"]?["identifier"]]
          .map { $0?.stringValue ?? "-" }.joined(separator: " | ")
      })
  }
}

func roundTrip(_ framework: Framework) throws -> (JSONValue, JSONValue, Framework) {
  let first = framework.casePackage(timestamp: "2026-11-21T10:00:00Z")
  let imported = try Framework.importCASE(JSONWriter.bytes(first), file: "export.json")
  // What the import produced must be a folder that validation accepts.
  let dir = TemporaryDirectory()
  try imported.framework.write(to: dir.file("imported"))
  let reloaded = try Framework.load(from: dir.file("imported"))
  let second = reloaded.casePackage(timestamp: "2026-11-22T10:00:00Z")
  return (first, second, reloaded)
}

@Suite struct CASEExportTests {
  @Test func exportImportExportKeepsEveryItemAndAssociation() throws {
    let mini = MiniFramework.load()
    let (first, second, reloaded) = try roundTrip(mini)
    let a = PackageSummary(first)
    let b = PackageSummary(second)
    #expect(a.items.count == mini.domains.count + mini.competencies.count)
    // 2 domains + 6 competencies under the hierarchy, 3 standards mappings, 1 exactMatchOf crosswalk.
    #expect(a.associations.count == 8 + 3 + 1)
    #expect(a == b)
    #expect(reloaded.competency("C-ACE")?.parent == "C-TRA")
    #expect(reloaded.competency("C-ACE")?.associations == [Association(relation: "exactMatchOf", target: "C-TRA", framework: nil)])
    #expect(reloaded.competency("C-PRB")?.standards.first?.relation == .partialMatch)
    #expect(reloaded.competency("C-INF")?.title["cy"] == "Rhannu gwybodaeth")
    #expect(reloaded.standard("s1")?.code == "SFJ AD1")
    // Sourced rationales survive, with the documents they cite.
    #expect(reloaded.competency("C-INF")?.rationale == mini.competency("C-INF")?.rationale)
    #expect(reloaded.competency("C-ENG")?.rationale?.country == .scotland)
    #expect(reloaded.sources.map(\.id) == ["res", "scot"])
    #expect(first["CFItems"]?.arrayValue?.contains { $0["notes"] == "Most wanted" } == true)
  }

  @Test func shippedFrameworkSurvivesTheRoundTrip() throws {
    let shipped = try Framework.load(from: shippedFrameworkPath)
    let (first, second, reloaded) = try roundTrip(shipped)
    #expect(PackageSummary(first) == PackageSummary(second))
    for c in shipped.competencies { #expect(reloaded.competency(c.id)?.rationale == c.rationale, "\(c.id)") }
    #expect(PackageSummary(first).items.count == shipped.domains.count + shipped.competencies.count)
  }

  @Test func identifiersAreStableAcrossExports() {
    let mini = MiniFramework.load()
    let one = mini.casePackage(timestamp: "2026-01-01T00:00:00Z")
    let two = mini.casePackage(timestamp: "2027-06-01T00:00:00Z")
    #expect(PackageSummary(one) == PackageSummary(two))
    #expect(one["CFDocument"]?["identifier"] == two["CFDocument"]?["identifier"])
    let identifier = one["CFItems"]?.arrayValue?.first?["identifier"]?.stringValue ?? ""
    let bytes = NameBasedUUID.parse(identifier)
    #expect(bytes.map(NameBasedUUID.version) == 5)
  }

  @Test func exportUsesCASEAssociationTypesForMappings() {
    let package = MiniFramework.load().casePackage(timestamp: "2026-01-01T00:00:00Z")
    let types = (package["CFAssociations"]?.arrayValue ?? []).compactMap { $0["associationType"]?.stringValue }
    #expect(Set(types) == ["isChildOf", "exactMatchOf", "isRelatedTo"])
    #expect(types.filter { $0 == "exactMatchOf" }.count == 2)
  }
}

@Suite struct CASEImportTests {
  /// A package as another tool might write it, with the deviations real exports have.
  static let foreign = """
    {
      "CFDocument": {
        "identifier": "8b5f90a6-3bbc-11e9-9fd0-97d95d55a29f", "uri": "http://frameworks.example.org/uri/8b5f90a6-3bbc-11e9-9fd0-97d95d55a29f",
        "title": "Partnership Skills Framework", "creator": "Example Body", "lastChangeDateTime": "2019-03-01T00:54:24",
        "language": "en-GB", "adoptionStatus": "Adopted", "someVendorField": {"x": 1}
      },
      "CFItems": [
        {"identifier": "01befe44-bc4c-11e8-a572-0242ac120003", "fullStatement": "Working with communities", "humanCodingScheme": "PS.1",
         "CFItemType": "Strand", "lastChangeDateTime": "2019-03-01 00:54:24"},
        {"identifier": "11befe44-bc4c-01e8-a572-0242ac120003", "fullStatement": "Plan engagement", "humanCodingScheme": "PS.1.1",
         "CFItemType": "Skill"},
        {"identifier": "21befe44-bc4c-41e8-a572-0242ac120003", "fullStatement": "Run a deliberative event", "humanCodingScheme": "PS.1.1.a"},
        {"identifier": "31befe44-bc4c-41e8-a572-0242ac120003", "fullStatement": "Evaluate engagement", "humanCodingScheme": "PS.1.2"},
        {"identifier": "41befe44-bc4c-41e8-a572-0242ac120003", "fullStatement": "Use plain language", "humanCodingScheme": "PS 2"}
      ],
      "CFAssociations": [
        {"identifier": "a1", "associationType": "isChildOf", "originNodeURI": {"identifier": "01befe44-bc4c-11e8-a572-0242ac120003"},
         "destinationNodeURI": {"identifier": "8b5f90a6-3bbc-11e9-9fd0-97d95d55a29f"}, "sequenceNumber": "1"},
        {"identifier": "a2", "associationType": "isChildOf", "originNodeURI": {"identifier": "31befe44-bc4c-41e8-a572-0242ac120003"},
         "destinationNodeURI": {"identifier": "01befe44-bc4c-11e8-a572-0242ac120003"}, "sequenceNumber": "2"},
        {"identifier": "a3", "associationType": "isChildOf", "originNodeURI": {"identifier": "11befe44-bc4c-01e8-a572-0242ac120003"},
         "destinationNodeURI": {"identifier": "01befe44-bc4c-11e8-a572-0242ac120003"}, "sequenceNumber": 1},
        {"identifier": "a4", "associationType": "isChildOf", "originNodeURI": {"identifier": "21befe44-bc4c-41e8-a572-0242ac120003"},
         "destinationNodeURI": {"identifier": "11befe44-bc4c-01e8-a572-0242ac120003"}},
        {"identifier": "a5", "associationType": "precedes", "originNodeURI": {"identifier": "11befe44-bc4c-01e8-a572-0242ac120003"},
         "destinationNodeURI": {"identifier": "31befe44-bc4c-41e8-a572-0242ac120003"}},
        {"identifier": "a6", "associationType": "exactMatchOf", "originNodeURI": {"identifier": "31befe44-bc4c-41e8-a572-0242ac120003"},
         "destinationNodeURI": {"title": "Evaluate projects", "identifier": "99999999-0000-4000-8000-000000000001",
                                "uri": "https://other.example.org/uri/99999999-0000-4000-8000-000000000001"}},
        {"identifier": "a7", "associationType": "isRelatedTo", "originNodeURI": {"identifier": "41befe44-bc4c-41e8-a572-0242ac120003"},
         "destinationNodeURI": {"identifier": "21befe44-bc4c-41e8-a572-0242ac120003"}}
      ]
    }
    """

  @Test func acceptsRealWorldDeviationsWithWarnings() throws {
    let result = try Framework.importCASE(Array(Self.foreign.utf8), file: "pkg.json")
    let f = result.framework
    #expect(f.id == "partnership-skills-framework")
    #expect(f.domains.map(\.id) == ["PS.1"])
    // "PS 2" is not a usable id (it has a space), so the item keeps its identifier as its id.
    let orphan = "41befe44-bc4c-41e8-a572-0242ac120003"
    #expect(f.competencies.map(\.id) == ["PS.1.1", "PS.1.1.a", "PS.1.2", orphan])
    #expect(f.competency("PS.1.1.a")?.parent == "PS.1.1")
    #expect(f.competency("PS.1.1.a")?.domain == "PS.1")
    #expect(f.competency(orphan)?.domain == nil)
    #expect(f.competency(orphan)?.code == "PS 2")
    #expect(f.competency("PS.1.1")?.associations == [Association(relation: "precedes", target: "PS.1.2", framework: nil)])
    #expect(f.competency(orphan)?.associations == [Association(relation: "isRelatedTo", target: "PS.1.1.a", framework: nil)])
    #expect(f.standards.map(\.title) == ["Evaluate projects"])
    #expect(f.competency("PS.1.2")?.standards == [StandardMapping(standard: "evaluate-projects", relation: .exactMatch)])
    // Each warning names the element and the field; repeated ones are counted on the first.
    let document = "CFDocument 8b5f90a6-3bbc-11e9-9fd0-97d95d55a29f"
    #expect(
      result.warnings == [
        "\(document): lastChangeDateTime: no time zone; read as UTC (and 1 more like it: CFItems[0])",
        "\(document): adoptionStatus: not kept (this model has no field for it)",
        "\(document): someVendorField: not a CASE field; left out",
        "CFItems[1] PS.1.1 (11befe44-bc4c-01e8-a572-0242ac120003): identifier: not an RFC 9562 UUID (unusual version or "
          + "variant); kept as it is",
        "CFAssociations[0] a1 from PS.1 (01befe44-bc4c-11e8-a572-0242ac120003): sequenceNumber: a number written as a "
          + "string; read as 1 (and 1 more like it: CFAssociations[1])",
      ])
    #expect(result.details.first?.count == 2)
    // The folder it makes passes validation, and a re-export keeps every item and association.
    let dir = TemporaryDirectory()
    try f.write(to: dir.file("out"))
    let reloaded = try Framework.load(from: dir.file("out"))
    let original = PackageSummary(try JSONParser.parse(Self.foreign))
    let again = PackageSummary(reloaded.casePackage(timestamp: "2026-01-01T00:00:00Z"))
    #expect(original.items.map { $0.split(separator: "|")[0] }.sorted() == again.items.map { $0.split(separator: "|")[0] }.sorted())
    // Every association is kept; the export only adds the orphan's place under the document.
    #expect(original.associations.isSubset(of: again.associations))
    #expect(again.associations.subtracting(original.associations) == ["\(orphan) | isChildOf | 8b5f90a6-3bbc-11e9-9fd0-97d95d55a29f"])
  }

  @Test(arguments: [
    ("<html>not json</html>", "pkg.json: not JSON: line 1, column 1: unexpected character '<'"),
    (#"{"CFItems": []}"#, "pkg.json: not a CASE package: it has no CFDocument object"),
    ("[]", "pkg.json: not a CASE package: the top level is an array"),
    (
      #"{"CFDocument": {"title": "No identifier"}, "CFItems": []}"#,
      "pkg.json: CFDocument.identifier: missing; a package is known by its document's identifier"
    ),
    (#"{"CFDocument": {"identifier": "d"}, "CFItems": {"i1": {}}}"#, "pkg.json: CFItems: expected an array, found an object"),
    (#"{"CFDocument": {"identifier": "d"}, "CFAssociations": "none"}"#, "pkg.json: CFAssociations: expected an array, found a string"),
  ])
  func refusesWhatCannotBeUnderstood(text: String, message: String) {
    do {
      _ = try Framework.importCASE(Array(text.utf8), file: "pkg.json")
      Issue.record("expected a refusal")
    } catch {
      #expect(error.description == message)
    }
  }

  @Test func keepsAssociationsFromOutsideThePackage() throws {
    let text = #"""
      {"CFDocument": {"identifier": "d"}, "CFItems": [{"identifier": "i1", "fullStatement": "x"}],
       "CFAssociations": [{"associationType": "exactMatchOf", "originNodeURI": {"identifier": "e1", "uri": "https://elsewhere.org/uri/e1"},
                           "destinationNodeURI": {"identifier": "i1"}}]}
      """#
    let result = try Framework.importCASE(Array(text.utf8), file: "pkg.json")
    #expect(result.framework.caseAssociations.count == 1)
    // "i1" is not a UUID, so the export writes the item with one made from it, in the kept
    // association too; importing the export gives the item its identifier back.
    let exported = result.framework.casePackage(timestamp: "2026-01-01T00:00:00Z")
    let written = try #require(exported["CFItems"]?.arrayValue?.first?["identifier"]?.stringValue)
    #expect(written != "i1" && NameBasedUUID.parse(written) != nil)
    #expect(PackageSummary(exported).associations.contains("e1 | exactMatchOf | \(written)"))
    let again = try Framework.importCASE(JSONWriter.bytes(exported), file: "export.json").framework
    #expect(again.competencies.map(\.caseIdentifier) == ["i1"])
    #expect(again.caseAssociations.count == 1)
  }

  @Test func notesWithoutASourceStayNotes() throws {
    let text = #"""
      {"CFDocument": {"identifier": "d", "title": "Notes"},
       "CFItems": [{"identifier": "i1", "fullStatement": "Plan engagement", "notes": "Added after the 2019 review"}],
       "CFAssociations": []}
      """#
    let f = try Framework.importCASE(Array(text.utf8), file: "pkg.json").framework
    let item = try #require(f.competencies.first)
    #expect(item.rationale == nil)
    #expect(item.notes == "Added after the 2019 review")
    // A folder written from it validates, and the notes go back out as CASE notes.
    let dir = TemporaryDirectory()
    try f.write(to: dir.file("out"))
    let reloaded = try Framework.load(from: dir.file("out"))
    #expect(reloaded.competencies.first?.notes == "Added after the 2019 review")
    #expect(reloaded.casePackage(timestamp: "2026-01-01T00:00:00Z")["CFItems"]?.arrayValue?.first?["notes"] == "Added after the 2019 review")
  }
}
