/// The pages' form bodies (`application/x-www-form-urlencoded`), decoded by the framework.
struct SignInForm: Decodable {
    var token: String?
}

/// A form that carries only the CSRF token (sign out).
struct CSRFForm: Decodable {
    var csrf: String?
}

/// The sign-off form.
struct SignForm: Decodable {
    var csrf: String?
    var note: String?
}

/// The release and void forms of a charge.
struct ChargeForm: Decodable {
    var csrf: String?
    var reason: String?
    var modifier: String?
}

/// The worklist's authorization form.
struct AuthorizationForm: Decodable {
    var csrf: String?
    var charge: String?
    var payer: String?
    var number: String?
    var validFrom: String?
    var validTo: String?

    private enum CodingKeys: String, CodingKey {
        case csrf, charge, payer, number, validFrom = "valid_from", validTo = "valid_to"
    }
}

/// The worklist's diagnosis form.
struct DiagnosisForm: Decodable {
    var csrf: String?
    var charge: String?
    var code: String?
    var from: String?
}

/// The worklist's ABN form.
struct ABNForm: Decodable {
    var csrf: String?
    var charge: String?
    var payer: String?
    var signed: String?
}

extension Optional where Wrapped == String {
    /// The field's value, trimmed; "" when absent.
    var field: String { (self ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
}
