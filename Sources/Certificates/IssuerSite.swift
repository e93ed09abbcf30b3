import Foundation

extension IssuerKeys {
  static func sitePath(_ directory: String) -> String { (directory as NSString).appendingPathComponent("issuer-site.txt") }

  /// Where this issuer publishes its framework pages, achievements and status lists, as kept in
  /// its key folder; nil when none has been set.
  public static func site(in directory: String) throws(CertificateError) -> PublicationSite? {
    guard let data = FileManager.default.contents(atPath: sitePath(directory)) else { return nil }
    return try PublicationSite(baseURL: String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
  }

  /// Sets the publication site. Certificates already issued keep the addresses they were signed with.
  public static func setSite(_ site: PublicationSite, in directory: String) throws(CertificateError) {
    guard FileManager.default.fileExists(atPath: privatePath(directory)) else { throw .noKeys(directory) }
    do {
      try Data((site.baseURL + "\n").utf8).write(to: URL(fileURLWithPath: sitePath(directory)), options: .atomic)
    } catch {
      throw .unreadable("\(sitePath(directory)): cannot write: \(error.localizedDescription)")
    }
  }
}
