import Foundation

/// One line of the access log (billing-interfaces.md 1.1): a read of patient data, a sign-in or sign-out, or
/// a refused credential. Appended by the product, never changed or deleted; a refused credential never keeps
/// the token it carried.
public struct AccessEntry: Sendable, Hashable {
    /// Its place in the log, given by the store; nil before it is stored.
    public var id: Int64?
    /// When.
    public var at: Date
    /// Who: the authenticated caller's name, or `anonymous`.
    public var actor: String
    /// The peer's address, when known.
    public var peer: String?
    /// The route, as `METHOD /path/{parameter}`.
    public var route: String
    /// The resource read (a session, charge or patient id), when there is one.
    public var resource: String?
    /// The patients whose data the answer carried.
    public var patients: [String]
    /// What happened: `ok`, `not_found`, `refused_credential`, `forbidden`, `signed_in`, `signed_out`, …
    public var outcome: String

    /// An entry.
    public init(
        id: Int64? = nil, at: Date, actor: String, peer: String?, route: String, resource: String?,
        patients: [String], outcome: String
    ) {
        self.id = id
        self.at = at
        self.actor = actor
        self.peer = peer
        self.route = route
        self.resource = resource
        self.patients = patients
        self.outcome = outcome
    }

    /// The patients as stored: `,a,b,`, so one patient is found with a plain substring match.
    public var patientsColumn: String? { patients.isEmpty ? nil : "," + patients.joined(separator: ",") + "," }

    /// The patients from their stored form.
    public static func patients(fromColumn column: String?) -> [String] {
        (column ?? "").split(separator: ",").map(String.init)
    }
}

/// Which access log entries to read, oldest first.
public struct AccessQuery: Sendable, Hashable {
    /// Entries at or after this time.
    public var since: Date?
    /// Only this actor's.
    public var actor: String?
    /// Only those that carried this patient's data.
    public var patient: String?
    /// Only entries after this place (a page's last id).
    public var after: Int64?
    /// At most this many.
    public var limit: Int

    /// A query.
    public init(since: Date? = nil, actor: String? = nil, patient: String? = nil, after: Int64? = nil, limit: Int = 100)
    {
        self.since = since
        self.actor = actor
        self.patient = patient
        self.after = after
        self.limit = limit
    }
}
