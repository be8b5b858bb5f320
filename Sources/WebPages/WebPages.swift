import ChargeCapture
import DeliveryLog
import Foundation
import HTTPAPI
import Hummingbird
import Reports
import Settings
import Store

/// The web pages, served by `gammalogd` under `/ui`: server-rendered HTML that works without JavaScript, a
/// signed HttpOnly SameSite cookie after a token sign-in, CSRF tokens on every form. Each part is a controller
/// on a child context whose viewer is never missing (``PageRequestContext``), behind the same role policies as
/// the API.
public struct WebPages: Sendable {
    let signIn: SignInPages
    let sessionPages: SessionPages
    let chargePages: ChargePages
    let physicsPages: PhysicsPages
    let cookies: SessionCookie
    let sessions: PageSessions
    let now: @Sendable () -> Date

    /// How long a page sign-in lasts without a request, unless configured.
    public static let defaultIdleTimeout = Duration.seconds(15 * 60)

    /// Pages over `store` for the physicist, billing and admin tokens among `tokens`, in the facility's zone
    /// and with the payers of `charges`. `consoles` are offered on the trend page; `physics` judges courses and
    /// draws the expected dose rate. A sign-in ends at sign-out, after `idleTimeout` without a request, or when
    /// its cookie expires.
    public init(
        store: any GammaLogStore, charges: ChargeSettings = ChargeSettings(), tokens: [DaemonConfiguration.Token],
        cookies: SessionCookie = SessionCookie(), idleTimeout: Duration = WebPages.defaultIdleTimeout,
        consoles: [String] = [], physics: PhysicsSettings = PhysicsSettings(),
        now: @escaping @Sendable () -> Date = Date.init
    ) throws {
        let renderer = try PageRenderer(zone: charges.timeZone)
        let sessions = PageSessions(idleTimeout: idleTimeout)
        self.sessions = sessions
        self.cookies = cookies
        self.now = now
        signIn = SignInPages(
            authority: TokenAuthority(tokens: tokens), cookies: cookies, sessions: sessions, renderer: renderer,
            now: now)
        sessionPages = SessionPages(
            store: store, renderer: renderer, physics: physics, zone: charges.timeZone, now: now)
        chargePages = ChargePages(store: store, renderer: renderer, charges: charges, now: now)
        physicsPages = PhysicsPages(
            store: store, renderer: renderer, consoles: consoles, physics: physics, zone: charges.timeZone, now: now)
    }

    /// Adds the pages to `router`: sign-in open to all, everything else behind the cookie and its role's policy.
    public func addRoutes(to router: Router<APIRequestContext>) {
        let ui = router.group("/ui")
        signIn.addRoutes(to: ui)
        let signedIn = ui.group()
            .add(middleware: CookieAuthenticator(cookies: cookies, sessions: sessions, now: now))
            .add(middleware: SignInRequired())
            .group(context: PageRequestContext.self)
        signIn.addRoutes(to: signedIn)
        // Billing reaches its worklist and the daily reconciliation; sessions and sign-off stay physicist/admin.
        chargePages.addRoutes(reading: signedIn.group().add(middleware: CallerRolePolicy.gate(.billing, .physicist)))
        // payers.md and billing-interfaces.md 1.1: coverage and authorizations are billing's (and admin's) to write.
        chargePages.addRoutes(writing: signedIn.group().add(middleware: CallerRolePolicy.gate(.billing)))
        let physicist = signedIn.group().add(middleware: CallerRolePolicy.gate(.physicist))
        sessionPages.addRoutes(to: physicist)
        physicsPages.addRoutes(to: physicist)
    }
}
