import Testing

/// Packages that the import refused, or turned into a framework validation then refused, before
/// "whatever `cpd framework import` accepts, `cpd framework validate` accepts" held; each with
/// the field its warning now names and a fragment of the warning.
enum CASERegressionCases {
  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    var text: String
    var field: String
    var warning: String

    var testDescription: String { name }
  }

  static let document = #""CFDocument": {"identifier": "5e7a3c8e-0c5b-4a40-9d53-8b8a0c1e2f01", "title": "Cases""#
  static let item = #"{"identifier": "0a1b2c3d-0000-4000-8000-000000000001", "fullStatement": "Plan engagement"}"#

  static let all: [Case] = [
    Case(
      name: "a CFDocument with an empty language and no description",
      text:
        #"{"CFDocument": {"identifier": "5e7a3c8e-0c5b-4a40-9d53-8b8a0c1e2f01", "title": "", "language": "", "version": ""}, "CFItems": [\#(item)]}"#,
      field: "language", warning: "empty; the texts are taken to be English (en)"),
    Case(
      name: "an empty description and a blank title",
      text:
        #"{"CFDocument": {"identifier": "5e7a3c8e-0c5b-4a40-9d53-8b8a0c1e2f01", "title": "  ", "description": "", "language": "cy"}, "CFItems": [\#(item)]}"#,
      field: "title", warning: "missing or empty; the framework is called \"Imported framework\""),
    Case(
      name: "an empty version",
      text: #"{\#(document), "version": " "}, "CFItems": [\#(item)]}"#, field: "", warning: ""),
    Case(
      name: "sourcedId in place of identifier, as some 1EdTech services write",
      text: #"{"CFDocument": {"sourcedId": "5e7a3c8e-0c5b-4a40-9d53-8b8a0c1e2f01", "title": "Cases"}, "CFItems": [{"sourcedId": "0a1b2c3d-0000-4000-8000-000000000001", "fullStatement": "Plan"}], "CFAssociations": [{"sourcedId": "a1", "associationType": "isChildOf", "originNodeURI": {"sourcedId": "0a1b2c3d-0000-4000-8000-000000000001"}, "destinationNodeURI": {"sourcedId": "5e7a3c8e-0c5b-4a40-9d53-8b8a0c1e2f01"}}]}"#,
      field: "sourcedId", warning: "read as the identifier, which is missing"),
    Case(
      name: "an item that is not an object",
      text: #"{\#(document)}, "CFItems": [\#(item), null]}"#, field: "CFItems",
      warning: "expected an object, found null; left out"),
    Case(
      name: "an item without an identifier",
      text: #"{\#(document)}, "CFItems": [{"fullStatement": "x", "humanCodingScheme": "X.1"}]}"#, field: "identifier",
      warning: "missing; the item is left out"),
    Case(
      name: "an item with the document's identifier",
      text:
        #"{\#(document)}, "CFItems": [{"identifier": "5E7A3C8E-0C5B-4A40-9D53-8B8A0C1E2F01", "fullStatement": "x"}]}"#,
      field: "identifier", warning: "the CFDocument's identifier; the item is left out"),
    Case(
      name: "two items with one identifier, in different case",
      text:
        #"{\#(document)}, "CFItems": [\#(item), {"identifier": "0A1B2C3D-0000-4000-8000-000000000001", "fullStatement": "y"}]}"#,
      field: "identifier",
      warning: "a second item with identifier 0A1B2C3D-0000-4000-8000-000000000001 (the first is CFItems[0]); left out"),
    Case(
      name: "an isChildOf to an item the package does not have",
      text:
        #"{\#(document)}, "CFItems": [\#(item)], "CFAssociations": [{"associationType": "isChildOf", "originNodeURI": {"identifier": "0a1b2c3d-0000-4000-8000-000000000001"}, "destinationNodeURI": {"identifier": "i9"}}]}"#,
      field: "destinationNodeURI", warning: "parent i9 is not in this package; the item is placed at the top"),
    Case(
      name: "an association to an item of the same server that the package does not have",
      text:
        #"{"CFDocument": {"identifier": "d1", "uri": "https://h/ims/case/v1p0/CFDocuments/d1"}, "CFItems": [\#(item)], "CFAssociations": [{"associationType": "exactMatchOf", "originNodeURI": {"identifier": "0a1b2c3d-0000-4000-8000-000000000001"}, "destinationNodeURI": {"identifier": "i9", "uri": "https://h/ims/case/v1p0/CFItems/i9"}}]}"#,
      field: "destinationNodeURI", warning: "i9 is not an item of this package; kept as an external standard"),
    Case(
      name: "an association from an item the package does not have",
      text:
        #"{\#(document)}, "CFItems": [\#(item)], "CFAssociations": [{"associationType": "precedes", "originNodeURI": {"identifier": "i9"}, "destinationNodeURI": {"identifier": "0a1b2c3d-0000-4000-8000-000000000001"}}]}"#,
      field: "originNodeURI", warning: "i9 is not an item of this package; the association is kept as it is"),
    Case(
      name: "an association without its destination",
      text:
        #"{\#(document)}, "CFItems": [\#(item)], "CFAssociations": [{"associationType": "precedes", "originNodeURI": {"identifier": "0a1b2c3d-0000-4000-8000-000000000001"}, "destinationNodeURI": {"title": "somewhere"}}]}"#,
      field: "destinationNodeURI", warning: "missing, or without an identifier or uri; the association is left out"),
    Case(
      name: "a node identifier with spaces around it",
      text:
        #"{\#(document)}, "CFItems": [\#(item)], "CFAssociations": [{"associationType": "isChildOf", "originNodeURI": {"identifier": " 0a1b2c3d-0000-4000-8000-000000000001 "}, "destinationNodeURI": {"identifier": "5e7a3c8e-0c5b-4a40-9d53-8b8a0c1e2f01"}, "sequenceNumber": "x"}]}"#,
      field: "sequenceNumber", warning: "not a whole number; the order of the document is used"),
    Case(
      name: "isChildOf associations in a loop",
      text:
        #"{\#(document)}, "CFItems": [{"identifier": "a", "fullStatement": "A"}, {"identifier": "b", "fullStatement": "B"}], "CFAssociations": [{"associationType": "isChildOf", "originNodeURI": {"identifier": "a"}, "destinationNodeURI": {"identifier": "b"}}, {"associationType": "isChildOf", "originNodeURI": {"identifier": "b"}, "destinationNodeURI": {"identifier": "a"}}]}"#,
      field: "destinationNodeURI", warning: "isChildOf associations loop (a → b → a); a is placed at the top"),
    Case(
      name: "an item that is its own parent",
      text:
        #"{\#(document)}, "CFItems": [{"identifier": "a", "fullStatement": "A"}], "CFAssociations": [{"associationType": "isChildOf", "originNodeURI": {"identifier": "a"}, "destinationNodeURI": {"identifier": "a"}}]}"#,
      field: "destinationNodeURI", warning: "the item is its own parent"),
    Case(
      name: "an empty associationType",
      text:
        #"{\#(document)}, "CFItems": [{"identifier": "a", "fullStatement": "A"}, {"identifier": "b", "fullStatement": "B"}], "CFAssociations": [{"associationType": "", "originNodeURI": {"identifier": "a"}, "destinationNodeURI": {"identifier": "b"}}]}"#,
      field: "associationType", warning: "missing; the association is left out"),
    Case(
      name: "a destination outside the package with an empty title and no letters to make an id of",
      text:
        #"{\#(document)}, "CFItems": [\#(item)], "CFAssociations": [{"associationType": "exactMatchOf", "originNodeURI": {"identifier": "0a1b2c3d-0000-4000-8000-000000000001"}, "destinationNodeURI": {"identifier": "Ä/1 ×", "title": "", "uri": "https://elsewhere.example.com/Ä/1 ×"}}]}"#,
      field: "", warning: ""),
    Case(
      name: "a human coding scheme that is the id another item falls back to",
      text:
        #"{\#(document)}, "CFItems": [{"identifier": "x y", "fullStatement": "A", "humanCodingScheme": "item-2"}, {"identifier": "x z", "fullStatement": "B", "humanCodingScheme": "B 1"}]}"#,
      field: "identifier", warning: "not a UUID"),
    Case(
      name: "no statement at all: blank fullStatement and abbreviatedStatement",
      text:
        #"{\#(document)}, "CFItems": [{"identifier": "0a1b2c3d-0000-4000-8000-000000000001", "fullStatement": " ", "abbreviatedStatement": ""}]}"#,
      field: "fullStatement", warning: "empty; the identifier is used as its statement"),
    Case(
      name: "a document title and identifier without the letters an id is made of",
      text: #"{"CFDocument": {"identifier": "Ä/606 ×", "title": "高等学校学習指導要領"}, "CFItems": [\#(item)]}"#,
      field: "identifier", warning: "not a UUID"),
    Case(
      name: "a duplicate key inside an association kept as it is",
      text:
        #"{\#(document)}, "CFItems": [\#(item)], "CFAssociations": [{"identifier": "a1", "identifier": "a1", "associationType": "precedes", "originNodeURI": {"identifier": "e1", "uri": "https://elsewhere.example.com/e1"}, "destinationNodeURI": {"identifier": "0a1b2c3d-0000-4000-8000-000000000001"}}]}"#,
      field: "identifier", warning: "given twice; the first is read"),
    Case(
      name: "this tool's extension with languages given twice or empty",
      text:
        #"{\#(document), "extensions": {"cpd": {"languages": ["en", "", "en", "CY"], "title": {"en": " ", "cy": "Achosion"}}}}, "CFItems": [{"identifier": "0a1b2c3d-0000-4000-8000-000000000001", "fullStatement": "Plan", "extensions": {"cpd": {"title": {"en": " "}}}}]}"#,
      field: "", warning: ""),
    Case(
      name: "this tool's extension with a rationale whose country is not its source's",
      text:
        #"{\#(document), "extensions": {"cpd": {"sources": [{"id": "s1", "title": "Survey", "country": "wales"}, {"id": "s1", "title": "Again", "country": "uk"}]}}}, "CFItems": [{"identifier": "0a1b2c3d-0000-4000-8000-000000000001", "fullStatement": "Plan", "notes": "Why", "extensions": {"cpd": {"rationale": {"text": {"en": "Why"}, "source": "s1", "country": "scotland"}}}}]}"#,
      field: "extensions.cpd.rationale", warning: "not a sourced rationale"),
  ]
}
