import DeliveryLog
import Foundation

extension Charge {
    /// The one encoding of charges, stored and served: RFC 3339 times, keys sorted. The store encodes a
    /// charge whole; billing systems get its ``publicView`` (no lease token).
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(RFC3339.format(date))
        }
        return encoder
    }

    /// The decoder of ``encoder()``.
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = RFC3339.parse(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not RFC 3339")
            }
            return date
        }
        return decoder
    }

    /// What billing systems may see: everything but the lease token.
    public var publicView: Charge {
        var copy = self
        copy.lease?.token = ""
        return copy
    }

    public func encode(to encoder: any Encoder) throws {
        // Every field of the contract is present, null when unknown.
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(kind, forKey: .kind)
        try c.encode(status, forKey: .status)
        try c.encode(code, forKey: .code)
        try c.encode(codeSystem, forKey: .codeSystem)
        try c.encode(modifiers, forKey: .modifiers)
        try c.encode(units, forKey: .units)
        try c.encode(revenueCode, forKey: .revenueCode)
        try c.encode(chargemasterCode, forKey: .chargemasterCode)
        try c.encode(serviceDate, forKey: .serviceDate)
        try c.encode(placeOfService, forKey: .placeOfService)
        try c.encode(["id": patient.id, "family": patient.family, "given": patient.given], forKey: .patient)
        try c.encode(console, forKey: .console)
        try c.encode(session, forKey: .session)
        try c.encode(holdReasons, forKey: .holdReasons)
        try c.encode(suggestedModifiers, forKey: .suggestedModifiers)
        try c.encode(attempts, forKey: .attempts)
        try c.encode(creditOf, forKey: .creditOf)
        try c.encode(creditedBy, forKey: .creditedBy)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(readyAt, forKey: .readyAt)
        try c.encode(exportedAt, forKey: .exportedAt)
        try c.encode(revision, forKey: .revision)
        try c.encode(lastReason, forKey: .lastReason)
        try c.encode(hl7Rejections, forKey: .hl7Rejections)
        try c.encode(lease, forKey: .lease)
        try c.encode(notes, forKey: .notes)
        try c.encode(record, forKey: .record)
        try c.encode(coverage, forKey: .coverage)
        try c.encode(diagnoses, forKey: .diagnoses)
        try c.encode(medicalNecessity, forKey: .medicalNecessity)
    }

    public init(from decoder: any Decoder) throws {
        // Charges stored before diagnoses.md carry neither diagnoses nor a medical-necessity outcome.
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        kind = try c.decode(Kind.self, forKey: .kind)
        status = try c.decode(Status.self, forKey: .status)
        code = try c.decodeIfPresent(String.self, forKey: .code)
        codeSystem = try c.decode(String.self, forKey: .codeSystem)
        modifiers = try c.decode([String].self, forKey: .modifiers)
        units = try c.decode(Int.self, forKey: .units)
        revenueCode = try c.decode(String.self, forKey: .revenueCode)
        chargemasterCode = try c.decodeIfPresent(String.self, forKey: .chargemasterCode)
        serviceDate = try c.decodeIfPresent(String.self, forKey: .serviceDate)
        placeOfService = try c.decode(String.self, forKey: .placeOfService)
        patient = try c.decode(Patient.self, forKey: .patient)
        console = try c.decode(ConsoleRef.self, forKey: .console)
        session = try c.decode(SessionRef.self, forKey: .session)
        holdReasons = try c.decode([ChargeDecision.HoldReason].self, forKey: .holdReasons)
        suggestedModifiers = try c.decode([String].self, forKey: .suggestedModifiers)
        attempts = try c.decode(Int.self, forKey: .attempts)
        creditOf = try c.decodeIfPresent(String.self, forKey: .creditOf)
        creditedBy = try c.decodeIfPresent(String.self, forKey: .creditedBy)
        createdAt = try c.decode(Date.self, forKey: .createdAt)
        updatedAt = try c.decode(Date.self, forKey: .updatedAt)
        readyAt = try c.decodeIfPresent(Date.self, forKey: .readyAt)
        exportedAt = try c.decodeIfPresent(Date.self, forKey: .exportedAt)
        revision = try c.decode(Int.self, forKey: .revision)
        lastReason = try c.decodeIfPresent(String.self, forKey: .lastReason)
        hl7Rejections = try c.decode(Int.self, forKey: .hl7Rejections)
        lease = try c.decodeIfPresent(Lease.self, forKey: .lease)
        notes = try c.decode([String].self, forKey: .notes)
        record = try c.decode(TechnicalRecord.self, forKey: .record)
        coverage = try c.decodeIfPresent(ChargeCoverage.self, forKey: .coverage)
        diagnoses = try c.decodeIfPresent([ChargeDiagnosis].self, forKey: .diagnoses) ?? []
        medicalNecessity = try c.decodeIfPresent(MedicalNecessity.self, forKey: .medicalNecessity)
    }
}

extension Charge.Lease {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if !token.isEmpty { try container.encode(token, forKey: .token) }
        try container.encode(consumer, forKey: .consumer)
        try container.encode(expiresAt, forKey: .expiresAt)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        token = try container.decodeIfPresent(String.self, forKey: .token) ?? ""
        consumer = try container.decode(String.self, forKey: .consumer)
        expiresAt = try container.decode(Date.self, forKey: .expiresAt)
    }
}
