import Certificates
import Cryptography
import JSON
import LinkedData
import Testing

@Suite struct CanonicalizationVectorTests {
  @Test func theW3CCredentialCanonicalisesByteForByte() throws {
    let credential = try JSONParser.parse(W3CVectors.unsignedCredential)
    let quads = try JSONLD.toRDF(credential, contexts: W3CVectors.contexts)
    let canonical = try RDFC10.canonicalNQuads(quads)
    #expect(canonical == W3CVectors.rdfcCanonicalDocument)
    #expect(Digest.sha256(canonical).hexString == W3CVectors.rdfcDocumentHash)
  }

  @Test func theW3CProofOptionsCanonicaliseByteForByte() throws {
    let options = try JSONParser.parse(W3CVectors.rdfcProofOptions)
    let canonical = try RDFC10.canonicalNQuads(try JSONLD.toRDF(options, contexts: W3CVectors.contexts))
    #expect(canonical == W3CVectors.rdfcCanonicalProofOptions)
    #expect(Digest.sha256(canonical).hexString == W3CVectors.rdfcProofOptionsHash)
  }
}
