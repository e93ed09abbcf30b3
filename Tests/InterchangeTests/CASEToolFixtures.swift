/// Hand-written CFPackages in the shapes other CASE tools write, for the import to be tried on.
/// The content is invented; the shapes follow public examples of each tool's output: OpenSALT's
/// own test packages and an early OpenSALT export kept in its repository, item specifications
/// served by an OpenSALT instance (as a client's test data shows them), a CASE 1.1 server that
/// writes every absent field as null, a CaSS-style adapter, and a curriculum service that wraps
/// its own identifiers as CFItems.
enum CASEToolFixtures {
  struct Fixture: Sendable {
    var name: String
    var text: String
  }

  static let all = [openSALT, earlyOpenSALT, itemSpecification, nullFields, cassAdapter, curriculumService]

  /// OpenSALT's CASE 1.0 export: `.../ims/case/v1p0/CFItems/<id>` addresses, timestamps with an
  /// offset, item types with CFItemTypeURI and their CFDefinitions, sequence numbers, a document
  /// with no language and no description, an exactMatchOf to an item of another framework on the
  /// same server and an exemplar pointing to a web page.
  static let openSALT = Fixture(
    name: "OpenSALT 1.0 export",
    text: #"""
      {
        "CFDocument": {
          "uri": "https://salt.example.org/ims/case/v1p0/CFDocuments/c1a2e3d4-1111-4a5b-9c6d-000000000001",
          "identifier": "c1a2e3d4-1111-4a5b-9c6d-000000000001",
          "lastChangeDateTime": "2024-02-12T09:15:02+00:00",
          "creator": "Example Safeguarding Board",
          "title": "Safeguarding Practice Standards",
          "officialSourceURL": "https://board.example.org/standards.pdf",
          "publisher": "Example Safeguarding Board",
          "subject": ["Safeguarding"],
          "adoptionStatus": "Adopted",
          "notes": "Imported from the 2023 spreadsheet",
          "CFPackageURI": {
            "title": "Safeguarding Practice Standards",
            "identifier": "c1a2e3d4-1111-4a5b-9c6d-000000000001",
            "uri": "https://salt.example.org/ims/case/v1p0/CFPackages/c1a2e3d4-1111-4a5b-9c6d-000000000001"
          }
        },
        "CFItems": [
          {
            "uri": "https://salt.example.org/ims/case/v1p0/CFItems/a0000000-0000-4000-8000-000000000001",
            "identifier": "a0000000-0000-4000-8000-000000000001",
            "lastChangeDateTime": "2024-02-12T09:15:02+00:00",
            "fullStatement": "Recognising abuse and neglect",
            "humanCodingScheme": "SG.1",
            "listEnumeration": "1",
            "CFItemType": "Standard Area",
            "CFItemTypeURI": {
              "title": "Standard Area",
              "identifier": "b0000000-0000-4000-8000-000000000001",
              "uri": "https://salt.example.org/ims/case/v1p0/CFItemTypes/b0000000-0000-4000-8000-000000000001"
            },
            "CFDocumentURI": {
              "title": "Safeguarding Practice Standards",
              "identifier": "c1a2e3d4-1111-4a5b-9c6d-000000000001",
              "uri": "https://salt.example.org/ims/case/v1p0/CFDocuments/c1a2e3d4-1111-4a5b-9c6d-000000000001"
            }
          },
          {
            "uri": "https://salt.example.org/ims/case/v1p0/CFItems/a0000000-0000-4000-8000-000000000002",
            "identifier": "a0000000-0000-4000-8000-000000000002",
            "lastChangeDateTime": "2024-02-12T09:16:40+00:00",
            "fullStatement": "Identify the signs of neglect in a home visit",
            "humanCodingScheme": "SG.1.1",
            "listEnumeration": "a",
            "language": "en",
            "CFItemType": "Standard",
            "CFItemTypeURI": {
              "title": "Standard",
              "identifier": "b0000000-0000-4000-8000-000000000002",
              "uri": "https://salt.example.org/ims/case/v1p0/CFItemTypes/b0000000-0000-4000-8000-000000000002"
            }
          },
          {
            "uri": "https://salt.example.org/ims/case/v1p0/CFItems/a0000000-0000-4000-8000-000000000003",
            "identifier": "a0000000-0000-4000-8000-000000000003",
            "lastChangeDateTime": "2024-02-12T09:17:05+00:00",
            "fullStatement": "Record concerns accurately and promptly",
            "humanCodingScheme": "SG.1.2",
            "notes": "Applies to every agency",
            "CFItemType": "Standard"
          },
          {
            "uri": "https://salt.example.org/ims/case/v1p0/CFItems/a0000000-0000-4000-8000-000000000004",
            "identifier": "a0000000-0000-4000-8000-000000000004",
            "lastChangeDateTime": "2024-02-12T09:18:11+00:00",
            "fullStatement": "Sharing information",
            "humanCodingScheme": "SG.2",
            "CFItemType": "Standard Area"
          },
          {
            "uri": "https://salt.example.org/ims/case/v1p0/CFItems/a0000000-0000-4000-8000-000000000005",
            "identifier": "a0000000-0000-4000-8000-000000000005",
            "lastChangeDateTime": "2024-02-12T09:18:59+00:00",
            "fullStatement": "Share information lawfully, with consent where it is needed",
            "humanCodingScheme": "SG.2.1",
            "CFItemType": "Standard",
            "educationLevel": ["AD"]
          }
        ],
        "CFAssociations": [
          {
            "uri": "https://salt.example.org/ims/case/v1p0/CFAssociations/d0000000-0000-4000-8000-000000000001",
            "identifier": "d0000000-0000-4000-8000-000000000001",
            "lastChangeDateTime": "2024-02-12T09:15:02+00:00",
            "associationType": "isChildOf",
            "sequenceNumber": 1,
            "originNodeURI": {
              "title": "Recognising abuse and neglect",
              "identifier": "a0000000-0000-4000-8000-000000000001",
              "uri": "https://salt.example.org/ims/case/v1p0/CFItems/a0000000-0000-4000-8000-000000000001"
            },
            "destinationNodeURI": {
              "title": "Safeguarding Practice Standards",
              "identifier": "c1a2e3d4-1111-4a5b-9c6d-000000000001",
              "uri": "https://salt.example.org/ims/case/v1p0/CFDocuments/c1a2e3d4-1111-4a5b-9c6d-000000000001"
            },
            "CFDocumentURI": {
              "title": "Safeguarding Practice Standards",
              "identifier": "c1a2e3d4-1111-4a5b-9c6d-000000000001",
              "uri": "https://salt.example.org/ims/case/v1p0/CFDocuments/c1a2e3d4-1111-4a5b-9c6d-000000000001"
            }
          },
          {
            "uri": "https://salt.example.org/ims/case/v1p0/CFAssociations/d0000000-0000-4000-8000-000000000002",
            "identifier": "d0000000-0000-4000-8000-000000000002",
            "lastChangeDateTime": "2024-02-12T09:16:40+00:00",
            "associationType": "isChildOf",
            "sequenceNumber": 2,
            "originNodeURI": {
              "title": "Record concerns accurately and promptly",
              "identifier": "a0000000-0000-4000-8000-000000000003",
              "uri": "https://salt.example.org/ims/case/v1p0/CFItems/a0000000-0000-4000-8000-000000000003"
            },
            "destinationNodeURI": {
              "title": "Recognising abuse and neglect",
              "identifier": "a0000000-0000-4000-8000-000000000001",
              "uri": "https://salt.example.org/ims/case/v1p0/CFItems/a0000000-0000-4000-8000-000000000001"
            }
          },
          {
            "uri": "https://salt.example.org/ims/case/v1p0/CFAssociations/d0000000-0000-4000-8000-000000000003",
            "identifier": "d0000000-0000-4000-8000-000000000003",
            "lastChangeDateTime": "2024-02-12T09:16:41+00:00",
            "associationType": "isChildOf",
            "sequenceNumber": 1,
            "originNodeURI": {
              "title": "Identify the signs of neglect in a home visit",
              "identifier": "a0000000-0000-4000-8000-000000000002",
              "uri": "https://salt.example.org/ims/case/v1p0/CFItems/a0000000-0000-4000-8000-000000000002"
            },
            "destinationNodeURI": {
              "title": "Recognising abuse and neglect",
              "identifier": "a0000000-0000-4000-8000-000000000001",
              "uri": "https://salt.example.org/ims/case/v1p0/CFItems/a0000000-0000-4000-8000-000000000001"
            }
          },
          {
            "uri": "https://salt.example.org/ims/case/v1p0/CFAssociations/d0000000-0000-4000-8000-000000000004",
            "identifier": "d0000000-0000-4000-8000-000000000004",
            "lastChangeDateTime": "2024-02-12T09:18:11+00:00",
            "associationType": "isChildOf",
            "sequenceNumber": 2,
            "originNodeURI": {
              "title": "Sharing information",
              "identifier": "a0000000-0000-4000-8000-000000000004",
              "uri": "https://salt.example.org/ims/case/v1p0/CFItems/a0000000-0000-4000-8000-000000000004"
            },
            "destinationNodeURI": {
              "title": "Safeguarding Practice Standards",
              "identifier": "c1a2e3d4-1111-4a5b-9c6d-000000000001",
              "uri": "https://salt.example.org/ims/case/v1p0/CFDocuments/c1a2e3d4-1111-4a5b-9c6d-000000000001"
            }
          },
          {
            "uri": "https://salt.example.org/ims/case/v1p0/CFAssociations/d0000000-0000-4000-8000-000000000005",
            "identifier": "d0000000-0000-4000-8000-000000000005",
            "lastChangeDateTime": "2024-02-12T09:18:59+00:00",
            "associationType": "isChildOf",
            "sequenceNumber": 1,
            "originNodeURI": {
              "title": "Share information lawfully, with consent where it is needed",
              "identifier": "a0000000-0000-4000-8000-000000000005",
              "uri": "https://salt.example.org/ims/case/v1p0/CFItems/a0000000-0000-4000-8000-000000000005"
            },
            "destinationNodeURI": {
              "title": "Sharing information",
              "identifier": "a0000000-0000-4000-8000-000000000004",
              "uri": "https://salt.example.org/ims/case/v1p0/CFItems/a0000000-0000-4000-8000-000000000004"
            }
          },
          {
            "uri": "https://salt.example.org/ims/case/v1p0/CFAssociations/d0000000-0000-4000-8000-000000000006",
            "identifier": "d0000000-0000-4000-8000-000000000006",
            "lastChangeDateTime": "2024-02-13T14:02:00+00:00",
            "associationType": "exactMatchOf",
            "originNodeURI": {
              "title": "Share information lawfully, with consent where it is needed",
              "identifier": "a0000000-0000-4000-8000-000000000005",
              "uri": "https://salt.example.org/ims/case/v1p0/CFItems/a0000000-0000-4000-8000-000000000005"
            },
            "destinationNodeURI": {
              "title": "IG.3 Sharing personal information",
              "identifier": "e0000000-0000-4000-8000-000000000009",
              "uri": "https://salt.example.org/ims/case/v1p0/CFItems/e0000000-0000-4000-8000-000000000009"
            }
          },
          {
            "uri": "https://salt.example.org/ims/case/v1p0/CFAssociations/d0000000-0000-4000-8000-000000000007",
            "identifier": "d0000000-0000-4000-8000-000000000007",
            "lastChangeDateTime": "2024-02-13T14:05:00+00:00",
            "associationType": "exemplar",
            "originNodeURI": {
              "title": "Identify the signs of neglect in a home visit",
              "identifier": "a0000000-0000-4000-8000-000000000002",
              "uri": "https://salt.example.org/ims/case/v1p0/CFItems/a0000000-0000-4000-8000-000000000002"
            },
            "destinationNodeURI": {
              "title": "Case study: a home visit",
              "identifier": "f0000000-0000-5000-8000-000000000001",
              "uri": "https://learning.example.org/case-studies/home-visit"
            }
          }
        ],
        "CFDefinitions": {
          "CFConcepts": [],
          "CFSubjects": [],
          "CFLicenses": [],
          "CFItemTypes": [
            {
              "uri": "https://salt.example.org/ims/case/v1p0/CFItemTypes/b0000000-0000-4000-8000-000000000001",
              "identifier": "b0000000-0000-4000-8000-000000000001",
              "lastChangeDateTime": "2024-01-30T10:00:00+00:00",
              "title": "Standard Area",
              "description": "Standard Area",
              "typeCode": "Standard Area",
              "hierarchyCode": "1"
            },
            {
              "uri": "https://salt.example.org/ims/case/v1p0/CFItemTypes/b0000000-0000-4000-8000-000000000002",
              "identifier": "b0000000-0000-4000-8000-000000000002",
              "lastChangeDateTime": "2024-01-30T10:00:00+00:00",
              "title": "Standard",
              "description": "Standard",
              "typeCode": "Standard",
              "hierarchyCode": "1.1"
            }
          ],
          "CFAssociationGroupings": []
        }
      }
      """#)

  /// An early OpenSALT export (2017): `http://host/uri/<id>` addresses for everything, links to
  /// the document as bare strings, timestamps without a time zone, sequence numbers as strings,
  /// an `educationalLevel` string instead of `educationLevel`, `CFItemAssociationURI`, external
  /// nodes titled "Destination", and null descriptions in the item types.
  static let earlyOpenSALT = Fixture(
    name: "early OpenSALT export",
    text: #"""
      {
          "CFDocument":
              {
              "identifier": "7d1c5e20-3f1a-4b8e-9a61-2c7f0e9b4d10",
              "uri": "http:\/\/salt-staging.example.com\/uri\/7d1c5e20-3f1a-4b8e-9a61-2c7f0e9b4d10",
              "creator": "A. Author",
              "title": "What Community Standards Could Be",
                                              "adoptionStatus": "Draft",              "lastChangeDateTime": "2017-05-25T18:05:33",
                      "CFPackageURI": "http:\/\/salt-staging.example.com\/uri\/7d1c5e20-3f1a-4b8e-9a61-2c7f0e9b4d10"
          }
          ,"CFItems": [
                                              {
              "CFDocumentURI": "http:\/\/salt-staging.example.com\/uri\/7d1c5e20-3f1a-4b8e-9a61-2c7f0e9b4d10",
              "identifier": "11111111-aaaa-4bbb-8ccc-000000000001",
              "uri": "http:\/\/salt-staging.example.com\/uri\/11111111-aaaa-4bbb-8ccc-000000000001","fullStatement": "Understand how communities keep each other safe.",            "humanCodingScheme": "CS.Community.6.A",
                                                          "language": "en",
                                  "educationalLevel": "06",
                                  "CFItemType": "Cluster",
                  "CFItemTypeURI": {
                      "title": "Cluster",
                      "identifier": "22222222-aaaa-4bbb-8ccc-000000000001",
                      "uri": "http:\/\/salt-staging.example.com\/uri\/22222222-aaaa-4bbb-8ccc-000000000001"
                  },
                              "lastChangeDateTime": "2017-05-25T18:05:33",
              "CFItemAssociationURI": "http:\/\/salt-staging.example.com\/uri\/11111111-aaaa-4bbb-8ccc-000000000001\/associations"
          }
                                  ,                                    {
              "CFDocumentURI": "http:\/\/salt-staging.example.com\/uri\/7d1c5e20-3f1a-4b8e-9a61-2c7f0e9b4d10",
              "identifier": "11111111-aaaa-4bbb-8ccc-000000000002",
              "uri": "http:\/\/salt-staging.example.com\/uri\/11111111-aaaa-4bbb-8ccc-000000000002","fullStatement": "Describe a neighbourhood watch scheme and who takes part in it.",            "humanCodingScheme": "CS.Community.6.A.1",
                                  "listEnumeration": "1.",
                                                  "notes": "For example, \"who would you call if a neighbour's door was open at night?\"",
                                  "language": "en",
                                  "educationalLevel": "06",
                                  "CFItemType": "Standard",
                              "lastChangeDateTime": "2017-05-25T18:05:29",
              "CFItemAssociationURI": "http:\/\/salt-staging.example.com\/uri\/11111111-aaaa-4bbb-8ccc-000000000002\/associations"
          }
                                  ,                                    {
              "CFDocumentURI": "http:\/\/salt-staging.example.com\/uri\/7d1c5e20-3f1a-4b8e-9a61-2c7f0e9b4d10",
              "identifier": "11111111-aaaa-4bbb-8ccc-000000000003",
              "uri": "http:\/\/salt-staging.example.com\/uri\/11111111-aaaa-4bbb-8ccc-000000000003","fullStatement": "Compare two ways of reporting a concern \u2260 the same way.",            "humanCodingScheme": "CS.Community.6.A.2",
                                  "listEnumeration": "2.",
                                  "language": "en",
                                  "educationalLevel": "06",
                                  "CFItemType": "Standard",
                              "lastChangeDateTime": "2017-05-25T18:05:29"
          }
                          ]    ,"CFAssociations": [
                                              {
              "CFDocumentURI": "http:\/\/salt-staging.example.com\/uri\/7d1c5e20-3f1a-4b8e-9a61-2c7f0e9b4d10",         "identifier": "33333333-aaaa-4bbb-8ccc-000000000001",
              "uri": "http:\/\/salt-staging.example.com\/uri\/33333333-aaaa-4bbb-8ccc-000000000001",
                                  "sequenceNumber": "1",
              "originNodeURI": {
                  "title": "Origin",
                  "identifier": "11111111-aaaa-4bbb-8ccc-000000000001",
                  "uri": "http:\/\/salt-staging.example.com\/uri\/11111111-aaaa-4bbb-8ccc-000000000001"
              },
              "associationType": "isChildOf",
              "destinationNodeURI": {
                  "title": "What Community Standards Could Be",
                  "identifier": "7d1c5e20-3f1a-4b8e-9a61-2c7f0e9b4d10",
                  "uri": "http:\/\/salt-staging.example.com\/uri\/7d1c5e20-3f1a-4b8e-9a61-2c7f0e9b4d10"
              },
              "lastChangeDateTime": "2017-05-25T18:05:33"
          }
                                  ,                                    {
              "CFDocumentURI": "http:\/\/salt-staging.example.com\/uri\/7d1c5e20-3f1a-4b8e-9a61-2c7f0e9b4d10",         "identifier": "33333333-aaaa-4bbb-8ccc-000000000002",
              "uri": "http:\/\/salt-staging.example.com\/uri\/33333333-aaaa-4bbb-8ccc-000000000002",
                                  "sequenceNumber": "2",
              "originNodeURI": {
                  "title": "Origin",
                  "identifier": "11111111-aaaa-4bbb-8ccc-000000000003",
                  "uri": "http:\/\/salt-staging.example.com\/uri\/11111111-aaaa-4bbb-8ccc-000000000003"
              },
              "associationType": "isChildOf",
              "destinationNodeURI": {
                  "title": "CS.Community.6.A",
                  "identifier": "11111111-aaaa-4bbb-8ccc-000000000001",
                  "uri": "http:\/\/salt-staging.example.com\/uri\/11111111-aaaa-4bbb-8ccc-000000000001"
              },
              "lastChangeDateTime": "2017-05-25T18:05:33"
          }
                                  ,                                    {
              "CFDocumentURI": "http:\/\/salt-staging.example.com\/uri\/7d1c5e20-3f1a-4b8e-9a61-2c7f0e9b4d10",         "identifier": "33333333-aaaa-4bbb-8ccc-000000000003",
              "uri": "http:\/\/salt-staging.example.com\/uri\/33333333-aaaa-4bbb-8ccc-000000000003",
                                  "sequenceNumber": "1",
              "originNodeURI": {
                  "title": "Origin",
                  "identifier": "11111111-aaaa-4bbb-8ccc-000000000002",
                  "uri": "http:\/\/salt-staging.example.com\/uri\/11111111-aaaa-4bbb-8ccc-000000000002"
              },
              "associationType": "isChildOf",
              "destinationNodeURI": {
                  "title": "CS.Community.6.A",
                  "identifier": "11111111-aaaa-4bbb-8ccc-000000000001",
                  "uri": "http:\/\/salt-staging.example.com\/uri\/11111111-aaaa-4bbb-8ccc-000000000001"
              },
              "lastChangeDateTime": "2017-05-25T18:05:33"
          }
                                  ,                                    {
              "CFDocumentURI": "http:\/\/salt-staging.example.com\/uri\/7d1c5e20-3f1a-4b8e-9a61-2c7f0e9b4d10",         "identifier": "33333333-aaaa-4bbb-8ccc-000000000004",
              "uri": "http:\/\/salt-staging.example.com\/uri\/33333333-aaaa-4bbb-8ccc-000000000004",
                      "originNodeURI": {
                  "title": "Origin",
                  "identifier": "11111111-aaaa-4bbb-8ccc-000000000002",
                  "uri": "http:\/\/salt-staging.example.com\/uri\/11111111-aaaa-4bbb-8ccc-000000000002"
              },
              "associationType": "exactMatchOf",
              "destinationNodeURI": {
                  "title": "Destination",
                  "identifier": "44444444-aaaa-5bbb-8ccc-000000000001",
                  "uri": "http:\/\/salt-staging.example.com\/uri\/44444444-aaaa-5bbb-8ccc-000000000001"
              },
              "lastChangeDateTime": "2017-05-25T18:05:33"
          }
                                  ,                                    {
              "CFDocumentURI": "http:\/\/salt-staging.example.com\/uri\/7d1c5e20-3f1a-4b8e-9a61-2c7f0e9b4d10",         "identifier": "33333333-aaaa-4bbb-8ccc-000000000005",
              "uri": "http:\/\/salt-staging.example.com\/uri\/33333333-aaaa-4bbb-8ccc-000000000005",
                      "originNodeURI": {
                  "title": "Origin",
                  "identifier": "11111111-aaaa-4bbb-8ccc-000000000003",
                  "uri": "http:\/\/salt-staging.example.com\/uri\/11111111-aaaa-4bbb-8ccc-000000000003"
              },
              "associationType": "precedes",
              "destinationNodeURI": {
                  "title": "Destination",
                  "identifier": "44444444-aaaa-5bbb-8ccc-000000000002",
                  "uri": "http:\/\/salt-staging.example.com\/uri\/44444444-aaaa-5bbb-8ccc-000000000002"
              },
              "lastChangeDateTime": "2017-06-06T19:42:03"
          }
                          ]    ,"CFDefinitions": {
                  "CFItemTypes": [
                                                                                      {
              "identifier": "22222222-aaaa-4bbb-8ccc-000000000001",
              "uri": "http:\/\/salt-staging.example.com\/uri\/22222222-aaaa-4bbb-8ccc-000000000001",
              "title": "Cluster",
              "description": null,
              "hierarchyCode": "1",
              "typeCode": "Cluster",        "lastChangeDateTime": "2017-02-14T20:34:39"
          }
                                  ]
                                                              }}
      """#)

  /// Item specifications as an OpenSALT instance serves them: headings and notes as items, many
  /// with the full statement "NA" and the useful words in abbreviatedStatement, no human coding
  /// schemes, item types with spaces, grade levels, statements with CRLF line breaks, a document
  /// with subjects, an official source and notes but no language, description or version.
  static let itemSpecification = Fixture(
    name: "item specification from an OpenSALT instance",
    text: #"""
      {
        "CFDocument": {
          "uri": "https://standards.example.org/ims/case/v1p0/CFDocuments/9a3c0b6e-cc76-11e7-8974-cfcd479e7801",
          "identifier": "9a3c0b6e-cc76-11e7-8974-cfcd479e7801",
          "lastChangeDateTime": "2018-03-01T21:01:43+00:00",
          "CFPackageURI": {
            "title": "Community Safety Specification: Level 3 Target 1",
            "identifier": "9a3c0b6e-cc76-11e7-8974-cfcd479e7801",
            "uri": "https://standards.example.org/ims/case/v1p0/CFPackages/9a3c0b6e-cc76-11e7-8974-cfcd479e7801"
          },
          "subjectURI": [
            {
              "title": "Community Safety",
              "identifier": "cf91e60e-6674-5a4a-81ef-2bd889811501",
              "uri": "https://standards.example.org/ims/case/v1p0/CFSubjects/cf91e60e-6674-5a4a-81ef-2bd889811501"
            }
          ],
          "officialSourceURL": "https://standards.example.org/content/specs/CS_Spec_L3_T1.docx",
          "creator": "Example Consortium_Community Safety Specifications",
          "publisher": "Example Consortium",
          "title": "Community Safety Specification: Level 3 Target 1",
          "subject": ["Community Safety"],
          "adoptionStatus": "Draft",
          "notes": "CS_Spec_L3_T1"
        },
        "CFItems": [
          {
            "uri": "https://standards.example.org/ims/case/v1p0/CFItems/79de914e-cc76-11e7-8be9-bd50b5b04001",
            "identifier": "79de914e-cc76-11e7-8be9-bd50b5b04001",
            "lastChangeDateTime": "2017-11-18T17:35:43+00:00",
            "CFDocumentURI": {
              "title": "Community Safety Specification: Level 3 Target ",
              "identifier": "9a3c0b6e-cc76-11e7-8974-cfcd479e7801",
              "uri": "https://standards.example.org/ims/case/v1p0/CFDocuments/9a3c0b6e-cc76-11e7-8974-cfcd479e7801"
            },
            "CFItemType": "Section Heading",
            "CFItemTypeURI": {
              "title": "Section Heading",
              "identifier": "ab8e8fdc-baaa-400f-9dc8-7b737f8b8601",
              "uri": "https://standards.example.org/ims/case/v1p0/CFItemTypes/ab8e8fdc-baaa-400f-9dc8-7b737f8b8601"
            },
            "educationLevel": ["03"],
            "fullStatement": "Task Writing Guidelines"
          },
          {
            "uri": "https://standards.example.org/ims/case/v1p0/CFItems/81bef0ac-cc76-11e7-943b-9b9ed3d69b01",
            "identifier": "81bef0ac-cc76-11e7-943b-9b9ed3d69b01",
            "lastChangeDateTime": "2017-11-18T17:31:09+00:00",
            "CFItemType": "Evidence Required",
            "educationLevel": ["03"],
            "fullStatement": "The learner will identify who to contact when a neighbour may be at risk.\r\n\r\nAll tasks are scenario-based.",
            "abbreviatedStatement": "Evidence Required 1"
          },
          {
            "uri": "https://standards.example.org/ims/case/v1p0/CFItems/81c0546a-cc76-11e7-bb8a-59deff661b01",
            "identifier": "81c0546a-cc76-11e7-bb8a-59deff661b01",
            "lastChangeDateTime": "2017-11-18T17:33:52+00:00",
            "CFItemType": "General Requirements",
            "educationLevel": ["03"],
            "fullStatement": "NA",
            "abbreviatedStatement": "Key Vocabulary"
          },
          {
            "uri": "https://standards.example.org/ims/case/v1p0/CFItems/81c06c98-cc76-11e7-95e6-9d85ac47cd01",
            "identifier": "81c06c98-cc76-11e7-95e6-9d85ac47cd01",
            "lastChangeDateTime": "2017-11-18T17:33:59+00:00",
            "CFItemType": "General Requirements",
            "educationLevel": ["03"],
            "fullStatement": "NA",
            "abbreviatedStatement": "Allowable Tools"
          }
        ],
        "CFAssociations": [
          {
            "uri": "https://standards.example.org/ims/case/v1p0/CFAssociations/0b5c6a1e-cc77-11e7-8e0b-000000000001",
            "identifier": "0b5c6a1e-cc77-11e7-8e0b-000000000001",
            "lastChangeDateTime": "2017-11-18T17:35:43+00:00",
            "associationType": "isChildOf",
            "sequenceNumber": 1,
            "originNodeURI": {
              "title": "Task Writing Guidelines",
              "identifier": "79de914e-cc76-11e7-8be9-bd50b5b04001",
              "uri": "https://standards.example.org/ims/case/v1p0/CFItems/79de914e-cc76-11e7-8be9-bd50b5b04001"
            },
            "destinationNodeURI": {
              "title": "Community Safety Specification: Level 3 Target 1",
              "identifier": "9a3c0b6e-cc76-11e7-8974-cfcd479e7801",
              "uri": "https://standards.example.org/ims/case/v1p0/CFDocuments/9a3c0b6e-cc76-11e7-8974-cfcd479e7801"
            }
          },
          {
            "uri": "https://standards.example.org/ims/case/v1p0/CFAssociations/0b5c6a1e-cc77-11e7-8e0b-000000000002",
            "identifier": "0b5c6a1e-cc77-11e7-8e0b-000000000002",
            "lastChangeDateTime": "2017-11-18T17:35:43+00:00",
            "associationType": "isChildOf",
            "sequenceNumber": 3,
            "originNodeURI": {
              "title": "NA",
              "identifier": "81c0546a-cc76-11e7-bb8a-59deff661b01",
              "uri": "https://standards.example.org/ims/case/v1p0/CFItems/81c0546a-cc76-11e7-bb8a-59deff661b01"
            },
            "destinationNodeURI": {
              "title": "Task Writing Guidelines",
              "identifier": "79de914e-cc76-11e7-8be9-bd50b5b04001",
              "uri": "https://standards.example.org/ims/case/v1p0/CFItems/79de914e-cc76-11e7-8be9-bd50b5b04001"
            }
          },
          {
            "uri": "https://standards.example.org/ims/case/v1p0/CFAssociations/0b5c6a1e-cc77-11e7-8e0b-000000000003",
            "identifier": "0b5c6a1e-cc77-11e7-8e0b-000000000003",
            "lastChangeDateTime": "2017-11-18T17:35:43+00:00",
            "associationType": "isChildOf",
            "sequenceNumber": 2,
            "originNodeURI": {
              "title": "NA",
              "identifier": "81c06c98-cc76-11e7-95e6-9d85ac47cd01",
              "uri": "https://standards.example.org/ims/case/v1p0/CFItems/81c06c98-cc76-11e7-95e6-9d85ac47cd01"
            },
            "destinationNodeURI": {
              "title": "Task Writing Guidelines",
              "identifier": "79de914e-cc76-11e7-8be9-bd50b5b04001",
              "uri": "https://standards.example.org/ims/case/v1p0/CFItems/79de914e-cc76-11e7-8be9-bd50b5b04001"
            }
          },
          {
            "uri": "https://standards.example.org/ims/case/v1p0/CFAssociations/0b5c6a1e-cc77-11e7-8e0b-000000000004",
            "identifier": "0b5c6a1e-cc77-11e7-8e0b-000000000004",
            "lastChangeDateTime": "2017-11-18T17:35:43+00:00",
            "associationType": "isChildOf",
            "sequenceNumber": 2,
            "originNodeURI": {
              "title": "Evidence Required",
              "identifier": "81bef0ac-cc76-11e7-943b-9b9ed3d69b01",
              "uri": "https://standards.example.org/ims/case/v1p0/CFItems/81bef0ac-cc76-11e7-943b-9b9ed3d69b01"
            },
            "destinationNodeURI": {
              "title": "Community Safety Specification: Level 3 Target 1",
              "identifier": "9a3c0b6e-cc76-11e7-8974-cfcd479e7801",
              "uri": "https://standards.example.org/ims/case/v1p0/CFDocuments/9a3c0b6e-cc76-11e7-8974-cfcd479e7801"
            }
          }
        ]
      }
      """#)

  /// A CASE 1.1 server that writes every absent field as null: a Japanese framework (language
  /// "ja", item types in Japanese), `caseVersion` 1.1, identifiers that look like UUIDs but are
  /// not hexadecimal, codes such as "A-1-(1)", `targetType` in the nodes, null association
  /// groupings, and CFDefinitions with subjects, item types and a licence.
  static let nullFields = Fixture(
    name: "CASE 1.1 server writing nulls",
    text: #"""
      {
        "CFDocument": {
          "identifier": "d86774f2-1234-5678-9abc-def012345601",
          "uri": "https://case.example.jp/t1/uri/d86774f2-1234-5678-9abc-def012345601",
          "title": "地域安全学習指導要領",
          "creator": "地域安全機構",
          "publisher": "地域安全機構",
          "description": "地域安全学習指導要領（令和5年）",
          "frameworkType": null,
          "caseVersion": "1.1",
          "language": "ja",
          "version": "1.0",
          "adoptionStatus": "Adopted",
          "statusStartDate": "2023-03-30",
          "statusEndDate": null,
          "licenseURI": null,
          "officialSourceURL": "https://www.example.jp/guidelines",
          "subject": ["地域安全"],
          "subjectURI": [{"title": "地域安全", "identifier": "aaa-0001", "uri": "https://case.example.jp/t1/uri/aaa-0001"}],
          "notes": null,
          "CFPackageURI": {
            "title": "地域安全学習指導要領",
            "identifier": "d86774f2-1234-5678-9abc-def012345601",
            "uri": "https://case.example.jp/t1/ims/case/v1p1/CFPackages/d86774f2-1234-5678-9abc-def012345601"
          },
          "lastChangeDateTime": "2025-10-08T12:00:00Z",
          "extensions": null
        },
        "CFItems": [
          {
            "identifier": "e97885g3-2345-6789-abcd-ef0123456701",
            "uri": "https://case.example.jp/t1/uri/e97885g3-2345-6789-abcd-ef0123456701",
            "fullStatement": "地域の安全",
            "humanCodingScheme": "A",
            "alternativeLabel": null,
            "abbreviatedStatement": null,
            "conceptKeywords": null,
            "conceptKeywordsURI": null,
            "educationLevel": ["10", "11", "12"],
            "subject": null,
            "subjectURI": null,
            "CFItemType": "知識及び技能",
            "CFItemTypeURI": {"title": "知識及び技能", "identifier": "fff-0001", "uri": "https://case.example.jp/t1/uri/fff-0001"},
            "language": "ja",
            "licenseURI": null,
            "statusStartDate": null,
            "statusEndDate": null,
            "listEnumeration": null,
            "notes": null,
            "lastChangeDateTime": "2025-10-08T12:00:00Z",
            "extensions": null
          },
          {
            "identifier": "e97885g3-2345-6789-abcd-ef0123456702",
            "uri": "https://case.example.jp/t1/uri/e97885g3-2345-6789-abcd-ef0123456702",
            "fullStatement": "地域の危険を知り、身を守る知識や技能を身に付けるようにする。",
            "humanCodingScheme": "A-1-(1)",
            "alternativeLabel": null,
            "abbreviatedStatement": null,
            "conceptKeywords": ["防犯", "防災"],
            "conceptKeywordsURI": {"title": "安全能力", "identifier": "ccc-0001", "uri": "https://case.example.jp/t1/uri/ccc-0001"},
            "educationLevel": ["10", "11", "12"],
            "subject": null,
            "subjectURI": null,
            "CFItemType": "知識及び技能",
            "CFItemTypeURI": {"title": "知識及び技能", "identifier": "fff-0001", "uri": "https://case.example.jp/t1/uri/fff-0001"},
            "language": "ja",
            "licenseURI": null,
            "statusStartDate": null,
            "statusEndDate": null,
            "listEnumeration": "1",
            "notes": null,
            "lastChangeDateTime": "2025-10-08T12:00:00Z",
            "extensions": null
          },
          {
            "identifier": "e97885g3-2345-6789-abcd-ef0123456703",
            "uri": "https://case.example.jp/t1/uri/e97885g3-2345-6789-abcd-ef0123456703",
            "fullStatement": "危険を予測し、適切に判断して行動する力を養う。",
            "humanCodingScheme": "A-1-(2)",
            "alternativeLabel": null,
            "abbreviatedStatement": null,
            "conceptKeywords": null,
            "conceptKeywordsURI": null,
            "educationLevel": null,
            "subject": null,
            "subjectURI": null,
            "CFItemType": "思考力，判断力，表現力等",
            "CFItemTypeURI": null,
            "language": "ja",
            "licenseURI": null,
            "statusStartDate": null,
            "statusEndDate": null,
            "listEnumeration": "2",
            "notes": null,
            "lastChangeDateTime": "2025-10-08T12:00:00Z",
            "extensions": null
          }
        ],
        "CFAssociations": [
          {
            "identifier": "aaa11111-1111-1111-1111-111111111101",
            "uri": "https://case.example.jp/t1/uri/aaa11111-1111-1111-1111-111111111101",
            "associationType": "isChildOf",
            "originNodeURI": {"title": "地域の安全", "identifier": "e97885g3-2345-6789-abcd-ef0123456701", "uri": "https://case.example.jp/t1/uri/e97885g3-2345-6789-abcd-ef0123456701", "targetType": null},
            "destinationNodeURI": {"title": "地域安全学習指導要領", "identifier": "d86774f2-1234-5678-9abc-def012345601", "uri": "https://case.example.jp/t1/uri/d86774f2-1234-5678-9abc-def012345601", "targetType": null},
            "sequenceNumber": 10,
            "CFAssociationGroupingURI": null,
            "notes": null,
            "lastChangeDateTime": "2025-10-08T12:00:00Z",
            "extensions": null
          },
          {
            "identifier": "aaa11111-1111-1111-1111-111111111102",
            "uri": "https://case.example.jp/t1/uri/aaa11111-1111-1111-1111-111111111102",
            "associationType": "isChildOf",
            "originNodeURI": {"title": "地域の危険を知り…", "identifier": "e97885g3-2345-6789-abcd-ef0123456702", "uri": "https://case.example.jp/t1/uri/e97885g3-2345-6789-abcd-ef0123456702", "targetType": null},
            "destinationNodeURI": {"title": "地域の安全", "identifier": "e97885g3-2345-6789-abcd-ef0123456701", "uri": "https://case.example.jp/t1/uri/e97885g3-2345-6789-abcd-ef0123456701", "targetType": null},
            "sequenceNumber": 10,
            "CFAssociationGroupingURI": null,
            "notes": null,
            "lastChangeDateTime": "2025-10-08T12:00:00Z",
            "extensions": null
          },
          {
            "identifier": "aaa11111-1111-1111-1111-111111111103",
            "uri": "https://case.example.jp/t1/uri/aaa11111-1111-1111-1111-111111111103",
            "associationType": "isChildOf",
            "originNodeURI": {"title": "危険を予測し…", "identifier": "e97885g3-2345-6789-abcd-ef0123456703", "uri": "https://case.example.jp/t1/uri/e97885g3-2345-6789-abcd-ef0123456703", "targetType": null},
            "destinationNodeURI": {"title": "地域の安全", "identifier": "e97885g3-2345-6789-abcd-ef0123456701", "uri": "https://case.example.jp/t1/uri/e97885g3-2345-6789-abcd-ef0123456701", "targetType": null},
            "sequenceNumber": 20,
            "CFAssociationGroupingURI": {"title": "教科間関連", "identifier": "ggg-0001", "uri": "https://case.example.jp/t1/uri/ggg-0001"},
            "notes": null,
            "lastChangeDateTime": "2025-10-08T12:00:00Z",
            "extensions": null
          },
          {
            "identifier": "aaa11111-1111-1111-1111-111111111104",
            "uri": "https://case.example.jp/t1/uri/aaa11111-1111-1111-1111-111111111104",
            "associationType": "isPeerOf",
            "originNodeURI": {"title": "地域の危険を知り…", "identifier": "e97885g3-2345-6789-abcd-ef0123456702", "uri": "https://case.example.jp/t1/uri/e97885g3-2345-6789-abcd-ef0123456702", "targetType": null},
            "destinationNodeURI": {"title": "危険を予測し…", "identifier": "e97885g3-2345-6789-abcd-ef0123456703", "uri": "https://case.example.jp/t1/uri/e97885g3-2345-6789-abcd-ef0123456703", "targetType": null},
            "sequenceNumber": null,
            "CFAssociationGroupingURI": null,
            "notes": "同じ単元で扱う",
            "lastChangeDateTime": "2025-10-08T12:00:00Z",
            "extensions": null
          }
        ],
        "CFDefinitions": {
          "CFItemTypes": [
            {"identifier": "fff-0001", "uri": "https://case.example.jp/t1/uri/fff-0001", "title": "知識及び技能", "description": null, "typeCode": null, "hierarchyCode": null, "lastChangeDateTime": "2025-10-08T12:00:00Z"}
          ],
          "CFSubjects": [
            {"identifier": "aaa-0001", "uri": "https://case.example.jp/t1/uri/aaa-0001", "title": "地域安全", "description": null, "hierarchyCode": null, "lastChangeDateTime": "2025-10-08T12:00:00Z"}
          ],
          "CFLicenses": [
            {"identifier": "lic-0001", "uri": "https://case.example.jp/t1/uri/lic-0001", "title": "CC BY 4.0", "description": null, "licenseText": null, "lastChangeDateTime": "2025-10-08T12:00:00Z"}
          ]
        }
      }
      """#)

  /// A CaSS-style adapter: identifiers that are the competencies' URLs, the statement written
  /// as `fullStatment`, descriptions in `notes`, links to the document without a uri, and
  /// isEquivalentTo written as exactMatchOf between URL identifiers.
  static let cassAdapter = Fixture(
    name: "CaSS-style adapter",
    text: #"""
      {
        "CFDocument": {
          "identifier": "https://cass.example.org/api/data/schema.cassproject.org.0.4.Framework/6f1c",
          "uri": "https://cass.example.org/api/data/schema.cassproject.org.0.4.Framework/6f1c",
          "title": "Partnership Working",
          "creator": "Example Partnership",
          "lastChangeDateTime": "2020-06-01T10:00:00.000Z",
          "subject": "Partnerships"
        },
        "CFItems": [
          {
            "identifier": "https://cass.example.org/api/data/schema.cassproject.org.0.4.Competency/a1",
            "uri": "https://cass.example.org/api/data/schema.cassproject.org.0.4.Competency/a1",
            "fullStatment": "Work with partner agencies",
            "notes": "Across police, councils and health",
            "CFDocumentURI": {"title": "Partnership Working", "identifier": "6f1c"}
          },
          {
            "identifier": "https://cass.example.org/api/data/schema.cassproject.org.0.4.Competency/a2",
            "uri": "https://cass.example.org/api/data/schema.cassproject.org.0.4.Competency/a2",
            "fullStatement": "Agree shared priorities",
            "humanCodingScheme": "PW-2",
            "CFDocumentURI": {"title": "Partnership Working", "identifier": "6f1c"}
          },
          {
            "identifier": "https://cass.example.org/api/data/schema.cassproject.org.0.4.Competency/a3",
            "uri": "https://cass.example.org/api/data/schema.cassproject.org.0.4.Competency/a3",
            "fullStatement": "Agree shared priorities with partners",
            "CFDocumentURI": {"title": "Partnership Working", "identifier": "6f1c"}
          }
        ],
        "CFAssociations": [
          {
            "identifier": "https://cass.example.org/api/data/schema.cassproject.org.0.4.Relation/r1",
            "associationType": "isChildOf",
            "originNodeURI": {"uri": "https://cass.example.org/api/data/schema.cassproject.org.0.4.Competency/a2", "identifier": "https://cass.example.org/api/data/schema.cassproject.org.0.4.Competency/a2", "title": "Agree shared priorities"},
            "destinationNodeURI": {"uri": "https://cass.example.org/api/data/schema.cassproject.org.0.4.Competency/a1", "identifier": "https://cass.example.org/api/data/schema.cassproject.org.0.4.Competency/a1", "title": "Work with partner agencies"},
            "CFDocumentURI": {"title": "Partnership Working", "identifier": "6f1c"}
          },
          {
            "identifier": "https://cass.example.org/api/data/schema.cassproject.org.0.4.Relation/r2",
            "associationType": "exactMatchOf",
            "originNodeURI": {"uri": "https://cass.example.org/api/data/schema.cassproject.org.0.4.Competency/a3", "title": "Agree shared priorities with partners"},
            "destinationNodeURI": {"uri": "https://cass.example.org/api/data/schema.cassproject.org.0.4.Competency/a2", "title": "Agree shared priorities"}
          }
        ]
      }
      """#)

  /// A curriculum service that exposes its own records as CASE: identifiers that are its
  /// subject-indicator URLs, a code on the document, no associations at all (every item at the
  /// top), education levels in words and links to the document without a uri.
  static let curriculumService = Fixture(
    name: "curriculum service",
    text: #"""
      {
        "CFDocument": {
          "identifier": "http://psi.example.no/ku/SAF01-04",
          "humanCodingScheme": "SAF01-04",
          "title": "Læreplan i samfunnstryggleik",
          "language": "nn"
        },
        "CFItems": [
          {
            "identifier": "http://psi.example.no/ku/KM1648",
            "humanCodingScheme": "KM1648",
            "fullStatement": "reflektere over kven som har ansvar for tryggleiken i nærmiljøet",
            "educationLevel": ["Tiande årstrinn"],
            "CFDocumentURI": {"identifier": "http://psi.example.no/ku/SAF01-04", "title": "Læreplan i samfunnstryggleik"}
          },
          {
            "identifier": "http://psi.example.no/ku/KM1649",
            "humanCodingScheme": "KM1649",
            "fullStatement": "gjere greie for korleis ein melder frå om ei uro",
            "educationLevel": ["Tiande årstrinn"],
            "CFDocumentURI": {"identifier": "http://psi.example.no/ku/SAF01-04", "title": "Læreplan i samfunnstryggleik"}
          }
        ]
      }
      """#)
}
