/// A number of hours in exact hundredths, from the file or form it was typed in to the store and
/// every total: "0.7" is seventy hundredths, never 0.7000000000000001.
public struct Hours: Sendable, Hashable, Comparable, CustomStringConvertible, ExpressibleByIntegerLiteral,
  ExpressibleByFloatLiteral
{
  public let hundredths: Int

  public init(hundredths: Int) { self.hundredths = hundredths }

  /// The nearest hundredth of `hours` (for durations, which need not be whole hundredths).
  public init(rounding hours: Double) {
    hundredths = hours.isFinite ? Int((hours * 100).rounded()) : 0
  }

  public init(integerLiteral value: Int) { hundredths = value * 100 }
  public init(floatLiteral value: Double) { self.init(rounding: value) }

  /// A plain decimal as people write hours: digits, then optionally a point and one or two
  /// digits (`3`, `2.5`, `0.75`). Nil for anything else: a sign, an exponent (`1e1`), hex
  /// (`0x10`), spaces, leading zeros (`03`), more than two decimal places.
  public init?(_ text: some StringProtocol) {
    let bytes = Array(text.utf8)
    let point = bytes.firstIndex(of: UInt8(ascii: ".")) ?? bytes.count
    let whole = bytes[..<point]
    let fraction = point < bytes.count ? bytes[(point + 1)...] : []
    func digits(_ part: ArraySlice<UInt8>) -> Bool { part.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
    guard !whole.isEmpty, whole.count <= 6, digits(whole), digits(fraction), fraction.count <= 2 else { return nil }
    if point < bytes.count && fraction.isEmpty { return nil }
    if whole.count > 1 && whole.first == UInt8(ascii: "0") { return nil }
    var value = 0
    for b in whole { value = value * 10 + Int(b - 0x30) }
    var cents = 0
    for (i, b) in fraction.enumerated() { cents += Int(b - 0x30) * (i == 0 ? 10 : 1) }
    hundredths = value * 100 + cents
  }

  /// Why `text` is not a number of hours, for an error beside its field.
  public static func refusal(_ text: String) -> String {
    let shown = "\"\(text.prefix(40))\""
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    if parts.count == 2, parts[1].count > 2, Hours("\(parts[0]).\(parts[1].prefix(2))") != nil {
      return "\(shown) has more than two decimal places (hours are kept to the hundredth)"
    }
    return "\(shown) is not a number of hours (write it as digits, like 3, 1.5 or 0.25)"
  }

  /// The hours as a number (exact wherever a hundredth has a binary form, and the nearest
  /// double to it otherwise, which prints as written).
  public var value: Double { Double(hundredths) / 100 }

  /// `3`, `2.5`, `0.75`: the shortest exact decimal.
  public var description: String {
    let whole = hundredths / 100
    let cents = abs(hundredths % 100)
    let sign = hundredths < 0 ? "-" : ""
    if cents == 0 { return "\(sign)\(abs(whole))" }
    return cents % 10 == 0 ? "\(sign)\(abs(whole)).\(cents / 10)" : "\(sign)\(abs(whole)).\(cents < 10 ? "0" : "")\(cents)"
  }

  public static func < (a: Hours, b: Hours) -> Bool { a.hundredths < b.hundredths }
  public static func + (a: Hours, b: Hours) -> Hours { Hours(hundredths: a.hundredths + b.hundredths) }
  public static let zero = Hours(hundredths: 0)
  /// The most one day holds.
  public static let day = Hours(hundredths: 2400)
}
