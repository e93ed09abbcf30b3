import Competency
import Interchange
import JSON
import TestSupport
import Testing

/// Whatever we read, what we write is a conformant CASE 1.0 package (CASEConformance states the
/// rules). The packages we read may break them: a CASE server's own early exports do.
@Suite struct CASEConformanceTests {
  @Test func exportsOfOurFrameworksConform() throws {
    for framework in [MiniFramework.load(), try Framework.load(from: shippedFrameworkPath)] {
      let problems = CASEConformance.problems(framework.casePackage(timestamp: "2026-11-21T10:00:00Z"))
      #expect(problems.isEmpty, "\(framework.id): \(problems.prefix(5))")
    }
  }

  /// The shape of an early CASE server export: times without a zone, a sequence number written
  /// as text, associations from a top-level item (which this model keeps as they are) with no
  /// uri, a node link with a member CASE 1.0 does not have, an identifier that is not a UUID and
  /// an association type CASE does not define.
  static let early = #"""
    {"CFDocument": {"identifier": "6f1c2a52-7d0e-4c57-9a43-0f6a3c1d2b10", "uri": "http://case.example.org/uri/6f1c2a52-7d0e-4c57-9a43-0f6a3c1d2b10",
                    "creator": "Outreach team", "title": "Outreach", "lastChangeDateTime": "2021-03-04T05:06:07",
                    "CFPackageURI": "http://case.example.org/uri/6f1c2a52-7d0e-4c57-9a43-0f6a3c1d2b10"},
     "CFItems": [
       {"identifier": "0c6f7f0e-1d1b-4f8e-9a55-6c1f4b7e2a01", "fullStatement": "Engagement", "humanCodingScheme": "E",
        "uri": "http://case.example.org/uri/0c6f7f0e-1d1b-4f8e-9a55-6c1f4b7e2a01", "lastChangeDateTime": "2021-03-04T05:06:07",
        "CFDocumentURI": "http://case.example.org/uri/6f1c2a52-7d0e-4c57-9a43-0f6a3c1d2b10"},
       {"identifier": "0c6f7f0e-1d1b-4f8e-9a55-6c1f4b7e2a02", "fullStatement": "Plan a visit", "humanCodingScheme": "E.1",
        "uri": "http://case.example.org/uri/0c6f7f0e-1d1b-4f8e-9a55-6c1f4b7e2a02", "lastChangeDateTime": "2021-03-04T05:06:07"},
       {"identifier": "E 2", "fullStatement": "Record a visit", "humanCodingScheme": "E.2", "lastChangeDateTime": "2021-03-04T05:06:07"}
     ],
     "CFAssociations": [
       {"identifier": "a1", "associationType": "isChildOf", "sequenceNumber": "1", "lastChangeDateTime": "2021-03-04T05:06:07",
        "originNodeURI": {"title": "Origin", "identifier": "0c6f7f0e-1d1b-4f8e-9a55-6c1f4b7e2a02", "uri": "http://case.example.org/uri/0c6f7f0e-1d1b-4f8e-9a55-6c1f4b7e2a02"},
        "destinationNodeURI": {"title": "E", "identifier": "0c6f7f0e-1d1b-4f8e-9a55-6c1f4b7e2a01", "uri": "http://case.example.org/uri/0c6f7f0e-1d1b-4f8e-9a55-6c1f4b7e2a01"}},
       {"identifier": "a2", "associationType": "isChildOf", "lastChangeDateTime": "2021-03-04T05:06:07",
        "originNodeURI": {"identifier": "E 2"}, "destinationNodeURI": {"identifier": "0c6f7f0e-1d1b-4f8e-9a55-6c1f4b7e2a01"}},
       {"identifier": "a3", "associationType": "exactMatchOf", "sequenceNumber": "2", "lastChangeDateTime": "2021-03-04T05:06:07",
        "CFDocumentURI": "http://case.example.org/uri/6f1c2a52-7d0e-4c57-9a43-0f6a3c1d2b10",
        "originNodeURI": {"title": "Origin", "identifier": "0c6f7f0e-1d1b-4f8e-9a55-6c1f4b7e2a01", "uri": "http://case.example.org/uri/0c6f7f0e-1d1b-4f8e-9a55-6c1f4b7e2a01"},
        "destinationNodeURI": {"title": "Destination", "identifier": "77a0c1de-5e1f-5a0b-8c2d-3e4f5a6b7c8d", "targetType": "CASE",
                               "uri": "http://case.example.org/uri/77a0c1de-5e1f-5a0b-8c2d-3e4f5a6b7c8d"}},
       {"identifier": "a4", "associationType": "exemplar", "lastChangeDateTime": "2021-03-04",
        "originNodeURI": {"identifier": "0c6f7f0e-1d1b-4f8e-9a55-6c1f4b7e2a01"},
        "destinationNodeURI": {"title": "A worked visit plan", "identifier": "visit plan 7", "uri": "http://case.example.org/uri/https://examples.example.org/visit plan"}},
       {"identifier": "a5", "associationType": "hasPart", "lastChangeDateTime": "2021-03-04T05:06:07",
        "originNodeURI": {"identifier": "0c6f7f0e-1d1b-4f8e-9a55-6c1f4b7e2a02"}, "destinationNodeURI": {"identifier": "E 2"}}
     ]}
    """#

  @Test func exportOfAnEarlyCASEPackageConforms() throws {
    let imported = try Framework.importCASE(Array(Self.early.utf8), file: "early.json").framework
    let dir = TemporaryDirectory()
    try imported.write(to: dir.file("early"))
    let loaded = try Framework.load(from: dir.file("early"))
    let exported = loaded.casePackage(timestamp: "2026-11-21T10:00:00Z")
    let problems = CASEConformance.problems(exported)
    #expect(problems.isEmpty, "\(problems)")

    // Nothing is lost on the way: importing the export again gives the same framework.
    let again = try Framework.importCASE(JSONWriter.bytes(exported), file: "export.json").framework
    #expect(again.domains.map(\.caseIdentifier) == loaded.domains.map(\.caseIdentifier))
    #expect(again.competencies.map(\.caseIdentifier) == loaded.competencies.map(\.caseIdentifier))
    #expect(again.competencies.map(\.associations) == loaded.competencies.map(\.associations))
    #expect(again.competencies.first?.associations == [Association(relation: "hasPart", target: "E.2", framework: nil)])
    #expect(again.caseAssociations.count == loaded.caseAssociations.count)
    // The associations kept as they were still join the same two nodes, with the same type.
    func ends(_ f: Framework) -> [String] {
      f.caseAssociations.map { a in
        [a["originNodeURI"]?["identifier"], a["associationType"], a["destinationNodeURI"]?["identifier"]]
          .map { $0?.stringValue ?? "-" }.joined(separator: " | ")
      }
    }
    #expect(ends(again) == ends(loaded))
  }

  /// Our extension gives back an identifier the export replaced, but only one no other item has:
  /// two items must not end up known by one identifier.
  @Test func anIdentifierIsGivenBackOnce() throws {
    let text = #"""
      {"CFDocument": {"identifier": "6f1c2a52-7d0e-4c57-9a43-0f6a3c1d2b10", "title": "Twice"},
       "CFItems": [
         {"identifier": "0c6f7f0e-1d1b-4f8e-9a55-6c1f4b7e2a01", "fullStatement": "One", "extensions": {"cpd": {"caseIdentifier": "x-1"}}},
         {"identifier": "0c6f7f0e-1d1b-4f8e-9a55-6c1f4b7e2a02", "fullStatement": "Two", "extensions": {"cpd": {"caseIdentifier": "X-1"}}},
         {"identifier": "0c6f7f0e-1d1b-4f8e-9a55-6c1f4b7e2a03", "fullStatement": "Three",
          "extensions": {"cpd": {"caseIdentifier": "0c6f7f0e-1d1b-4f8e-9a55-6c1f4b7e2a01"}}}
       ]}
      """#
    let f = try Framework.importCASE(Array(text.utf8), file: "twice.json").framework
    #expect(
      f.competencies.map(\.caseIdentifier) == [
        "x-1", "0c6f7f0e-1d1b-4f8e-9a55-6c1f4b7e2a02", "0c6f7f0e-1d1b-4f8e-9a55-6c1f4b7e2a03",
      ])
  }

  @Test(arguments: [
    ("2021-03-04T05:06:07Z", true), ("2021-03-04T05:06:07.25+01:00", true), ("2021-03-04T05:06:07", false),
    ("2021-02-29T05:06:07Z", false), ("2021-03-04 05:06:07Z", false), ("2021-03-04", false),
  ])
  func dateTimeNeedsAZone(text: String, conforms: Bool) {
    #expect((CASEConformance.dateTime(.string(text)) == nil) == conforms)
  }

  @Test(arguments: [
    ("urn:cpd:case:x/CFItems/1", true), ("https://example.org/a%20b", true), ("visit plan", false),
    ("https://example.org/a b", false), ("//example.org/x", false),
  ])
  func uriMustBeAbsolute(text: String, conforms: Bool) {
    #expect((CASEConformance.uri(.string(text)) == nil) == conforms)
  }
}
