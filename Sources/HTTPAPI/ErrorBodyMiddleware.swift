import ChargeCapture
import Hummingbird
import Logging
import Store

/// Makes every failure an `{"error": "..."}` answer, in one place: a refused
/// charge action gets its status (``APIError/status(of:)``), a store
/// failure is logged with its cause before the 503 (under the route's pattern: a path carries patient
/// ids), the framework's own
/// errors (an unknown route) get the contract's shape, and anything else
/// is logged before a 500 that reveals nothing.
public struct ErrorBodyMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The middleware.
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let refusal as ChargeError {
            throw APIError(refusal)
        } catch let failure as StoreError {
            context.logger.error(
                "store failed; answering 503",
                metadata: [
                    "route": "\(context.endpointPath ?? "-")", "code": "\(failure.code)", "at": "\(failure.location)",
                    "error": "\(failure.detail)",
                ])
            throw APIError.storeUnavailable
        } catch let error as HTTPError {
            // A documented path asked with a method it does not have: 405 with the methods it has.
            let methods = OpenAPIDocument.methods(forPath: request.uri.path)
            if error.status == .notFound, !methods.isEmpty {
                var refusal = APIError(.methodNotAllowed, "\(request.method) is not allowed here")
                refusal.headers[.allow] = methods.sorted().joined(separator: ", ")
                throw refusal
            }
            if error.status == .unauthorized, error.body == nil {
                throw APIError(.unauthorized, "sign in first: Authorization: Bearer <token> (or the pages' sign-in)")
            }
            throw APIError(error.status, error.body ?? error.status.reasonPhrase.lowercased())
        } catch {
            context.logger.error(
                "request failed",
                metadata: ["route": "\(context.endpointPath ?? "-")", "error": "\(String(reflecting: error))"])
            throw APIError(.internalServerError, "internal error")
        }
    }
}
