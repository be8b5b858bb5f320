import ChargeCapture
import Foundation
import Hummingbird
import Store

/// `{"coverages": [...], "authorizations": [...]}`.
struct CoverageDocument: ResponseEncodable {
    let coverages: [Coverage]
    let authorizations: [Authorization]
}

extension Authorization: ResponseEncodable {}

extension APIServer {
    @Sendable func coverage(_ request: Request, context: APIRequestContext) async throws -> CoverageDocument {
        let patient = try Self.patientID(context)
        let on = try await store.coverage(ofPatient: patient)
        context.access.read(patient, patients: [patient])
        return CoverageDocument(coverages: on.coverages, authorizations: on.authorizations)
    }

    @Sendable func replaceCoverage(_ request: Request, context: APIRequestContext) async throws -> CoverageDocument {
        let patient = try Self.patientID(context)
        let body = try await request.decode(as: CoverageRequest.self, context: context)
        for (index, coverage) in body.coverages.enumerated() {
            try Self.requirePayer(coverage.payerID ?? "", "coverages[\(index)].payer", in: store.payers)
        }
        try await store.replaceCoverage(
            ofPatient: patient, with: body.coverages, by: try context.caller().name, at: now())
        return try await coverage(request, context: context)
    }

    @Sendable func addAuthorization(_ request: Request, context: APIRequestContext) async throws -> Response {
        let patient = try Self.patientID(context)
        let body = try await request.decode(as: AuthorizationRequest.self, context: context)
        try Self.requirePayer(body.payer, "payer", in: store.payers)
        let added = try await store.addAuthorization(
            body.authorization, forPatient: patient, by: try context.caller().name, at: now())
        context.access.read(patient, patients: [patient])
        var response = try added.response(from: request, context: context)
        response.status = .created
        return response
    }

    @Sendable func revokeAuthorization(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard Self.isPlainID(id) else { throw APIError(.badRequest, "id: not an authorization id") }
        let body = try await request.decode(as: RevokeRequest.self, context: context)
        try await store.revokeAuthorization(id: id, reason: body.reason, by: try context.caller().name, at: now())
        return Response(status: .noContent)
    }

    /// Refuses a payer that `payers` (the configuration's) does not list.
    public static func requirePayer(_ id: String, _ field: String, in payers: PayerSettings?) throws(APIError) {
        guard let payers else {
            throw APIError(.conflict, "payer checks are not configured (payers: in the configuration)")
        }
        guard payers.payers.contains(where: { $0.id == id }) else {
            let known = payers.payers.map(\.id).joined(separator: ", ")
            throw APIError(.badRequest, "\(field): '\(id)' is not a configured payer (\(known))")
        }
    }

    /// The `{id}` of a patient route: the console's patient id, printable, at most 64 characters.
    public static func patientID(_ context: APIRequestContext) throws -> String {
        let id = try context.parameters.require("id")
        guard isPlainID(id) else { throw APIError(.badRequest, "id: not a patient id") }
        return id
    }

    /// Printable ASCII without spaces or slashes, 1 to 64 characters.
    static func isPlainID(_ id: String) -> Bool {
        (1...64).contains(id.utf8.count) && id.utf8.allSatisfy { (0x21...0x7E).contains($0) && $0 != 0x2F }
    }
}
