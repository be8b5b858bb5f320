/// One column's value as it moves from one store to another (`gammalog migrate-store`): what SQLite keeps,
/// without its driver's types.
public enum StoreValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    /// The text, when the value is text.
    public var text: String? {
        if case .text(let text) = self { return text }
        return nil
    }
}
