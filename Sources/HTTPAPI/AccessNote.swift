import Synchronization

/// What a request did that the access log keeps, noted by the handlers and gates as it runs and read by
/// ``AccessLogMiddleware`` once it is answered. A reference shared by every copy of the request's context,
/// as Hummingbird's own endpoint path is, because each middleware passes its own copy on.
public final class AccessNote: Sendable {
    /// What has been noted.
    public struct Content: Sendable, Hashable {
        /// The authenticated caller, once a gate let them through.
        public var actor: String?
        /// Whether the answer carries patient data.
        public var patientData = false
        /// The resource read, when there is one.
        public var resource: String?
        /// The patients whose data the answer carries.
        public var patients: [String] = []
        /// An event that is logged whatever the answer carries: `signed_in`, `signed_out`.
        public var event: String?
    }

    private let state = Mutex(Content())

    /// An empty note.
    public init() {}

    /// What has been noted so far.
    public var content: Content { state.withLock { $0 } }

    /// The caller a gate let through.
    public func authenticated(_ actor: String) { state.withLock { $0.actor = actor } }

    /// The answer carries patient data: of `patients`, about `resource`.
    public func read(_ resource: String?, patients: [String?]) {
        state.withLock { note in
            note.patientData = true
            if let resource { note.resource = resource }
            for case let patient? in patients where !note.patients.contains(patient) { note.patients.append(patient) }
        }
    }

    /// `event` happened to `actor` (a sign-in, a sign-out).
    public func event(_ event: String, actor: String) {
        state.withLock { note in
            note.event = event
            note.actor = actor
        }
    }
}
