import Competency

/// What a CASE import produced: the framework, and what it could not map on the way.
public struct CASEImport: Sendable {
  public var framework: Framework
  /// Each thing the import could not map as it stands, naming the item and the field; a
  /// deviation repeated in the same field is reported once, with how often it occurred.
  public var details: [CASEWarning]

  /// The warnings, one line each.
  public var warnings: [String] { details.map(\.description) }

  public init(framework: Framework, details: [CASEWarning]) {
    self.framework = framework
    self.details = details
  }
}

/// One thing a CASE import could not map as it stands, and what it did instead.
public struct CASEWarning: Sendable, Hashable, CustomStringConvertible {
  /// Where it is in the package: `CFDocument`, `CFItems[3]`, `CFAssociations[0]`, `CFDefinitions.CFConcepts[1]`.
  public var path: String
  /// The element it is about, by its human coding scheme and identifier as far as it has them:
  /// `PS.1.2 (31befe44-bc4c-41e8-a572-0242ac120003)`; an association also by the item it starts from.
  public var item: String
  /// The field, by its CASE name (`fullStatement`, `destinationNodeURI`, `educationLevel`).
  public var field: String
  /// What was wrong and what the import did.
  public var message: String
  /// How many places had the same deviation in the same field; `path` is the first of them.
  public var count: Int
  /// Up to three of the other places.
  public var others: [String]

  public init(path: String, item: String, field: String, message: String, count: Int = 1, others: [String] = []) {
    self.path = path
    self.item = item
    self.field = field
    self.message = message
    self.count = count
    self.others = others
  }

  public var description: String {
    var text = "\(path) \(item): \(field): \(message)"
    if count > 1 {
      let places = others + (count - 1 > others.count && !others.isEmpty ? ["..."] : [])
      text += " (and \(count - 1) more like it\(places.isEmpty ? "" : ": " + places.joined(separator: ", ")))"
    }
    return text
  }
}

/// Collects warnings in the order they are first met; a deviation of a kind already reported is
/// counted on the first report.
struct CASEWarningLog {
  private(set) var entries: [CASEWarning] = []
  private var index: [String: Int] = [:]

  mutating func add(kind: String, path: String, item: String, field: String, message: String) {
    if let i = index[kind] {
      entries[i].count += 1
      if entries[i].others.count < 3 && entries[i].path != path && !entries[i].others.contains(path) {
        entries[i].others.append(path)
      }
      return
    }
    index[kind] = entries.count
    entries.append(CASEWarning(path: path, item: item, field: field, message: message))
  }

  /// The warnings in the order of the package: the document, the items, the associations, the
  /// rest; within one element, in the order they were met.
  var ordered: [CASEWarning] {
    entries.enumerated().sorted { a, b in
      let (ka, kb) = (Self.place(a.element.path), Self.place(b.element.path))
      return ka != kb ? ka < kb : a.offset < b.offset
    }.map(\.element)
  }

  /// Where a path comes in the package: its section, then its index in the section.
  static func place(_ path: String) -> Place {
    let sections = ["CFDocument", "CFItems", "CFAssociations", "CFDefinitions", "CFRubrics"]
    let section = sections.firstIndex { path.hasPrefix($0) } ?? sections.count
    var index = 0
    if let open = path.firstIndex(of: "["), let close = path[open...].firstIndex(of: "]") {
      index = Int(path[path.index(after: open)..<close]) ?? 0
    }
    return Place(section: section, index: index)
  }

  struct Place: Comparable {
    var section: Int
    var index: Int
    static func < (a: Place, b: Place) -> Bool { (a.section, a.index) < (b.section, b.index) }
  }

}
