/// What a journal event reports, in the driver's vocabulary.
public enum EventKind: String, Sendable, Hashable, Codable, CaseIterable {
    case sessionOpened = "session_opened"
    case shotStarted = "shot_started"
    case shotCompleted = "shot_completed"
    case interrupted
    case resumed
    case sessionCompleted = "session_completed"
    case sessionEndedEarly = "session_ended_early"
    case fault
    case faultCleared = "fault_cleared"
    case calibrationChanged = "calibration_changed"
}

/// Why beam went off before a shot was complete, or a session ended early.
public enum InterruptionReason: String, Sendable, Hashable, Codable, CaseIterable {
    case doorOpened = "door_opened"
    case `operator`
    case emergencyStop = "emergency_stop"
    case patientMotion = "patient_motion"
    case consoleFault = "console_fault"
    case powerLoss = "power_loss"
    case collisionInterlock = "collision_interlock"
    case other
}

/// The console's state as the status block reports it (informative only).
public enum ConsoleState: String, Sendable, Hashable, Codable, CaseIterable {
    case standby, idle
    case patientSetup = "patient_setup"
    case beamOn = "beam_on"
    case paused
    case sessionEnded = "session_ended"
    case fault, service
}

/// What a session is for; only treatments are billed.
public enum SessionKind: String, Sendable, Hashable, Codable, CaseIterable {
    case treatment, qa, service
}

/// How a session ended.
public enum SessionOutcome: String, Sendable, Hashable, Codable, CaseIterable {
    case open, completed
    case endedByOperator = "ended_by_operator"
    case endedByFault = "ended_by_fault"
}

/// How the patient's head was held.
public enum Immobilization: String, Sendable, Hashable, Codable, CaseIterable {
    case unknown, frame, mask
}
