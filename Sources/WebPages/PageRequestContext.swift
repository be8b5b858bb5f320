import HTTPAPI
import Hummingbird
import HummingbirdAuth
import Reports

/// The context of a signed-in page request, made from the daemon's context once the sign-in cookie was
/// checked: its caller and the viewer the pages render for are never missing, so no page handler asks
/// "who is this?" again. It shares the request's access note, so the access log names the person.
public struct PageRequestContext: ChildRequestContext, AuthRequestContext {
    public typealias ParentContext = APIRequestContext
    public typealias Identity = Caller

    public var coreContext: CoreRequestContextStorage
    /// The signed-in person (the same as ``caller``; kept for hummingbird-auth's policy middleware).
    public var identity: Caller?
    /// The signed-in person.
    public let caller: Caller
    /// Who the pages are rendered for, with the sign-in's CSRF token for its forms.
    public let viewer: PageRenderer.Viewer
    /// What the access log will keep of this request.
    public let access: AccessNote

    /// The page context of `context`; 401 unless the sign-in cookie set its caller.
    public init(context: APIRequestContext) throws {
        guard let caller = context.identity, let csrf = context.pageCSRF else {
            throw APIError(.unauthorized, "sign in first: no valid session cookie (it may have expired)")
        }
        // The parent's storage as it is: the route's parameters and pattern are already in it.
        coreContext = context.coreContext
        identity = caller
        self.caller = caller
        viewer = PageRenderer.Viewer(name: caller.name, role: caller.role.rawValue, csrf: csrf)
        access = context.access
    }

    public var maxUploadSize: Int { APIRequestContext.maximumBodySize }

    /// The form of a post, `Form`, with its CSRF token checked against this sign-in's.
    func form<Form: Decodable>(_ request: Request, _ type: Form.Type, csrf: KeyPath<Form, String?>) async throws
        -> Form
    {
        let form = try await URLEncodedFormDecoder().decode(Form.self, from: request, context: self)
        guard form[keyPath: csrf].field == viewer.csrf else {
            throw APIError(.forbidden, "the form's CSRF token does not match this sign-in; reload the page")
        }
        return form
    }
}
