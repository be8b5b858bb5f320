import ConsoleRecords
import DeliveryLog
import Foundation
import Testing

/// Courses: the fractions of one patient's plan against 10 CFR 35.3045's thresholds.
@Suite struct CourseTests {
    static let day = 86_400.0

    static func fraction(
        _ number: Int, of planned: Int = 3, deliveredS: Int64, plannedS: Int64 = 600, patient: String = "MRN1",
        plan: String = "R CPA SCHWANNOMA", session: UInt32? = nil
    ) -> DeliverySession {
        var s = DeliverySession(
            console: ConsoleRef(serial: "4711", model: "CO60-MS192", name: "gk1"), number: session ?? UInt32(number))
        s.kind = .treatment
        s.patient = Patient(id: patient, family: "DOE", given: "J")
        s.plan = plan
        s.fraction = number
        s.fractionsPlanned = planned
        s.openedAt = Date(timeIntervalSince1970: 1_790_000_000 + Double(number) * day)
        s.plannedMs = plannedS * 1000
        s.deliveredMs = deliveredS * 1000
        s.outcome = deliveredS < plannedS ? .endedByOperator : .completed
        s.final = true
        return s
    }

    @Test func aThreeFractionCourseWithOneShortFractionCrossesTheCourseThresholdExactly() throws {
        let fractions = [
            Self.fraction(1, deliveredS: 600), Self.fraction(2, deliveredS: 600), Self.fraction(3, deliveredS: 150),
        ]
        let course = try #require(Course(of: fractions[1], among: fractions, settings: PhysicsSettings()))
        #expect(course.fractions.map { $0.session.fraction } == [1, 2, 3])
        #expect(course.isComplete && course.plannedMs == 1_800_000 && course.deliveredMs == 1_350_000)
        #expect(course.deviationPercent == -25)
        #expect(course.crossesCourseThreshold)
        #expect(course.fractions.map(\.deviationPercent) == [0, 0, -75])
        #expect(course.fractions.map(\.crossesFractionThreshold) == [false, false, true])
        #expect(course.fractions.map(\.deliveredToDateMs) == [600_000, 1_200_000, 1_350_000])
        #expect(course.fractions.map(\.plannedToDateMs) == [600_000, 1_200_000, 1_800_000])
    }

    @Test(arguments: [
        // delivered seconds of fraction 3 (of 600 planned, 1,800 s for the course) → course deviation, crosses?
        (Int64(240), -20.0, true),  // 1,440 of 1,800: exactly 20 % short, on the line
        (Int64(241), 1441.0 / 1800 * 100 - 100, false),
        (Int64(960), 20.0, true),  // 20 % over
        (Int64(600), 0.0, false),
    ])
    func theCourseThresholdIsTwentyPercentEitherWayInclusive(delivered: Int64, deviation: Double, crosses: Bool) throws
    {
        let fractions = [
            Self.fraction(1, deliveredS: 600), Self.fraction(2, deliveredS: 600),
            Self.fraction(3, deliveredS: delivered),
        ]
        let course = try #require(Course(of: fractions[0], among: fractions, settings: PhysicsSettings()))
        #expect(abs((course.deviationPercent ?? .nan) - deviation) < 1e-9)
        #expect(course.crossesCourseThreshold == crosses)
    }

    @Test func aCourseInProgressIsNotShortItIsUnfinished() throws {
        let fractions = [Self.fraction(1, deliveredS: 600), Self.fraction(2, deliveredS: 540)]
        let course = try #require(Course(of: fractions[0], among: fractions, settings: PhysicsSettings()))
        #expect(!course.isComplete && course.plannedMs == 1_800_000)
        #expect(course.deviationPercent == nil && !course.crossesCourseThreshold)
        #expect(course.deviationToDatePercent == -5)
    }

    @Test func onlyThePatientsSessionsOfTheSamePlanAndFractionationBelongToTheCourse() throws {
        var qa = Self.fraction(1, deliveredS: 60, session: 90)
        qa.kind = .qa
        let others = [
            Self.fraction(1, deliveredS: 600, patient: "MRN2", session: 91),
            Self.fraction(1, deliveredS: 600, plan: "OTHER PLAN", session: 92),
            Self.fraction(1, of: 1, deliveredS: 600, session: 93),
            qa,
        ]
        let mine = [Self.fraction(2, deliveredS: 600), Self.fraction(1, deliveredS: 600)]
        let course = try #require(Course(of: mine[0], among: others + mine, settings: PhysicsSettings()))
        #expect(course.fractions.map(\.session.number) == [1, 2])
        #expect(Course(of: qa, among: others + mine, settings: PhysicsSettings()) == nil, "QA is no course")
    }

    @Test func aSingleSessionCourseIsJudgedOnItsOneFraction() throws {
        let session = Self.fraction(1, of: 1, deliveredS: 420)
        let course = try #require(Course(of: session, among: [], settings: PhysicsSettings()))
        #expect(course.isComplete && course.deviationPercent == -30 && course.crossesCourseThreshold)
        #expect(!course.fractions[0].crossesFractionThreshold, "-30 % is under the 50 % fraction line")
    }
}
