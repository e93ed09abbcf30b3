"""An independent check of credentials this program issues, with PyLD (JSON-LD and URDNA2015,
which RDFC-1.0 standardised) and pyca/cryptography (Ed25519, RSA): none of the Swift code is used.

  python3 independent_check.py CONTEXTS_DIR CREDENTIAL.json [VC.jwt KEY_DOCUMENT.json]

CONTEXTS_DIR holds one file per context, named by the SHA-256 of its URL. Prints one line per
check and exits 1 if any fails.
"""
import base64
import hashlib
import json
import os
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ed25519, padding, rsa
from pyld import jsonld

B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def b58decode(text):
    n = 0
    for c in text:
        n = n * 58 + B58.index(c)
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    return b"\0" * (len(text) - len(text.lstrip("1"))) + raw


def b64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


contexts_dir = sys.argv[1]


def loader(url, options=None):
    path = os.path.join(contexts_dir, hashlib.sha256(url.encode()).hexdigest() + ".json")
    with open(path) as f:
        return {"contextUrl": None, "documentUrl": url, "document": json.load(f)}


def canonical(document):
    return jsonld.normalize(
        document, {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": loader, "safe": True}
    )


def jcs(value):
    # Sufficient for these documents: strings, booleans, integers and sorted keys.
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


failures = 0


def report(ok, what):
    global failures
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures += 1


def check_embedded(credential, label):
    proofs = credential["proof"] if isinstance(credential["proof"], list) else [credential["proof"]]
    unsecured = {k: v for k, v in credential.items() if k != "proof"}
    for i, proof in enumerate(proofs):
        suite = proof["cryptosuite"]
        options = {k: v for k, v in proof.items() if k != "proofValue"}
        if suite == "eddsa-rdfc-2022":
            options["@context"] = unsecured["@context"]
            config, document = canonical(options).encode(), canonical(unsecured).encode()
        else:
            document_view = dict(unsecured)
            if "@context" in options:
                document_view["@context"] = options["@context"]
            config, document = jcs(options), jcs(document_view)
        data = hashlib.sha256(config).digest() + hashlib.sha256(document).digest()
        method = proof["verificationMethod"]
        did = method.split("#")[0]
        key = b58decode(did[len("did:key:z"):])
        assert key[:2] == b"\xed\x01"
        try:
            ed25519.Ed25519PublicKey.from_public_bytes(key[2:]).verify(b58decode(proof["proofValue"][1:]), data)
            ok = True
        except InvalidSignature:
            ok = False
        issuer = credential["issuer"]["id"] if "issuer" in credential else credential["id"]
        report(ok and did == issuer, f"{label} proof {i + 1} ({suite}) verifies with PyLD canonicalisation and pyca Ed25519")


with open(sys.argv[2]) as f:
    credential = json.load(f)
check_embedded(credential, "credential")

if len(sys.argv) > 4:
    with open(sys.argv[3]) as f:
        token = f.read().strip()
    with open(sys.argv[4]) as f:
        key_document = json.load(f)
    header_b64, payload_b64, signature_b64 = token.split(".")
    header = json.loads(b64url(header_b64))
    payload = json.loads(b64url(payload_b64))
    method = next(m for m in key_document["verificationMethod"] if m["id"] == header["kid"])
    jwk = method["publicKeyJwk"]
    public = rsa.RSAPublicNumbers(int.from_bytes(b64url(jwk["e"]), "big"), int.from_bytes(b64url(jwk["n"]), "big")).public_key()
    try:
        public.verify(b64url(signature_b64), (header_b64 + "." + payload_b64).encode(), padding.PKCS1v15(), hashes.SHA256())
        ok = True
    except InvalidSignature:
        ok = False
    report(ok and header["alg"] == "RS256", "VC-JWT RS256 signature verifies with pyca RSA and the published JWK")
    report(payload["jti"] == payload["id"] and payload["iss"] == payload["issuer"]["id"], "VC-JWT claims name the credential")
    check_embedded({k: v for k, v in payload.items() if k not in ("iss", "jti", "nbf", "sub", "exp")}, "VC-JWT payload")
    check_embedded(key_document, "key document")

sys.exit(1 if failures else 0)
