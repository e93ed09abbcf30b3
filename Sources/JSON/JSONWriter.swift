/// Serialises `JSONValue`s: pretty (2-space, keys in stored order), compact, or canonical.
///
/// Canonical output follows RFC 8785 (JCS): keys sorted by UTF-16 code units, no whitespace,
/// minimal string escapes and ECMAScript number formatting. Data-integrity proofs sign it.
public enum JSONWriter {
  public enum Style: Sendable {
    case pretty
    case compact
    case canonical
  }

  public static func string(_ value: JSONValue, style: Style = .pretty) -> String {
    var out = ""
    out.reserveCapacity(256)
    write(value, style: style, indent: 0, into: &out)
    if style == .pretty { out.append("\n") }
    return out
  }

  public static func bytes(_ value: JSONValue, style: Style = .pretty) -> [UInt8] {
    Array(string(value, style: style).utf8)
  }

  static func write(_ value: JSONValue, style: Style, indent: Int, into out: inout String) {
    switch value {
    case .null: out.append("null")
    case .bool(let b): out.append(b ? "true" : "false")
    case .number(let n): out.append(formatNumber(n))
    case .string(let s): writeString(s, into: &out)
    case .array(let elements):
      if elements.isEmpty {
        out.append("[]")
        return
      }
      out.append("[")
      for (i, element) in elements.enumerated() {
        if i > 0 { out.append(",") }
        if style == .pretty { newline(indent + 1, &out) }
        write(element, style: style, indent: indent + 1, into: &out)
      }
      if style == .pretty { newline(indent, &out) }
      out.append("]")
    case .object(let object):
      if object.isEmpty {
        out.append("{}")
        return
      }
      let entries =
        style == .canonical
        ? object.entries.sorted { $0.key.utf16.lexicographicallyPrecedes($1.key.utf16) }
        : object.entries
      out.append("{")
      for (i, entry) in entries.enumerated() {
        if i > 0 { out.append(",") }
        if style == .pretty { newline(indent + 1, &out) }
        writeString(entry.key, into: &out)
        out.append(style == .pretty ? ": " : ":")
        write(entry.value, style: style, indent: indent + 1, into: &out)
      }
      if style == .pretty { newline(indent, &out) }
      out.append("}")
    }
  }

  static func newline(_ indent: Int, _ out: inout String) {
    out.append("\n")
    for _ in 0..<indent { out.append("  ") }
  }

  public static func writeString(_ s: String, into out: inout String) {
    out.append("\"")
    // Most strings need no escape, and are appended whole.
    guard s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else {
      out.append(s)
      out.append("\"")
      return
    }
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out.append("\\\"")
      case "\\": out.append("\\\\")
      case "\u{08}": out.append("\\b")
      case "\u{0C}": out.append("\\f")
      case "\n": out.append("\\n")
      case "\r": out.append("\\r")
      case "\t": out.append("\\t")
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    out.append("\"")
  }

  /// A figure for people: rounded to tenths, written without trailing zeros.
  public static func formatTenths(_ n: Double) -> String { formatNumber((n * 10).rounded() / 10) }

  /// ECMAScript `Number.prototype.toString` formatting, as RFC 8785 requires.
  public static func formatNumber(_ n: Double) -> String {
    if n == 0 { return "0" }
    // Integers that a double holds exactly and every digit of which is significant. From 2^53
    // on, ECMAScript (and so RFC 8785) prints the shortest digits that read back, padded with
    // zeros: 2^60 is 1152921504606847000, not 1152921504606846976.
    if n.rounded() == n && abs(n) < 9_007_199_254_740_992 { return String(Int64(n)) }
    // Swift's description is the shortest round-trip form; adjust its exponent notation.
    var text = "\(n)"
    if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
      let mantissa = String(text[..<e])
      var exponent = String(text[text.index(after: e)...])
      var sign = "+"
      if exponent.hasPrefix("-") {
        sign = "-"
        exponent.removeFirst()
      } else if exponent.hasPrefix("+") {
        exponent.removeFirst()
      }
      while exponent.hasPrefix("0") && exponent.count > 1 { exponent.removeFirst() }
      let exponentValue = Int(exponent) ?? 0
      let signedExponent = sign == "-" ? -exponentValue : exponentValue
      // ECMAScript uses plain decimals for exponents from -7 up to 20.
      if signedExponent >= -6 && signedExponent < 21 {
        return plainDecimal(mantissa: mantissa, exponent: signedExponent)
      }
      text = mantissa.hasSuffix(".0") ? String(mantissa.dropLast(2)) : mantissa
      return text + "e" + sign + exponent
    }
    if text.hasSuffix(".0") { text.removeLast(2) }
    return text
  }

  static func plainDecimal(mantissa: String, exponent: Int) -> String {
    var negative = false
    var m = mantissa
    if m.hasPrefix("-") {
      negative = true
      m.removeFirst()
    }
    let parts = m.split(separator: ".", omittingEmptySubsequences: false)
    var digits = String(parts[0]) + (parts.count > 1 ? String(parts[1]) : "")
    let pointPosition = parts[0].count + exponent
    while digits.hasSuffix("0") && digits.count > max(pointPosition, 1) { digits.removeLast() }
    var result: String
    if pointPosition <= 0 {
      result = "0." + String(repeating: "0", count: -pointPosition) + digits
    } else if pointPosition >= digits.count {
      result = digits + String(repeating: "0", count: pointPosition - digits.count)
    } else {
      let i = digits.index(digits.startIndex, offsetBy: pointPosition)
      result = String(digits[..<i]) + "." + String(digits[i...])
    }
    if negative { result = "-" + result }
    return result
  }
}
