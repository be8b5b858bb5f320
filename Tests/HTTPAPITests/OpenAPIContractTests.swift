import Foundation
import HTTPAPI
import Testing
import Yams

/// The API contract is `openapi.yaml`; these fast checks fail when the routes drift from it: every operation
/// has its own operationId, and the roles each names are the roles its route admits, which
/// ``RoleTableTests`` proves route by route over the real router.
@Suite struct OpenAPIContractTests {
    /// One operation of the document.
    struct Operation: Hashable, CustomStringConvertible {
        var method: String
        var path: String
        var id: String?
        var roles: Set<String>?
        var description: String { "\(method) \(path)" }
    }

    static let methods = ["get", "put", "post", "delete", "patch"]

    static func operations() -> [Operation] {
        let paths = OpenAPIDocument.object["paths"] as? [String: [String: Any]] ?? [:]
        return paths.flatMap { path, item in
            methods.compactMap { method -> Operation? in
                guard let operation = item[method] as? [String: Any] else { return nil }
                let security = operation["security"] as? [[String: [String]]] ?? []
                let roles = security.first?["bearer"].map(Set.init)
                return Operation(
                    method: method.uppercased(), path: path, id: operation["operationId"] as? String, roles: roles)
            }
        }
    }

    /// The documented operation a concrete request goes to: `{id}` matches one segment, literal ones win.
    static func operation(_ method: String, _ uri: String) -> Operation? {
        let segments = uri.split(separator: "?", maxSplits: 1)[0].split(separator: "/")
        return operations().filter { operation in
            let template = operation.path.split(separator: "/")
            return operation.method == method && template.count == segments.count
                && zip(template, segments).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }.min { $0.path.filter { $0 == "{" }.count < $1.path.filter { $0 == "{" }.count }
    }

    @Test func everyOperationHasItsOwnOperationId() {
        let operations = Self.operations()
        #expect(operations.count >= 21)
        #expect(operations.filter { $0.id == nil }.isEmpty, "\(operations.filter { $0.id == nil })")
        #expect(Set(operations.compactMap(\.id)).count == operations.count)
    }

    @Test func theDocumentsRolesAreTheRolesEachRouteAdmits() throws {
        var covered: Set<Operation> = []
        for route in RoleTableTests.routes {
            let operation = try #require(
                Self.operation(route.method.rawValue, route.path), "\(route) is not documented")
            let admitted = Set(route.roles.map(\.rawValue) + ["admin"])
            #expect(
                operation.roles == admitted,
                "\(operation): the document says \(operation.roles ?? []), the route \(admitted)")
            covered.insert(operation)
        }
        // Every operation that takes a token is in the role table; the rest are public.
        let bearer = Set(Self.operations().filter { $0.roles != nil })
        #expect(bearer == covered, "documented but not gated: \(bearer.subtracting(covered))")
        #expect(
            Set(Self.operations().filter { $0.roles == nil }.map(\.path)) == [
                "/healthz", "/metrics", "/api/v1/openapi.json",
            ])
    }

    @Test func theServedJSONIsTheYAMLAsWritten() throws {
        let written = try #require(try Yams.load(yaml: OpenAPIDocument.yaml) as? [String: Any])
        let served = OpenAPIDocument.object
        #expect(NSDictionary(dictionary: written).isEqual(to: served))
        #expect(served["openapi"] as? String == "3.1.0")
    }
}
