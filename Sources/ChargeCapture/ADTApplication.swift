/// What applying one ADT message does to what is on file (payers.md), decided once from the facts the store
/// read, for the store to perform in the message's transaction: a message applied before is not applied
/// again; a merge of a patient into itself, or back into the id that was merged into it, changes nothing but
/// is still kept as applied; every change ends with the patient's held charges decided again.
public enum ADTApplication {
    /// One thing the store does, in order.
    public enum Step: Sendable, Hashable {
        /// Keeps the message as applied (`AA`), so no daemon applies it twice.
        case keepMessage
        /// Replaces the feed's coverage of `patient`, under every id merged into it, with `coverages`; what
        /// billing entered through the API stays.
        case replaceFeedCoverage(patient: String, coverages: [Coverage])
        /// Replaces the feed's diagnoses of `patient`, under every id merged into it, with `diagnoses`; what
        /// coders entered through the API stays.
        case replaceFeedDiagnoses(patient: String, diagnoses: [Diagnosis])
        /// Puts `authorization` on file for `patient`, replacing one with its id.
        case putAuthorization(Authorization, patient: String)
        /// Records that `old` is now `patient`.
        case recordMerge(old: String, patient: String)
        /// Decides `patient`'s held charges again with what is now on file.
        case redecideHeld(patient: String)
    }

    /// The steps of `change`: none when its control id was `appliedBefore`; for a merge, `survivorResolvesTo`
    /// is the id the surviving patient's id resolves to now (itself, unless it was merged away).
    public static func steps(_ change: CoverageChange, appliedBefore: Bool, survivorResolvesTo: String?) -> [Step] {
        guard !appliedBefore else { return [] }
        switch change {
        case .coverage(_, let patient, let coverages, let authorizations, let diagnoses):
            return [.keepMessage, .replaceFeedCoverage(patient: patient, coverages: coverages)]
                + authorizations.map { .putAuthorization($0, patient: patient) }
                + (diagnoses.map { [.replaceFeedDiagnoses(patient: patient, diagnoses: $0)] } ?? [])
                + [.redecideHeld(patient: patient)]
        case .merge(_, let old, let patient):
            guard old != patient, survivorResolvesTo != old else { return [.keepMessage] }
            return [.keepMessage, .recordMerge(old: old, patient: patient), .redecideHeld(patient: patient)]
        }
    }
}
