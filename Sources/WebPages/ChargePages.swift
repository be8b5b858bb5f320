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

    /// The authorization form, for billing alone (payers.md and billing-interfaces.md 1.1).
    func addRoutes(writing pages: RouterGroup<PageRequestContext>) {
        pages.post("patients/{id}/authorizations", use: enterAuthorization)
    }

    @Sendable func worklist(_ request: Request, context: PageRequestContext) async throws -> Response {
        let held = try await heldCharges()
        context.access.read(nil, patients: held.map(\.patient.id))
        return PageResponse.html(renderer.worklist(held, viewer: context.viewer))
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

    func heldCharges() async throws -> [Charge] {
        try await store.charges(ChargeQuery(status: .held, limit: 1000), at: now())
    }
}
