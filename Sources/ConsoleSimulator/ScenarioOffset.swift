/// A moment in a scenario, in simulated seconds after its start. Written as a
/// number of seconds or as `H:MM` / `H:MM:SS`.
public struct ScenarioOffset: Sendable, Hashable, Comparable, Decodable {
    /// Seconds after the scenario's start.
    public var seconds: Double

    /// An offset of `seconds`.
    public init(seconds: Double) { self.seconds = seconds }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
            seconds = number
            return
        }
        let text = try container.decode(String.self)
        let parts = text.split(separator: ":").map { Double($0) }
        guard (2...3).contains(parts.count), parts.allSatisfy({ ($0 ?? -1) >= 0 }) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is neither seconds nor H:MM[:SS]")
        }
        let numbers = parts.compactMap { $0 }
        seconds = numbers[0] * 3600 + numbers[1] * 60 + (numbers.count == 3 ? numbers[2] : 0)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.seconds < rhs.seconds }
}
