import HTTPAPI
import Hummingbird
import Settings

/// The pages' role gate: a page asked for without a sign-in sends the person
/// to sign in (a form post without one is 401, as before); a signed-in
/// caller of another role gets 403. Admin holds every role.
struct PageRoleMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext
    let gate: RoleMiddleware

    /// A gate for `roles`.
    init(_ roles: DaemonConfiguration.Role...) { gate = RoleMiddleware(Set(roles)) }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        if context.identity == nil, request.method == .get { return WebPages.redirect("/ui/sign-in") }
        return try await gate.handle(request, context: context, next: next)
    }
}
