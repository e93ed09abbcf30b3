import Certificates
import JSON
import LinkedData

/// Test vectors from W3C "Data Integrity EdDSA Cryptosuites v1.0" (Recommendation, 15 May 2025),
/// appendix B, and the context the examples use.
enum W3CVectors {
  /// https://www.w3.org/ns/credentials/examples/v2
  static let examplesContext: JSONValue = ["@context": ["@vocab": "https://www.w3.org/ns/credentials/examples#"]]
  static let examplesContextURL = "https://www.w3.org/ns/credentials/examples/v2"

  static var contexts: ContextDocuments { KnownContexts.documents.adding(examplesContextURL, examplesContext) }

  static let publicKeyMultibase = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
  static let secretKeyMultibase = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
  static let verificationMethod = "did:key:\(publicKeyMultibase)#\(publicKeyMultibase)"

  /// Example 8 (and 30): the credential without proof.
  static let unsignedCredential = """
    {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://www.w3.org/ns/credentials/examples/v2"
        ],
        "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
        "type": ["VerifiableCredential", "AlumniCredential"],
        "name": "Alumni Credential",
        "description": "A minimum viable example of an Alumni Credential.",
        "issuer": "https://vc.example/issuers/5678",
        "validFrom": "2023-01-01T00:00:00Z",
        "credentialSubject": {
            "id": "did:example:abcdefgh",
            "alumniOf": "The School of Examples"
        }
    }
    """

  /// Example 9: the canonical credential (each line ends with a new line).
  static let rdfcCanonicalDocument = """
    <did:example:abcdefgh> <https://www.w3.org/ns/credentials/examples#alumniOf> "The School of Examples" .
    <urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://www.w3.org/2018/credentials#VerifiableCredential> .
    <urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://www.w3.org/ns/credentials/examples#AlumniCredential> .
    <urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33> <https://schema.org/description> "A minimum viable example of an Alumni Credential." .
    <urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33> <https://schema.org/name> "Alumni Credential" .
    <urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33> <https://www.w3.org/2018/credentials#credentialSubject> <did:example:abcdefgh> .
    <urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33> <https://www.w3.org/2018/credentials#issuer> <https://vc.example/issuers/5678> .
    <urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33> <https://www.w3.org/2018/credentials#validFrom> "2023-01-01T00:00:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime> .

    """
  /// Example 10.
  static let rdfcDocumentHash = "517744132ae165a5349155bef0bb0cf2258fff99dfe1dbd914b938d775a36017"

  /// Example 11: the proof options document (the proof configuration, with the credential's contexts).
  static let rdfcProofOptions = """
    {
      "type": "DataIntegrityProof",
      "cryptosuite": "eddsa-rdfc-2022",
      "created": "2023-02-24T23:36:38Z",
      "verificationMethod": "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
      "proofPurpose": "assertionMethod",
      "@context": [
        "https://www.w3.org/ns/credentials/v2",
        "https://www.w3.org/ns/credentials/examples/v2"
      ]
    }
    """

  /// Example 12.
  static let rdfcCanonicalProofOptions = """
    _:c14n0 <http://purl.org/dc/terms/created> "2023-02-24T23:36:38Z"^^<http://www.w3.org/2001/XMLSchema#dateTime> .
    _:c14n0 <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/security#DataIntegrityProof> .
    _:c14n0 <https://w3id.org/security#cryptosuite> "eddsa-rdfc-2022"^^<https://w3id.org/security#cryptosuiteString> .
    _:c14n0 <https://w3id.org/security#proofPurpose> <https://w3id.org/security#assertionMethod> .
    _:c14n0 <https://w3id.org/security#verificationMethod> <did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2> .

    """
  /// Example 13.
  static let rdfcProofOptionsHash = "bea7b7acfbad0126b135104024a5f1733e705108f42d59668b05c0c50004c6b0"
  /// Example 15.
  static let rdfcSignatureHex =
    "4d8e53c2d5b3f2a7891753eb16ca993325bdb0d3cfc5be1093d0a18426f5ef8578cadc0fd4b5f4dd0d1ce0aefd15ab120b7a894d0eb094ffda4e6553cd1ed50d"
  /// Example 16.
  static let rdfcProofValue = "z2YwC8z3ap7yx1nZYCg4L3j3ApHsF8kgPdSb5xoS1VR7vPG3F561B52hYnQF9iseabecm3ijx4K1FBTQsCZahKZme"

  /// Example 17: the signed credential.
  static let rdfcSignedCredential = """
    {
      "@context": [
        "https://www.w3.org/ns/credentials/v2",
        "https://www.w3.org/ns/credentials/examples/v2"
      ],
      "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
      "type": [
        "VerifiableCredential",
        "AlumniCredential"
      ],
      "name": "Alumni Credential",
      "description": "A minimum viable example of an Alumni Credential.",
      "issuer": "https://vc.example/issuers/5678",
      "validFrom": "2023-01-01T00:00:00Z",
      "credentialSubject": {
        "id": "did:example:abcdefgh",
        "alumniOf": "The School of Examples"
      },
      "proof": {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2023-02-24T23:36:38Z",
        "verificationMethod": "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
        "proofPurpose": "assertionMethod",
        "proofValue": "z2YwC8z3ap7yx1nZYCg4L3j3ApHsF8kgPdSb5xoS1VR7vPG3F561B52hYnQF9iseabecm3ijx4K1FBTQsCZahKZme"
      }
    }
    """

  /// Example 31.
  static let jcsCanonicalDocument =
    #"{"@context":["https://www.w3.org/ns/credentials/v2","https://www.w3.org/ns/credentials/examples/v2"],"credentialSubject":{"alumniOf":"The School of Examples","id":"did:example:abcdefgh"},"description":"A minimum viable example of an Alumni Credential.","id":"urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33","issuer":"https://vc.example/issuers/5678","name":"Alumni Credential","type":["VerifiableCredential","AlumniCredential"],"validFrom":"2023-01-01T00:00:00Z"}"#
  /// Example 32.
  static let jcsDocumentHash = "59b7cb6251b8991add1ce0bc83107e3db9dbbab5bd2c28f687db1a03abc92f19"
  /// Example 34.
  static let jcsCanonicalProofOptions =
    #"{"@context":["https://www.w3.org/ns/credentials/v2","https://www.w3.org/ns/credentials/examples/v2"],"created":"2023-02-24T23:36:38Z","cryptosuite":"eddsa-jcs-2022","proofPurpose":"assertionMethod","type":"DataIntegrityProof","verificationMethod":"did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"}"#
  /// Example 35.
  static let jcsProofOptionsHash = "66ab154f5c2890a140cb8388a22a160454f80575f6eae09e5a097cabe539a1db"
  /// Example 37.
  static let jcsSignatureHex =
    "407cd12654b33d718ecbb99179a1506daaa849450bf3fc523cce3e1c96f8b80351da3f253d725c6f00b07c9e5448d50b3ef78012b9ab54255116d069c6dd2808"
  /// Example 38.
  static let jcsProofValue = "z2HnFSSPPBzR36zdDgK8PbEHeXbR56YF24jwMpt3R1eHXQzJDMWS93FCzpvJpwTWd3GAVFuUfjoJdcnTMuVor51aX"

  /// Example 39: the signed credential; its proof carries the credential's contexts.
  static let jcsSignedCredential = """
    {
      "@context": [
        "https://www.w3.org/ns/credentials/v2",
        "https://www.w3.org/ns/credentials/examples/v2"
      ],
      "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
      "type": [
        "VerifiableCredential",
        "AlumniCredential"
      ],
      "name": "Alumni Credential",
      "description": "A minimum viable example of an Alumni Credential.",
      "issuer": "https://vc.example/issuers/5678",
      "validFrom": "2023-01-01T00:00:00Z",
      "credentialSubject": {
        "id": "did:example:abcdefgh",
        "alumniOf": "The School of Examples"
      },
      "proof": {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-jcs-2022",
        "created": "2023-02-24T23:36:38Z",
        "verificationMethod": "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
        "proofPurpose": "assertionMethod",
        "@context": [
          "https://www.w3.org/ns/credentials/v2",
          "https://www.w3.org/ns/credentials/examples/v2"
        ],
        "proofValue": "z2HnFSSPPBzR36zdDgK8PbEHeXbR56YF24jwMpt3R1eHXQzJDMWS93FCzpvJpwTWd3GAVFuUfjoJdcnTMuVor51aX"
      }
    }
    """

  // MARK: Appendix B.2, the enhanced eddsa-rdfc-2022 example (blank nodes, two type-scoped contexts).

  static let citizenshipContextURL = "https://w3id.org/citizenship/v4rc1"
  /// The W3C CCG citizenship vocabulary context, version 4rc1, which the example uses.
  static let citizenshipContext = #"""
    {
      "@context": {
        "@protected": true,
        "image": {"@id": "https://schema.org/image", "@type": "@id"},
        "QuantitativeValue": {
          "@id": "https://schema.org/QuantitativeValue",
          "@context": {"@protected": true, "unitCode": "https://schema.org/unitCode", "value": "https://schema.org/value"}
        },
        "PostalAddress": {
          "@id": "https://schema.org/PostalAddress",
          "@context": {
            "@protected": true,
            "addressCountry": "https://schema.org/addressCountry",
            "addressLocality": "https://schema.org/addressLocality",
            "addressRegion": "https://schema.org/addressRegion"
          }
        },
        "Person": {
          "@id": "https://schema.org/Person",
          "@context": {
            "@protected": true,
            "id": "@id",
            "type": "@type",
            "additionalName": "https://schema.org/additionalName",
            "birthCountry": "https://w3id.org/citizenship#birthCountry",
            "birthDate": {"@id": "https://schema.org/birthDate", "@type": "http://www.w3.org/2001/XMLSchema#dateTime"},
            "familyName": "https://schema.org/familyName",
            "gender": "https://schema.org/gender",
            "givenName": "https://schema.org/givenName",
            "height": "https://schema.org/height",
            "image": {"@id": "https://schema.org/image", "@type": "@id"},
            "maritalStatus": "https://w3id.org/citizenship#maritalStatus",
            "marriageCertificateNumber": "https://w3id.org/citizenship#marriageCertificateNumber",
            "marriageLocation": {"@id": "https://w3id.org/citizenship#marriageLocation", "@type": "@id"}
          }
        },
        "PermanentResident": {
          "@id": "https://w3id.org/citizenship#PermanentResident",
          "@context": {
            "@protected": true,
            "id": "@id",
            "type": "@type",
            "commuterClassification": "https://w3id.org/citizenship#commuterClassification",
            "formerNationality": "https://w3id.org/citizenship#formerNationality",
            "permanentResidentCard": {"@id": "https://w3id.org/citizenship#permanentResidentCard", "@type": "@id"},
            "residence": {"@id": "https://w3id.org/citizenship#residence", "@type": "@id"},
            "residentSince": {"@id": "https://w3id.org/citizenship#residentSince", "@type": "http://www.w3.org/2001/XMLSchema#dateTime"}
          }
        },
        "PermanentResidentCard": {
          "@id": "https://w3id.org/citizenship#PermanentResidentCard",
          "@context": {
            "@protected": true,
            "id": "@id",
            "type": "@type",
            "filingLocation": {"@id": "https://w3id.org/citizenship#filingLocation", "@type": "@id"},
            "identifier": "https://schema.org/identifier",
            "lprCategory": "https://w3id.org/citizenship#lprCategory",
            "lprNumber": "https://w3id.org/citizenship#lprNumber",
            "mrzHash": {"@id": "https://w3id.org/citizenship#mrzHash", "@type": "https://w3id.org/security#multibase"}
          }
        },
        "PermanentResidentCardCredential": "https://w3id.org/citizenship#PermanentResidentCardCredential",
        "EmployablePerson": {
          "@id": "https://w3id.org/citizenship#EmployablePerson",
          "@context": {
            "@protected": true,
            "id": "@id",
            "type": "@type",
            "commuterClassification": "https://w3id.org/citizenship#commuterClassification",
            "employmentAuthorizationDocument": {"@id": "https://w3id.org/citizenship#employmentAuthorizationDocument", "@type": "@id"},
            "formerNationality": "https://w3id.org/citizenship#formerNationality",
            "residence": {"@id": "https://w3id.org/citizenship#residence", "@type": "@id"},
            "residentSince": {"@id": "https://w3id.org/citizenship#residentSince", "@type": "http://www.w3.org/2001/XMLSchema#dateTime"}
          }
        },
        "EmploymentAuthorizationDocument": {
          "@id": "https://w3id.org/citizenship#EmploymentAuthorizationDocument",
          "@context": {
            "@protected": true,
            "id": "@id",
            "type": "@type",
            "filingLocation": {"@id": "https://w3id.org/citizenship#filingLocation", "@type": "@id"},
            "identifier": "https://schema.org/identifier",
            "lprCategory": "https://w3id.org/citizenship#lprCategory",
            "lprNumber": "https://w3id.org/citizenship#lprNumber",
            "mrzHash": {"@id": "https://w3id.org/citizenship#mrzHash", "@type": "https://w3id.org/security#multibase"}
          }
        },
        "EmploymentAuthorizationDocumentCredential": "https://w3id.org/citizenship#EmploymentAuthorizationDocumentCredential"
      }
    }
    """#

  /// Example 19.
  static let employmentCredential = """
    {
      "@context": ["https://www.w3.org/ns/credentials/v2", "https://w3id.org/citizenship/v4rc1"],
      "type": ["VerifiableCredential", "EmploymentAuthorizationDocumentCredential"],
      "issuer": {
        "id": "did:key:zDnaegE6RR3atJtHKwTRTWHsJ3kNHqFwv7n9YjTgmU7TyfU76",
        "image": "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVQIW2NgUPr/HwADaAIhG61j/AAAAABJRU5ErkJggg=="
      },
      "credentialSubject": {
        "type": ["Person", "EmployablePerson"],
        "givenName": "JOHN",
        "additionalName": "JACOB",
        "familyName": "SMITH",
        "image": "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVQIW2Ng+M/wHwAEAQH/7yMK/gAAAABJRU5ErkJggg==",
        "gender": "Male",
        "residentSince": "2015-01-01",
        "birthCountry": "Bahamas",
        "birthDate": "1999-07-17",
        "employmentAuthorizationDocument": {
          "type": "EmploymentAuthorizationDocument",
          "identifier": "83627465",
          "lprCategory": "C09",
          "lprNumber": "999-999-999"
        }
      },
      "name": "Employment Authorization Document",
      "description": "Example Employment Authorization Document.",
      "validFrom": "2019-12-03T00:00:00Z",
      "validUntil": "2029-12-03T00:00:00Z"
    }
    """

  /// Example 20.
  static let employmentCanonicalDocument = """
    <did:key:zDnaegE6RR3atJtHKwTRTWHsJ3kNHqFwv7n9YjTgmU7TyfU76> <https://schema.org/image> <data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVQIW2NgUPr/HwADaAIhG61j/AAAAABJRU5ErkJggg==> .
    _:c14n0 <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/citizenship#EmploymentAuthorizationDocumentCredential> .
    _:c14n0 <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://www.w3.org/2018/credentials#VerifiableCredential> .
    _:c14n0 <https://schema.org/description> "Example Employment Authorization Document." .
    _:c14n0 <https://schema.org/name> "Employment Authorization Document" .
    _:c14n0 <https://www.w3.org/2018/credentials#credentialSubject> _:c14n1 .
    _:c14n0 <https://www.w3.org/2018/credentials#issuer> <did:key:zDnaegE6RR3atJtHKwTRTWHsJ3kNHqFwv7n9YjTgmU7TyfU76> .
    _:c14n0 <https://www.w3.org/2018/credentials#validFrom> "2019-12-03T00:00:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime> .
    _:c14n0 <https://www.w3.org/2018/credentials#validUntil> "2029-12-03T00:00:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime> .
    _:c14n1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://schema.org/Person> .
    _:c14n1 <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/citizenship#EmployablePerson> .
    _:c14n1 <https://schema.org/additionalName> "JACOB" .
    _:c14n1 <https://schema.org/birthDate> "1999-07-17"^^<http://www.w3.org/2001/XMLSchema#dateTime> .
    _:c14n1 <https://schema.org/familyName> "SMITH" .
    _:c14n1 <https://schema.org/gender> "Male" .
    _:c14n1 <https://schema.org/givenName> "JOHN" .
    _:c14n1 <https://schema.org/image> <data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVQIW2Ng+M/wHwAEAQH/7yMK/gAAAABJRU5ErkJggg==> .
    _:c14n1 <https://w3id.org/citizenship#birthCountry> "Bahamas" .
    _:c14n1 <https://w3id.org/citizenship#employmentAuthorizationDocument> _:c14n2 .
    _:c14n1 <https://w3id.org/citizenship#residentSince> "2015-01-01"^^<http://www.w3.org/2001/XMLSchema#dateTime> .
    _:c14n2 <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/citizenship#EmploymentAuthorizationDocument> .
    _:c14n2 <https://schema.org/identifier> "83627465" .
    _:c14n2 <https://w3id.org/citizenship#lprCategory> "C09" .
    _:c14n2 <https://w3id.org/citizenship#lprNumber> "999-999-999" .

    """
  /// Example 21.
  static let employmentDocumentHash = "03f59e5b04ab575b1172cb684f22eede72f0e9033e0b5c67d0e2506768d6ce11"
  /// Example 24 (the same as example 13: the proof options do not depend on the document's vocabulary).
  static let employmentProofOptionsHash = "bea7b7acfbad0126b135104024a5f1733e705108f42d59668b05c0c50004c6b0"
  /// Example 26.
  static let employmentSignatureHex =
    "20b1a944960b75ca69ba070af4820de6e6acae1afe827d8c566c0f7b932d1bd3abde3222b3095088051439a8b4e7a5356c7ba6d246774f875ebb6ddee1577003"
  /// Example 27.
  static let employmentProofValue = "zeuuS9pi2ZR8Q41bFFJKS9weSWkwa7pRcxHTHzxjDEHtVSZp3D9Rm3JdzT82EQpmXMb9wvfFJLuDPeSXZaRX1q1c"

  // MARK: Appendix B.5, proof sets and chains.

  /// Example 51: the private keys of the four signers.
  static let chainKeys = [
    "z3u2W4YnTstS1nSSBAgZcYSJF43JuZ9uLV6bF38B1Bf8NugW", "z3u2cfp4Q17kMGhNCh348a3yw3cUBiWK6RXRzyJE54sixMFn",
    "z3u2Zr3tcDLBDQKGxVa9SRDFNLqNqPWsa8p9rWPvCEH6bADB", "z3u2ZTWiFwM17veUR7sXniY66Gf14SqMdpMLy7SW9x4EDdmw",
  ]

  /// Example 66: a proof set of two, then a proof chained to both, then one chained to that.
  static let extendedProofChain = """
    {
      "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
      "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
      "type": ["VerifiableCredential", "AlumniCredential"],
      "name": "Alumni Credential",
      "description": "A minimum viable example of an Alumni Credential.",
      "issuer": "https://vc.example/issuers/5678",
      "validFrom": "2023-01-01T00:00:00Z",
      "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"},
      "proof": [
        {
          "type": "DataIntegrityProof",
          "id": "urn:uuid:26329423-bec9-4b2e-88cb-a7c7d9dc4544",
          "cryptosuite": "eddsa-rdfc-2022",
          "created": "2023-02-24T23:36:38Z",
          "verificationMethod": "did:key:z6MktgKTsu1QhX6QPbyqG6geXdw6FQCZBPq7uQpieWbiQiG7#z6MktgKTsu1QhX6QPbyqG6geXdw6FQCZBPq7uQpieWbiQiG7",
          "proofPurpose": "assertionMethod",
          "proofValue": "z66vWyqwAghu52WbpRkCwFRTu6Msn92ArtjpJ3gGMSVoU5RADwBfszoDt1QWY8owqLPz4nTj7hAwV7xFti1p93zdr"
        },
        {
          "type": "DataIntegrityProof",
          "id": "urn:uuid:8cc9022b-6b14-4cf3-8571-74972c5feb54",
          "cryptosuite": "eddsa-rdfc-2022",
          "created": "2023-02-24T23:36:38Z",
          "verificationMethod": "did:key:z6MkhWqdDBPojHA7cprTGTt5yHv5yUi1B8cnXn8ReLumkw6E#z6MkhWqdDBPojHA7cprTGTt5yHv5yUi1B8cnXn8ReLumkw6E",
          "proofPurpose": "assertionMethod",
          "proofValue": "z2scr94SNNrGpP2bE7ajvKWeUHm7HJ2edDkxpARvFAQ8V3USzwEzibqrXKaLHBrWostswsfvg82twQR88BgtnsrXY"
        },
        {
          "type": "DataIntegrityProof",
          "id": "urn:uuid:d94f792a-c546-4d06-b38a-da070ab56c23",
          "cryptosuite": "eddsa-rdfc-2022",
          "created": "2023-02-26T22:06:38Z",
          "verificationMethod": "did:key:z6MkmEq87wkHCYnWnNZkigeDMGTN7oUw1upkhzd77KuXERS1#z6MkmEq87wkHCYnWnNZkigeDMGTN7oUw1upkhzd77KuXERS1",
          "proofPurpose": "assertionMethod",
          "previousProof": ["urn:uuid:26329423-bec9-4b2e-88cb-a7c7d9dc4544", "urn:uuid:8cc9022b-6b14-4cf3-8571-74972c5feb54"],
          "proofValue": "zWaPeEvBAkhQpNQj8pknuvg5STcKnt3cvM9t4kAYeJETFjvVMSXEEjadC4uxC9fKCn6JHbjt6fj2fhoaVNynBm6J"
        },
        {
          "type": "DataIntegrityProof",
          "cryptosuite": "eddsa-rdfc-2022",
          "created": "2023-02-26T22:16:38Z",
          "verificationMethod": "did:key:z6Mkm1S51iPHJvDEkJ9MRtxJmT8Pqo6wHipAFwBAjN83vntT#z6Mkm1S51iPHJvDEkJ9MRtxJmT8Pqo6wHipAFwBAjN83vntT",
          "proofPurpose": "assertionMethod",
          "previousProof": "urn:uuid:d94f792a-c546-4d06-b38a-da070ab56c23",
          "proofValue": "z4b5uUtxNiV4E541LiR8qLvA21xM1Vt4Hfn6nLmmDePdFvLB3jFj3HyEEJyRMbpJzv4Gfdr8ABeuRTxAvZv6KWRRh"
        }
      ]
    }
    """
}
