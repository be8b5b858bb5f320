/// A configuration file that cannot be used: which key, on which line, and why.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file.
    public var file: String
    /// The key path, e.g. `consoles[1].address`.
    public var key: String
    /// 1-based line, 0 when unknown.
    public var line: Int
    /// Why.
    public var detail: String

    /// An error at `key` on `line` of `file`.
    public init(file: String, key: String, line: Int, _ detail: String) {
        self.file = file
        self.key = key
        self.line = line
        self.detail = detail
    }

    public var description: String { "\(file):\(line): \(key): \(detail)" }
}
