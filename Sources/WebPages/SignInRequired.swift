import HTTPAPI
import Hummingbird

/// In front of the signed-in pages: a page asked for without a valid sign-in sends the person to sign in; a
/// form posted without one is 401.
struct SignInRequired: RouterMiddleware {
    typealias Context = APIRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard context.identity != nil, context.pageCSRF != nil else {
            if request.method == .get { return PageResponse.redirect("/ui/sign-in") }
            throw APIError(.unauthorized, "sign in first: no valid session cookie (it may have expired)")
        }
        return try await next(request, context)
    }
}
