import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Loopback ports for the servers tests and the benchmarks start.
public enum LoopbackPort {
    /// A loopback port nothing is bound to now, below the kernel's ephemeral range: a port from that range,
    /// freed and bound again later, can meanwhile be given to any outgoing connection (64 daemons opening
    /// theirs did so), and the server meant for it fails to start. Ports below the range are only ever bound
    /// on purpose. No port is handed out twice in one process: 64 daemons given ports before any binds its own
    /// would otherwise now and then share one (64 picks from 12,768 ports hold a pair about one time in seven).
    public static func free() throws -> Int {
        let ephemeral =
            (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8))
            .flatMap { $0.split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) } } ?? 32_768
        let range = 20_000..<max(20_001, min(ephemeral, 65_536))
        for _ in 0..<200 {
            let port = Int.random(in: range)
            if bindable(port), given.withLock({ $0.insert(port).inserted }) { return port }
        }
        throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "no free loopback port in \(range)"])
    }

    /// The ports handed out so far.
    private static let given = Mutex<Set<Int>>([])

    /// Whether a socket can bind `port` on 127.0.0.1 now.
    static func bindable(_ port: Int) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return bound == 0
    }
}
