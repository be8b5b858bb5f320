/// Why an action on a charge was refused, named for the person or system that asked.
public struct ChargeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of refusal; cases can grow.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: Sendable, Hashable {
            case invalid, conflict, notFound
        }
        private let value: Value

        /// The request itself is wrong (a missing reason, a malformed modifier): HTTP 400.
        public static let invalid = Code(value: .invalid)
        /// The charge is not in a state that allows it: HTTP 409.
        public static let conflict = Code(value: .conflict)
        /// No such charge: HTTP 404.
        public static let notFound = Code(value: .notFound)

        public var description: String {
            switch value {
            case .invalid: "invalid"
            case .conflict: "conflict"
            case .notFound: "not found"
            }
        }
    }

    /// What kind of refusal.
    public var code: Code
    /// The charge concerned, if any.
    public var charge: String?
    /// What is wrong.
    public var detail: String

    /// A refusal.
    public init(_ code: Code, charge: String?, _ detail: String) {
        self.code = code
        self.charge = charge
        self.detail = detail
    }

    public var description: String { charge.map { "\($0): \(detail)" } ?? detail }
}

extension ChargeError {
    /// A record people name by id (`authorization`, `ABN`) that is not on file: the one refusal both stores give.
    public static func notOnFile(_ kind: String, id: String) -> ChargeError {
        ChargeError(.notFound, charge: id, "no such \(kind)")
    }

    /// An id (`authorization`, `ABN`) already on file: the one refusal both stores give.
    public static func idTaken(_ kind: String, id: String) -> ChargeError {
        ChargeError(.conflict, charge: id, "an \(kind) with this id exists")
    }
}
