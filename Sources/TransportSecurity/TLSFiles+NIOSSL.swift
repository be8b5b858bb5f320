import NIOSSL
import Settings

extension TLSFiles {
    /// The configuration of a TLS server (the HTTPS listener, the ADT feed):
    /// this end's chain and key; with trust roots, a client must present a
    /// certificate they signed. TLS 1.2 at least. Every file is read and the
    /// key checked against the certificate now, so a bad file is a
    /// configuration error at its key, not a failed first connection.
    public func serverConfiguration() throws(ConfigurationError) -> TLSConfiguration {
        let chain = try certificates(certificate ?? "", field: "certificate")
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(try privateKey()))
        configuration.minimumTLSVersion = .tlsv12
        if let trustRoots {
            configuration.trustRoots = .certificates(try certificates(trustRoots, field: "client_ca"))
            configuration.certificateVerification = .noHostnameVerification
        }
        try check(configuration)
        return configuration
    }

    /// The configuration of a TLS client (the HL7 push): the peer's
    /// certificate verified against the trust roots, its name or address
    /// included; this end's certificate when one is configured.
    public func clientConfiguration() throws(ConfigurationError) -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.certificateVerification = .fullVerification
        configuration.trustRoots = .certificates(try certificates(trustRoots ?? "", field: "ca"))
        if let certificate {
            configuration.certificateChain = try certificates(certificate, field: "certificate").map {
                .certificate($0)
            }
            configuration.privateKey = .privateKey(try privateKey())
        }
        try check(configuration)
        return configuration
    }

    func certificates(_ path: String, field: String) throws(ConfigurationError) -> [NIOSSLCertificate] {
        let loaded: [NIOSSLCertificate]
        do {
            loaded = try NIOSSLCertificate.fromPEMFile(path)
        } catch {
            throw self.error(field, "\(path): not a readable PEM certificate file (\(error))")
        }
        guard !loaded.isEmpty else { throw self.error(field, "\(path): holds no PEM certificate") }
        return loaded
    }

    func privateKey() throws(ConfigurationError) -> NIOSSLPrivateKey {
        let path = key ?? ""
        do {
            return try NIOSSLPrivateKey(file: path, format: .pem)
        } catch {
            throw self.error("key", "\(path): not a readable PEM private key (\(error))")
        }
    }

    /// A context made from the configuration: BoringSSL checks that the key belongs to the certificate.
    func check(_ configuration: TLSConfiguration) throws(ConfigurationError) {
        do {
            _ = try NIOSSLContext(configuration: configuration)
        } catch {
            throw self.error(key == nil ? "ca" : "key", "the TLS files do not make a usable context (\(error))")
        }
    }
}
