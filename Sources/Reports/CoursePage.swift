import DeliveryLog
import Foundation

/// The course page's context.
struct CoursePage {
    struct Fraction {
        var fraction: String
        var session: String
        var opened: String
        var outcome: String
        var planned: String
        var delivered: String
        var deviation: String
        var crosses: Bool
        var fractionThreshold: String
        var plannedToDate: String
        var deliveredToDate: String
        var charge: String
    }

    var id: String
    var patient: String
    var plan: String
    var recorded: Int
    var fractionsPlanned: Int
    var planned: String
    var delivered: String
    var deviation: String?
    var deviationToDate: String
    var crossesCourse: Bool
    var courseThreshold: String
    var fractions: [Fraction]

    init(_ detail: CourseDetail, zone: TimeZone) {
        let course = detail.course
        id = course.fractions.first?.session.id ?? ""
        patient = course.patient
        plan = course.plan ?? "-"
        recorded = course.fractions.count
        fractionsPlanned = course.fractionsPlanned
        planned = Formats.seconds(course.plannedMs)
        delivered = Formats.seconds(course.deliveredMs)
        deviation = course.deviationPercent.map(Formats.percent)
        deviationToDate = course.deviationToDatePercent.map(Formats.percent) ?? "-"
        crossesCourse = course.crossesCourseThreshold
        courseThreshold = Formats.number(course.settings.courseMedicalEventPercent, decimals: 0)
        let fractionThreshold = Formats.number(course.settings.fractionMedicalEventPercent, decimals: 0)
        fractions = course.fractions.map { fraction in
            let charge = detail.charges[fraction.session.id]
            return Fraction(
                fraction: fraction.session.fraction.map(String.init) ?? "-", session: fraction.session.id,
                opened: Formats.time(fraction.session.openedAt, in: zone), outcome: fraction.session.outcome.rawValue,
                planned: Formats.seconds(fraction.session.plannedMs),
                delivered: Formats.seconds(fraction.session.deliveredMs),
                deviation: fraction.deviationPercent.map(Formats.percent) ?? "-",
                crosses: fraction.crossesFractionThreshold,
                fractionThreshold: fractionThreshold, plannedToDate: Formats.seconds(fraction.plannedToDateMs),
                deliveredToDate: Formats.seconds(fraction.deliveredToDateMs),
                charge: charge.map { "\($0.id) \($0.code ?? "") \($0.status.rawValue)" } ?? "none")
        }
    }
}
