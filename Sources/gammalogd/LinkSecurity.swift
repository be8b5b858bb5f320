import NIOSSL
import Settings
import TransportSecurity

/// The TLS of the links that leave the host, made from the configured files
/// before anything starts: HTTPS, the HL7 push and the ADT feed. A file that
/// does not load is a configuration error at its key, all of them at once.
struct LinkSecurity: Sendable {
    /// HTTPS for the API and pages; plain HTTP when nil.
    var http: TLSConfiguration?
    /// MLLP over TLS to the interface engine.
    var hl7: NIOSSLContext?
    /// MLLP over TLS for the ADT feed.
    var hl7In: NIOSSLContext?

    init(_ configuration: DaemonConfiguration) throws(ConfigurationErrors) {
        var errors: [ConfigurationError] = []
        do {
            http = try configuration.http.tls?.serverConfiguration()
        } catch {
            errors.append(error)
        }
        do {
            hl7 = try configuration.hl7TLS.map { files throws(ConfigurationError) in
                try Self.context(try files.clientConfiguration(), files)
            }
        } catch {
            errors.append(error)
        }
        do {
            hl7In = try configuration.hl7InTLS.map { files throws(ConfigurationError) in
                try Self.context(try files.serverConfiguration(), files)
            }
        } catch {
            errors.append(error)
        }
        guard errors.isEmpty else { throw ConfigurationErrors(errors) }
    }

    static func context(_ configuration: TLSConfiguration, _ files: TLSFiles) throws(ConfigurationError)
        -> NIOSSLContext
    {
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw files.error("certificate", "the TLS files do not make a usable context (\(error))")
        }
    }
}
