import ChargeCapture
import Hummingbird

/// The values routes take from their paths and bodies, each checked one way for the API and the pages alike
/// and refused with a 400 that names it.
public enum RouteValues {
    /// Whether `id` can be a session or charge id: ASCII letters, digits and dashes, 64 at most.
    public static func isRecordID(_ id: String) -> Bool {
        id.count <= 64 && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }

    /// Printable ASCII without spaces or slashes, 1 to 64 characters: a patient's or an authorization's id.
    public static func isPlainID(_ id: String) -> Bool {
        (1...64).contains(id.utf8.count) && id.utf8.allSatisfy { (0x21...0x7E).contains($0) && $0 != 0x2F }
    }

    /// The route's `{id}`, refused unless it can be a session or charge id (`GK-<serial>-<number>[-CD]`).
    public static func recordID(_ parameters: Parameters) throws -> String {
        let id = try parameters.require("id")
        guard isRecordID(id) else { throw APIError(.badRequest, "id: not a session or charge id") }
        return id
    }

    /// The route's `{id}` as a patient id.
    public static func patientID(_ parameters: Parameters) throws -> String {
        let id = try parameters.require("id")
        guard isPlainID(id) else { throw APIError(.badRequest, "id: not a patient id") }
        return id
    }

    /// Refuses a payer that `payers` (the configuration's) does not list, naming `field`.
    public static func requirePayer(_ id: String, _ field: String, in payers: PayerSettings?) throws(APIError) {
        guard let payers else {
            throw APIError(.conflict, "payer checks are not configured (payers: in the configuration)")
        }
        guard payers.payers.contains(where: { $0.id == id }) else {
            let known = payers.payers.map(\.id).joined(separator: ", ")
            throw APIError(.badRequest, "\(field): '\(id)' is not a configured payer (\(known))")
        }
    }
}
