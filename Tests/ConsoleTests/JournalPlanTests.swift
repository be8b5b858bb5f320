import Console
import ConsoleRecords
import Testing

@Suite struct JournalPlanTests {
    func plan(last: UInt32, head: UInt32, capacity: Int = 64) -> JournalPlan {
        JournalPlan(lastSeq: last, head: head, capacity: capacity, slotSize: 24, journalStart: 1000, maxRegisters: 125)
    }

    @Test func nothingNewMeansNoRead() {
        #expect(plan(last: 7, head: 7).reads.isEmpty)
        #expect(plan(last: 7, head: 7).lost == nil)
    }

    @Test func slotsAreReadFiveWholeSlotsARequest() {
        let reads = plan(last: 0, head: 12).reads
        #expect(reads.map(\.slotCount) == [5, 5, 2])
        #expect(reads.map(\.address) == [1000, 1120, 1240])
        #expect(reads.map(\.registerCount) == [120, 120, 48])
        #expect(reads.allSatisfy { $0.registerCount <= 125 })
    }

    @Test func aReadNeverWrapsPastTheLastSlot() {
        let reads = plan(last: 61, head: 66).reads
        #expect(reads.map(\.firstSeq) == [62, 65])
        #expect(reads.map(\.slotCount) == [3, 2])
        #expect(reads.map(\.address) == [1000 + 61 * 24, 1000])
    }

    @Test func moreThanCapacityBehindLosesTheOldestAndSaysWhich() {
        let plan = plan(last: 10, head: 100)
        #expect(plan.lost == 11...36)
        #expect(plan.reads.first?.firstSeq == 37)
        #expect(plan.reads.reduce(0) { $0 + $1.slotCount } == 64)
    }

    @Test func exactlyCapacityBehindLosesNothing() {
        #expect(plan(last: 0, head: 64).lost == nil)
        #expect(plan(last: 0, head: 65).lost == 1...1)
    }

    @Test func slotAddressFollowsTheRing() {
        #expect(JournalPlan.address(of: 1, capacity: 64, slotSize: 24, journalStart: 1000) == 1000)
        #expect(JournalPlan.address(of: 64, capacity: 64, slotSize: 24, journalStart: 1000) == 2512)
        #expect(JournalPlan.address(of: 65, capacity: 64, slotSize: 24, journalStart: 1000) == 1000)
    }
}

@Suite struct SlotCheckTests {
    @Test func anIntactExpectedSlot() {
        #expect(SlotCheck(seq: 70_000, seqCheck: 70_000 & 0xFFFF, expected: 70_000) == .expected)
    }

    @Test func aMismatchedCheckIsTorn() {
        #expect(SlotCheck(seq: 5, seqCheck: 4, expected: 5) == .torn)
    }

    @Test func aNewerSlotMeansTheExpectedEventWasOverwritten() {
        #expect(SlotCheck(seq: 69, seqCheck: 69, expected: 5) == .overwritten(found: 69))
    }

    @Test func anOlderOrEmptySlotIsBehind() {
        #expect(SlotCheck(seq: 0, seqCheck: 0, expected: 5) == .behind(found: 0))
        #expect(SlotCheck(seq: 3, seqCheck: 3, expected: 5) == .behind(found: 3))
    }
}
