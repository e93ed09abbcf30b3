import JSON

/// A framework kept as one document, for a store to hold the exact framework its records were
/// assessed against: every file's content in one canonical (RFC 8785) JSON object.
extension Framework {
  /// What a snapshot calls itself, so that any other JSON document is refused.
  public static let snapshotKind = "cpd-framework-snapshot"
  public static let snapshotVersion = 1

  /// The framework as one canonical JSON document. The same framework always gives the same bytes,
  /// and `load(snapshot:)` gives back a framework with the same snapshot.
  public func snapshot() -> [UInt8] {
    let documents = files
    let entries = File.allCases.map { (key: $0.rawValue, value: documents[$0]!) }
    let document: JSONValue = [
      "kind": .string(Self.snapshotKind), "snapshotVersion": .int(Self.snapshotVersion), "id": .string(id),
      "version": .string(version), "files": .object(JSONObject(entries)),
    ]
    return JSONWriter.bytes(document, style: .canonical)
  }

  /// Reads a snapshot back, validating it as a framework folder would be validated.
  public static func load(snapshot bytes: [UInt8]) throws(FrameworkError) -> Framework {
    let name = "framework snapshot"
    let document: JSONValue
    do {
      document = try JSONParser.parse(bytes)
    } catch {
      throw .unreadableInterchange(file: name, reason: "not JSON: \(error)")
    }
    guard document["kind"]?.stringValue == snapshotKind else {
      throw .unreadableInterchange(file: name, reason: "not a framework snapshot (its kind is not \"\(snapshotKind)\")")
    }
    guard let version = document["snapshotVersion"]?.intValue, version == snapshotVersion else {
      throw .unreadableInterchange(
        file: name, reason: "snapshot version \(document["snapshotVersion"].map { JSONWriter.string($0, style: .compact) } ?? "missing") is not \(snapshotVersion)")
    }
    guard let files = document["files"]?.objectValue else {
      throw .unreadableInterchange(file: name, reason: "it has no files object")
    }
    var contents: [File: [UInt8]] = [:]
    for (key, value) in files {
      guard let file = File(rawValue: key) else {
        throw .unreadableInterchange(file: name, reason: "files.\(key): not a framework file")
      }
      contents[file] = JSONWriter.bytes(value)
    }
    return try decode(contents, directory: "")
  }
}
