import ConsoleRecords

/// CCG-1 field encodings: 16-bit registers, 32-bit values high word first,
/// ASCII strings two characters a register, first in the high byte.
enum FieldCodec {
    static func decode(_ field: FieldLayout, from registers: ArraySlice<UInt16>) -> FieldValue {
        let base = registers.startIndex + field.offset
        guard field.offset >= 0, base + field.registerCount <= registers.endIndex else {
            return .invalid("field outside the block")
        }
        switch field.type {
        case .u16:
            return .unsigned(UInt32(registers[base]))
        case .u32:
            return .unsigned(UInt32(registers[base]) << 16 | UInt32(registers[base + 1]))
        case .i32:
            let bits = UInt32(registers[base]) << 16 | UInt32(registers[base + 1])
            return .signed(Int32(bitPattern: bits))
        case .str:
            var bytes: [UInt8] = []
            for register in registers[base..<base + field.registerCount] {
                bytes.append(UInt8(register >> 8))
                bytes.append(UInt8(register & 0xFF))
            }
            return decodeText(bytes)
        }
    }

    static func decodeText(_ bytes: [UInt8]) -> FieldValue {
        var end = bytes.count
        while end > 0 && (bytes[end - 1] == 0 || bytes[end - 1] == 0x20) { end -= 1 }
        let content = bytes[..<end]
        if let bad = content.first(where: { !(0x20...0x7E).contains($0) }) {
            return .invalid("byte 0x\(String(bad, radix: 16, uppercase: true)) is not printable ASCII")
        }
        return .text(String(decoding: content, as: UTF8.self))
    }

    static func encode(
        _ value: FieldValue, as field: FieldLayout, into registers: inout [UInt16], at offset: Int
    ) {
        guard offset >= 0, offset + field.registerCount <= registers.count else { return }
        switch (field.type, value) {
        case (.u16, .unsigned(let number)):
            registers[offset] = UInt16(truncatingIfNeeded: number)
        case (.u32, .unsigned(let number)):
            registers[offset] = UInt16(truncatingIfNeeded: number >> 16)
            registers[offset + 1] = UInt16(truncatingIfNeeded: number)
        case (.i32, .signed(let number)):
            let bits = UInt32(bitPattern: number)
            registers[offset] = UInt16(truncatingIfNeeded: bits >> 16)
            registers[offset + 1] = UInt16(truncatingIfNeeded: bits)
        case (.str, .text(let text)):
            var bytes = Array(text.utf8.prefix(field.registerCount * 2))
            bytes += [UInt8](repeating: 0, count: field.registerCount * 2 - bytes.count)
            for index in 0..<field.registerCount {
                registers[offset + index] = UInt16(bytes[2 * index]) << 8 | UInt16(bytes[2 * index + 1])
            }
        default:
            return
        }
    }
}
