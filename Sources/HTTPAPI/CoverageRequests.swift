import ChargeCapture

/// `PUT /api/v1/patients/{id}/coverage`: `{"coverages": [{"priority", "payer", "plan_id", "member_id",
/// "effective", "expires"}]}`, replacing what people entered before.
struct CoverageRequest: ValidatedBody {
    var coverages: [Coverage]

    func validate() throws(APIError) {
        guard coverages.count <= 10 else { throw APIError(.badRequest, "coverages: more than 10 items") }
        for (index, coverage) in coverages.enumerated() {
            let at = "coverages[\(index)]"
            try check(coverage.priority, "\(at).priority", in: 1...9)
            guard let payer = coverage.payerID, !payer.isEmpty else {
                throw APIError(.badRequest, "\(at).payer: required, a configured payer's id")
            }
            try check(payer, "\(at).payer", maxLength: 64)
            for (text, field) in [
                (coverage.planID, "plan_id"), (coverage.memberID, "member_id"), (coverage.companyID, "company_id"),
                (coverage.companyName, "company_name"), (coverage.policyNumber, "policy_number"),
            ] {
                try check(text, "\(at).\(field)", maxLength: 100)
            }
            try checkDay(coverage.effective, "\(at).effective")
            try checkDay(coverage.expires, "\(at).expires")
            if let effective = coverage.effective, let expires = coverage.expires, expires < effective {
                throw APIError(.badRequest, "\(at).expires: before effective")
            }
        }
    }
}

/// `POST /api/v1/patients/{id}/authorizations`: `{"payer", "number", "valid_from", "valid_to", "codes",
/// "units"}`; `codes` and `units` optional (any code, no limit). The pages' form checks the same way.
public struct AuthorizationRequest: ValidatedBody {
    var payer: String
    var number: String
    var validFrom: String
    var validTo: String
    var codes: [String]?
    var units: WholeNumber?

    /// A request for any code, without a unit limit (the pages' form).
    public init(payer: String, number: String, validFrom: String, validTo: String) {
        self.payer = payer
        self.number = number
        self.validFrom = validFrom
        self.validTo = validTo
    }

    private enum CodingKeys: String, CodingKey {
        case payer, number, codes, units, validFrom = "valid_from", validTo = "valid_to"
    }

    public func validate() throws(APIError) {
        guard !payer.isEmpty else { throw APIError(.badRequest, "payer: required, a configured payer's id") }
        try check(payer, "payer", maxLength: 64)
        guard !number.isEmpty else { throw APIError(.badRequest, "number: must not be empty") }
        try check(number, "number", maxLength: 64)
        try checkDay(validFrom, "valid_from")
        try checkDay(validTo, "valid_to")
        guard validFrom <= validTo else { throw APIError(.badRequest, "valid_to: before valid_from") }
        for (index, code) in (codes ?? []).enumerated() where !Charge.isCode(code) {
            throw APIError(.badRequest, "codes[\(index)]: '\(code)' is not a five-character CPT/HCPCS code")
        }
        try check(units?.value, "units", in: 1...10_000)
    }

    /// The authorization it asks for (the store gives it its id).
    public var authorization: Authorization {
        Authorization(
            id: "", payerID: payer, number: number, validFrom: validFrom, validTo: validTo, codes: codes,
            units: units?.value, source: .api)
    }
}

/// `POST /api/v1/authorizations/{id}/revoke`: `{"reason"}`.
struct RevokeRequest: ValidatedBody {
    var reason: String

    func validate() throws(APIError) {
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw APIError(.badRequest, "reason: required")
        }
        try check(reason, "reason", maxLength: 1000)
    }
}

extension ValidatedBody {
    /// Refuses `text` that is not a real date `YYYY-MM-DD`, naming `field`.
    func checkDay(_ text: String?, _ field: String) throws(APIError) {
        if let text, !ServiceDay.isValid(text) { throw APIError(.badRequest, "\(field): not a date YYYY-MM-DD") }
    }
}
