import ChargeCapture
import Foundation
import HTTPAPI
import Hummingbird
import Reports
import Store

/// Billing's pages: the worklist of held charges grouped by what would release each, an authorization entered
/// there, and the day's reconciliation of sessions against charges.
struct ChargePages: Sendable {
    let store: any GammaLogStore
    let renderer: PageRenderer
    /// The facility's zone and payers.
    let charges: ChargeSettings
    let now: @Sendable () -> Date

    /// The worklist and the reconciliation, for billing and physicists.
    func addRoutes(reading pages: RouterGroup<PageRequestContext>) {
        pages.get("charges", use: worklist)
        pages.get("daily", use: daily)
    }

    /// The authorization, diagnosis and ABN forms, for billing alone (payers.md, diagnoses.md and
    /// billing-interfaces.md 1.1).
    func addRoutes(writing pages: RouterGroup<PageRequestContext>) {
        pages.post("patients/{id}/authorizations", use: enterAuthorization)
        pages.post("patients/{id}/diagnoses", use: enterDiagnosis)
        pages.post("patients/{id}/abns", use: enterABN)
    }

    @Sendable func worklist(_ request: Request, context: PageRequestContext) async throws -> Response {
        let held = try await heldCharges()
        context.access.read(nil, patients: held.map(\.patient.id))
        let risk = try await DenialRisk.load(
            month: Trend.month(of: now(), in: charges.timeZone), from: store, zone: charges.timeZone, at: now())
        return PageResponse.html(renderer.worklist(held, viewer: context.viewer, risk: risk))
    }

    @Sendable func daily(_ request: Request, context: PageRequestContext) async throws -> Response {
        let date =
            request.uri.queryParameters.get("date").flatMap { $0.isEmpty ? nil : $0 }
            ?? ChargeRules.localDate(now(), in: charges.timeZone)
        let reconciliation = try await store.reconcile(date: date, settings: charges, at: now())
        context.access.read(date, patients: [])
        return PageResponse.html(renderer.daily(reconciliation, viewer: context.viewer))
    }

    /// Billing enters an authorization from the worklist; the charges it covers go out at once.
    @Sendable func enterAuthorization(_ request: Request, context: PageRequestContext) async throws -> Response {
        let patient = try RouteValues.patientID(context.parameters)
        let form = try await context.form(request, AuthorizationForm.self, csrf: \.csrf)
        let entered = AuthorizationRequest(
            payer: form.payer.field, number: form.number.field, validFrom: form.validFrom.field,
            validTo: form.validTo.field)
        do {
            try entered.validate()
            try RouteValues.requirePayer(form.payer.field, "payer", in: charges.payers)
        } catch {
            let page = renderer.worklist(
                try await heldCharges(), viewer: context.viewer, problem: "Refused: \(error.message)")
            return PageResponse.html(page, status: .badRequest)
        }
        _ = try await store.addAuthorization(
            entered.authorization, forPatient: patient, by: context.caller.name, at: now())
        let still = try await heldCharges()
        let released = form.charge.field.isEmpty || !still.contains { $0.id == form.charge.field }
        let flash =
            "Authorization \(form.number.field) entered."
            + (released ? " \(form.charge.field.isEmpty ? "Its charges" : form.charge.field) released." : "")
        return PageResponse.html(renderer.worklist(still, viewer: context.viewer, flash: flash))
    }

    /// A coder enters a diagnosis from the worklist, after those people entered before; the charges it
    /// supports go out at once.
    @Sendable func enterDiagnosis(_ request: Request, context: PageRequestContext) async throws -> Response {
        let patient = try RouteValues.patientID(context.parameters)
        let form = try await context.form(request, DiagnosisForm.self, csrf: \.csrf)
        let entered = DiagnosesRequest([
            .init(code: form.code.field, from: form.from.field.isEmpty ? nil : form.from.field)
        ])
        do {
            try entered.validate()
        } catch {
            return try await refusal(error, context: context)
        }
        let before = try await store.coverage(ofPatient: patient).diagnoses.filter { $0.source == .api }
        let added = entered.entries.map { entry in
            var entry = entry
            entry.order = before.count + 1
            return entry
        }
        try await store.replaceDiagnoses(
            ofPatient: patient, with: Diagnosis.claimOrder(before) + added, by: context.caller.name, at: now())
        return try await outcome("Diagnosis \(form.code.field) entered.", charge: form.charge.field, context: context)
    }

    /// Billing enters the ABN a patient signed; the charges it covers go out with GA.
    @Sendable func enterABN(_ request: Request, context: PageRequestContext) async throws -> Response {
        let patient = try RouteValues.patientID(context.parameters)
        let form = try await context.form(request, ABNForm.self, csrf: \.csrf)
        let entered = ABNRequest(payer: form.payer.field, signed: form.signed.field)
        do {
            try entered.validate()
            try RouteValues.requirePayer(form.payer.field, "payer", in: charges.payers)
        } catch {
            return try await refusal(error, context: context)
        }
        let abn = try await store.addABN(entered.abn, forPatient: patient, by: context.caller.name, at: now())
        return try await outcome("ABN \(abn.id) entered.", charge: form.charge.field, context: context)
    }

    /// The worklist again, saying why a form was refused.
    func refusal(_ error: APIError, context: PageRequestContext) async throws -> Response {
        let page = renderer.worklist(
            try await heldCharges(), viewer: context.viewer, problem: "Refused: \(error.message)")
        return PageResponse.html(page, status: .badRequest)
    }

    /// The worklist again after an entry, saying whether `charge` went out.
    func outcome(_ entered: String, charge: String, context: PageRequestContext) async throws -> Response {
        let still = try await heldCharges()
        let released = !charge.isEmpty && !still.contains { $0.id == charge }
        let flash = entered + (released ? " \(charge) released." : charge.isEmpty ? "" : " \(charge) is still held.")
        return PageResponse.html(renderer.worklist(still, viewer: context.viewer, flash: flash))
    }

    func heldCharges() async throws -> [Charge] {
        try await store.charges(ChargeQuery(status: .held, limit: 1000), at: now())
    }
}
