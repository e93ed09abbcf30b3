/// Stable identifiers for a framework's items: name-based UUIDs (version 5) in the framework's own
/// namespace, the same on every export (CASE packages and credentials use them), unless an
/// imported item brought its own.
extension Framework {
  /// The UUID namespace of this framework's CASE identifiers.
  package var caseNamespace: [UInt8] { NameBasedUUID.bytes(namespace: NameBasedUUID.urlNamespace, name: "urn:cpd:framework:\(id)") }

  package static func caseNamespace(of frameworkID: String) -> [UInt8] {
    NameBasedUUID.bytes(namespace: NameBasedUUID.urlNamespace, name: "urn:cpd:framework:\(frameworkID)")
  }

  public var caseDocumentIdentifier: String {
    caseIdentifier ?? NameBasedUUID.string(namespace: caseNamespace, name: "document")
  }

  public func caseIdentifier(ofItem itemID: String) -> String {
    if let c = competency(itemID), let given = c.caseIdentifier { return given }
    if let d = domain(itemID), let given = d.caseIdentifier { return given }
    return NameBasedUUID.string(namespace: caseNamespace, name: "item:\(itemID)")
  }

  package func caseIdentifier(ofStandard s: Standard) -> String {
    s.caseIdentifier ?? NameBasedUUID.string(namespace: caseNamespace, name: "standard:\(s.id)")
  }
}
