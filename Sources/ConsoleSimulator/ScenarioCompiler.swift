import Console
import ConsoleRecords
import Foundation

/// Turns a scenario into its timeline of steps, every event with its moment.
/// Pure: the same scenario always gives the same steps.
public struct ScenarioCompiler: Sendable {
    /// The Co-60 half-life the console decays its dose rate with, days.
    public static let cobaltHalfLifeDays = 1925.28

    private let scenario: Scenario
    private let vocabulary: Vocabulary
    private var steps: [ScriptStep] = []
    private var nextSession: UInt32
    private var consoleBusyUntil = -Double.infinity

    /// Compiles `scenario`.
    public static func compile(_ scenario: Scenario, profile: DeviceProfile) throws(SimulatorError)
        -> [ScriptStep]
    {
        var compiler = ScenarioCompiler(scenario: scenario, vocabulary: profile.vocabulary)
        try compiler.run()
        return compiler.steps.enumerated()
            .sorted { ($0.element.offset, $0.offset) < ($1.element.offset, $1.offset) }
            .map(\.element)
    }

    private init(scenario: Scenario, vocabulary: Vocabulary) {
        self.scenario = scenario
        self.vocabulary = vocabulary
        self.nextSession = scenario.first_session
    }

    private mutating func run() throws(SimulatorError) {
        let start = try scenario.startDate
        var calibration = try scenario.calibrationDate
        var referenceRate = scenario.console.reference_dose_rate
        for (index, entry) in scenario.timeline.enumerated() {
            let key = "timeline[\(index)]"
            let at = entry.at.seconds
            if let session = entry.session {
                let when = start.addingTimeInterval(at)
                let days = when.timeIntervalSince(calibration) / 86400
                let decayed = Double(referenceRate) * pow(0.5, days / Self.cobaltHalfLifeDays)
                try compileSession(session, at: at, doseRate: Int(decayed.rounded()), key: key)
            }
            if let gateway = entry.gateway { steps.append(ScriptStep(offset: at, action: .gateway(gateway))) }
            if let fault = entry.fault {
                emit(at, ScriptEvent(kind: .fault, code: fault.code))
                emit(at + fault.duration_s, ScriptEvent(kind: .faultCleared, code: fault.code))
            }
            if let change = entry.calibration {
                referenceRate = change.reference_dose_rate
                calibration = start.addingTimeInterval(at)
                emit(at, ScriptEvent(kind: .calibrationChanged, referenceDoseRate: referenceRate))
            }
        }
    }

    private mutating func emit(_ offset: Double, _ event: ScriptEvent) {
        steps.append(ScriptStep(offset: offset, action: .event(event)))
    }

    private mutating func compileSession(
        _ script: SessionScript, at start: Double, doseRate: Int, key: String
    ) throws(SimulatorError) {
        guard start >= consoleBusyUntil else {
            throw SimulatorError(
                .invalidScenario, at: "\(key).at",
                "the session opens at \(start) s, before the previous one ends at \(consoleBusyUntil) s: a console runs one session at a time"
            )
        }
        let number = nextSession
        nextSession += 1
        let kind = try Self.term(script.kind ?? "treatment", SessionKind.self, "\(key).session.kind")
        var opened = OpenedSession()
        opened.patientID = script.patient?.id ?? ""
        opened.family = script.patient?.family ?? ""
        opened.given = script.patient?.given ?? ""
        opened.plan = script.plan
        opened.kind = kind
        opened.fraction = script.fraction ?? 1
        opened.fractionsPlanned = script.fractions_planned ?? 1
        opened.targets = script.targets ?? 1
        opened.shotsPlanned = script.shots.count
        opened.plannedMs = script.shots.reduce(0) { $0 + Int64($1.planned_s * 1000) }
        opened.prescribedDoseMgy = script.prescribed_dose_mgy ?? 0
        opened.isodose = script.isodose ?? 50
        opened.doseRate = script.dose_rate ?? doseRate
        opened.immobilization = try Self.term(
            script.immobilization ?? "unknown", Immobilization.self, "\(key).session.immobilization")
        opened.operatorID = script.operator ?? ""

        var t = start
        defer { consoleBusyUntil = t + 1 }
        emit(t, ScriptEvent(kind: .sessionOpened, session: number, code: 0, opened: opened))
        t += script.setup_s ?? 120
        if script.end_before_beam == true {
            let reason = try reasonCode(script.end_reason ?? "operator", "\(key).session.end_reason")
            emit(t, ScriptEvent(kind: .sessionEndedEarly, session: number, code: reason))
            return
        }
        for (index, shot) in script.shots.enumerated() {
            let shotKey = "\(key).session.shots[\(index)]"
            guard shot.sectors.count == scenario.console.sectors,
                shot.sectors.allSatisfy({ [0, 4, 8, 16].contains($0) })
            else {
                throw SimulatorError(
                    .invalidScenario, at: "\(shotKey).sectors",
                    "\(scenario.console.sectors) sectors, each 0, 4, 8 or 16 mm")
            }
            var base = ScriptEvent(kind: .shotStarted, session: number, shot: index + 1)
            base.sectors = shot.sectors
            base.plannedMs = Int64(shot.planned_s * 1000)
            base.x = Int32((shot.x ?? 100) * 1000)
            base.y = Int32((shot.y ?? 100) * 1000)
            base.z = Int32((shot.z ?? 100) * 1000)
            base.gamma = shot.gamma ?? 90
            emit(t, base)
            var delivered = 0.0
            for (itemIndex, item) in (shot.during ?? []).sorted(by: { $0.after_s < $1.after_s }).enumerated() {
                t += max(0, item.after_s - delivered)
                delivered = max(delivered, item.after_s)
                var at = base
                at.deliveredMs = Int64(delivered * 1000)
                let ended = try compileDuring(item, event: at, t: &t, key: "\(shotKey).during[\(itemIndex)]")
                if ended { return }
            }
            let total = shot.delivered_s ?? shot.planned_s
            t += max(0, total - delivered)
            var completed = base
            completed.kind = .shotCompleted
            completed.deliveredMs = Int64(total * 1000)
            emit(t, completed)
            if let endAfter = script.end_after_shot, endAfter == index + 1, index + 1 < script.shots.count {
                t += 5
                let reason = try reasonCode(script.end_reason ?? "operator", "\(key).session.end_reason")
                emit(t, ScriptEvent(kind: .sessionEndedEarly, session: number, code: reason))
                return
            }
            if index + 1 < script.shots.count { t += script.move_s ?? 15 }
        }
        emit(t + 1, ScriptEvent(kind: .sessionCompleted, session: number))
    }

    /// Compiles one thing during a shot; returns true when it ended the session.
    private mutating func compileDuring(
        _ item: DuringShot, event: ScriptEvent, t: inout Double, key: String
    ) throws(SimulatorError) -> Bool {
        if let gateway = item.gateway {
            steps.append(ScriptStep(offset: t, action: .gateway(gateway)))
        }
        var interrupted = event
        interrupted.kind = .interrupted
        var resumed = event
        resumed.kind = .resumed
        if let reasonName = item.end {
            interrupted.code = try reasonCode(reasonName, "\(key).end")
            emit(t, interrupted)
            t += 5
            emit(t, ScriptEvent(kind: .sessionEndedEarly, session: event.session, code: interrupted.code))
            return true
        }
        if let faultCode = item.fault {
            interrupted.code = try reasonCode("console_fault", key)
            emit(t, interrupted)
            emit(t, ScriptEvent(kind: .fault, session: event.session, code: faultCode))
            t += item.pause_s ?? 60
            emit(t, ScriptEvent(kind: .faultCleared, session: event.session, code: faultCode))
            t += 1
            emit(t, resumed)
        } else if let reasonName = item.interrupt {
            interrupted.code = try reasonCode(reasonName, "\(key).interrupt")
            emit(t, interrupted)
            t += item.pause_s ?? 30
            emit(t, resumed)
        }
        return false
    }

    static func term<Term: RawRepresentable>(_ name: String, _ type: Term.Type, _ key: String)
        throws(SimulatorError) -> Term where Term.RawValue == String
    {
        guard let value = Term(rawValue: name) else {
            throw SimulatorError(.invalidScenario, at: key, "'\(name)' is not a known value")
        }
        return value
    }

    /// The wire code of a reason named in the scenario; a number is taken as
    /// given, so a scenario can send a code the profile does not define.
    func reasonCode(_ name: String, _ key: String) throws(SimulatorError) -> Int {
        if let raw = Int(name) { return raw }
        let reason = try Self.term(name, InterruptionReason.self, key)
        guard let code = Vocabulary.code(of: reason, in: vocabulary.reasons) else {
            throw SimulatorError(.invalidScenario, at: key, "the profile has no code for '\(name)'")
        }
        return Int(code)
    }
}
