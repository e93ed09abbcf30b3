import Foundation
import JSON

/// Where a credential's status bit is: a W3C Bitstring Status List entry (`BitstringStatusListEntry`).
public struct StatusListEntry: Sendable, Equatable {
  /// The URL of the status list credential.
  public var listCredential: String
  public var index: Int
  /// `revocation` (a set bit means revoked for good) or `suspension`.
  public var purpose: String

  public init(listCredential: String, index: Int, purpose: String = "revocation") {
    self.listCredential = listCredential
    self.index = index
    self.purpose = purpose
  }

  public var json: JSONValue {
    [
      "id": .string("\(listCredential)#\(index)"), "type": "BitstringStatusListEntry", "statusPurpose": .string(purpose),
      "statusListIndex": .string(String(index)), "statusListCredential": .string(listCredential),
    ]
  }

  /// Reads an entry; nil unless it is a well-formed `BitstringStatusListEntry`.
  public init?(_ json: JSONValue) {
    let types = json["type"].map { $0.arrayValue ?? [$0] } ?? []
    guard types.contains("BitstringStatusListEntry"), let list = json["statusListCredential"]?.stringValue,
      let purpose = json["statusPurpose"]?.stringValue, let indexText = json["statusListIndex"]?.stringValue,
      !indexText.isEmpty, indexText.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), indexText.count < 12,
      let index = Int(indexText)
    else { return nil }
    self.init(listCredential: list, index: index, purpose: purpose)
  }
}

/// A status bitstring: bit 0 is the leftmost (most significant) bit of the first byte.
public struct Bitstring: Sendable, Equatable {
  public private(set) var bytes: [UInt8]

  /// `length` bits, all clear, rounded up to whole bytes.
  public init(length: Int) {
    bytes = [UInt8](repeating: 0, count: (max(length, 0) + 7) / 8)
  }

  public var length: Int { bytes.count * 8 }

  public subscript(index: Int) -> Bool {
    get { bytes[index / 8] & (0x80 >> UInt8(index % 8)) != 0 }
    set {
      if newValue {
        bytes[index / 8] |= 0x80 >> UInt8(index % 8)
      } else {
        bytes[index / 8] &= ~(0x80 >> UInt8(index % 8))
      }
    }
  }

  /// The `encodedList` form: multibase base64url (`u`) of the GZIP-compressed bitstring.
  public var encoded: String { Multibase.base64url(GZip.compress(bytes)) }

  public init(encoded: String) throws(CertificateError) {
    guard encoded.hasPrefix("u"), let compressed = Multibase.decode(encoded) else {
      throw .invalid("the encoded status list is not multibase base64url")
    }
    do {
      bytes = try GZip.decompress(compressed, limit: 1 << 24)
    } catch {
      throw .invalid("the encoded status list does not decompress: \(error)")
    }
  }
}

/// W3C Bitstring Status List v1.0: status list credentials and checking a credential against one.
public enum StatusList {
  /// The smallest list the specification allows (16 KiB of bits), which gives holders herd privacy.
  public static let minimumLength = 131_072

  /// A free index chosen at random (the specification asks that indexes not reveal issue order).
  public static func randomIndex(excluding used: Set<Int>, length: Int = minimumLength) -> Int? {
    guard used.count < length else { return nil }
    var generator = SystemRandomNumberGenerator()
    while true {
      let candidate = Int.random(in: 0..<length, using: &generator)
      if !used.contains(candidate) { return candidate }
    }
  }

  /// The status list credential for `url` in which exactly the `revoked` indexes are set, signed
  /// by the issuer with an `eddsa-rdfc-2022` proof.
  public static func credential(
    url: String, purpose: String = "revocation", revoked: Set<Int>, keys: IssuerKeys, validFrom: String,
    validUntil: String? = nil, length: Int = minimumLength
  ) throws(CertificateError) -> JSONValue {
    guard length >= minimumLength else { throw .invalid("a status list holds at least \(minimumLength) entries") }
    var bits = Bitstring(length: length)
    for index in revoked {
      guard index >= 0 && index < bits.length else { throw .invalid("status index \(index) is outside the list") }
      bits[index] = true
    }
    var list: JSONObject = JSONObject([
      ("@context", [.string(KnownContexts.credentialsV2URL)]), ("id", .string(url)),
      ("type", ["VerifiableCredential", "BitstringStatusListCredential"]),
      ("issuer", ["id": .string(keys.did), "name": .string(keys.name)]), ("validFrom", .string(validFrom)),
    ])
    if let validUntil { list["validUntil"] = .string(validUntil) }
    list["credentialSubject"] = [
      "id": .string(url + "#list"), "type": "BitstringStatusList", "statusPurpose": .string(purpose),
      "encodedList": .string(bits.encoded),
    ]
    return try DataIntegrity.addProofs(.object(list), suites: [.eddsaRdfc2022], keys: keys, created: validFrom)
  }

  /// What a status list says about one entry.
  public struct Check: Sendable, Equatable {
    public enum State: Sendable, Equatable {
      case clear
      /// The bit is set: revoked (or suspended, for a suspension list).
      case set
      /// No usable list for the entry was given, so the status is not known.
      case unknown
    }

    public var entry: StatusListEntry
    public var state: State
    /// Why the list given could not be used (it is not the issuer's, not valid, too short...).
    public var problem: String?
  }

  /// Checks `entry` against `list`, the status list credential it names. The list must be a
  /// valid credential of the same issuer (its proofs are checked) and of the entry's purpose.
  public static func check(
    _ entry: StatusListEntry, against list: JSONValue, issuer: String?, now: Date? = nil,
    options: VerificationOptions = VerificationOptions()
  ) -> Check {
    var result = Check(entry: entry, state: .unknown)
    guard list["id"]?.stringValue == entry.listCredential else {
      result.problem = "the status list given is \(list["id"]?.stringValue ?? "unnamed"), not \(entry.listCredential)"
      return result
    }
    var listOptions = options
    listOptions.statusLists = []
    let verified = CredentialVerifier.verify(credential: list, options: listOptions)
    guard verified.valid else {
      result.problem = "its status list \(entry.listCredential) is not valid: \(verified.failure ?? "")"
      return result
    }
    let types = list["type"].map { $0.arrayValue ?? [$0] } ?? []
    guard types.contains("BitstringStatusListCredential") else {
      result.problem = "\(entry.listCredential) is not a BitstringStatusListCredential"
      return result
    }
    guard let issuer, verified.issuerDID == issuer else {
      result.problem = "its status list \(entry.listCredential) is issued by \(verified.issuerDID ?? "nobody"), not by its issuer"
      return result
    }
    let subject = list["credentialSubject"]
    guard subject?["statusPurpose"]?.stringValue == entry.purpose else {
      result.problem = "its status list \(entry.listCredential) is not for \(entry.purpose)"
      return result
    }
    if let now, let until = list["validUntil"]?.stringValue.flatMap(XSDDateTime.parse), until < now {
      result.problem = "its status list \(entry.listCredential) expired on \(list["validUntil"]!.stringValue!)"
      return result
    }
    guard let encoded = subject?["encodedList"]?.stringValue else {
      result.problem = "its status list \(entry.listCredential) has no encodedList"
      return result
    }
    let bits: Bitstring
    do {
      bits = try Bitstring(encoded: encoded)
    } catch {
      result.problem = "its status list \(entry.listCredential): \(error)"
      return result
    }
    guard entry.index >= 0 && entry.index < bits.length else {
      result.problem = "its status index \(entry.index) is outside the list (\(bits.length) entries)"
      return result
    }
    result.state = bits[entry.index] ? .set : .clear
    return result
  }
}
