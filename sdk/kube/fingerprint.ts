/** Certificate fingerprints, for annotations that make a new certificate replace what embeds the old one. */
import { X509Certificate } from "node:crypto";

/** SHA-256 of the certificate's DER, lowercase hex without separators (the unknown value of a preview passes through). */
export function certificateFingerprint(pem: string): string {
    try {
        return new X509Certificate(pem).fingerprint256.replace(/:/g, "").toLowerCase();
    } catch {
        // A preview's placeholder, not a certificate: the annotation is unknown until the CA exists.
        return pem;
    }
}
