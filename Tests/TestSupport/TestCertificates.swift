import Foundation

/// Certificates a test makes for itself (`Tests/Tools/make_certs.sh`, OpenSSL):
/// a CA, a server certificate for 127.0.0.1 and localhost and a client
/// certificate it signed, and another CA that signed neither.
public struct TestCertificates: Sendable {
    /// The folder holding the PEM files.
    public let directory: URL

    /// Makes a fresh set in a temporary folder.
    public init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("gammalog-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let tool = Harness.repositoryRoot.appendingPathComponent("Tests/Tools/make_certs.sh").path
        let (status, output) = try Shell.run("/bin/sh", [tool, directory.path])
        guard status == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: output]) }
    }

    /// The path of `name` (ca.pem, other-ca.pem, server.pem, server.key, client.pem, client.key).
    public func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
}
