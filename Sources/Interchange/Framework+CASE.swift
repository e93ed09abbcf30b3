import Competency
import Foundation
import JSON

/// 1EdTech CASE 1.0/1.1 interchange: a framework as a CFPackage (CFDocument, CFItems,
/// CFAssociations). Domains and competencies become CFItems; the hierarchy becomes `isChildOf`;
/// standards mappings become `exactMatchOf`/`isRelatedTo` associations to nodes outside the
/// package. Identifiers are name-based UUIDs, so they stay the same from one export to the next.
extension Framework {
  var caseBase: String { "urn:cpd:case:\(CASEForm.uriSafe(id))/" }
  var primaryLanguage: String { languages.first ?? "en" }

  /// The identifier an export gives an element another tool called `stored`: `stored` when it
  /// is a UUID, as CASE requires, else a name-based UUID made from it (the same on every export).
  func writtenIdentifier(_ stored: String) -> String {
    CASEForm.isUUID(stored) ? stored : NameBasedUUID.string(namespace: caseNamespace, name: "identifier:\(stored)")
  }

  /// Exports the framework as a CASE 1.0 CFPackage. `timestamp` stamps `lastChangeDateTime`.
  ///
  /// What was imported from another tool is written in CASE's forms, whatever forms it came in:
  /// an identifier that is not a UUID is replaced by one made from it (our extension keeps the
  /// original, as `caseIdentifier`), an association type CASE 1.0 does not have is written as
  /// `isRelatedTo` (our extension keeps the type), and the associations kept as they were get
  /// CASE's forms of their identifier, uri, time, sequence number and node links.
  public func casePackage(timestamp: String) -> JSONValue {
    let storedDocID = caseDocumentIdentifier
    let docID = writtenIdentifier(storedDocID)
    // The stored identifiers written as other ones, for the links that name them.
    var renamed: [String: String] = [:]
    let stored = [storedDocID] + domains.map(\.id).map(caseIdentifier(ofItem:))
      + competencies.map(\.id).map(caseIdentifier(ofItem:))
    for stored in stored where !CASEForm.isUUID(stored) {
      renamed[stored.lowercased()] = writtenIdentifier(stored)
    }
    let docURI = caseBase + "CFDocuments/" + docID
    let docTitle = title.text(primaryLanguage)
    let docLink = link(docTitle, docID, docURI)

    func itemLink(_ id: String) -> JSONValue {
      let identifier = writtenIdentifier(caseIdentifier(ofItem: id))
      let title = competency(id)?.title ?? domain(id)?.title ?? LocalizedText(en: id)
      return link(title.text(primaryLanguage), identifier, caseBase + "CFItems/" + identifier)
    }

    var document = ObjectBuilder()
    document.set("identifier", .string(docID))
    document.set("uri", .string(docURI))
    document.set("creator", .string(publisher ?? "cpd"))
    document.set("title", .string(docTitle))
    document.set("lastChangeDateTime", .string(timestamp))
    document.set("publisher", publisher.map(JSONValue.string))
    document.set("description", description.map { .string($0.text(primaryLanguage)) })
    document.set("version", .string(version))
    document.set("language", .string(primaryLanguage))
    document.set("adoptionStatus", "Draft")
    document.set("CFPackageURI", link(docTitle, docID, caseBase + "CFPackages/" + docID))
    var documentExtension = ObjectBuilder()
    documentExtension.set("id", .string(id))
    if docID != storedDocID { documentExtension.set("caseIdentifier", .string(storedDocID)) }
    documentExtension.set("languages", .strings(languages))
    documentExtension.set("title", title.json(languages: languages))
    // The documents the rationales cite, so that an import can keep the rationales sourced.
    let cited = Set(competencies.compactMap { $0.rationale?.source })
    let citedSources = sources.filter { cited.contains($0.id) }
    if !citedSources.isEmpty { documentExtension.set("sources", .array(citedSources.map(json))) }
    document.set("extensions", ["cpd": documentExtension.value])

    var items: [JSONValue] = []
    func item(
      id: String, code: String?, title: LocalizedText, description: LocalizedText?, notes: String?, type: String,
      identifier stored: String, rationale: Rationale? = nil
    ) -> JSONValue {
      let identifier = writtenIdentifier(stored)
      var o = ObjectBuilder()
      o.set("identifier", .string(identifier))
      o.set("uri", .string(caseBase + "CFItems/" + identifier))
      o.set("fullStatement", .string(title.text(primaryLanguage)))
      o.set("humanCodingScheme", .string(code ?? id))
      o.set("CFItemType", .string(type))
      o.set("notes", notes.map(JSONValue.string))
      o.set("language", .string(primaryLanguage))
      o.set("lastChangeDateTime", .string(timestamp))
      o.set("CFDocumentURI", docLink)
      var ext = ObjectBuilder()
      ext.set("id", .string(id))
      if identifier != stored { ext.set("caseIdentifier", .string(stored)) }
      ext.set("title", title.json(languages: languages))
      ext.set("description", description?.json(languages: languages))
      if let rationale, rationale.source != nil { ext.set("rationale", json(rationale)) }
      o.set("extensions", ["cpd": ext.value])
      return o.value
    }
    for d in domains {
      items.append(
        item(
          id: d.id, code: d.code, title: d.title, description: d.description, notes: nil,
          type: d.caseItemType ?? "Domain", identifier: caseIdentifier(ofItem: d.id)))
    }
    for c in competencies {
      items.append(
        item(
          id: c.id, code: c.code, title: c.title, description: c.description,
          notes: c.rationale.map { $0.text.text(primaryLanguage) } ?? c.notes, type: c.caseItemType ?? "Competency",
          identifier: caseIdentifier(ofItem: c.id), rationale: c.rationale))
    }

    var associations: [JSONValue] = []
    func associate(
      _ origin: JSONValue, _ type: String, _ destination: JSONValue, sequence: Int? = nil, cpd: JSONValue = [:]
    ) {
      let key = "\(origin["identifier"]?.stringValue ?? "")|\(type)|\(destination["identifier"]?.stringValue ?? "")"
      let identifier = NameBasedUUID.string(namespace: caseNamespace, name: "association:\(key)")
      let (writtenType, extensions) = Self.caseType(type, cpd: cpd, others: nil)
      var o = ObjectBuilder()
      o.set("identifier", .string(identifier))
      o.set("uri", .string(caseBase + "CFAssociations/" + identifier))
      o.set("associationType", .string(writtenType))
      o.set("CFDocumentURI", docLink)
      o.set("sequenceNumber", sequence.map(JSONValue.int))
      o.set("originNodeURI", origin)
      o.set("destinationNodeURI", destination)
      o.set("lastChangeDateTime", .string(timestamp))
      o.set("extensions", extensions)
      associations.append(o.value)
    }
    for (i, d) in domains.enumerated() { associate(itemLink(d.id), "isChildOf", docLink, sequence: i + 1) }
    var siblingCount: [String: Int] = [:]
    for c in competencies {
      let parent = c.parent ?? c.domain
      let n = (siblingCount[parent ?? "", default: 0]) + 1
      siblingCount[parent ?? ""] = n
      associate(itemLink(c.id), "isChildOf", parent.map(itemLink) ?? docLink, sequence: n)
    }
    for c in competencies {
      for mapping in c.standards {
        guard let s = standard(mapping.standard) else { continue }
        let type = mapping.relation == .exactMatch ? Association.exactMatchOf : "isRelatedTo"
        associate(
          itemLink(c.id), type, standardLink(s), cpd: ["relation": .string(mapping.relation.rawValue), "standard": json(s)])
      }
      for a in c.associations {
        let destination: JSONValue
        var cpd: JSONValue = [:]
        if let other = a.framework {
          let identifier = NameBasedUUID.string(namespace: Framework.caseNamespace(of: other), name: "item:\(a.target)")
          destination = link(a.target, identifier, "urn:cpd:case:\(other)/CFItems/\(identifier)")
          cpd = ["framework": .string(other), "target": .string(a.target)]
        } else if let s = standard(a.target) {
          destination = standardLink(s)
          cpd = ["standard": json(s)]
        } else {
          destination = itemLink(a.target)
        }
        associate(itemLink(c.id), a.relation, destination, cpd: cpd)
      }
    }
    for kept in caseAssociations {
      associations.append(conformant(kept, docLink: docLink, timestamp: timestamp, renamed: renamed))
    }

    return [
      "CFDocument": document.value,
      "CFItems": .array(items),
      "CFAssociations": .array(associations),
    ]
  }

  func standardLink(_ s: Standard) -> JSONValue {
    let identifier = caseIdentifier(ofStandard: s)
    let uri = s.uri.flatMap { CASEForm.isURI($0) ? $0 : nil } ?? caseBase + "standards/" + CASEForm.uriSafe(s.id)
    return link(s.code.map { "\($0) \(s.title)" } ?? s.title, identifier, uri)
  }
}

func link(_ title: String, _ identifier: String, _ uri: String) -> JSONValue {
  ["title": .string(title), "identifier": .string(identifier), "uri": .string(uri)]
}
