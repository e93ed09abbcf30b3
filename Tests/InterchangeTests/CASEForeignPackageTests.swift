import Competency
import Foundation
import Interchange
import JSON
import TestSupport
import Testing

/// Imports a package, writes the folder and loads it as `cpd framework validate` does.
func importAndValidate(_ text: String, file: String = "pkg.json") throws -> (CASEImport, Framework) {
  let result = try Framework.importCASE(Array(text.utf8), file: file)
  let dir = TemporaryDirectory()
  try result.framework.write(to: dir.file("out"))
  return (result, try Framework.load(from: dir.file("out")))
}

@Suite struct CASERegressionTests {
  @Test(arguments: CASERegressionCases.all)
  func importedAndValidated(_ c: CASERegressionCases.Case) throws {
    let (result, _) = try importAndValidate(c.text)
    if !c.field.isEmpty {
      #expect(
        result.details.contains { $0.field == c.field && $0.message.contains(c.warning) },
        "\(result.warnings.joined(separator: "\n"))")
    }
  }
}

/// Packages in the shapes other tools write (see `CASEToolFixtures`).
@Suite struct CASEToolShapeTests {
  /// The identifier and statement of each item, as a framework keeps them.
  static func statements(_ f: Framework) -> [String: String] {
    let primary = f.languages[0]
    var result: [String: String] = [:]
    for d in f.domains { result[d.caseIdentifier ?? d.id] = d.title.text(primary) }
    for c in f.competencies { result[c.caseIdentifier ?? c.id] = c.title.text(primary) }
    return result
  }

  @Test(arguments: CASEToolFixtures.all.map(\.name))
  func importsValidatesAndRoundTrips(_ name: String) throws {
    let fixture = try #require(CASEToolFixtures.all.first { $0.name == name })
    let (result, loaded) = try importAndValidate(fixture.text)
    let package = try JSONParser.parse(fixture.text, options: .init(rejectDuplicateKeys: false))
    let items = package["CFItems"]?.arrayValue ?? []
    // Every item is kept, with its statement.
    #expect(Self.statements(loaded).count == items.count)
    for item in items {
      let identifier = try #require(item["identifier"]?.stringValue)
      let statement = item["fullStatement"]?.stringValue ?? item["fullStatment"]?.stringValue
      #expect(Self.statements(loaded)[identifier] == statement, "\(identifier)")
    }
    // Every warning names its element and field; an export imports again to the same items.
    for w in result.details { #expect(!w.item.isEmpty && !w.field.isEmpty, "\(w)") }
    let again = try Framework.importCASE(
      JSONWriter.bytes(loaded.casePackage(timestamp: "2026-01-01T00:00:00Z")), file: "x")
    let dir = TemporaryDirectory()
    try again.framework.write(to: dir.file("again"))
    #expect(Self.statements(try Framework.load(from: dir.file("again"))) == Self.statements(loaded))
  }

  func warnings(_ fixture: CASEToolFixtures.Fixture) throws -> (Framework, [String]) {
    let (result, loaded) = try importAndValidate(fixture.text)
    return (loaded, result.warnings)
  }

  @Test func openSALT() throws {
    let (f, warnings) = try warnings(CASEToolFixtures.openSALT)
    #expect(f.languages == ["en"])
    #expect(f.description == nil)
    #expect(f.publisher == "Example Safeguarding Board")
    #expect(f.domains.map(\.id) == ["SG.1", "SG.2"])
    #expect(f.competencies.map(\.id) == ["SG.1.1", "SG.1.2", "SG.2.1"])
    #expect(f.competency("SG.1.2")?.domain == "SG.1")
    #expect(f.competency("SG.1.2")?.notes == "Applies to every agency")
    // An item of another framework on the same server becomes an external standard; a web page too.
    #expect(f.standards.map(\.title) == ["IG.3 Sharing personal information", "Case study: a home visit"])
    #expect(f.competency("SG.2.1")?.standards.map(\.relation) == [.exactMatch])
    #expect(f.competency("SG.1.1")?.associations.map(\.relation) == ["exemplar"])
    let document = "CFDocument c1a2e3d4-1111-4a5b-9c6d-000000000001"
    for expected in [
      "\(document): language: missing; the texts are taken to be English (en)",
      "\(document): officialSourceURL: not kept (this model has no field for it)",
      "\(document): adoptionStatus: not kept (this model has no field for it)",
      "CFItems[0] SG.1 (a0000000-0000-4000-8000-000000000001): listEnumeration: not kept (this model has no field for "
        + "it) (and 1 more like it: CFItems[1])",
      "CFAssociations[5] d0000000-0000-4000-8000-000000000006 from SG.2.1 (a0000000-0000-4000-8000-000000000005): "
        + "destinationNodeURI: e0000000-0000-4000-8000-000000000009 is not an item of this package; kept as an "
        + "external standard",
      "CFDefinitions.CFItemTypes[0] Standard Area (b0000000-0000-4000-8000-000000000001): CFItemTypes: item types are "
        + "not kept (this model has no CASE definitions) (and 1 more like it: CFDefinitions.CFItemTypes[1])",
    ] {
      #expect(warnings.contains(expected), "\(warnings.joined(separator: "\n"))")
    }
  }

  @Test func earlyOpenSALT() throws {
    let (f, warnings) = try warnings(CASEToolFixtures.earlyOpenSALT)
    #expect(f.domains.map(\.id) == ["CS.Community.6.A"])
    // Ordered by the sequence numbers written as strings.
    #expect(f.competencies.map(\.id) == ["CS.Community.6.A.1", "CS.Community.6.A.2"])
    #expect(f.competency("CS.Community.6.A.2")?.title.en == "Compare two ways of reporting a concern ≠ the same way.")
    // "Destination" nodes on the same server but outside the package: external standards.
    #expect(f.standards.map(\.id) == ["destination", "destination-2"])
    let text = warnings.joined(separator: "\n")
    #expect(text.contains("educationalLevel: not a CASE field; left out"))
    #expect(text.contains("CFItemAssociationURI: not a CASE field; left out"))
    #expect(text.contains("lastChangeDateTime: no time zone; read as UTC"))
    #expect(text.contains("sequenceNumber: a number written as a string; read as 1"))
    #expect(!text.contains("CFDocumentURI") && !text.contains("CFPackageURI"))
  }

  @Test func itemSpecification() throws {
    let (f, warnings) = try warnings(CASEToolFixtures.itemSpecification)
    #expect(f.domains.map(\.title.en) == ["Task Writing Guidelines"])
    #expect(f.competencies.map(\.title.en) == ["NA", "NA", f.competencies[2].title.en])
    #expect(f.competencies[0].id == "81c06c98-cc76-11e7-95e6-9d85ac47cd01")  // sequence 2 before 3
    #expect(f.competencies[2].title.en.contains("\r\n\r\nAll tasks"))
    #expect(f.competencies[2].domain == nil)
    #expect(
      warnings.contains(
        "CFItems[1] 81bef0ac-cc76-11e7-943b-9b9ed3d69b01: abbreviatedStatement: not kept (this model has no field for "
          + "it) (and 2 more like it: CFItems[2], CFItems[3])"), "\(warnings.joined(separator: "\n"))")
  }

  @Test func nullFields() throws {
    let (f, warnings) = try warnings(CASEToolFixtures.nullFields)
    #expect(f.languages == ["ja"])
    #expect(f.title.text("ja") == "地域安全学習指導要領")
    #expect(f.id == "case-d86774f2-1234-5678-9abc-def012345601")
    #expect(f.competencies.map(\.code) == ["A-1-(1)", "A-1-(2)"])
    #expect(f.competencies[0].associations == [Association(relation: "isPeerOf", target: f.competencies[1].id)])
    let text = warnings.joined(separator: "\n")
    // Nulls are absent fields: nothing to warn about.
    for field in [
      "alternativeLabel", "abbreviatedStatement", "frameworkType", "statusEndDate", "licenseURI", "extensions",
    ] {
      #expect(!text.contains(": \(field):"), "\(field)")
    }
    #expect(text.contains("identifier: not a UUID; kept as it is"))
    #expect(text.contains("CFAssociationGroupingURI: not kept"))
    #expect(text.contains("notes: not kept"))
    #expect(text.contains("CFSubjects: subjects are not kept"))
    #expect(text.contains("CFLicenses: licenses are not kept"))
    #expect(!text.contains("language:"))
  }

  @Test func cassAdapter() throws {
    let (f, warnings) = try warnings(CASEToolFixtures.cassAdapter)
    #expect(f.id == "partnership-working")
    #expect(f.domains.map(\.title.en) == ["Work with partner agencies"])
    #expect(f.competencies.map(\.id) == ["PW-2", "item-3"])
    #expect(f.competency("item-3")?.associations == [Association(relation: "exactMatchOf", target: "PW-2")])
    let text = warnings.joined(separator: "\n")
    #expect(text.contains("fullStatment: misspelt; read as the fullStatement"))
    #expect(text.contains("originNodeURI: no identifier; taken from the end of its uri"))
  }

  @Test func curriculumService() throws {
    let (f, warnings) = try warnings(CASEToolFixtures.curriculumService)
    #expect(f.languages == ["nn"])
    #expect(f.domains.isEmpty)
    #expect(f.competencies.map(\.id) == ["KM1648", "KM1649"])
    #expect(
      warnings.contains("CFDocument http://psi.example.no/ku/SAF01-04: humanCodingScheme: not a CASE field; left out"))
  }
}
