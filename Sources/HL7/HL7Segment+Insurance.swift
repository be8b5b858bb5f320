import ChargeCapture

extension HL7Segment {
    /// The IN1 segment for `coverage` as payers.md lays it out, the same in DFT^P03 and ADT: 1 set id, 2 plan id,
    /// 3 company id, 4 company name, 12/13 dates, 14 the authorization (`<number>^<date>^<source>`), 36 policy
    /// number, 49 member id. `companyName` stands in for IN1-4 when the coverage has none.
    public static func insurance(
        _ coverage: Coverage, setID: Int, companyName: String? = nil, authorization: HL7Field? = nil
    ) -> HL7Segment {
        var in1 = [HL7Field](repeating: .empty, count: 49)
        func set(_ number: Int, _ text: String?) { in1[number - 1] = HL7Field(text ?? "") }
        set(1, String(setID))
        set(2, coverage.planID)
        set(3, coverage.companyID)
        set(4, coverage.companyName ?? companyName)
        set(12, coverage.effective.map(ServiceDay.toHL7))
        set(13, coverage.expires.map(ServiceDay.toHL7))
        if let authorization { in1[13] = authorization }
        set(36, coverage.policyNumber)
        set(49, coverage.memberID)
        return HL7Segment("IN1", in1)
    }
}
