/// One node of an RDF dataset.
public enum RDFTerm: Sendable, Hashable {
  case iri(String)
  /// A blank node, by its identifier without the leading `_:`.
  case blank(String)
  /// A literal: its lexical form and datatype IRI, and a language tag for `rdf:langString`.
  case literal(String, datatype: String, language: String?)

  public static let xsdString = "http://www.w3.org/2001/XMLSchema#string"
  public static let langString = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

  var blankLabel: String? {
    if case .blank(let label) = self { return label }
    return nil
  }

  /// The term in canonical N-Quads form (RDF Dataset Canonicalization, appendix A).
  public var nquads: String {
    switch self {
    case .iri(let iri): return "<" + iri + ">"
    case .blank(let label): return "_:" + label
    case .literal(let value, let datatype, let language):
      var out = "\""
      out.reserveCapacity(value.utf8.count + 2)
      for scalar in value.unicodeScalars {
        switch scalar.value {
        case 0x08: out += "\\b"
        case 0x09: out += "\\t"
        case 0x0A: out += "\\n"
        case 0x0C: out += "\\f"
        case 0x0D: out += "\\r"
        case 0x22: out += "\\\""
        case 0x5C: out += "\\\\"
        case 0x00...0x1F, 0x7F:
          let hex = String(scalar.value, radix: 16, uppercase: true)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: out.unicodeScalars.append(scalar)
        }
      }
      out += "\""
      if let language, datatype == Self.langString { return out + "@" + language }
      if datatype == Self.xsdString { return out }
      return out + "^^<" + datatype + ">"
    }
  }
}

/// A quad: a triple in the default graph (`graph == nil`) or in a named graph.
public struct Quad: Sendable, Hashable {
  public var subject: RDFTerm
  public var predicate: RDFTerm
  public var object: RDFTerm
  public var graph: RDFTerm?

  public init(_ subject: RDFTerm, _ predicate: RDFTerm, _ object: RDFTerm, graph: RDFTerm? = nil) {
    self.subject = subject
    self.predicate = predicate
    self.object = object
    self.graph = graph
  }

  /// The quad as one canonical N-Quads line, ending with a new line.
  public var nquads: String {
    var line = subject.nquads + " " + predicate.nquads + " " + object.nquads
    if let graph { line += " " + graph.nquads }
    return line + " .\n"
  }

  func mapBlankNodes(_ rename: (String) -> String) -> Quad {
    func map(_ term: RDFTerm) -> RDFTerm {
      if case .blank(let label) = term { return .blank(rename(label)) }
      return term
    }
    return Quad(map(subject), predicate, map(object), graph: graph.map(map))
  }
}

/// N-Quads (RDF 1.1) reading, for datasets given as text.
public enum NQuads {
  /// Serialises quads one per line in the given order.
  public static func serialize(_ quads: [Quad]) -> String { quads.map(\.nquads).joined() }

  /// Parses an N-Quads document; comments and blank lines are allowed.
  public static func parse(_ text: String) throws(LinkedDataError) -> [Quad] {
    var quads: [Quad] = []
    for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      var reader = LineReader(scalars: Array(line.unicodeScalars), line: number + 1)
      reader.skipSpace()
      if reader.atEnd || reader.peek == "#" { continue }
      let subject = try reader.term()
      let predicate = try reader.term()
      let object = try reader.term()
      reader.skipSpace()
      var graph: RDFTerm?
      if reader.peek != "." { graph = try reader.term() }
      reader.skipSpace()
      guard reader.peek == "." else { throw reader.error("expected '.'") }
      reader.index += 1
      reader.skipSpace()
      guard reader.atEnd || reader.peek == "#" else { throw reader.error("unexpected text after '.'") }
      guard case .iri = predicate, subject.isResource, graph?.isResource ?? true else {
        throw reader.error("a subject, predicate or graph of the wrong kind")
      }
      quads.append(Quad(subject, predicate, object, graph: graph))
    }
    return quads
  }

  struct LineReader {
    var scalars: [Unicode.Scalar]
    var line: Int
    var index = 0

    var atEnd: Bool { index >= scalars.count }
    var peek: Unicode.Scalar? { atEnd ? nil : scalars[index] }

    func error(_ message: String) -> LinkedDataError {
      LinkedDataError("invalid N-Quads", "line \(line), column \(index + 1): \(message)")
    }

    mutating func skipSpace() {
      while let c = peek, c == " " || c == "\t" || c == "\r" { index += 1 }
    }

    mutating func term() throws(LinkedDataError) -> RDFTerm {
      skipSpace()
      guard let c = peek else { throw error("unexpected end of line") }
      switch c {
      case "<":
        index += 1
        var iri = ""
        while let d = peek, d != ">" {
          if d == "\\" {
            iri.unicodeScalars.append(try escape(allowECHAR: false))
          } else {
            iri.unicodeScalars.append(d)
            index += 1
          }
        }
        guard peek == ">" else { throw error("unterminated IRI") }
        index += 1
        return .iri(iri)
      case "_":
        guard index + 1 < scalars.count, scalars[index + 1] == ":" else { throw error("expected '_:'") }
        index += 2
        var label = ""
        while let d = peek, d != " ", d != "\t", !(d == "." && isEndOfLabel()) {
          label.unicodeScalars.append(d)
          index += 1
        }
        guard !label.isEmpty else { throw error("empty blank node label") }
        return .blank(label)
      case "\"":
        index += 1
        var value = ""
        while let d = peek, d != "\"" {
          if d == "\\" {
            value.unicodeScalars.append(try escape(allowECHAR: true))
          } else {
            value.unicodeScalars.append(d)
            index += 1
          }
        }
        guard peek == "\"" else { throw error("unterminated literal") }
        index += 1
        if peek == "@" {
          index += 1
          var language = ""
          while let d = peek, d.properties.isAlphabetic || d == "-" || ("0"..."9").contains(d) {
            language.unicodeScalars.append(d)
            index += 1
          }
          return .literal(value, datatype: RDFTerm.langString, language: language)
        }
        if peek == "^" {
          guard index + 1 < scalars.count, scalars[index + 1] == "^" else { throw error("expected '^^'") }
          index += 2
          guard case .iri(let datatype) = try term() else { throw error("a datatype must be an IRI") }
          return .literal(value, datatype: datatype, language: nil)
        }
        return .literal(value, datatype: RDFTerm.xsdString, language: nil)
      default:
        throw error("unexpected character '\(c)'")
      }
    }

    /// A '.' ends a blank node label when only space or a comment follows it.
    func isEndOfLabel() -> Bool {
      var i = index + 1
      while i < scalars.count, scalars[i] == " " || scalars[i] == "\t" { i += 1 }
      return i >= scalars.count || scalars[i] == "#"
    }

    mutating func escape(allowECHAR: Bool) throws(LinkedDataError) -> Unicode.Scalar {
      index += 1
      guard let c = peek else { throw error("unterminated escape") }
      index += 1
      func hex(_ count: Int) throws(LinkedDataError) -> Unicode.Scalar {
        guard index + count <= scalars.count,
          let value = UInt32(String(String.UnicodeScalarView(scalars[index..<index + count])), radix: 16),
          let scalar = Unicode.Scalar(value)
        else { throw error("bad \\u escape") }
        index += count
        return scalar
      }
      switch c {
      case "u": return try hex(4)
      case "U": return try hex(8)
      case "t" where allowECHAR: return "\t"
      case "b" where allowECHAR: return "\u{08}"
      case "n" where allowECHAR: return "\n"
      case "r" where allowECHAR: return "\r"
      case "f" where allowECHAR: return "\u{0C}"
      case "\"" where allowECHAR: return "\""
      case "'" where allowECHAR: return "'"
      case "\\" where allowECHAR: return "\\"
      default: throw error("unknown escape \\\(c)")
      }
    }
  }
}

extension RDFTerm {
  /// Terms are equal when their text is equal code point for code point (Swift's own string
  /// equality would also equate canonically equivalent strings, which are different RDF terms).
  public static func == (lhs: RDFTerm, rhs: RDFTerm) -> Bool {
    switch (lhs, rhs) {
    case (.iri(let a), .iri(let b)), (.blank(let a), .blank(let b)): return a.utf8.elementsEqual(b.utf8)
    case (.literal(let a, let da, let la), .literal(let b, let db, let lb)):
      return a.utf8.elementsEqual(b.utf8) && da.utf8.elementsEqual(db.utf8) && la == lb
    default: return false
    }
  }

  public func hash(into hasher: inout Hasher) {
    switch self {
    case .iri(let s):
      hasher.combine(0)
      for b in s.utf8 { hasher.combine(b) }
    case .blank(let s):
      hasher.combine(1)
      for b in s.utf8 { hasher.combine(b) }
    case .literal(let s, let d, let l):
      hasher.combine(2)
      for b in s.utf8 { hasher.combine(b) }
      hasher.combine(0xFF as UInt8)
      for b in d.utf8 { hasher.combine(b) }
      hasher.combine(l)
    }
  }

  var isResource: Bool {
    switch self {
    case .iri, .blank: true
    case .literal: false
    }
  }
}
