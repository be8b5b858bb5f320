import Settings

/// Who a request comes from, once authenticated: a token's holder, or a
/// signed-in person of the pages.
public struct Caller: Sendable, Hashable {
    /// The holder's name, as configured with the token.
    public var name: String
    /// What they may do.
    public var role: DaemonConfiguration.Role

    /// Whether the caller signs delivery records (physicist, admin): only they move a `pending_review` charge.
    public var signsRecords: Bool { role == .physicist || role == .admin }

    /// The roles the caller holds: admin holds every role.
    public var roles: Set<DaemonConfiguration.Role> { role == .admin ? Set(DaemonConfiguration.Role.allCases) : [role] }

    /// A caller `name` with `role`.
    public init(name: String, role: DaemonConfiguration.Role) {
        self.name = name
        self.role = role
    }
}
