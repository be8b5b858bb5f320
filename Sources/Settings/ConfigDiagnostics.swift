/// The errors met while reading one configuration file. Reading goes on past
/// an error, so one pass reports every bad key.
final class ConfigDiagnostics {
    private(set) var errors: [ConfigurationError] = []

    func record(_ error: ConfigurationError) {
        if !errors.contains(error) { errors.append(error) }
    }

    /// Runs `body`, recording its error; nil when it failed. Closures here
    /// throw only `ConfigurationError` (Swift does not infer a closure's typed
    /// throws), so any other error is named at `node`.
    @discardableResult
    func attempt<Value>(at node: ConfigNode, _ body: () throws -> Value) -> Value? {
        do {
            return try body()
        } catch let error as ConfigurationError {
            record(error)
        } catch {
            record(node.fail("\(error)"))
        }
        return nil
    }
}
