/// What the Modbus server asks of whatever stands behind it.
protocol RegisterServing: Sendable {
    /// Answers one read request.
    func answer(function: UInt8, address: Int, count: Int) -> ConsoleModel.Answer
    /// Bumped when every connection must be dropped.
    var connectionGeneration: Int { get }
}
