/// Everything a daemon keeps about charges: the billing queue, people's reviews and the HL7 outbox. Each
/// caller depends on the part it uses.
public typealias ChargeStore = BillingQueue & ChargeReviews & HL7Outbox
