import Foundation
import Reports
import Testing

@Suite struct FormatsTests {
    /// The reference: exact decimal arithmetic, half away from zero, as a person rounds.
    func reference(_ value: Int64, per unit: Int64, places: Int) -> String {
        var exact = Decimal(value) / Decimal(unit)
        var rounded = Decimal()
        NSDecimalRound(&rounded, &exact, places, .plain)
        let formatter = NumberFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.minimumFractionDigits = places
        formatter.maximumFractionDigits = places
        formatter.minimumIntegerDigits = 1
        formatter.usesGroupingSeparator = false
        return formatter.string(from: rounded as NSDecimalNumber) ?? "?"
    }

    @Test func beamOnSecondsRoundHalfAwayFromZeroForEveryMillisecondUpToTenMinutes() {
        for ms in Int64(0)...600_000 where ms % 7 == 0 || ms % 50 == 0 {
            #expect(Formats.seconds(ms) == reference(ms, per: 1000, places: 1), "\(ms) ms")
        }
    }

    @Test(arguments: [
        (Int64(50), "0.1"), (150, "0.2"), (1150, "1.2"), (1149, "1.1"), (0, "0.0"), (49, "0.0"), (360_000, "360.0"),
    ])
    func theValuesTheTwoOldPathsPrintedDifferentlyAreNowOneWay(ms: Int64, text: String) {
        #expect(Formats.seconds(ms) == text)
    }

    @Test func absentSecondsAreADash() {
        #expect(Formats.seconds(nil) == "-")
    }

    @Test func minutesRoundTheSameWay() {
        for ms in stride(from: Int64(0), through: 7_200_000, by: 3_000) {
            #expect(Formats.minutes(ms) == reference(ms, per: 60_000, places: 1), "\(ms) ms")
        }
    }

    @Test func deviationsAreSignedWithTwoDecimalsOverManyPlans() {
        for planned in stride(from: Int64(1_000), through: 400_000, by: 9_973) {
            for delivered in stride(from: Int64(0), through: planned * 2, by: Int(max(planned / 37, 1))) {
                let expected = reference((delivered - planned) * 100, per: planned, places: 2)
                let signed = expected.hasPrefix("-") ? expected : "+" + expected
                #expect(Formats.deviation(delivered, of: planned) == signed, "\(delivered) of \(planned)")
            }
        }
        #expect(Formats.deviation(100, of: 0) == nil && Formats.deviation(100, of: nil) == nil)
    }

    @Test func timesAreTheFacilitysWallClockWithTheZoneNamed() throws {
        let chicago = try #require(TimeZone(identifier: "America/Chicago"))
        let winter = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18T11:06:40Z
        #expect(Formats.time(winter, in: chicago) == "2026-11-18 05:06:40 CST")
        let summer = Date(timeIntervalSince1970: 1_784_000_000)  // 2026-07-14T03:33:20Z
        #expect(Formats.time(summer, in: chicago) == "2026-07-13 22:33:20 CDT")
        #expect(Formats.time(nil, in: chicago) == "-")
    }

    @Test func aTextTableAlignsEveryColumnButTheLast() {
        var table = TextTable(["A", "LONG HEADING", "LAST"])
        table.append(["wide cell", "x", "ragged"])
        #expect(table.text == "A          LONG HEADING  LAST\nwide cell  x             ragged")
    }
}
