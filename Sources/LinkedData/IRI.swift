/// IRI helpers: the few parts of RFC 3986 / RFC 3987 that JSON-LD processing needs.
enum IRI {
  /// Whether `value` starts with a scheme (`ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"`).
  static func hasScheme(_ value: String) -> Bool {
    var sawLetter = false
    for (i, c) in value.utf8.enumerated() {
      if c == UInt8(ascii: ":") { return i > 0 && sawLetter }
      let isAlpha = (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
      let isDigit = c >= 0x30 && c <= 0x39
      if i == 0 {
        guard isAlpha else { return false }
        sawLetter = true
      } else if !(isAlpha || isDigit || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") || c == UInt8(ascii: ".")) {
        return false
      }
    }
    return false
  }

  /// An absolute IRI that N-Quads can carry: a scheme, and none of the characters IRIREF forbids.
  static func isWellFormedAbsolute(_ value: String) -> Bool {
    guard hasScheme(value) else { return false }
    for scalar in value.unicodeScalars {
      switch scalar {
      case "<", ">", "\"", "{", "}", "|", "^", "`", "\\", " ": return false
      default: if scalar.value <= 0x20 { return false }
      }
    }
    return true
  }

  static func isBlankNode(_ value: String) -> Bool { value.hasPrefix("_:") }

  /// RFC 3986 §5.2 reference resolution. With no base, a relative reference stays as it is.
  static func resolve(_ reference: String, against base: String?) -> String {
    guard let base, hasScheme(base) else { return reference }
    if hasScheme(reference) { return reference }
    let b = Parts(base)
    let r = Parts(reference)
    var target = Parts()
    if r.authority != nil {
      target.authority = r.authority
      target.path = removeDotSegments(r.path)
      target.query = r.query
    } else {
      if r.path.isEmpty {
        target.path = b.path
        target.query = r.query ?? b.query
      } else {
        if r.path.hasPrefix("/") {
          target.path = removeDotSegments(r.path)
        } else {
          target.path = removeDotSegments(merge(b, r.path))
        }
        target.query = r.query
      }
      target.authority = b.authority
    }
    target.scheme = b.scheme
    target.fragment = r.fragment
    return target.recomposed
  }

  struct Parts {
    var scheme: String?
    var authority: String?
    var path = ""
    var query: String?
    var fragment: String?

    init() {}

    init(_ text: String) {
      var rest = Substring(text)
      if let hash = rest.firstIndex(of: "#") {
        fragment = String(rest[rest.index(after: hash)...])
        rest = rest[..<hash]
      }
      if let question = rest.firstIndex(of: "?") {
        query = String(rest[rest.index(after: question)...])
        rest = rest[..<question]
      }
      if IRI.hasScheme(String(rest)), let colon = rest.firstIndex(of: ":") {
        scheme = String(rest[..<colon])
        rest = rest[rest.index(after: colon)...]
      }
      if rest.hasPrefix("//") {
        rest = rest.dropFirst(2)
        let end = rest.firstIndex(of: "/") ?? rest.endIndex
        authority = String(rest[..<end])
        rest = rest[end...]
      }
      path = String(rest)
    }

    var recomposed: String {
      var out = ""
      if let scheme { out += scheme + ":" }
      if let authority { out += "//" + authority }
      out += path
      if let query { out += "?" + query }
      if let fragment { out += "#" + fragment }
      return out
    }
  }

  static func merge(_ base: Parts, _ path: String) -> String {
    if base.authority != nil && base.path.isEmpty { return "/" + path }
    guard let slash = base.path.lastIndex(of: "/") else { return path }
    return String(base.path[...slash]) + path
  }

  static func removeDotSegments(_ path: String) -> String {
    var input = Substring(path)
    var output: [Substring] = []
    var result = ""
    while !input.isEmpty {
      if input.hasPrefix("../") {
        input = input.dropFirst(3)
      } else if input.hasPrefix("./") {
        input = input.dropFirst(2)
      } else if input.hasPrefix("/./") {
        input = input.dropFirst(2)
      } else if input == "/." {
        input = "/"
      } else if input.hasPrefix("/../") {
        input = input.dropFirst(3)
        if !output.isEmpty { output.removeLast() }
      } else if input == "/.." {
        input = "/"
        if !output.isEmpty { output.removeLast() }
      } else if input == "." || input == ".." {
        input = ""
      } else {
        var end = input.index(after: input.startIndex)
        if input.first != "/" { end = input.startIndex }
        let next = input[end...].firstIndex(of: "/") ?? input.endIndex
        output.append(input[..<next])
        input = input[next...]
      }
    }
    for segment in output { result += segment }
    return result
  }
}
