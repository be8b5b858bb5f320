import Hummingbird
import HummingbirdAuth
import Settings

/// Who may use a route group, as the specs' role tables say: a caller holding any of its roles (admin holds
/// every role, ``Caller/roles``). Enforced by hummingbird-auth's `AuthorizationPolicyMiddleware` on the API
/// and the pages alike: 401 without a caller, 403 naming the roles with another.
public struct CallerRolePolicy: AuthorizationPolicy {
    public typealias Identity = Caller
    /// The roles let through.
    public let roles: Set<DaemonConfiguration.Role>

    /// A policy for `roles`.
    public init(_ roles: Set<DaemonConfiguration.Role>) { self.roles = roles }

    public func isAuthorized(identity: Caller, request: Request) async throws -> Bool {
        !identity.roles.isDisjoint(with: roles)
    }

    /// What a caller of another role is told.
    public var refusal: APIError {
        let allowed = roles.map(\.rawValue).sorted().joined(separator: " or ")
        return APIError(.forbidden, "this token's role may not do this; it needs \(allowed) (or admin)")
    }

    /// The gate of a route group on `Context` for `roles`.
    public static func gate<Context: AuthRequestContext>(
        _ roles: DaemonConfiguration.Role..., context: Context.Type = Context.self
    ) -> AuthorizationPolicyMiddleware<CallerRolePolicy, Context, APIError> where Context.Identity == Caller {
        let policy = CallerRolePolicy(Set(roles))
        return AuthorizationPolicyMiddleware(policy, deniedError: policy.refusal, context: context)
    }
}
