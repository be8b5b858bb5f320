/// `POST /api/v1/charges/claim`: `{"consumer", "max", "lease_seconds"}`.
struct ClaimRequest: ValidatedBody {
    var consumer: String
    var max: WholeNumber?
    var leaseSeconds: WholeNumber?

    private enum CodingKeys: String, CodingKey { case consumer, max, leaseSeconds = "lease_seconds" }

    func validate() throws(APIError) {
        guard !consumer.isEmpty else { throw APIError(.badRequest, "consumer: must not be empty") }
        try check(consumer, "consumer", maxLength: 100)
        try check(max?.value, "max", in: 1...1000)
        try check(leaseSeconds?.value, "lease_seconds", in: 1...86_400)
    }
}

/// `POST /api/v1/charges/ack` and `nack`: `{"lease", "ids", "reason"}`.
struct LeaseRequest: ValidatedBody {
    var lease: String
    var ids: [String]
    var reason: String?

    func validate() throws(APIError) {
        try check(lease, "lease", maxLength: 200)
        guard !ids.isEmpty else { throw APIError(.badRequest, "ids: must not be empty") }
        guard ids.count <= 1000 else { throw APIError(.badRequest, "ids: more than 1000 items") }
        try check(reason, "reason", maxLength: 1000)
    }
}

/// `POST /api/v1/charges/{id}/release`: `{"reason", "modifiers", "code"}`.
struct ReleaseRequest: ValidatedBody {
    var reason: String
    var modifiers: [String]?
    var code: String?

    func validate() throws(APIError) {
        try check(reason, "reason", maxLength: 1000)
        if let modifiers, modifiers.count > 10 { throw APIError(.badRequest, "modifiers: more than 10 items") }
        try check(code, "code", maxLength: 10)
    }
}

/// `POST /api/v1/charges/{id}/void`: `{"reason"}`.
struct VoidRequest: ValidatedBody {
    var reason: String

    func validate() throws(APIError) { try check(reason, "reason", maxLength: 1000) }
}

/// `POST /api/v1/sessions/{id}/review`: `{"note"}`.
struct ReviewRequest: ValidatedBody {
    var note: String?

    func validate() throws(APIError) { try check(note, "note", maxLength: 4000) }
}

/// A JSON number that must be whole: `2.5` and `true` are refused naming the field (Foundation's decoder
/// reports a fraction where an `Int` belongs as invalid JSON, without the field).
struct WholeNumber: Decodable {
    var value: Int

    init(from decoder: any Decoder) throws {
        let number = try? decoder.singleValueContainer().decode(Double.self)
        guard let number, number.rounded() == number, let whole = Int(exactly: number) else {
            throw DecodingError.typeMismatch(
                Int.self, .init(codingPath: decoder.codingPath, debugDescription: "not a whole number"))
        }
        value = whole
    }
}
