import ChargeCapture
import Store

/// `PUT /api/v1/patients/{id}/diagnoses` (diagnoses.md): `{"diagnoses": [{"code", "system", "text", "priority",
/// "from", "to"}]}`, replacing what people entered before; `system` defaults to `I10`. The pages' form checks
/// the same way.
public struct DiagnosesRequest: ValidatedBody {
    /// One entry.
    public struct Entry: Decodable, Sendable {
        var code: String
        var system: String?
        var text: String?
        var priority: WholeNumber?
        var from: String?
        var to: String?

        /// An ICD-10-CM code applying from `from` (the pages' form).
        public init(code: String, from: String?) {
            self.code = code
            self.from = from
        }
    }

    var diagnoses: [Entry]

    /// A request entering `diagnoses`.
    public init(_ diagnoses: [Entry]) { self.diagnoses = diagnoses }

    public func validate() throws(APIError) {
        guard diagnoses.count <= 50 else { throw APIError(.badRequest, "diagnoses: more than 50 items") }
        for (index, entry) in diagnoses.enumerated() {
            let at = "diagnoses[\(index)]"
            guard !entry.code.isEmpty else { throw APIError(.badRequest, "\(at).code: required") }
            try check(entry.code, "\(at).code", maxLength: 16)
            let system = entry.system ?? "I10"
            guard !system.isEmpty else { throw APIError(.badRequest, "\(at).system: must not be empty") }
            try check(system, "\(at).system", maxLength: 16)
            if ICD10CM.isICD10CM(system: system), !ICD10CM.isWellFormed(entry.code) {
                throw APIError(.badRequest, "\(at).code: '\(entry.code)' is not shaped like an ICD-10-CM code")
            }
            try check(entry.text, "\(at).text", maxLength: 200)
            try check(entry.priority?.value, "\(at).priority", in: 1...99)
            try checkDay(entry.from, "\(at).from")
            try checkDay(entry.to, "\(at).to")
            if let from = entry.from, let to = entry.to, to < from {
                throw APIError(.badRequest, "\(at).to: before from")
            }
        }
    }

    /// The diagnoses it enters, in the order given.
    public var entries: [Diagnosis] {
        diagnoses.enumerated().map { index, entry in
            Diagnosis(
                code: entry.code, system: entry.system ?? "I10", text: entry.text, priority: entry.priority?.value,
                from: entry.from, to: entry.to, source: .api, order: index + 1)
        }
    }
}

/// `POST /api/v1/patients/{id}/abns` (diagnoses.md): `{"payer", "signed", "codes", "valid_to"}`; `codes`
/// optional (any code), `valid_to` optional (signed + 364 days). The patient chose to receive the service and
/// have the payer billed (the notice's option 1). The pages' form checks the same way.
public struct ABNRequest: ValidatedBody {
    var payer: String
    var signed: String
    var codes: [String]?
    var validTo: String?

    /// A notice for any code, valid a year (the pages' form).
    public init(payer: String, signed: String) {
        self.payer = payer
        self.signed = signed
    }

    private enum CodingKeys: String, CodingKey {
        case payer, signed, codes, validTo = "valid_to"
    }

    public func validate() throws(APIError) {
        guard !payer.isEmpty else { throw APIError(.badRequest, "payer: required, a configured payer's id") }
        try check(payer, "payer", maxLength: 64)
        guard ServiceDay.isValid(signed) else { throw APIError(.badRequest, "signed: not a date YYYY-MM-DD") }
        try checkDay(validTo, "valid_to")
        if let validTo, validTo < signed { throw APIError(.badRequest, "valid_to: before signed") }
        guard (codes ?? []).count <= 20 else { throw APIError(.badRequest, "codes: more than 20 items") }
        for (index, code) in (codes ?? []).enumerated() where !Charge.isCode(code) {
            throw APIError(.badRequest, "codes[\(index)]: '\(code)' is not a five-character CPT/HCPCS code")
        }
    }

    /// The notice it enters, with a new id.
    public var abn: ABN {
        ABN(
            id: "ABN-" + RandomToken.hex().prefix(12), payerID: payer, signed: signed, codes: codes,
            validTo: validTo ?? ServiceDay.adding(days: 364, to: signed) ?? signed)
    }
}
