import JSON
import LinkedData

/// The JSON-LD contexts this program carries, so that nothing is fetched when a credential is
/// signed or checked. A credential naming any other context cannot be processed here.
public enum KnownContexts {
  public static let credentialsV2URL = "https://www.w3.org/ns/credentials/v2"
  public static let openBadgesURL = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"

  /// The contexts of an Open Badges 3.0 credential, in the order its `@context` lists them.
  public static let openBadgeCredential: [String] = [credentialsV2URL, openBadgesURL]

  /// Every context carried, by URL.
  public static let documents: ContextDocuments = {
    var all: [String: JSONValue] = [:]
    for (url, text) in [(credentialsV2URL, credentialsV2), (openBadgesURL, openBadges303)] {
      // The texts are fixed at build time and checked by the tests.
      all[url] = try! JSONParser.parse(text)
    }
    return ContextDocuments(all)
  }()
}
