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

/// `{"diagnoses": [...], "abns": [...]}` (diagnoses.md).
struct DiagnosesDocument: ResponseEncodable {
    let diagnoses: [Diagnosis]
    let abns: [ABN]
}

extension ABN: ResponseEncodable {}

extension APIServer {
    @Sendable func coverage(_ request: Request, context: APIRequestContext) async throws -> CoverageDocument {
        let patient = try RouteValues.patientID(context.parameters)
        let on = try await store.coverage(ofPatient: patient)
        context.access.read(patient, patients: [patient])
        return CoverageDocument(coverages: on.coverages, authorizations: on.authorizations)
    }

    @Sendable func replaceCoverage(_ request: Request, context: APIRequestContext) async throws -> CoverageDocument {
        let patient = try RouteValues.patientID(context.parameters)
        let body = try await request.decode(as: CoverageRequest.self, context: context)
        for (index, coverage) in body.coverages.enumerated() {
            try RouteValues.requirePayer(coverage.payerID ?? "", "coverages[\(index)].payer", in: charges.payers)
        }
        try await store.replaceCoverage(
            ofPatient: patient, with: body.coverages, by: try context.caller().name, at: now())
        return try await coverage(request, context: context)
    }

    @Sendable func addAuthorization(_ request: Request, context: APIRequestContext) async throws -> Response {
        let patient = try RouteValues.patientID(context.parameters)
        let body = try await request.decode(as: AuthorizationRequest.self, context: context)
        try RouteValues.requirePayer(body.payer, "payer", in: charges.payers)
        let added = try await store.addAuthorization(
            body.authorization, forPatient: patient, by: try context.caller().name, at: now())
        context.access.read(patient, patients: [patient])
        var response = try added.response(from: request, context: context)
        response.status = .created
        return response
    }

    @Sendable func revokeAuthorization(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard RouteValues.isPlainID(id) else { throw APIError(.badRequest, "id: not an authorization id") }
        let body = try await request.decode(as: RevokeRequest.self, context: context)
        try await store.revokeAuthorization(id: id, reason: body.reason, by: try context.caller().name, at: now())
        return Response(status: .noContent)
    }

    @Sendable func diagnoses(_ request: Request, context: APIRequestContext) async throws -> DiagnosesDocument {
        let patient = try RouteValues.patientID(context.parameters)
        let on = try await store.coverage(ofPatient: patient)
        context.access.read(patient, patients: [patient])
        return DiagnosesDocument(diagnoses: Diagnosis.claimOrder(on.diagnoses), abns: on.abns)
    }

    @Sendable func replaceDiagnoses(_ request: Request, context: APIRequestContext) async throws -> DiagnosesDocument {
        let patient = try RouteValues.patientID(context.parameters)
        let body = try await request.decode(as: DiagnosesRequest.self, context: context)
        try await store.replaceDiagnoses(
            ofPatient: patient, with: body.entries, by: try context.caller().name, at: now())
        return try await diagnoses(request, context: context)
    }

    @Sendable func addABN(_ request: Request, context: APIRequestContext) async throws -> Response {
        let patient = try RouteValues.patientID(context.parameters)
        let body = try await request.decode(as: ABNRequest.self, context: context)
        try RouteValues.requirePayer(body.payer, "payer", in: charges.payers)
        let added = try await store.addABN(body.abn, forPatient: patient, by: try context.caller().name, at: now())
        context.access.read(patient, patients: [patient])
        var response = try added.response(from: request, context: context)
        response.status = .created
        return response
    }

    @Sendable func revokeABN(_ request: Request, context: APIRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard RouteValues.isPlainID(id) else { throw APIError(.badRequest, "id: not an ABN id") }
        let body = try await request.decode(as: RevokeRequest.self, context: context)
        try await store.revokeABN(id: id, reason: body.reason, by: try context.caller().name, at: now())
        return Response(status: .noContent)
    }
}
