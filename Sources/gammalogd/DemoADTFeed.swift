import ChargeCapture
import ConsoleSimulator
import Foundation
import HL7
import HL7Interface
import Logging
import ServiceLifecycle
import Yams

/// The embedded default's hospital: sends the `adt:` messages of the demo
/// scenario to the daemon's own ADT listener at their simulated times, over
/// MLLP like an interface engine, so that the demo's patients have coverage
/// and one authorization arrives after its treatment.
struct DemoADTFeed: Service {
    /// One message of a scenario's `adt:` section.
    struct Entry: Decodable, Sendable {
        /// One IN1 of the message.
        struct Insurance: Decodable, Sendable {
            var plan_id: String?
            var company_id: String?
            var company_name: String?
            var plan_type: String?
            var member_id: String?
            var policy_number: String?
            /// IN1-14.1; the authorization is dated on the simulated day the message is sent.
            var authorization: String?
            /// IN1-14.3.
            var authorization_source: String?
        }

        /// When it is sent, after the scenario's start.
        var at: ScenarioOffset
        /// `A04`, `A08`…
        var event: String
        /// PID-3.1.
        var patient: String
        /// The patient's whole coverage, primary first.
        var insurance: [Insurance]
        /// The patient's diagnoses (DG1), primary first; none leaves those on file as they are.
        var diagnoses: [Diagnosed]?

        /// One DG1 of the message: an ICD-10-CM code and its text.
        struct Diagnosed: Decodable, Sendable {
            var code: String
            var text: String?
        }
    }

    /// The `adt:` section of a scenario file; empty when it has none.
    static func entries(inScenarioAt path: String) throws -> [Entry] {
        struct File: Decodable { var adt: [Entry]? }
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        do {
            return try YAMLDecoder().decode(File.self, from: data).adt ?? []
        } catch {
            throw SimulatorError(.invalidScenario, at: "\(path): adt", "\(error)")
        }
    }

    let entries: [Entry]
    /// The scenario's start.
    let start: Date
    /// The simulated console's clock: messages go out on scenario time.
    let clock: @Sendable () -> Date
    /// The listener's port, once it is bound.
    let port: AsyncStream<Int>
    let assigningAuthority: String
    let zone: TimeZone
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var ports = port.makeAsyncIterator()
            guard let port = await ports.next() else { return }
            let client = MLLPClient(host: "127.0.0.1", port: port, ackTimeout: .seconds(5))
            for (index, entry) in entries.enumerated() {
                let due = start.addingTimeInterval(entry.at.seconds)
                while clock() < due {
                    guard (try? await Task.sleep(for: .milliseconds(100))) != nil else { return }
                }
                let day = ChargeRules.localDate(clock(), in: zone)
                let message = self.message(entry, controlID: "DEMO\(ServiceDay.toHL7(day))-\(index + 1)", on: day)
                await send(message, through: client)
            }
        }
        try? await gracefulShutdown()
    }

    /// The HL7 message of `entry`, its authorizations dated `day`.
    func message(_ entry: Entry, controlID: String, on day: String) -> ADTMessage {
        let insurances = entry.insurance.enumerated().map { index, in1 in
            ADTMessage.Insurance(
                coverage: Coverage(
                    priority: index + 1, planID: in1.plan_id, companyID: in1.company_id,
                    companyName: in1.company_name, planType: in1.plan_type, policyNumber: in1.policy_number,
                    memberID: in1.member_id, source: .adt),
                authorization: in1.authorization, authorizedOn: day,
                authorizationSource: in1.authorization_source ?? "")
        }
        var message = ADTMessage(
            event: entry.event, controlID: controlID, patient: entry.patient, assigningAuthority: assigningAuthority,
            insurances: insurances)
        message.diagnoses = (entry.diagnoses ?? []).map { Diagnosis(code: $0.code, text: $0.text, source: .adt) }
        return message
    }

    /// Sends `message` until the listener answers it, reconnecting with back-off; logs what it answered.
    func send(_ message: ADTMessage, through client: MLLPClient) async {
        var delay = Duration.milliseconds(200)
        while !Task.isCancelled {
            do {
                let text = message.message(at: clock(), zone: zone).encoded
                let ack = try await client.withConnection(logger: logger) { link in
                    try await link.send(text, controlID: message.controlID)
                }
                let metadata: Logger.Metadata = [
                    "event": "\(message.event)", "control_id": "\(message.controlID)", "ack": "\(ack.code)",
                ]
                if ack.accepted {
                    logger.info("demo hospital: adt sent", metadata: metadata)
                } else {
                    logger.warning(
                        "demo hospital: adt refused", metadata: metadata.merging(["reason": "\(ack.text)"]) { $1 })
                }
                return
            } catch {
                logger.warning("demo hospital: adt feed unreachable; will retry", metadata: ["error": "\(error)"])
                guard (try? await Task.sleep(for: delay)) != nil else { return }
                delay = min(delay * 2, .seconds(5))
            }
        }
    }
}
