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

extension Optional where Wrapped == String {
    /// The field's value, trimmed; "" when absent.
    var field: String { (self ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
}
