/// A plain-text table for the terminal: a header row and rows, each column
/// as wide as its widest cell (the last column left ragged).
public struct TextTable: Sendable {
    /// The column headings.
    public var headings: [String]
    /// The rows, one cell per heading.
    public var rows: [[String]] = []

    /// A table with `headings`.
    public init(_ headings: [String]) { self.headings = headings }

    /// Adds a row.
    public mutating func append(_ row: [String]) { rows.append(row) }

    /// The table as lines of text.
    public var text: String {
        let all = [headings] + rows
        let widths = headings.indices.map { column in
            all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0
        }
        return all.map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
            }
            .joined(separator: "  ")
        }
        .joined(separator: "\n")
    }
}
