import JSON

/// The fields of the CASE 1.0 and 1.1 package classes (1EdTech CASE 1.1 CFPackage JSON
/// schema), by what the import does with each.
enum CASEFields {
  /// Package bookkeeping that an export writes afresh (addresses, timestamps, links to the
  /// document): nothing is lost when it is not kept.
  static let documentBookkeeping: Set<String> = ["uri", "lastChangeDateTime", "CFPackageURI", "caseVersion"]
  /// Read into the framework.
  static let documentMapped: Set<String> = [
    "identifier", "title", "description", "publisher", "creator", "language", "version", "extensions",
  ]
  /// CASE fields this model has nowhere to keep.
  static let documentUnmapped: Set<String> = [
    "officialSourceURL", "subject", "subjectURI", "adoptionStatus", "statusStartDate", "statusEndDate", "licenseURI",
    "notes", "frameworkType",
  ]

  static let itemBookkeeping: Set<String> = ["uri", "lastChangeDateTime", "CFDocumentURI"]
  static let itemMapped: Set<String> = [
    "identifier", "fullStatement", "humanCodingScheme", "CFItemType", "notes", "language", "extensions",
  ]
  static let itemUnmapped: Set<String> = [
    "abbreviatedStatement", "alternativeLabel", "listEnumeration", "conceptKeywords", "conceptKeywordsURI",
    "educationLevel", "subject", "subjectURI", "CFItemTypeURI", "licenseURI", "statusStartDate", "statusEndDate",
  ]

  static let associationBookkeeping: Set<String> = ["identifier", "uri", "lastChangeDateTime", "CFDocumentURI"]
  static let associationMapped: Set<String> = [
    "associationType", "originNodeURI", "destinationNodeURI", "sequenceNumber", "extensions",
  ]
  static let associationUnmapped: Set<String> = ["CFAssociationGroupingURI", "notes"]

  /// CFDefinitions' lists, with what each holds.
  static let definitions: [(key: String, what: String)] = [
    ("CFConcepts", "concepts"), ("CFSubjects", "subjects"), ("CFLicenses", "licenses"), ("CFItemTypes", "item types"),
    ("CFAssociationGroupings", "association groupings"),
  ]

  /// Whether a value carries anything: not null, not an empty or blank string, array or object.
  static func hasContent(_ value: JSONValue) -> Bool {
    switch value {
    case .null: false
    case .string(let s): !s.trimmingWhitespace().isEmpty
    case .array(let a): a.contains(where: hasContent)
    case .object(let o): o.contains { hasContent($0.value) }
    case .bool, .number: true
    }
  }
}

/// BCP 47 language tags as CASE writes them (`en`, `en-GB`, `cy`, `x-klingon`), and the key a
/// framework keeps their texts under.
enum LanguageTag {
  /// The primary language subtag in lower case (`en-GB` → `en`, `CY` → `cy`); the whole tag for
  /// private-use and grandfathered tags (`x-klingon`, `i-klingon`); nil when it is not a tag.
  static func key(_ tag: String) -> String? {
    let text = tag.trimmingWhitespace().lowercased().replacingUnderscores()
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard let first = parts.first, !first.isEmpty,
      parts.allSatisfy({ (1...8).contains($0.count) && $0.unicodeScalars.allSatisfy(isASCIIAlphanumeric) }),
      first.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic })
    else { return nil }
    if first == "x" || first == "i" { return parts.count > 1 ? text : nil }
    return (2...3).contains(first.count) ? String(first) : nil
  }

  static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
    scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))
  }
}

extension String {
  fileprivate func replacingUnderscores() -> String { String(map { $0 == "_" ? "-" : $0 }) }
}
