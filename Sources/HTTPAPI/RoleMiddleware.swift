import Hummingbird
import Settings

/// Lets a route group through only for callers holding one of its roles
/// (admin holds every role): 401 without a caller, 403 with another role.
public struct RoleMiddleware: RouterMiddleware {
    public typealias Context = APIRequestContext
    let roles: Set<DaemonConfiguration.Role>

    /// A gate for `roles`.
    public init(_ roles: DaemonConfiguration.Role...) { self.roles = Set(roles) }

    /// A gate for the roles in `roles`.
    public init(_ roles: Set<DaemonConfiguration.Role>) { self.roles = roles }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let caller = try context.caller()
        context.access.authenticated(caller.name)
        guard caller.role == .admin || roles.contains(caller.role) else {
            let allowed = roles.map(\.rawValue).sorted().joined(separator: " or ")
            throw APIError(.forbidden, "the \(caller.role.rawValue) role may not do this; it needs \(allowed)")
        }
        return try await next(request, context)
    }
}
