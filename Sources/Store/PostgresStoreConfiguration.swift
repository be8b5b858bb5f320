import Foundation

/// Where and how a daemon reaches the shared PostgreSQL store (multi-site.md's `store:` section).
///
/// The password is never part of the URL a person sees: it comes from `password_file` or `PGPASSWORD`,
/// and ``description`` leaves it out, so neither a log line nor `ps` shows it.
public struct PostgresStoreConfiguration: Sendable, Hashable, CustomStringConvertible {
    /// multi-site.md's TLS modes.
    public enum TLSMode: String, Sendable, Hashable, CaseIterable {
        /// Plain TCP only.
        case disable
        /// TLS when the server offers it, plain otherwise; the certificate is not checked.
        case prefer
        /// TLS or no connection; the certificate is not checked.
        case require
        /// TLS or no connection, the server's certificate verified against the system's or a given CA and its name.
        case verifyFull = "verify-full"
    }

    /// A server's host name or address and its port.
    public struct Endpoint: Sendable, Hashable, CustomStringConvertible {
        /// The host name or address.
        public var host: String
        /// The port.
        public var port: Int

        /// `host:port`.
        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }

        public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
    }

    /// The first server's host name or address.
    public var host: String
    /// Its port.
    public var port: Int
    /// The servers after the first (multi-site.md 1.1): a standby that may be promoted.
    public var otherHosts: [Endpoint] = []

    /// Every server in the order the URL names them: the daemon writes to the first that accepts writes.
    public var endpoints: [Endpoint] { [Endpoint(host: host, port: port)] + otherHosts }
    /// The role to sign in as.
    public var user: String
    /// The password, when one is needed; never printed.
    public var password: String?
    /// The database.
    public var database: String
    /// How the link is secured.
    public var tls: TLSMode
    /// A PEM file of the CA that signs the server's certificate, for `verify-full` (the system's when nil).
    public var caFile: String?
    /// The name of this daemon's site: consoles are `site/name` across the network.
    public var site: String
    /// The most connections this daemon holds on the server (`store.connections`), the HL7 sender's lock and
    /// listener among them; migrating briefly takes one more.
    public var connections = PostgresStoreConfiguration.defaultConnections
    /// Four: 64 sites hold 256 of a 300-connection server, leaving room for its reserved and admin connections.
    public static let defaultConnections = 4
    /// The range `store.connections` takes: the HL7 sender's connection and at least one for the polls.
    public static let connectionRange = 2...64

    /// A configuration from its parts.
    public init(
        host: String, port: Int = 5432, user: String, password: String? = nil, database: String,
        tls: TLSMode = .prefer, caFile: String? = nil, site: String
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.tls = tls
        self.caFile = caFile
        self.site = site
    }

    /// Reads `postgres://user@host:port/database`, or several hosts as libpq takes them,
    /// `postgres://user@db1:5432,db2:5432/database`. A password written in the URL is refused: it would
    /// show wherever the configuration is shown; it belongs in `password_file` or `PGPASSWORD`.
    public init(url: String, password: String?, tls: TLSMode, caFile: String? = nil, site: String) throws(Problem) {
        let (first, others) = try Self.hostList(url)
        guard let components = URLComponents(string: first), ["postgres", "postgresql"].contains(components.scheme)
        else { throw Problem("'\(url)' is not a postgres:// URL") }
        guard components.password == nil else {
            throw Problem("the URL holds a password: put it in password_file or PGPASSWORD instead")
        }
        guard let host = components.host, !host.isEmpty else { throw Problem("the URL names no host") }
        guard let user = components.user, !user.isEmpty else { throw Problem("the URL names no user (user@host)") }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else {
            throw Problem("the URL names no database (postgres://user@host:5432/database)")
        }
        guard Self.isValidSite(site) else {
            throw Problem("site '\(site)' must be 1-32 letters, digits, '-' or '_'")
        }
        self.init(
            host: host, port: components.port ?? 5432, user: user, password: password, database: database, tls: tls,
            caFile: caFile, site: site)
        otherHosts = others
    }

    /// `url` with only its first host, and the hosts after it: libpq's `host1:port1,host2:port2` list.
    static func hostList(_ url: String) throws(Problem) -> (first: String, others: [Endpoint]) {
        guard let scheme = url.range(of: "://") else { return (url, []) }
        let rest = url[scheme.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        let userEnd = authority.lastIndex(of: "@").map { authority.index(after: $0) } ?? authority.startIndex
        let hosts = authority[userEnd...].split(separator: ",", omittingEmptySubsequences: false)
        guard hosts.count > 1 else { return (url, []) }
        guard hosts.count <= 8 else { throw Problem("the URL names more than 8 hosts") }
        var others: [Endpoint] = []
        for text in hosts.dropFirst() {
            var host = Substring(text)
            var port = 5432
            if let colon = host.lastIndex(of: ":"), !host.hasSuffix("]") {
                guard let number = Int(host[host.index(after: colon)...]), (1...65535).contains(number) else {
                    throw Problem("'\(text)' in the URL's host list has no valid port")
                }
                port = number
                host = host[..<colon]
            }
            if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
            guard !host.isEmpty else { throw Problem("the URL's host list has an empty host") }
            others.append(Endpoint(host: String(host), port: port))
        }
        let first = url[..<userEnd] + hosts[0] + rest[authority.endIndex...]
        return (String(first), others)
    }

    /// Whether `site` can name a site: it prefixes console names, so no `/`.
    public static func isValidSite(_ site: String) -> Bool {
        (1...32).contains(site.count)
            && site.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" }
    }

    /// The password of `password_file` (its first line), else `PGPASSWORD` from `environment`, else nil.
    public static func password(file: String?, environment: [String: String]) throws(Problem) -> String? {
        if let file {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw Problem("password_file '\(file)' cannot be read")
            }
            return text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        }
        return environment["PGPASSWORD"]
    }

    /// The URL without the password: what logs and errors name.
    public var description: String {
        let hosts = endpoints.map(\.description).joined(separator: ",")
        return "postgres://\(user)@\(hosts)/\(database) (site \(site), tls \(tls.rawValue))"
    }

    /// A configuration that cannot be used, and why.
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        /// What is wrong.
        public var description: String

        init(_ description: String) { self.description = description }
    }
}
