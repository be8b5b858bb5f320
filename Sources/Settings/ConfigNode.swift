import Foundation
import Yams

/// A YAML node with its key path, for reading configuration with errors that
/// name the key and the line.
struct ConfigNode {
    let node: Node
    let path: String
    let file: String
    /// Where errors go that do not stop the reading of the rest.
    let diagnostics: ConfigDiagnostics

    /// Runs `body`, recording its error at this node so the reading goes on; nil when it failed.
    @discardableResult
    func attempt<Value>(_ body: () throws -> Value) -> Value? { diagnostics.attempt(at: self, body) }

    var line: Int { node.mark?.line ?? 0 }

    func fail(_ detail: String) -> ConfigurationError {
        ConfigurationError(file: file, key: path.isEmpty ? "(top)" : path, line: line, detail)
    }

    func child(_ key: String, _ node: Node) -> ConfigNode {
        ConfigNode(
            node: node, path: path.isEmpty ? key : "\(path).\(key)", file: file, diagnostics: diagnostics)
    }

    /// The mapping's entries; a key outside `allowed` is an error (a typo must not pass silently),
    /// recorded while the other keys are read.
    func mapping(allowed: Set<String>) throws(ConfigurationError) -> [String: ConfigNode] {
        guard let mapping = node.mapping else { throw fail("expected a mapping") }
        var entries: [String: ConfigNode] = [:]
        for (key, value) in mapping {
            guard let name = key.string else { throw fail("a key must be text") }
            let entry = child(name, value)
            guard allowed.contains(name) else {
                diagnostics.record(
                    entry.fail("unknown key; expected one of \(allowed.sorted().joined(separator: ", "))"))
                continue
            }
            entries[name] = entry
        }
        return entries
    }

    func sequence() throws(ConfigurationError) -> [ConfigNode] {
        guard let sequence = node.sequence else { throw fail("expected a list") }
        return sequence.enumerated().map { index, item in
            ConfigNode(node: item, path: "\(path)[\(index)]", file: file, diagnostics: diagnostics)
        }
    }

    func string() throws(ConfigurationError) -> String {
        guard let scalar = node.scalar else { throw fail("expected text") }
        return scalar.string
    }

    func int(_ range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard let value = node.int else { throw fail("expected a whole number") }
        guard range.contains(value) else { throw fail("\(value) is outside \(range.lowerBound)-\(range.upperBound)") }
        return value
    }

    func double() throws(ConfigurationError) -> Double {
        guard let value = node.float ?? node.int.map(Double.init) else { throw fail("expected a number") }
        return value
    }

    func bool() throws(ConfigurationError) -> Bool {
        guard let value = node.bool else { throw fail("expected true or false") }
        return value
    }

    func oneOf(_ choices: [String]) throws(ConfigurationError) -> String {
        let value = try string()
        guard choices.contains(value) else { throw fail("'\(value)' is not one of \(choices.joined(separator: ", "))") }
        return value
    }

    /// `host:port`, the port 1-65535.
    func hostPort() throws(ConfigurationError) -> (host: String, port: Int) {
        let text = try string()
        guard let colon = text.lastIndex(of: ":"), colon != text.startIndex,
            let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port)
        else { throw fail("expected host:port") }
        return (String(text[..<colon]), port)
    }

    func strings() throws(ConfigurationError) -> [String] {
        var values: [String] = []
        for item in try sequence() { values.append(try item.string()) }
        return values
    }

    func stringMap() throws(ConfigurationError) -> [String: String] {
        guard let mapping = node.mapping else { throw fail("expected a mapping") }
        var values: [String: String] = [:]
        for (key, value) in mapping {
            guard let name = key.string else { throw fail("a key must be text") }
            values[name] = try child(name, value).string()
        }
        return values
    }
}

extension Dictionary where Key == String, Value == ConfigNode {
    /// Runs `read` on the entry at `key` when there is one, recording its error so the rest is still read.
    func each(_ key: String, _ read: (ConfigNode) throws -> Void) {
        guard let node = self[key] else { return }
        node.diagnostics.attempt(at: node) { try read(node) }
    }

    func required(_ key: String, in parent: ConfigNode) throws(ConfigurationError) -> ConfigNode {
        guard let node = self[key] else { throw parent.fail("'\(key)' is required") }
        return node
    }
}
