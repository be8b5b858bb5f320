/// The PEM files of one TLS link, as configured (configuration.md: `http.tls`,
/// `hl7.tls`, `hl7_in.tls`), and where, so that a file that does not load is
/// reported at its key and line like any other configuration error.
public struct TLSFiles: Sendable, Hashable {
    /// This end's certificate chain: required for a server, optional for a client.
    public var certificate: String?
    /// The certificate's private key.
    public var key: String?
    /// The certificates trusted for the other end: a server's `client_ca`
    /// (clients must then present a certificate it signed), a client's `ca`
    /// (the server's certificate is verified against it, hostname included).
    public var trustRoots: String?
    /// The file, key path and line of the `tls` mapping.
    public var origin: ConfigurationError
    /// The line of each field in the file, by its key (`certificate`, `key`, `ca`, `client_ca`).
    public var lines: [String: Int] = [:]

    /// Files at `origin`.
    public init(certificate: String?, key: String?, trustRoots: String?, origin: ConfigurationError) {
        self.certificate = certificate
        self.key = key
        self.trustRoots = trustRoots
        self.origin = origin
    }

    /// An error about these files: `detail` at the `tls` key, naming `field`.
    public func error(_ field: String, _ detail: String) -> ConfigurationError {
        var error = origin
        error.key += ".\(field)"
        error.line = lines[field] ?? origin.line
        error.detail = detail
        return error
    }
}
