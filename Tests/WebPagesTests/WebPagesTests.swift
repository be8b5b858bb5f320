import ChargeCapture
import Crypto
import DeliveryLog
import Foundation
import HTTPAPI
import Hummingbird
import HummingbirdTesting
import SQLiteStore
import Settings
import Store
import TestSupport
import Testing
import WebPages

let pageTokens: [DaemonConfiguration.Token] = [
    .init(name: "billing", role: .billing, sha256: TokenAuthority.hash("billing-token")),
    .init(name: "dr-physicist", role: .physicist, sha256: TokenAuthority.hash("physicist-token")),
]
let cookieKey = SymmetricKey(data: Data(repeating: 7, count: 32))

/// A store holding `sessions`, closed, under the release policy `release`.
func pageStore(_ sessions: [DeliverySession], release: ChargeSettings.Release = .automatic) async throws -> SQLiteStore
{
    var settings = ChargeSettings()
    settings.release = release
    let store = try temporaryStore(charges: settings)
    try await closeSessions(sessions, in: store)
    return store
}

/// Runs `body` with the API and the pages over `store` on a loopback port.
func withPages(_ store: SQLiteStore, _ body: @escaping @Sendable (Int) async throws -> Void) async throws {
    let pages = try WebPages(
        store: store, charges: store.chargeSettings, tokens: pageTokens, cookies: SessionCookie(key: cookieKey))
    let router = APIServer(store: store, charges: store.chargeSettings, tokens: pageTokens, consoles: []).router()
    pages.addRoutes(to: router)
    try await Application(router: router).test(.live) { client in try await body(try #require(client.port)) }
}

/// Signs in with `token`; returns the cookie pair and the CSRF token of the forms.
func signIn(_ port: Int, token: String = "physicist-token") async throws -> (cookie: String, csrf: String) {
    let response = try await HTTPProbe.send(port: port, "POST", "/ui/sign-in", form: "token=\(token)")
    let cookie = String(response.headers["set-cookie"]?.split(separator: ";").first ?? "")
    let page = try await HTTPProbe.send(port: port, "GET", "/ui/sessions", cookie: cookie)
    let csrf = page.text.components(separatedBy: "name=\"csrf\" value=\"").dropFirst().first?.prefix(64) ?? ""
    return (cookie, String(csrf))
}

@Suite struct WebPagesTests {
    @Test func signInSetsASignedHttpOnlySameSiteCookieThatExpiresAndSignOutClearsIt() async throws {
        let store = try await pageStore([closedTreatment(1)])
        try await withPages(store) { port in
            let wrong = try await HTTPProbe.send(port: port, "POST", "/ui/sign-in", form: "token=guess")
            #expect(wrong.status == 401 && wrong.text.contains("Unknown token"))
            let response = try await HTTPProbe.send(port: port, "POST", "/ui/sign-in", form: "token=physicist-token")
            let setCookie = try #require(response.headers["set-cookie"])
            #expect(response.status == 303 && response.headers["location"] == "/ui/sessions")
            #expect(
                setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict")
                    && setCookie.contains("Max-Age="))
            let (cookie, csrf) = try await signIn(port)
            #expect(try await HTTPProbe.send(port: port, "GET", "/ui/sessions", cookie: cookie).status == 200)
            let out = try await HTTPProbe.send(port: port, "POST", "/ui/sign-out", form: "csrf=\(csrf)", cookie: cookie)
            #expect(out.status == 303 && out.headers["set-cookie"]?.contains("Max-Age=0") == true)
        }
    }

    @Test func anExpiredTamperedOrMissingCookieSendsThePersonToSignIn() async throws {
        let store = try await pageStore([closedTreatment(1)])
        let cookies = SessionCookie(key: cookieKey)
        let expired = cookies.value(name: "dr-physicist", role: "physicist", expires: Date().addingTimeInterval(-1))
        let forged = SessionCookie().value(name: "mallory", role: "admin", expires: Date().addingTimeInterval(3600))
        try await withPages(store) { port in
            for cookie in [nil, "gammalog_session=\(expired)", "gammalog_session=\(forged)", "gammalog_session=x.y"] {
                let page = try await HTTPProbe.send(port: port, "GET", "/ui/sessions/GK-4711-000001", cookie: cookie)
                #expect(page.status == 303 && page.headers["location"] == "/ui/sign-in", "\(cookie ?? "no cookie")")
            }
            let post = try await HTTPProbe.send(
                port: port, "POST", "/ui/sessions/GK-4711-000001/sign", form: "note=x",
                cookie: "gammalog_session=\(expired)")
            #expect(post.status == 401)
        }
        #expect(try await store.reviews(ofSession: "GK-4711-000001").isEmpty)
    }

    @Test func aBillingTokenSignsInToTheChargesPageOnlyAndCannotSignARecord() async throws {
        let store = try await pageStore([closedTreatment(1)])
        try await withPages(store) { port in
            let signIn = try await HTTPProbe.send(port: port, "POST", "/ui/sign-in", form: "token=billing-token")
            #expect(signIn.status == 303 && signIn.headers["location"] == "/ui/charges")
            let cookie = String(signIn.headers["set-cookie"]?.split(separator: ";").first ?? "")
            #expect(try await HTTPProbe.send(port: port, "GET", "/ui/charges", cookie: cookie).status == 200)
            #expect(try await HTTPProbe.send(port: port, "GET", "/ui/daily", cookie: cookie).status == 200)
            for path in ["/ui/sessions", "/ui/sessions/GK-4711-000001", "/ui/sessions/GK-4711-000001/export.csv"] {
                #expect(try await HTTPProbe.send(port: port, "GET", path, cookie: cookie).status == 403, "\(path)")
            }
            let sign = try await HTTPProbe.send(
                port: port, "POST", "/ui/sessions/GK-4711-000001/sign", form: "csrf=x&note=n", cookie: cookie)
            #expect(sign.status == 403)
            let api = try await HTTPProbe.send(
                port: port, "POST", "/api/v1/sessions/GK-4711-000001/review", token: "billing-token", json: "{}")
            #expect(api.status == 403)
        }
        #expect(try await store.reviews(ofSession: "GK-4711-000001").isEmpty)
    }

    @Test func theWorklistGroupsHeldChargesAndAnAuthorizationEnteredThereReleasesThem() async throws {
        var settings = ChargeSettings()
        settings.payers = .example
        let store = try temporaryStore(charges: settings)
        try await store.applyADT(
            .coverage(
                controlID: "M1", patient: "MRN1",
                coverages: [Coverage(priority: 1, planID: "UHC-CHOICE", companyID: "87726", source: .adt)],
                authorizations: []), raw: "MSH", peer: "127.0.0.1", at: Date())
        try await closeSessions([closedTreatment(1, patient: "MRN1"), closedTreatment(2, patient: "MRN2")], in: store)
        try await withPages(store) { port in
            let signIn = try await HTTPProbe.send(port: port, "POST", "/ui/sign-in", form: "token=billing-token")
            let cookie = String(signIn.headers["set-cookie"]?.split(separator: ";").first ?? "")
            let page = try await HTTPProbe.send(port: port, "GET", "/ui/charges", cookie: cookie)
            #expect(page.text.contains("<h2>authorization_missing · UnitedHealthcare</h2>"))
            #expect(page.text.contains("<h2>coverage_unknown · no coverage on file</h2>"))
            #expect(page.text.contains("an authorization from UnitedHealthcare covering 2026-11-18 and 77371"))
            let csrf = String(
                page.text.components(separatedBy: "name=\"csrf\" value=\"").dropFirst().first?.prefix(64) ?? "")
            let bad = try await HTTPProbe.send(
                port: port, "POST", "/ui/patients/MRN1/authorizations",
                form:
                    "csrf=\(csrf)&payer=uhc&charge=GK-4711-000001&number=A1&valid_from=2026-12-01&valid_to=2026-11-01",
                cookie: cookie)
            #expect(bad.status == 400 && bad.text.contains("valid_to"))
            let entered = try await HTTPProbe.send(
                port: port, "POST", "/ui/patients/MRN1/authorizations",
                form:
                    "csrf=\(csrf)&payer=uhc&charge=GK-4711-000001&number=A123&valid_from=2026-11-01&valid_to=2027-01-31",
                cookie: cookie)
            #expect(entered.status == 200 && entered.text.contains("GK-4711-000001 released"), "\(entered.text)")
            #expect(!entered.text.contains("authorization_missing · UnitedHealthcare"))
            let forged = try await HTTPProbe.send(
                port: port, "POST", "/ui/patients/MRN2/authorizations",
                form: "csrf=wrong&payer=uhc&number=A9&valid_from=2026-11-01&valid_to=2027-01-31", cookie: cookie)
            #expect(forged.status == 403)
        }
        let charge = try #require(try await store.charge(id: "GK-4711-000001", at: .now))
        #expect(charge.status == .ready && charge.coverage?.authorization?.number == "A123")
        #expect(try await store.history(ofCharge: charge.id).last?.reason?.contains("by billing") == true)
        #expect(try await store.coverage(ofPatient: "MRN2").authorizations.isEmpty)
    }

    @Test func theWorklistSaysWhatReleasesTheNecessityHoldsAndADiagnosisOrAnABNEnteredThereReleasesThem()
        async throws
    {
        var settings = ChargeSettings()
        settings.payers = .example
        settings.payers?.diagnosisRequired = true
        let store = try temporaryStore(charges: settings)
        let medicare = Coverage(priority: 1, planID: "MCARE", companyID: "CMS", source: .adt)
        try await store.applyADT(
            .coverage(
                controlID: "M1", patient: "MRN1", coverages: [medicare], authorizations: [],
                diagnoses: [Diagnosis(code: "G40.909", source: .adt)]), raw: "MSH", peer: "127.0.0.1", at: Date())
        try await store.applyADT(
            .coverage(controlID: "M2", patient: "MRN2", coverages: [medicare], authorizations: []), raw: "MSH",
            peer: "127.0.0.1", at: Date())
        try await closeSessions([closedTreatment(1, patient: "MRN1"), closedTreatment(2, patient: "MRN2")], in: store)
        try await withPages(store) { port in
            let signIn = try await HTTPProbe.send(port: port, "POST", "/ui/sign-in", form: "token=billing-token")
            let cookie = String(signIn.headers["set-cookie"]?.split(separator: ";").first ?? "")
            let page = try await HTTPProbe.send(port: port, "GET", "/ui/charges", cookie: cookie)
            #expect(page.text.contains("<h2>medical_necessity · Medicare</h2>"), "\(page.text)")
            #expect(page.text.contains("<h2>diagnosis_missing · Medicare</h2>"))
            #expect(page.text.contains("an ABN signed for Medicare before 2026-11-18 (GA)"))
            #expect(page.text.contains("action=\"/ui/patients/MRN1/abns\"") && page.text.contains("Enter diagnosis"))
            let csrf = String(
                page.text.components(separatedBy: "name=\"csrf\" value=\"").dropFirst().first?.prefix(64) ?? "")
            let bad = try await HTTPProbe.send(
                port: port, "POST", "/ui/patients/MRN2/diagnoses",
                form: "csrf=\(csrf)&charge=GK-4711-000002&code=BRAIN", cookie: cookie)
            #expect(bad.status == 400 && bad.text.contains("ICD-10-CM"), "\(bad.text)")
            let diagnosed = try await HTTPProbe.send(
                port: port, "POST", "/ui/patients/MRN2/diagnoses",
                form: "csrf=\(csrf)&charge=GK-4711-000002&code=c79.31", cookie: cookie)
            #expect(diagnosed.text.contains("GK-4711-000002 released"), "\(diagnosed.text)")
            let abn = try await HTTPProbe.send(
                port: port, "POST", "/ui/patients/MRN1/abns",
                form: "csrf=\(csrf)&charge=GK-4711-000001&payer=medicare&signed=2026-11-10", cookie: cookie)
            #expect(abn.text.contains("GK-4711-000001 released"), "\(abn.text)")
            let physicist = try await HTTPProbe.send(port: port, "POST", "/ui/sign-in", form: "token=physicist-token")
            let physicistCookie = String(physicist.headers["set-cookie"]?.split(separator: ";").first ?? "")
            let refused = try await HTTPProbe.send(
                port: port, "POST", "/ui/patients/MRN1/abns",
                form: "csrf=\(csrf)&payer=medicare&signed=2026-11-10", cookie: physicistCookie)
            #expect(refused.status == 403, "a physicist may read diagnoses, not enter them")
        }
        #expect(try await store.charge(id: "GK-4711-000001", at: .now)?.modifiers == ["GA"])
        let second = try #require(try await store.charge(id: "GK-4711-000002", at: .now))
        #expect(second.status == .ready && second.medicalNecessity?.coveredBy == "c79.31")
        #expect(try await store.coverage(ofPatient: "MRN2").diagnoses.first?.source == .api)
    }

    @Test func aFormWithoutTheRightCSRFTokenIsRefusedAndChangesNothing() async throws {
        let store = try await pageStore([closedTreatment(1, outcome: .endedByFault)])
        try await withPages(store) { port in
            let (cookie, csrf) = try await signIn(port)
            #expect(csrf.count == 64)
            for form in ["note=hi", "note=hi&csrf=0000", "reason=ok&csrf=\(String(repeating: "a", count: 64))"] {
                let sign = try await HTTPProbe.send(
                    port: port, "POST", "/ui/sessions/GK-4711-000001/sign", form: form, cookie: cookie)
                #expect(sign.status == 403 && sign.text.contains("CSRF"))
                let release = try await HTTPProbe.send(
                    port: port, "POST", "/ui/charges/GK-4711-000001/release", form: form, cookie: cookie)
                #expect(release.status == 403)
            }
        }
        #expect(try await store.reviews(ofSession: "GK-4711-000001").isEmpty)
        #expect(try await store.charge(id: "GK-4711-000001", at: .now)?.status == .held)
    }

    @Test func theListFiltersAndPagesNewestFirst() async throws {
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        var sessions = (1...60).map { closedTreatment(UInt32($0), opened: start.addingTimeInterval(Double($0) * 3600)) }
        sessions.append(closedTreatment(61, opened: start.addingTimeInterval(61 * 3600), outcome: .endedByOperator))
        var qa = closedTreatment(62, opened: start.addingTimeInterval(62 * 3600))
        qa.kind = .qa
        sessions.append(qa)
        sessions[0].gaps = [RecordGap(kind: "overrun", detail: "lost 3 events")]
        let store = try await pageStore(sessions)
        _ = try await store.sign(session: "GK-4711-000062", by: "dr", note: "", at: Date())
        try await withPages(store) { port in
            let (cookie, _) = try await signIn(port)
            func ids(_ path: String) async throws -> [String] {
                let page = try await HTTPProbe.send(port: port, "GET", path, cookie: cookie)
                return page.text.components(separatedBy: "<td><a href=\"/ui/sessions/").dropFirst().map {
                    String($0.prefix { $0 != "\"" })
                }
            }
            let first = try await ids("/ui/sessions")
            #expect(first.count == 50 && first.first == "GK-4711-000062" && first.last == "GK-4711-000013")
            #expect(try await ids("/ui/sessions?page=2").count == 12)
            #expect(try await ids("/ui/sessions?kind=qa") == ["GK-4711-000062"])
            #expect(try await ids("/ui/sessions?flagged=true") == ["GK-4711-000001"])
            #expect(try await ids("/ui/sessions?unsigned=true&kind=qa").isEmpty)
            #expect(try await ids("/ui/sessions?console=gk-none").isEmpty)
            let page = try await HTTPProbe.send(port: port, "GET", "/ui/sessions", cookie: cookie)
            #expect(page.text.contains("page=2") && !page.text.contains(">incomplete<"))
            let flagged = try await HTTPProbe.send(port: port, "GET", "/ui/sessions?flagged=true", cookie: cookie)
            #expect(flagged.text.contains(">incomplete<"), "flags visible at a glance")
            let bad = try await HTTPProbe.send(port: port, "GET", "/ui/sessions?from=someday", cookie: cookie)
            #expect(bad.status == 400)
        }
    }

    @Test(arguments: ["9223372036854775807", "4611686018427387904", "184467440737095516", "0", "-1", "x", "100001"])
    func aPageNumberOutOfRangeIsA400AndTheServerGoesOn(page: String) async throws {
        let store = try await pageStore([closedTreatment(1)])
        try await withPages(store) { port in
            let (cookie, _) = try await signIn(port)
            let refused = try await HTTPProbe.send(port: port, "GET", "/ui/sessions?page=\(page)", cookie: cookie)
            #expect(refused.status == 400 && refused.text.contains("page:"), "page=\(page)")
            let last = try await HTTPProbe.send(port: port, "GET", "/ui/sessions?page=100000", cookie: cookie)
            #expect(last.status == 200)
            #expect(try await HTTPProbe.send(port: port, "GET", "/ui/sessions", cookie: cookie).status == 200)
        }
    }

    @Test func consoleSuppliedTextIsRenderedAsTextNeverAsMarkup() async throws {
        var hostile = closedTreatment(1)
        hostile.patient = Patient(
            id: "MRN\"><img src=x onerror=alert(1)>", family: "<script>alert(1)</script>", given: "A&B")
        hostile.plan = "</table><script>alert(2)</script>"
        hostile.operatorID = "'RTT'"
        let store = try await pageStore([hostile])
        try await withPages(store) { port in
            let (cookie, _) = try await signIn(port)
            for path in ["/ui/sessions/GK-4711-000001", "/ui/sessions/GK-4711-000001/report", "/ui/sessions"] {
                let page = try await HTTPProbe.send(port: port, "GET", path, cookie: cookie)
                #expect(page.status == 200)
                #expect(!page.text.contains("<script>alert") && !page.text.contains("<img src=x"), "\(path)")
            }
            let detail = try await HTTPProbe.send(port: port, "GET", "/ui/sessions/GK-4711-000001", cookie: cookie)
            #expect(detail.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && detail.text.contains("A&amp;B"))
            #expect(detail.headers["content-security-policy"]?.contains("default-src 'none'") == true)
        }
    }

    @Test func aSignatureIsKeptWithTheRecordAndOnlySupersededByAnAddendum() async throws {
        let store = try await pageStore([closedTreatment(1)], release: .afterReview)
        #expect(try await store.charge(id: "GK-4711-000001", at: .now)?.status == .pendingReview)
        try await withPages(store) { port in
            let (cookie, csrf) = try await signIn(port)
            let signed = try await HTTPProbe.send(
                port: port, "POST", "/ui/sessions/GK-4711-000001/sign", form: "csrf=\(csrf)&note=Reviewed+%E2%9C%93",
                cookie: cookie)
            #expect(signed.status == 200 && signed.text.contains("Signed (review) by dr-physicist"))
            let addendum = try await HTTPProbe.send(
                port: port, "POST", "/api/v1/sessions/GK-4711-000001/review", token: "physicist-token",
                json: #"{"note": "timeline checked again"}"#)
            #expect(addendum.status == 200 && addendum.object?["kind"] as? String == "addendum")
            let json = try await HTTPProbe.send(
                port: port, "GET", "/api/v1/sessions/GK-4711-000001", token: "physicist-token")
            let review = try #require(json.object?["review"] as? [String: Any])
            #expect(review["by"] as? String == "dr-physicist" && review["note"] as? String == "timeline checked again")
            #expect((json.object?["addenda"] as? [[String: Any]])?.first?["note"] as? String == "Reviewed ✓")
            // No HTTP route edits or removes a record or a signature.
            for method in ["PUT", "PATCH", "DELETE"] {
                for path in [
                    "/api/v1/sessions/GK-4711-000001", "/ui/sessions/GK-4711-000001",
                    "/api/v1/sessions/GK-4711-000001/review",
                ] {
                    let response = try await HTTPProbe.send(
                        port: port, method, path, token: "physicist-token", json: #"{"plan": "X"}"#, cookie: cookie)
                    #expect([404, 405].contains(response.status), "\(method) \(path) answered \(response.status)")
                }
            }
        }
        // With after_review, the signature is what released the charge.
        let charge = try #require(try await store.charge(id: "GK-4711-000001", at: .now))
        #expect(charge.status == .ready)
        #expect(try await store.history(ofCharge: charge.id).last?.reason == "delivery record signed")
        // Every other way of changing the signed record fails, and says why.
        for sql in [
            "UPDATE reviews SET note = 'edited'", "DELETE FROM reviews",
            "UPDATE sessions SET body = replace(body, 'DOE', 'ROE')", "UPDATE sessions SET signed = 0",
            "DELETE FROM sessions",
        ] {
            let result = try Shell.run("/usr/bin/sqlite3", [store.path, sql])
            #expect(result.status != 0 && result.output.contains("cannot be"), "\(sql): \(result.output)")
        }
        var changed = closedTreatment(1)
        changed.plan = "REWRITTEN"
        try await closeSessions([changed], in: store)
        #expect(try await store.session(id: "GK-4711-000001")?.plan != "REWRITTEN")
        #expect(try await store.reviews(ofSession: "GK-4711-000001").map(\.kind) == ["review", "addendum"])
        let verified = try await store.verify()
        #expect(verified.holds, "\(verified.problems)")
    }

    @Test func aPhysicistReleasesAndVoidsChargesFromTheSessionPage() async throws {
        let store = try await pageStore([closedTreatment(1, outcome: .endedByFault), closedTreatment(2)])
        try await withPages(store) { port in
            let (cookie, csrf) = try await signIn(port)
            let missing = try await HTTPProbe.send(
                port: port, "POST", "/ui/charges/GK-4711-000001/release", form: "csrf=\(csrf)&reason=", cookie: cookie)
            #expect(missing.status == 400 && missing.text.contains("reason"))
            let released = try await HTTPProbe.send(
                port: port, "POST", "/ui/charges/GK-4711-000001/release",
                form: "csrf=\(csrf)&reason=half+delivered&modifier=74", cookie: cookie)
            #expect(released.status == 200 && released.text.contains("released"))
            let voided = try await HTTPProbe.send(
                port: port, "POST", "/ui/charges/GK-4711-000002/void", form: "csrf=\(csrf)&reason=wrong+patient",
                cookie: cookie)
            #expect(voided.status == 200 && voided.text.contains("voided"))
            let again = try await HTTPProbe.send(
                port: port, "POST", "/ui/charges/GK-4711-000002/void", form: "csrf=\(csrf)&reason=again",
                cookie: cookie)
            #expect(again.status == 409 && again.text.contains("already void"))
        }
        let first = try #require(try await store.charge(id: "GK-4711-000001", at: .now))
        #expect(first.status == .ready && first.modifiers == ["74"])
        #expect(try await store.history(ofCharge: first.id).last?.actor == "dr-physicist")
        #expect(try await store.charge(id: "GK-4711-000002", at: .now)?.status == .void)
    }

    @Test func pagesAndTheReportShowTheFacilitysWallClockWithItsZoneNamedWhileJSONStaysUTC() async throws {
        // 1_795_000_000 is 2026-11-18T11:06:40Z: 05:06:40 in Chicago, standard time.
        let store = try await pageStore([closedTreatment(1)])
        try await withPages(store) { port in
            let (cookie, _) = try await signIn(port)
            let list = try await HTTPProbe.send(port: port, "GET", "/ui/sessions", cookie: cookie)
            #expect(list.text.contains("<td>2026-11-18 05:06:40 CST</td>"))
            let detail = try await HTTPProbe.send(port: port, "GET", "/ui/sessions/GK-4711-000001", cookie: cookie)
            #expect(detail.text.contains("2026-11-18 05:06:40 CST – 2026-11-18 05:36:40 CST"))
            #expect(!detail.text.contains("2026-11-18T11:06:40Z"))
            let report = try await HTTPProbe.send(
                port: port, "GET", "/ui/sessions/GK-4711-000001/report", cookie: cookie)
            #expect(report.text.contains("opened 2026-11-18 05:06:40 CST · closed 2026-11-18 05:36:40 CST"))
            let json = try await HTTPProbe.send(
                port: port, "GET", "/ui/sessions/GK-4711-000001/export.json", cookie: cookie)
            #expect(json.object?["opened_at"] as? String == "2026-11-18T11:06:40Z")
        }
    }

    @Test func theDailyPageWarnsOfMissingChargesOnlyWhenThereAreAny() async throws {
        let store = try await pageStore([closedTreatment(1)])
        try await withPages(store) { port in
            let (cookie, _) = try await signIn(port)
            let daily = try await HTTPProbe.send(port: port, "GET", "/ui/daily?date=2026-11-18", cookie: cookie)
            #expect(daily.status == 200 && !daily.text.contains("with no charge and no reason"))
        }
    }

    @Test func exportsGiveACSVRowPerShotTheAPIsJSONAndAPrintableReport() async throws {
        var session = closedTreatment(1)
        session.plan = "=HYPERLINK(\"x\")"
        for index in 1...3 {
            var shot = Shot(index: index, sectors: [16, 16, 8, 8, 4, 4, 0, 16], plannedMs: 60_000)
            shot.deliveredMs = 60_000
            session.shots.append(shot)
        }
        let opened = try #require(session.openedAt)
        session.shots[0].startedAt = opened.addingTimeInterval(60)
        session.shots[0].completedAt = opened.addingTimeInterval(200)
        session.interruptions = [
            Interruption(
                shot: 1, reason: .doorOpened, code: 2, at: opened.addingTimeInterval(90),
                resumedAt: opened.addingTimeInterval(110), deliveredMs: 30_000)
        ]
        let store = try await pageStore([session])
        try await withPages(store) { port in
            let (cookie, _) = try await signIn(port)
            let detail = try await HTTPProbe.send(port: port, "GET", "/ui/sessions/GK-4711-000001", cookie: cookie)
            #expect(detail.text.contains("<title>shot 1: beam on</title>"))
            #expect(detail.text.contains("<title>interrupted: door_opened</title>"))
            let csv = try await HTTPProbe.send(
                port: port, "GET", "/ui/sessions/GK-4711-000001/export.csv", cookie: cookie)
            let lines = csv.text.split(separator: "\r\n")
            #expect(csv.headers["content-type"]?.hasPrefix("text/csv") == true && lines.count == 4)
            #expect(lines[1].hasPrefix("GK-4711-000001,4711,\"'=HYPERLINK(\"\"x\"\")\",1,16 16 8 8 4 4 0 16,"))
            let json = try await HTTPProbe.send(
                port: port, "GET", "/ui/sessions/GK-4711-000001/export.json", cookie: cookie)
            #expect(json.object?["id"] as? String == "GK-4711-000001" && json.object?["events"] is [Any])
            let report = try await HTTPProbe.send(
                port: port, "GET", "/ui/sessions/GK-4711-000001/report", cookie: cookie)
            #expect(report.text.contains("@media print") && report.text.contains("Reviewed by ____"))
            let daily = try await HTTPProbe.send(port: port, "GET", "/ui/daily?date=2026-11-18", cookie: cookie)
            #expect(daily.status == 200 && daily.text.contains("GK-4711-000001") && daily.text.contains("ready"))
        }
    }
}

/// Headless Chromium (Debian `chromium`) renders the pages as a browser would.
@Suite struct ScreenshotTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/screenshots")

    static func browser() throws -> String {
        let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        return try #require(chromium, "chromium is not installed: scripts/install-deps.sh installs it")
    }

    /// Screenshots of each of `pages` (name, path) at 1280 px and 390 px, into `.build/screenshots`.
    static func shoot(_ pages: [(String, String)], port: Int, cookie: String) async throws {
        let browser = try browser()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, path) in pages {
            let page = try await HTTPProbe.send(port: port, "GET", path, cookie: cookie)
            #expect(page.status == 200, "\(path)")
            let html = folder.appendingPathComponent("\(name).html")
            try page.text.write(to: html, atomically: true, encoding: .utf8)
            for (label, size) in [("1280", "1280,900"), ("narrow", "390,844")] {
                let png = folder.appendingPathComponent("\(name)-\(label).png")
                try? FileManager.default.removeItem(at: png)
                let result = try Shell.run(
                    browser,
                    [
                        "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        "--window-size=\(size)", "--screenshot=\(png.path)", html.absoluteString,
                    ])
                let data = try Data(contentsOf: png)
                #expect(data.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]), "\(name) \(label): \(result.output)")
                #expect(data.count > 10_000, "\(name) \(label) is not blank")
            }
        }
    }

    @Test func theSessionListAndADetailRenderAtDesktopAndPhoneWidths() async throws {
        var session = closedTreatment(1, patient: "MRN0012345")
        session.plan = "LT PARIETAL MET"
        session.shots = (1...4).map {
            Shot(
                index: $0, sectors: [16, 16, 8, 8, 4, 4, 0, 16], plannedMs: 300_000, deliveredMs: 300_000,
                startedAt: session.openedAt?.addingTimeInterval(Double($0) * 420),
                completedAt: session.openedAt?.addingTimeInterval(Double($0) * 420 + 300))
        }
        let store = try await pageStore([session, closedTreatment(2, outcome: .endedByOperator)])
        try await withPages(store) { port in
            let (cookie, _) = try await signIn(port)
            try await Self.shoot(
                [("sessions", "/ui/sessions"), ("detail", "/ui/sessions/GK-4711-000001")], port: port, cookie: cookie)
        }
    }

    @Test func theCourseTrendAndMonthlyPagesRenderAtDesktopAndPhoneWidths() async throws {
        let store = try await pageStore(physicsSessions())
        try await withPages(store) { port in
            let (cookie, _) = try await signIn(port)
            try await Self.shoot(
                [
                    ("course", "/ui/courses/GK-4711-000001"),
                    ("trends", "/ui/trends?console=gk1&from=2026-01-01&to=2026-07-31"),
                    ("monthly", "/ui/reports/monthly?console=gk1&month=2026-01"),
                ], port: port, cookie: cookie)
        }
    }
}
