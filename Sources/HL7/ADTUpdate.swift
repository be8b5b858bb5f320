import ChargeCapture

/// What an ADT message from the hospital's feed changes (payers.md): a
/// patient's coverage from the feed, replaced whole by the message's IN1
/// segments (A01, A04, A05, A08, A31), or a merge of one patient id into
/// another (A40). Pure: parsing decides AA, AE or AR before anything is stored.
public struct ADTUpdate: Sendable, Hashable {
    /// Why a message is not applied: `AE` (HL7 that cannot be applied) or `AR` (a type not taken).
    public struct Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        /// `AE` or `AR`.
        public var code: String
        /// What is wrong, for ERR-8.
        public var text: String

        public var description: String { "\(code): \(text)" }
    }

    /// The events that replace coverage.
    public static let coverageEvents: Set<String> = ["A01", "A04", "A05", "A08", "A31"]

    /// MSH-10.
    public var controlID: String
    /// `A08`, `A40`…
    public var event: String
    /// What changes.
    public var change: CoverageChange
    /// The patient's diagnoses from the feed from now on (diagnoses.md), replacing those it sent before; nil
    /// when the message has no DG1, which leaves them as they are.
    public var diagnoses: [Diagnosis]?

    /// The update `message` makes, with patient ids of `assigningAuthority` preferred and IN1-14
    /// authorizations lasting `payers.authorizationDays`.
    public init(_ message: HL7Message, assigningAuthority: String, payers: PayerSettings) throws(Refusal) {
        let (code, event) = message.type
        guard code == "ADT", Self.coverageEvents.contains(event) || event == "A40" else {
            throw Refusal(code: "AR", text: "\(code)^\(event) is not a message this feed takes")
        }
        controlID = message.controlID
        self.event = event
        guard !controlID.isEmpty else { throw Refusal(code: "AE", text: "MSH-10: no message control id") }
        guard let pid = message.first("PID"), let patient = Self.patientID(pid[3], assigningAuthority) else {
            throw Refusal(code: "AE", text: "PID-3: no patient id")
        }
        if event == "A40" {
            guard let mrg = message.first("MRG"), let old = Self.patientID(mrg[1], assigningAuthority) else {
                throw Refusal(code: "AE", text: "MRG-1: no prior patient id to merge")
            }
            change = .merge(controlID: controlID, old: old, patient: patient)
            return
        }
        var coverages: [Coverage] = []
        var authorizations: [Authorization] = []
        for (index, in1) in message.all("IN1").enumerated() {
            let at = "IN1[\(index + 1)]"
            let company = in1.value(3)
            let name = in1.value(4)
            guard !company.isEmpty || !name.isEmpty else {
                throw Refusal(code: "AE", text: "\(at)-3/4: an insurance without a company")
            }
            func day(_ field: Int) throws(Refusal) -> String? {
                let text = in1.value(field)
                guard !text.isEmpty else { return nil }
                guard let day = ServiceDay.fromHL7(text) else {
                    throw Refusal(code: "AE", text: "\(at)-\(field): '\(text)' is not a date")
                }
                return day
            }
            let setID = Int(in1.value(1)) ?? index + 1
            func text(_ field: Int) -> String? { in1.value(field).isEmpty ? nil : in1.value(field) }
            let coverage = Coverage(
                priority: setID, planID: text(2), companyID: text(3), companyName: text(4), planType: text(15),
                effective: try day(12), expires: try day(13), policyNumber: text(36), memberID: text(49),
                source: .adt)
            coverages.append(coverage)
            let number = in1[14].value(1)
            if !number.isEmpty {
                let dated = in1[14].value(2)
                guard let from = ServiceDay.fromHL7(dated) else {
                    throw Refusal(code: "AE", text: "\(at)-14.2: '\(dated)' is not a date")
                }
                let payer = payers.payer(of: coverage)?.id ?? (company.isEmpty ? name : company)
                authorizations.append(
                    Authorization(
                        id: Self.authorizationID(payer: payer, number: number, patient: patient), payerID: payer,
                        number: number, validFrom: from,
                        validTo: ServiceDay.adding(days: max(payers.authorizationDays, 1) - 1, to: from) ?? from,
                        source: .adt))
            }
        }
        change = .coverage(
            controlID: controlID, patient: patient, coverages: coverages, authorizations: authorizations)
        let dg1s = message.all("DG1")
        guard !dg1s.isEmpty else { return }
        var diagnoses: [Diagnosis] = []
        for (index, dg1) in dg1s.enumerated() {
            diagnoses.append(try Self.diagnosis(dg1, at: "DG1[\(index + 1)]", index: index))
        }
        self.diagnoses = diagnoses
        change = .coverage(
            controlID: controlID, patient: patient, coverages: coverages, authorizations: authorizations,
            diagnoses: diagnoses)
    }

    /// A DG1 segment as a diagnosis (diagnoses.md): 1 set id, 3 the code (3.1 code, 3.2 text, 3.3 system, `I10`
    /// when empty), 5 from when it applies, 6 its type, 15 its priority. A segment without a code, or with an
    /// ICD-10-CM code of another shape, refuses the whole message.
    static func diagnosis(_ dg1: HL7Segment, at: String, index: Int) throws(Refusal) -> Diagnosis {
        let code = dg1[3].value(1)
        guard !code.isEmpty else { throw Refusal(code: "AE", text: "\(at)-3.1: a diagnosis without a code") }
        let system = dg1[3].value(3).isEmpty ? "I10" : dg1[3].value(3)
        guard !ICD10CM.isICD10CM(system: system) || ICD10CM.isWellFormed(code) else {
            throw Refusal(code: "AE", text: "\(at)-3.1: '\(code)' is not shaped like an ICD-10-CM code")
        }
        let dated = dg1.value(5)
        var from: String?
        if !dated.isEmpty {
            guard let day = ServiceDay.fromHL7(dated) else {
                throw Refusal(code: "AE", text: "\(at)-5: '\(dated)' is not a date")
            }
            from = day
        }
        let ranked = dg1.value(15)
        var priority: Int?
        if !ranked.isEmpty {
            guard let number = Int(ranked), (1...99).contains(number) else {
                throw Refusal(code: "AE", text: "\(at)-15: '\(ranked)' is not a priority from 1 to 99")
            }
            priority = number
        }
        let text = dg1[3].value(2)
        return Diagnosis(
            code: code, system: system, text: text.isEmpty ? nil : text, priority: priority, from: from,
            type: dg1.value(6).isEmpty ? nil : dg1.value(6), source: .adt, order: Int(dg1.value(1)) ?? index + 1)
    }

    /// The id of an authorization the feed sent: its payer, its number and its patient. Two patients whose
    /// messages carry the same number (a placeholder such as `PENDING`) get two authorizations, never one
    /// overwriting the other's. The patient is named by a digest, so the id stays a plain path segment.
    static func authorizationID(payer: String, number: String, patient: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in patient.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return "adt-\(payer)-\(number)-\(String(hash >> 32, radix: 16))"
    }

    /// The repetition of a CX list whose CX.4 is `authority` and CX.5 `MR`, else the first; nil when empty.
    static func patientID(_ field: HL7Field, _ authority: String) -> String? {
        let repetitions = field.repetitions.indices.map { field.value(1, repetition: $0 + 1) }
        let preferred = field.repetitions.indices.first {
            field.value(4, repetition: $0 + 1) == authority && field.value(5, repetition: $0 + 1) == "MR"
        }
        let id = preferred.map { repetitions[$0] } ?? repetitions.first ?? ""
        return id.isEmpty ? nil : id
    }
}
