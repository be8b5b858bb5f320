import Foundation
import Yams

/// The API as OpenAPI 3.1: every route, parameter, body, response, error and role, as the daemon answers
/// them. Its one source is `openapi.yaml` beside this file, embedded at build; it is served as JSON at
/// `/api/v1/openapi.json`, the tests run schemathesis against the live daemon with it, and
/// `OpenAPIContractTests` checks the routes' role gates against its security requirements. Edit it with the
/// routes: it is the contract integrators read first.
public enum OpenAPIDocument {
    /// The document as written: `openapi.yaml`.
    public static var yaml: String { String(decoding: PackageResources.openapi_yaml, as: UTF8.self) }

    /// The document as served: the YAML as JSON, keys sorted.
    public static let json: String = {
        do {
            guard let object = try Yams.load(yaml: yaml) else { return "{}" }
            let data = try JSONSerialization.data(
                withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
            return String(decoding: data, as: UTF8.self)
        } catch {
            // The build embeds the file the tests parse: a document that does not parse fails them first.
            return #"{"error": "openapi.yaml does not parse"}"#
        }
    }()

    /// The document as a tree, for the routes and the tests.
    public static var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]) ?? [:]
    }
}
