/// GZIP (RFC 1952) around DEFLATE (RFC 1951), written here because the Bitstring Status List
/// encodes its list as GZIP and the package takes no dependencies. Compression uses fixed Huffman
/// codes with matches at distance 1 (runs), which suits status lists, mostly zeros; inflation
/// reads any DEFLATE stream, so lists from other issuers decode too.
public enum GZip {
  public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
    case notGZip
    case corrupt(String)
    case tooLarge

    public var description: String {
      switch self {
      case .notGZip: "not GZIP data"
      case .corrupt(let why): "corrupt GZIP data: \(why)"
      case .tooLarge: "the GZIP data expands to more than the limit"
      }
    }
  }

  public static func compress(_ data: [UInt8]) -> [UInt8] {
    // Header: magic, CM=8 (deflate), no flags, no time, XFL=0, OS=255 (unknown).
    var out: [UInt8] = [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 255]
    out += Deflate.compress(data)
    out += littleEndian(CRC32.checksum(data))
    out += littleEndian(UInt32(truncatingIfNeeded: data.count))
    return out
  }

  /// The data in one GZIP member; `limit` bounds what a hostile input may expand to.
  public static func decompress(_ gzip: [UInt8], limit: Int = 16 << 20) throws(Failure) -> [UInt8] {
    guard gzip.count >= 18, gzip[0] == 0x1F, gzip[1] == 0x8B, gzip[2] == 8 else { throw .notGZip }
    let flags = gzip[3]
    var position = 10
    if flags & 0x04 != 0 {  // FEXTRA
      guard position + 2 <= gzip.count else { throw .corrupt("truncated extra field") }
      position += 2 + Int(gzip[position]) + Int(gzip[position + 1]) << 8
    }
    for flag: UInt8 in [0x08, 0x10] where flags & flag != 0 {  // FNAME, FCOMMENT: zero-terminated
      while position < gzip.count && gzip[position] != 0 { position += 1 }
      position += 1
    }
    if flags & 0x02 != 0 { position += 2 }  // FHCRC
    guard position < gzip.count else { throw .corrupt("truncated header") }
    var inflater = Inflater(bytes: gzip, position: position, limit: limit)
    let data = try inflater.inflate()
    let end = inflater.byteAlignedPosition
    guard end + 8 <= gzip.count else { throw .corrupt("truncated trailer") }
    let crc = UInt32(gzip[end]) | UInt32(gzip[end + 1]) << 8 | UInt32(gzip[end + 2]) << 16 | UInt32(gzip[end + 3]) << 24
    let size = UInt32(gzip[end + 4]) | UInt32(gzip[end + 5]) << 8 | UInt32(gzip[end + 6]) << 16 | UInt32(gzip[end + 7]) << 24
    guard crc == CRC32.checksum(data) else { throw .corrupt("checksum mismatch") }
    guard size == UInt32(truncatingIfNeeded: data.count) else { throw .corrupt("length mismatch") }
    return data
  }

  static func littleEndian(_ v: UInt32) -> [UInt8] {
    [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24 & 0xFF)]
  }
}

enum CRC32 {
  static let table: [UInt32] = (0..<256).map { n in
    var c = UInt32(n)
    for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    return c
  }

  static func checksum(_ data: [UInt8]) -> UInt32 {
    var c: UInt32 = 0xFFFF_FFFF
    for byte in data { c = table[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
    return c ^ 0xFFFF_FFFF
  }
}

/// Length codes 257...285: base lengths and extra bits (RFC 1951 §3.2.5).
private let lengthBase: [Int] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
private let lengthExtra: [Int] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
/// Distance codes 0...29.
private let distanceBase: [Int] = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193,
  12289, 16385, 24577,
]
private let distanceExtra: [Int] = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

enum Deflate {
  struct BitWriter {
    var bytes: [UInt8] = []
    var current: UInt32 = 0
    var count = 0

    mutating func write(_ value: Int, bits: Int) {
      current |= UInt32(value) << UInt32(count)
      count += bits
      while count >= 8 {
        bytes.append(UInt8(current & 0xFF))
        current >>= 8
        count -= 8
      }
    }

    /// A Huffman code goes most significant bit first.
    mutating func writeCode(_ code: Int, length: Int) {
      var reversed = 0
      for i in 0..<length where code & (1 << i) != 0 { reversed |= 1 << (length - 1 - i) }
      write(reversed, bits: length)
    }

    mutating func finish() -> [UInt8] {
      if count > 0 { bytes.append(UInt8(current & 0xFF)) }
      count = 0
      current = 0
      return bytes
    }
  }

  /// The fixed literal/length code (RFC 1951 §3.2.6).
  static func writeLiteral(_ symbol: Int, _ writer: inout BitWriter) {
    switch symbol {
    case 0...143: writer.writeCode(0x30 + symbol, length: 8)
    case 144...255: writer.writeCode(0x190 + symbol - 144, length: 9)
    case 256...279: writer.writeCode(symbol - 256, length: 7)
    default: writer.writeCode(0xC0 + symbol - 280, length: 8)
    }
  }

  static func writeLength(_ length: Int, _ writer: inout BitWriter) {
    var code = lengthBase.count - 1
    while lengthBase[code] > length { code -= 1 }
    writeLiteral(257 + code, &writer)
    if lengthExtra[code] > 0 { writer.write(length - lengthBase[code], bits: lengthExtra[code]) }
  }

  /// One final block with fixed codes: literals, and each run of a repeated byte as a match at distance 1.
  static func compress(_ data: [UInt8]) -> [UInt8] {
    var writer = BitWriter()
    writer.write(1, bits: 1)  // BFINAL
    writer.write(1, bits: 2)  // BTYPE = fixed Huffman
    var i = 0
    while i < data.count {
      let byte = data[i]
      writeLiteral(Int(byte), &writer)
      var run = 0
      while i + 1 + run < data.count && data[i + 1 + run] == byte { run += 1 }
      i += 1
      while run >= 3 {
        let length = min(run, 258)
        writeLength(length, &writer)
        writer.writeCode(0, length: 5)  // distance code 0: distance 1
        run -= length
        i += length
      }
    }
    writeLiteral(256, &writer)  // end of block
    return writer.finish()
  }
}

/// A DEFLATE decoder for stored, fixed and dynamic Huffman blocks (RFC 1951 §3.2).
struct Inflater {
  let bytes: [UInt8]
  var position: Int
  var bitBuffer: UInt32 = 0
  var bitCount = 0
  let limit: Int

  init(bytes: [UInt8], position: Int, limit: Int) {
    self.bytes = bytes
    self.position = position
    self.limit = limit
  }

  /// The position of the first byte after the stream (bits left over are padding).
  var byteAlignedPosition: Int { position - bitCount / 8 }

  mutating func bits(_ n: Int) throws(GZip.Failure) -> Int {
    while bitCount < n {
      guard position < bytes.count else { throw .corrupt("unexpected end of data") }
      bitBuffer |= UInt32(bytes[position]) << UInt32(bitCount)
      position += 1
      bitCount += 8
    }
    let value = Int(bitBuffer & ((1 << UInt32(n)) - 1))
    bitBuffer >>= UInt32(n)
    bitCount -= n
    return value
  }

  /// A canonical Huffman code from code lengths: counts per length and symbols in code order.
  struct Huffman {
    var counts = [Int](repeating: 0, count: 16)
    var symbols: [Int] = []

    init(lengths: [Int]) throws(GZip.Failure) {
      for l in lengths { counts[l] += 1 }
      counts[0] = 0
      var left = 1
      for len in 1..<16 {
        left <<= 1
        left -= counts[len]
        guard left >= 0 else { throw .corrupt("over-subscribed Huffman code") }
      }
      var offsets = [Int](repeating: 0, count: 16)
      for len in 1..<15 { offsets[len + 1] = offsets[len] + counts[len] }
      symbols = [Int](repeating: 0, count: lengths.count)
      for (symbol, l) in lengths.enumerated() where l != 0 {
        symbols[offsets[l]] = symbol
        offsets[l] += 1
      }
    }
  }

  mutating func decode(_ h: Huffman) throws(GZip.Failure) -> Int {
    var code = 0
    var first = 0
    var index = 0
    for len in 1..<16 {
      code |= try bits(1)
      let count = h.counts[len]
      if code - count < first { return h.symbols[index + (code - first)] }
      index += count
      first += count
      first <<= 1
      code <<= 1
    }
    throw .corrupt("bad Huffman code")
  }

  static let fixedLiterals: Huffman = {
    var lengths = [Int](repeating: 8, count: 288)
    for i in 144..<256 { lengths[i] = 9 }
    for i in 256..<280 { lengths[i] = 7 }
    return try! Huffman(lengths: lengths)
  }()
  static let fixedDistances: Huffman = try! Huffman(lengths: [Int](repeating: 5, count: 30))

  mutating func inflate() throws(GZip.Failure) -> [UInt8] {
    var out: [UInt8] = []
    var final = false
    while !final {
      final = try bits(1) == 1
      switch try bits(2) {
      case 0:
        bitBuffer = 0
        bitCount = 0
        guard position + 4 <= bytes.count else { throw .corrupt("truncated stored block") }
        let length = Int(bytes[position]) | Int(bytes[position + 1]) << 8
        let complement = Int(bytes[position + 2]) | Int(bytes[position + 3]) << 8
        guard length == ~complement & 0xFFFF else { throw .corrupt("stored block length check") }
        position += 4
        guard position + length <= bytes.count else { throw .corrupt("truncated stored block") }
        guard out.count + length <= limit else { throw .tooLarge }
        out += bytes[position..<position + length]
        position += length
      case 1:
        try inflateBlock(Self.fixedLiterals, Self.fixedDistances, &out)
      case 2:
        let literalCount = try bits(5) + 257
        let distanceCount = try bits(5) + 1
        let codeLengthCount = try bits(4) + 4
        let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
        var codeLengths = [Int](repeating: 0, count: 19)
        for i in 0..<codeLengthCount { codeLengths[order[i]] = try bits(3) }
        let lengthCode = try Huffman(lengths: codeLengths)
        var lengths: [Int] = []
        while lengths.count < literalCount + distanceCount {
          let symbol = try decode(lengthCode)
          switch symbol {
          case 0...15: lengths.append(symbol)
          case 16:
            guard let last = lengths.last else { throw .corrupt("repeat with no previous length") }
            lengths += [Int](repeating: last, count: 3 + (try bits(2)))
          case 17: lengths += [Int](repeating: 0, count: 3 + (try bits(3)))
          default: lengths += [Int](repeating: 0, count: 11 + (try bits(7)))
          }
        }
        guard lengths.count == literalCount + distanceCount, lengths[256] != 0 else {
          throw .corrupt("bad code lengths")
        }
        try inflateBlock(
          try Huffman(lengths: Array(lengths[..<literalCount])), try Huffman(lengths: Array(lengths[literalCount...])), &out)
      default:
        throw .corrupt("reserved block type")
      }
    }
    return out
  }

  mutating func inflateBlock(_ literals: Huffman, _ distances: Huffman, _ out: inout [UInt8]) throws(GZip.Failure) {
    while true {
      let symbol = try decode(literals)
      if symbol < 256 {
        guard out.count < limit else { throw .tooLarge }
        out.append(UInt8(symbol))
      } else if symbol == 256 {
        return
      } else {
        let code = symbol - 257
        guard code < lengthBase.count else { throw .corrupt("bad length code") }
        let length = lengthBase[code] + (try bits(lengthExtra[code]))
        let distanceCode = try decode(distances)
        guard distanceCode < distanceBase.count else { throw .corrupt("bad distance code") }
        let distance = distanceBase[distanceCode] + (try bits(distanceExtra[distanceCode]))
        guard distance <= out.count else { throw .corrupt("distance before the start") }
        guard out.count + length <= limit else { throw .tooLarge }
        let start = out.count - distance
        for k in 0..<length { out.append(out[start + k]) }
      }
    }
  }
}
