import ConsoleRecords
import DeliveryLog
import Foundation
import Store
import TestSupport
import Testing

/// Sessions for the physicists' cross-session pages: a 3-fraction course whose last fraction is short, and a
/// QA session a week for half a year with dose rates, a source exchange and interruptions.
func physicsSessions() -> [DeliverySession] {
    let start = Date(timeIntervalSince1970: 1_767_621_600)  // 2026-01-05 14:00 UTC
    var sessions: [DeliverySession] = []
    for number in 1...3 {
        var fraction = closedTreatment(
            UInt32(number), patient: "MRN0067890", opened: start.addingTimeInterval(Double(number) * 86_400 + 3600))
        fraction.plan = "R CPA SCHWANNOMA"
        fraction.fraction = number
        fraction.fractionsPlanned = 3
        fraction.plannedMs = 600_000
        fraction.deliveredMs = number == 3 ? 150_000 : 600_000
        fraction.outcome = number == 3 ? .endedByOperator : .completed
        sessions.append(fraction)
    }
    let first = Calibration(referenceDoseRate: 3450, calibratedAt: Date(timeIntervalSince1970: 1_748_768_400))
    let exchange = Calibration(referenceDoseRate: 3600, calibratedAt: start.addingTimeInterval(100 * 86_400))
    for week in 0..<26 {
        var qa = closedTreatment(UInt32(100 + week), opened: start.addingTimeInterval(Double(week) * 7 * 86_400))
        qa.kind = .qa
        qa.patient = Patient()
        qa.plan = "DAILY QA"
        qa.calibration = week < 15 ? first : exchange
        let opened = qa.openedAt ?? start
        let expected = qa.calibration?.expectedRate(at: opened, halfLifeDays: 1925.28) ?? 0
        qa.sessionDoseRate = Int64((expected * (1 - 0.0005 * Double(week))).rounded())
        qa.plannedMs = 60_000
        qa.deliveredMs = 60_000
        qa.shots = [
            Shot(
                index: 1, sectors: [16, 16, 16, 16, 16, 16, 16, 16], plannedMs: 60_000,
                deliveredMs: week == 7 ? 60_900 : 60_000, startedAt: opened, completedAt: opened.addingTimeInterval(61))
        ]
        if week % 5 == 2 {
            qa.interruptions = [
                Interruption(shot: 1, reason: week % 2 == 0 ? .doorOpened : .patientMotion, code: 1, at: opened)
            ]
        }
        sessions.append(qa)
    }
    return sessions
}

@Suite struct PhysicsPagesTests {
    @Test func theCoursePageGathersTheFractionsAndShowsTheCourseDeviationCrossingTheThreshold() async throws {
        let store = try await pageStore(physicsSessions())
        try await withPages(store) { port in
            let (cookie, _) = try await signIn(port)
            let detail = try await HTTPProbe.send(port: port, "GET", "/ui/sessions/GK-4711-000002", cookie: cookie)
            #expect(detail.text.contains("href=\"/ui/courses/GK-4711-000002\""), "a fraction links to its course")
            let page = try await HTTPProbe.send(port: port, "GET", "/ui/courses/GK-4711-000002", cookie: cookie)
            #expect(page.status == 200)
            #expect(page.text.contains("3 of 3 recorded") && page.text.contains("-25.00 %"))
            #expect(
                page.text.contains("possible medical event")
                    && page.text.contains("-75.00 % <span class=\"flag\">≥ 50 %"))
            #expect(page.text.contains("GK-4711-000003 77373") || page.text.contains("GK-4711-000003"))
            let json = try await HTTPProbe.send(
                port: port, "GET", "/api/v1/courses/GK-4711-000003", token: "physicist-token")
            let course = try #require(json.object)
            #expect(
                course["deviation_percent"] as? Double == -25 && course["crosses_course_threshold"] as? Bool == true)
            #expect(course["fractions_recorded"] as? Int == 3 && course["planned_ms"] as? Int == 1_800_000)
            let fractions = try #require(course["fractions"] as? [[String: Any]])
            #expect(fractions.map { $0["crosses_fraction_threshold"] as? Bool } == [false, false, true])
            #expect(
                try await HTTPProbe.send(port: port, "GET", "/api/v1/courses/GK-4711-000003", token: "billing-token")
                    .status == 403)
            #expect(
                try await HTTPProbe.send(port: port, "GET", "/api/v1/courses/GK-4711-000100", token: "physicist-token")
                    .status == 404, "a QA session has no course")
        }
    }

    @Test func theTrendPageDrawsFourPlotsWithTablesAndItsCSVAndJSONCarryTheSamePoints() async throws {
        let store = try await pageStore(physicsSessions())
        try await withPages(store) { port in
            let (cookie, _) = try await signIn(port)
            let path = "/ui/trends?console=gk1&from=2026-01-01&to=2026-07-31"
            let page = try await HTTPProbe.send(port: port, "GET", path, cookie: cookie)
            #expect(page.status == 200)
            #expect(page.text.components(separatedBy: "<svg viewBox=\"0 0 1000 380\"").count - 1 == 4)
            #expect(page.text.contains("mGy/min") && page.text.contains("expected (Co-60 decay)"))
            #expect(page.text.contains("3450 mGy/min at") && page.text.contains("3600 mGy/min at"), "both calibrations")
            let csv = try await HTTPProbe.send(
                port: port, "GET", "/ui/trends.csv?console=gk1&from=2026-01-01&to=2026-07-31", cookie: cookie)
            #expect(csv.status == 200 && csv.headers["content-type"]?.hasPrefix("text/csv") == true)
            let rows = csv.text.split(separator: "\r\n")
            #expect(rows.count == 1 + 26, "a row per QA session (the fractions have neither dose rate nor shots)")
            let week7 = try #require(rows.first { $0.hasPrefix("GK-4711-000107,") })
            #expect(week7.hasSuffix(",1.500"), "the 0.9 s long shot of week 7: \(week7)")
            let monthly = try await HTTPProbe.send(
                port: port, "GET", "/ui/trends.csv?console=gk1&from=2026-01-01&to=2026-07-31&series=monthly",
                cookie: cookie)
            #expect(
                monthly.text.hasPrefix(
                    "month,sessions,treatments,qa,faults,early_ends,interruptions_door_opened,interruptions_patient_motion"
                ))
            let bad = try await HTTPProbe.send(port: port, "GET", "/ui/trends?from=yesterday", cookie: cookie)
            #expect(bad.status == 400 && bad.text.contains("from: 'yesterday'"))
            let json = try await HTTPProbe.send(
                port: port, "GET", "/api/v1/trends?console=gk1&from=2026-01-01&to=2026-07-31", token: "physicist-token")
            let dose = try #require(json.object?["dose_rate"] as? [[String: Any]])
            #expect(dose.count == 26)
            let last = try #require(dose.last)
            let opened = try #require(ISO8601DateFormatter().date(from: last["opened_at"] as? String ?? ""))
            let computed =
                3600 * pow(0.5, (opened.timeIntervalSince1970 - (1_767_621_600 + 100 * 86_400)) / 86_400 / 1925.28)
            #expect(abs((last["expected_mgy_min"] as? Double ?? 0) - computed) < 0.006)
            #expect(
                try await HTTPProbe.send(port: port, "GET", "/api/v1/trends", token: "billing-token").status == 403)
        }
    }

    @Test func theMonthlyReportCountsTheMonthAndListsWhatNeedsAPerson() async throws {
        let store = try await pageStore(physicsSessions())
        try await withPages(store) { port in
            let (cookie, _) = try await signIn(port)
            let page = try await HTTPProbe.send(
                port: port, "GET", "/ui/reports/monthly?console=gk1&month=2026-01", cookie: cookie)
            #expect(page.status == 200)
            func count(_ label: String) -> String? {
                page.text.components(separatedBy: "<td>\(label)</td><td class=\"num\">").dropFirst().first?
                    .components(separatedBy: "<").first
            }
            #expect(count("Sessions") == "7" && count("Treatments") == "3" && count("QA sessions") == "4")
            #expect(count("of which fractions of multi-fraction courses") == "3")
            #expect(count("Sessions ended early") == "1" && count("Unsigned sessions") == "7")
            #expect(count("Charges held") == "1" && page.text.contains("partial_delivery"))
            // The denial-risk card: the month's three charges, the early end held, none of them released.
            #expect(page.text.contains("<h2>Denial risk 2026-01</h2>") && page.text.contains("3 charge(s)"))
            #expect(
                page.text.contains("<tr><td>partial_delivery</td><td>no coverage on file</td><td class=\"num\">1</td>"))
            #expect(page.text.contains("aria-label=\"charges held and released by reason and payer\""))
            #expect(count("door_opened") == "1", "week 2's door")
            #expect(
                count("Possible medical events") == "1" && page.text.contains("href=\"/ui/courses/GK-4711-000001\""))
            #expect(page.text.contains("3 fractions, delivered -25.00 % from plan"), "the course, not its fractions")
            let bad = try await HTTPProbe.send(port: port, "GET", "/ui/reports/monthly?month=2026-13", cookie: cookie)
            #expect(bad.status == 400 && bad.text.contains("month: '2026-13'"))
        }
    }
}
