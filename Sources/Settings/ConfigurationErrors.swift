/// Every error in one configuration file, in the order of the file, so a
/// check names them all at once instead of one per edit.
public struct ConfigurationErrors: Error, Sendable, Hashable, CustomStringConvertible {
    /// The errors, at least one, by line.
    public var errors: [ConfigurationError]

    /// The errors given, sorted by line (unknown lines last).
    public init(_ errors: [ConfigurationError]) {
        self.errors = errors.sorted { ($0.line == 0 ? Int.max : $0.line) < ($1.line == 0 ? Int.max : $1.line) }
    }

    /// One error per line.
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
