import Foundation

extension OpenAPIDocument {
    /// Each documented path, split into segments (`{id}` matches any one), with its methods.
    static let routes: [(segments: [Substring], methods: Set<String>)] = {
        guard let paths = object["paths"] as? [String: [String: Any]] else { return [] }
        return paths.map { path, operations in
            (path.split(separator: "/"), Set(operations.keys.map { $0.uppercased() }))
        }
    }()

    /// The methods the document gives `path`; empty when it documents no such path.
    public static func methods(forPath path: String) -> Set<String> {
        let segments = path.split(separator: "/")
        let matching = routes.filter { route in
            route.segments.count == segments.count
                && zip(route.segments, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }
        // `/charges/ack` is the literal route, not `/charges/{id}`: the most literal segments win.
        let route = matching.max {
            $0.segments.filter { $0.hasPrefix("{") }.count > $1.segments.filter { $0.hasPrefix("{") }.count
        }
        return route?.methods ?? []
    }
}
