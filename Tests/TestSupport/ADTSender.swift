import Foundation

/// The independent ADT sender of the tests (`Tests/Tools/adt_sender.py`, hl7apy builds the messages), run on a
/// thread of its own so that waiting for it never holds a thread the listener needs.
/// With `tls`, over TLS: the CA the listener's certificate is verified against, and a client certificate and key.
public func sendADT(
    port: Int, _ steps: [[String: any Sendable]], count: Int = 0,
    tls: (ca: String, certificate: String?, key: String?)? = nil
) async throws -> [[String: Any]] {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("adt-\(UUID().uuidString).json")
    try JSONSerialization.data(withJSONObject: steps.map { $0 as [String: Any] }).write(to: file)
    let tool = Harness.repositoryRoot.appendingPathComponent("Tests/Tools/adt_sender.py")
    var arguments = [tool.path, "--port", String(port), "--script", file.path]
    if count > 0 { arguments += ["--count", String(count)] }
    if let tls {
        arguments += ["--tls-ca", tls.ca]
        if let certificate = tls.certificate, let key = tls.key {
            arguments += ["--tls-cert", certificate, "--tls-key", key]
        }
    }
    let command = ["python3"] + arguments
    let output = try await withCheckedThrowingContinuation { (done: CheckedContinuation<String, any Error>) in
        Thread {
            done.resume(with: Result { try Shell.run("/usr/bin/env", command).output })
        }.start()
    }
    return output.split(separator: "\n").compactMap {
        try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
    }
}

/// A UnitedHealthcare IN1 as the feed sends it, fields by number.
public let uhcIN1: [String: String] = [
    "1": "1", "2": "UHC-CHOICE", "3": "87726", "4": "UNITEDHEALTHCARE", "12": "20260101", "49": "W123456789",
]
