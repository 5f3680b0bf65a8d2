import CMiniportABI
import Foundation
import MiniportHBA
import MiniportPlatform
import MiniportSCSI
import Testing
@testable import MiniportKit

/// Slots of the fixture's `ExportProbe` array, in the order of the PX_* enumeration in
/// Fixtures/export_probe.c (the fixture stores the count in the last slot; ``ExportRig`` checks it).
enum PX: Int {
    case action, actionArg
    case initStatus
    case pciLength, pciVendor, pciDevice, pciClass, irqLine, irqSetLength
    case irqReadback, emptySlotLength, emptySlotVendor, noBusLength, otherTypeLength
    case validateBar0, validateBar1, validateBeyond, validateWrongSpace
    case baseOutside, baseMemory, baseIo
    case magicRegister, magicPort, magicHalRegister, magicHalPort
    case caps0, caps1, caps2, caps3, caps4, caps5, capsBuffersMatch, portBufferRepeats
    case ringRegistersReadback, portWriteBufferLast, halPortWriteBufferLast
    case portToRegister, halPortToRegister, registerToPort, halRegisterToPort
    case narrowAccesses, narrowReadsAllOnes, narrowWritesIgnored
    case freedRead, foreignRead
    case uncached, uncachedPhysical, uncachedLength, uncachedVirtual, uncachedOffsetVirtual
    case uncachedAgain, notDmaPhysical, notDmaLength, notDmaVirtual
    case stallSystemTimeDelta, tickDelta, timeMonotonic, moveForward, moveBackward
    case ulongToPhysical, physicalToUlong
    case uncachedLate, timerFires, timerFirstTime, timerSecondTime, initTime
    case startIoCount, interruptCount, outstanding, outstandingMax, busyReturned
    case requestSenseSeen, getSrbMatch, getSrbMismatch, getSrbBogusNull
    case luExtension, luRequests, luAbsent, srbExtensionRoundTrips
    case dataPhysical, dataLength, dataVirtual, sensePhysical, senseLength
    case lastStartTime, previousStartTime, queueTag
    case disabledRoutineRan, enabledRoutineRan, interruptWhileDisabled
    case startIoTimerRan, startIoTimerNested, parked, resetBusCalls, resetBusNested
    case srbExtensionLength
    case count

    static let layoutCheck = 127
}

/// ACTION_* of the fixture: what the next HwStartIo does.
enum ProbeAction: UInt64 {
    case none, busyOnce, completeTwice, resetDetected, busChange, disableInterrupts, park, timerInStartIo, longStall
}

/// The fixture's ExportProbe array.
struct ExportProbe {
    let base: UnsafeMutablePointer<UInt64>

    subscript(_ index: PX) -> UInt64 {
        get { base[index.rawValue] }
        nonmutating set { base[index.rawValue] = newValue }
    }

    func set(_ action: ProbeAction, argument: UInt64 = 0) {
        self[.actionArg] = argument
        self[.action] = action.rawValue
    }
}

/// The export probe miniport loaded on a machine with the emulated HBA in slot 3 and RAM disks
/// at targets 0..<disks.
final class ExportRig {
    static let boot: UInt64 = 134_118_144_000_000_000     // QuerySystemTime at virtual time 0
    let dir: URL
    let machine = Machine()
    let hba: EmulatedHBA
    private(set) var disks: [SCSIDisk] = []
    let driver: PortDriver
    let adapter: PortAdapter
    let probe: ExportProbe

    init(legacy: Bool = false, disks count: Int = 1, blocks: UInt64 = 256) throws {
        dir = try FixtureBuilder.scratchDirectory()
        hba = EmulatedHBA(machine: machine)
        try machine.plug(hba, slot: 3)
        var attached: [SCSIDisk] = []
        for index in 0..<count { try Self.attachDisk(to: hba, target: UInt8(index), blocks: blocks, into: &attached) }
        disks = attached
        let phba = FixtureBuilder.root.appendingPathComponent("Examples/PhbaMiniport").path
        let path = try FixtureBuilder.buildSharedObject(
            ["export_probe.c"], name: legacy ? "export_probe_legacy.so" : "export_probe.so",
            extraFlags: ["-I", phba] + (legacy ? ["-DLEGACY_ADAPTER"] : []), in: dir)
        driver = try PortDriver.load(path: path, machine: machine)
        adapter = try #require(driver.adapters.first)
        let symbol = try #require(driver.image.symbol("ExportProbe"))
        probe = ExportProbe(base: symbol.assumingMemoryBound(to: UInt64.self))
        try #require(probe.base[PX.layoutCheck] == UInt64(PX.count.rawValue), "PX mirrors the fixture's PX_* list")
    }

    deinit { try? FileManager.default.removeItem(at: dir) }

    private static func attachDisk(to hba: EmulatedHBA, target: UInt8, blocks: UInt64, into disks: inout [SCSIDisk]) throws {
        let disk = SCSIDisk(store: try RAMBlockStore(blockSize: 512, blockCount: blocks))
        let scsiTarget = SCSITarget(id: target)
        try scsiTarget.attach(disk, lun: 0)
        try hba.attach(scsiTarget, bus: 0)
        disks.append(disk)
    }

    func attachDisk(target: UInt8) throws {
        try Self.attachDisk(to: hba, target: target, blocks: 256, into: &disks)
    }

    /// TEST UNIT READY until GOOD (consumes the unit attention the controller reset leaves).
    func settle(target: UInt8 = 0) {
        for _ in 0..<3 {
            if adapter.execute(.init(targetId: target, cdb: tur)).succeeded { return }
        }
    }

    func refused(_ text: String) -> Bool {
        driver.log.contains { $0.kind == .refused && $0.message.contains(text) }
    }

    func logged(_ kind: PortLogEntry.Kind, _ text: String) -> Bool {
        driver.log.contains { $0.kind == kind && $0.message.contains(text) }
    }

    /// Virtual nanoseconds since power-on for a QuerySystemTime value the fixture recorded.
    func nanoseconds(_ systemTime: UInt64) -> UInt64 { (systemTime - Self.boot) * 100 }
}

private let tur: [UInt8] = [0, 0, 0, 0, 0, 0]

private func read10(lba: UInt32, blocks: UInt16) -> [UInt8] {
    [0x28, 0, UInt8(lba >> 24), UInt8(lba >> 16 & 0xFF), UInt8(lba >> 8 & 0xFF), UInt8(lba & 0xFF), 0,
     UInt8(blocks >> 8), UInt8(blocks & 0xFF), 0]
}

/// A READ(10) of one block into `buffer`.
private func readRequest(_ buffer: UnsafeMutableRawBufferPointer, target: UInt8 = 0, lba: UInt32 = 0) -> PortAdapter.Request {
    .init(targetId: target, cdb: read10(lba: lba, blocks: 1), direction: .dataIn, buffer: buffer)
}

private let success = UInt8(SRB_STATUS_SUCCESS)

@Suite("SCSI Port exports, each called by a miniport where a real miniport calls it")
struct ExportTests {
    // MARK: bring-up routines

    @Test("ScsiPortInitialize registers the miniport and brings up the adapter it finds")
    func initialize() throws {
        let rig = try ExportRig(disks: 2)
        #expect(rig.probe[.initStatus] == 0)
        let registration = try #require(rig.driver.registrations.first)
        #expect(registration.status == 0 && registration.vendorId == "6D70" && registration.deviceId == "5343")
        #expect(registration.taggedQueuing && registration.multipleRequestPerLu && registration.autoRequestSense)
        #expect(registration.srbExtensionSize == 64 && registration.specificLuExtensionSize == 8)
        #expect(rig.adapter.devices.map(\.targetId) == [0, 1])
        #expect(rig.driver.unresolvedCalls.isEmpty)
    }

    @Test("ScsiPortGetBusData reads the HBA's own configuration space; SetBusDataByOffset writes INTERRUPT_LINE")
    func busData() throws {
        let rig = try ExportRig()
        let p = rig.probe
        #expect(p[.pciLength] == 64)
        #expect(p[.pciVendor] == UInt64(rig.hba.identity.vendorID) && p[.pciDevice] == UInt64(rig.hba.identity.deviceID))
        #expect(p[.pciClass] == 0x0100)
        let line = try #require(rig.adapter.function?.interrupt).number
        #expect(p[.irqLine] == UInt64(line))
        #expect(p[.irqSetLength] == 1 && p[.irqReadback] == 0x5A)
        // Restored afterwards.
        #expect(rig.adapter.function?.configRead(offset: PCIConfigOffset.interruptLine, width: 1) == UInt32(p[.irqLine]))
        // An empty slot: 2 bytes, PCI_INVALID_VENDORID. A bus that does not exist: 0.
        #expect(p[.emptySlotLength] == 2 && p[.emptySlotVendor] == 0xFFFF)
        #expect(p[.noBusLength] == 0)
        #expect(p[.otherTypeLength] == 0)
        #expect(rig.refused("only PCIConfiguration"))
    }

    @Test("ScsiPortGetDeviceBase maps both BARs, FreeDeviceBase unmaps, ValidateRange tells inside from outside")
    func deviceBaseAndRanges() throws {
        let rig = try ExportRig()
        let p = rig.probe
        #expect(p[.validateBar0] == 1 && p[.validateBar1] == 1)
        #expect(p[.validateBeyond] == 0 && p[.validateWrongSpace] == 0)
        #expect(p[.baseMemory] != 0 && p[.baseIo] != 0 && p[.baseMemory] != p[.baseIo])
        // Outside the BARs: NULL, refused.
        #expect(p[.baseOutside] == 0)
        #expect(rig.refused("is not inside one of the adapter's ranges"))
        // After FreeDeviceBase, and through a pointer no mapping covers: all ones, refused.
        #expect(p[.freedRead] == 0xFFFF_FFFF && p[.foreignRead] == 0xFFFF_FFFF)
        #expect(rig.refused("not inside a range from ScsiPortGetDeviceBase"))
        #expect(rig.refused("ScsiPortFreeDeviceBase with an address ScsiPortGetDeviceBase did not return"))
    }

    @Test("32-bit register and port accessors, plain and buffered, ScsiPort* and HAL forms")
    func ulongAccessors() throws {
        let rig = try ExportRig()
        let p = rig.probe
        let magic: UInt64 = 0x4142_4850
        #expect(p[.magicRegister] == magic && p[.magicPort] == magic)
        #expect(p[.magicHalRegister] == magic && p[.magicHalPort] == magic)
        // Register buffers walk the capability registers; port buffers repeat one port.
        let configuration = rig.hba.configuration
        #expect([p[.caps0], p[.caps1], p[.caps2], p[.caps3]]
            == [configuration.buses, configuration.targetsPerBus, configuration.lunsPerTarget, configuration.queueDepth].map(UInt64.init))
        #expect(p[.capsBuffersMatch] == 1 && p[.portBufferRepeats] == 1)
        #expect(p[.ringRegistersReadback] == 1)
        #expect(p[.portWriteBufferLast] == 3 && p[.halPortWriteBufferLast] == 1)
        // Both BARs reach one register block.
        #expect(p[.portToRegister] == 2 && p[.halPortToRegister] == 1)
        #expect(p[.registerToPort] == 3 && p[.halRegisterToPort] == 2)
    }

    @Test("8- and 16-bit accessors reach the device, which ignores them as its spec says")
    func narrowAccessors() throws {
        let rig = try ExportRig()
        let p = rig.probe
        #expect(p[.narrowAccesses] == 64)
        #expect(rig.hba.invalidRegisterAccesses == Int(p[.narrowAccesses]))
        #expect(p[.narrowReadsAllOnes] == 1 && p[.narrowWritesIgnored] == 1)
    }

    @Test("ScsiPortGetUncachedExtension only in HwFindAdapter; GetPhysicalAddress and GetVirtualAddress round-trip over it")
    func uncachedExtension() throws {
        let rig = try ExportRig()
        let p = rig.probe
        let region = try #require(rig.adapter.uncachedExtension)
        #expect(p[.uncached] == UInt64(UInt(bitPattern: region.hostAddress)))
        #expect(p[.uncachedAgain] == p[.uncached])
        #expect(p[.uncachedPhysical] == region.physicalAddress && p[.uncachedLength] == UInt64(region.length))
        #expect(p[.uncachedVirtual] == p[.uncached] && p[.uncachedOffsetVirtual] == p[.uncached] + 0x123)
        // Outside HwFindAdapter: NULL, refused.
        #expect(p[.uncachedLate] == 0)
        #expect(rig.refused("ScsiPortGetUncachedExtension outside HwFindAdapter"))
        // Memory that is not DMA-able has no physical address, and a physical address outside
        // DMA memory no virtual one.
        #expect(p[.notDmaPhysical] == 0 && p[.notDmaLength] == 0 && p[.notDmaVirtual] == 0)
        #expect(rig.refused("ScsiPortGetPhysicalAddress for an address that is not DMA-able"))
        #expect(rig.refused("ScsiPortGetVirtualAddress(0x7000): not in DMA memory"))
    }

    @Test("ScsiPortGetPhysicalAddress for an active SRB's extension, data and sense buffers")
    func requestAddresses() throws {
        let rig = try ExportRig()
        rig.settle()
        let p = rig.probe
        let roundTrips = p[.srbExtensionRoundTrips]
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 512, alignment: 16)
        defer { buffer.deallocate() }
        #expect(rig.adapter.execute(readRequest(buffer)).succeeded)
        #expect(p[.srbExtensionRoundTrips] == roundTrips + 1)
        // Contiguous to the end of this request's extension (64 bytes), not of the whole pool.
        #expect(p[.srbExtensionLength] == 64)
        // Data: a mapping above the DMA regions, from the given byte to the buffer's end; it has
        // no virtual address for the miniport (only the uncached extension has).
        #expect(p[.dataPhysical] >= rig.machine.memory.mappingBase && p[.dataLength] == 511)
        #expect(p[.dataVirtual] == 0)
        #expect(p[.sensePhysical] >= rig.machine.memory.mappingBase && p[.senseLength] == 18)
        #expect(p[.sensePhysical] != p[.dataPhysical])
        // Mappings end with the request.
        #expect(rig.machine.memory.activeMappings == 0 && rig.machine.memory.violationCount == 0)
    }

    @Test("StallExecution advances virtual time; QuerySystemTime and QueryTickCount follow it; MoveMemory; conversions")
    func timeMemoryConversions() throws {
        let rig = try ExportRig()
        let p = rig.probe
        #expect(p[.stallSystemTimeDelta] == 10_000)           // 1000 µs in 100 ns units
        #expect(p[.tickDelta] == 2)                           // 31.25 ms at 15.625 ms per tick
        #expect(p[.timeMonotonic] == 1)
        #expect(rig.machine.clock.now >= 32_250_000)
        #expect(rig.nanoseconds(p[.initTime]) <= rig.machine.clock.now)
        func text(_ value: UInt64) -> String { String(decoding: withUnsafeBytes(of: value.littleEndian) { Array($0) }, as: UTF8.self) }
        #expect(text(p[.moveForward]) == "01012345")
        #expect(text(p[.moveBackward]) == "12345895")
        #expect(p[.ulongToPhysical] == 0x89AB_CDEF)
        #expect(p[.physicalToUlong] == 0x2345_6789)
    }

    @Test("ScsiPortLogError lands in errorLog; ScsiDebugPrint in the log")
    func logErrorAndDebugPrint() throws {
        let rig = try ExportRig()
        #expect(rig.driver.errorLog.contains(MiniportErrorLog(pathId: 0, targetId: 1, lun: 2, errorCode: UInt32(SP_BUS_PARITY_ERROR),
                                                              uniqueId: 0xE1E2_E3E4, hadSrb: false)))
        #expect(rig.logged(.miniportError, "code 0x1 id 0xe1e2e3e4"))
        #expect(rig.logged(.debugPrint, "[1] export_probe: MAGIC 41424850 through both BARs"))
    }

    @Test("ScsiPortGetLogicalUnit returns the unit's own extension; ScsiPortGetSrb finds the active tagged SRB")
    func logicalUnitAndSrb() throws {
        let rig = try ExportRig(disks: 2)
        rig.settle()
        let p = rig.probe
        #expect(rig.adapter.execute(.init(cdb: tur)).succeeded)
        let first = p[.luExtension]
        let requests = p[.luRequests]
        #expect(first != 0 && requests >= 1)
        #expect(rig.adapter.execute(.init(cdb: tur)).succeeded)
        #expect(p[.luExtension] == first && p[.luRequests] == requests + 1)
        // Another unit, another extension.
        _ = rig.adapter.execute(.init(targetId: 1, cdb: tur))
        #expect(p[.luExtension] != first && p[.luExtension] != 0)
        // A unit the port never addressed has none.
        #expect(p[.luAbsent] == 0)
        // Every request found itself by its tag; a tag nobody uses finds nothing.
        #expect(p[.getSrbMismatch] == 0 && p[.getSrbMatch] == p[.startIoCount])
        #expect(p[.getSrbBogusNull] == p[.startIoCount])
        #expect(p[.queueTag] != UInt64(spUntagged))
    }

    @Test("ScsiPortCompleteRequest ends the matching active requests; SP_UNTAGGED is a wildcard")
    func completeRequest() throws {
        let rig = try ExportRig(disks: 2)
        rig.settle(target: 0)
        rig.settle(target: 1)
        rig.probe.set(.park, argument: 4)
        let results = rig.adapter.execute([
            .init(targetId: 0, cdb: tur), .init(targetId: 1, cdb: tur), .init(targetId: 0, cdb: tur), .init(targetId: 1, cdb: tur),
        ])
        #expect(rig.probe[.parked] == 4)
        #expect(results.map(\.status) == [SRB_STATUS_BUS_RESET, SRB_STATUS_ABORTED, SRB_STATUS_BUS_RESET, SRB_STATUS_ABORTED].map(UInt8.init))
        // The port goes on normally.
        #expect(rig.adapter.execute(.init(cdb: tur)).succeeded)
    }

    @Test("RequestComplete for an SRB the port never started, or twice, is refused and changes nothing")
    func requestCompleteRefusals() throws {
        let rig = try ExportRig()
        rig.settle()
        #expect(rig.refused("RequestComplete for an SRB the port did not start"))
        #expect(rig.refused("NextRequest with a device extension that belongs to no adapter"))
        rig.probe.set(.completeTwice)
        #expect(rig.adapter.execute(.init(cdb: tur)).succeeded)
        #expect(rig.refused("which is not outstanding"))
        #expect(rig.adapter.execute(.init(cdb: tur)).succeeded)
        // Both are verifier violations, with the 0xF1 code where Windows has one and the routine.
        let rules = rig.driver.violations.map(\.rule)
        // (The probe also breaks devicebase/uncached/phys rules on purpose elsewhere.)
        #expect(Set(rules).isSuperset(of: ["srb.unknown-completion", "srb.double-completion"]))
        let twice = try #require(rig.driver.violations.first { $0.rule == "srb.double-completion" })
        #expect(twice.code == "0x1003" && twice.mode == "normal" && twice.routine != "port")
    }

    // MARK: notifications

    @Test("RequestTimerCall fires HwTimer on virtual time, re-arms from HwTimer, and 0 cancels")
    func requestTimerCall() throws {
        let rig = try ExportRig()
        let p = rig.probe
        let armed = rig.nanoseconds(p[.initTime])
        #expect(p[.timerFires] == 0)
        rig.machine.clock.advance(to: armed + 50_000_000 - 1)
        #expect(p[.timerFires] == 0)
        rig.machine.clock.advance(by: 1)
        #expect(p[.timerFires] == 1 && rig.nanoseconds(p[.timerFirstTime]) == armed + 50_000_000)
        rig.machine.clock.advance(by: 20_000_000)
        #expect(p[.timerFires] == 2 && rig.nanoseconds(p[.timerSecondTime]) == armed + 70_000_000)
        rig.machine.clock.advance(by: 5_000_000_000)
        #expect(p[.timerFires] == 2)
    }

    @Test("A timer that falls due while a miniport routine stalls runs after that routine, not inside it")
    func timerDuringStartIo() throws {
        let rig = try ExportRig()
        rig.settle()
        rig.probe.set(.timerInStartIo)
        #expect(rig.adapter.execute(.init(cdb: tur)).succeeded)
        #expect(rig.probe[.startIoTimerRan] == 1)
        #expect(rig.probe[.startIoTimerNested] == 0)
    }

    @Test("A request times out while HwStartIo stalls: HwResetBus is called after HwStartIo returns, not inside it")
    func timeoutDuringStartIo() throws {
        let rig = try ExportRig()
        rig.settle()
        let rule = rig.hba.faults.inject(.timeout, count: 1)
        rig.probe.set(.longStall, argument: 1)             // the second request stalls 2 s
        let results = rig.adapter.execute([.init(cdb: tur, timeout: 1), .init(cdb: tur)])
        #expect(rule.fired == 1 && rig.adapter.timeouts == 1)
        #expect(results[0].status == UInt8(SRB_STATUS_BUS_RESET))
        #expect(rig.probe[.resetBusCalls] == 1)
        #expect(rig.probe[.resetBusNested] == 0)
    }

    @Test("CallDisableInterrupts runs its routine with HwInterrupt held off until the CallEnableInterrupts routine ran")
    func interruptRoutines() throws {
        let rig = try ExportRig()
        rig.settle()
        let p = rig.probe
        let interrupts = p[.interruptCount]
        rig.probe.set(.disableInterrupts)
        #expect(rig.adapter.execute(.init(cdb: tur)).succeeded)
        #expect(p[.disabledRoutineRan] == 1 && p[.enabledRoutineRan] == 1)
        #expect(p[.interruptCount] == interrupts + 1)
        #expect(p[.interruptWhileDisabled] == 0)
        #expect(rig.logged(.port, "CallDisableInterrupts routine ran") && rig.logged(.port, "CallEnableInterrupts routine ran"))
    }

    @Test("BusChangeDetected makes the port rescan: a disk attached meanwhile appears in devices")
    func busChangeDetected() throws {
        let rig = try ExportRig()
        rig.settle()
        #expect(rig.adapter.devices.map(\.targetId) == [0])
        try rig.attachDisk(target: 2)
        rig.probe.set(.busChange)
        #expect(rig.adapter.execute(.init(cdb: tur)).succeeded)
        #expect(rig.logged(.port, "BusChangeDetected on path 0"))
        #expect(rig.adapter.devices.map(\.targetId) == [0, 2])
    }

    @Test("ResetDetected holds new requests for the reset hold time")
    func resetDetected() throws {
        let rig = try ExportRig()
        rig.settle()
        rig.probe.set(.resetDetected)
        #expect(rig.adapter.execute(.init(cdb: tur)).succeeded)
        let reset = rig.probe[.lastStartTime]
        _ = rig.adapter.execute(.init(cdb: tur))
        let next = rig.probe[.lastStartTime]
        #expect(rig.logged(.port, "ResetDetected: holding new requests"))
        #expect(next - reset >= 40_000_000)                  // 4 s in 100 ns units
        #expect(next - reset < 41_000_000)
    }

    @Test("NextLuRequest with MultipleRequestPerLu: several requests outstanding on one LU")
    func multipleRequestsPerLu() throws {
        let rig = try ExportRig()
        rig.settle()
        rig.probe[.outstandingMax] = 0
        let rule = rig.hba.faults.inject(.delay(nanoseconds: 1_000_000), bus: 0, target: 0, count: 4)
        let buffers = (0..<4).map { _ in UnsafeMutableRawBufferPointer.allocate(byteCount: 512, alignment: 16) }
        defer { buffers.forEach { $0.deallocate() } }
        let results = rig.adapter.execute(buffers.enumerated().map { readRequest($1, lba: UInt32($0)) })
        #expect(results.allSatisfy { $0.succeeded })
        #expect(rule.fired == 4)
        #expect(rig.probe[.outstandingMax] == 4)
        #expect(rig.probe[.getSrbMismatch] == 0)
    }

    @Test("Without MultipleRequestPerLu, NextLuRequest is NextRequest: one request per LU, several LUs at once")
    func oneRequestPerLu() throws {
        let rig = try ExportRig(legacy: true, disks: 2)
        rig.settle(target: 0)
        rig.settle(target: 1)
        rig.probe[.outstandingMax] = 0
        rig.hba.faults.inject(.delay(nanoseconds: 1_000_000), bus: 0, count: nil)
        let sameLu = rig.adapter.execute([PortAdapter.Request](repeating: .init(cdb: tur), count: 3))
        #expect(sameLu.allSatisfy { $0.succeeded })
        #expect(rig.probe[.outstandingMax] == 1)
        let twoLus = rig.adapter.execute([.init(targetId: 0, cdb: tur), .init(targetId: 1, cdb: tur)])
        #expect(twoLus.allSatisfy { $0.succeeded })
        #expect(rig.probe[.outstandingMax] == 2)
        // Untagged: ScsiPortGetSrb finds the request with SP_UNTAGGED.
        #expect(rig.probe[.queueTag] == UInt64(spUntagged) && rig.probe[.getSrbMismatch] == 0)
    }

    @Test("SRB_STATUS_BUSY from the miniport: the port resubmits the request")
    func busyResubmission() throws {
        let rig = try ExportRig()
        rig.settle()
        let starts = rig.probe[.startIoCount]
        rig.probe.set(.busyOnce)
        #expect(rig.adapter.execute(.init(cdb: tur)).succeeded)
        #expect(rig.probe[.busyReturned] == 1)
        #expect(rig.probe[.startIoCount] == starts + 2)
        #expect(rig.adapter.busyRetries == 1)
    }

    @Test("AutoRequestSense FALSE: the port issues REQUEST SENSE itself after a CHECK CONDITION")
    func portRequestSense() throws {
        let rig = try ExportRig(legacy: true)
        let registration = try #require(rig.driver.registrations.first)
        #expect(!registration.autoRequestSense && !registration.taggedQueuing && !registration.multipleRequestPerLu)
        // The controller reset in HwInitialize left a unit attention.
        let first = rig.adapter.execute(.init(cdb: tur))
        #expect(first.status == UInt8(SRB_STATUS_ERROR) && first.scsiStatus == 0x02)
        #expect(first.srbStatus & UInt8(SRB_STATUS_AUTOSENSE_VALID) != 0)
        #expect(first.senseKey == 0x06 && first.asc == 0x29)
        #expect(rig.adapter.requestSensesIssued == 1 && rig.probe[.requestSenseSeen] == 1)
        // A read past the end: ILLEGAL REQUEST, LBA out of range.
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 512, alignment: 16)
        defer { buffer.deallocate() }
        let past = rig.adapter.execute(readRequest(buffer, lba: 256))
        #expect(past.srbStatus & UInt8(SRB_STATUS_AUTOSENSE_VALID) != 0 && past.senseKey == 0x05 && past.asc == 0x21)
        #expect(rig.adapter.requestSensesIssued == 2 && rig.probe[.requestSenseSeen] == 2)
        #expect(rig.adapter.execute(.init(cdb: tur)).succeeded)
    }

    @Test("An autosense adapter never gets a port REQUEST SENSE")
    func autosense() throws {
        let rig = try ExportRig()
        let first = rig.adapter.execute(.init(cdb: tur))
        #expect(first.senseKey == 0x06 && first.asc == 0x29)
        #expect(rig.adapter.requestSensesIssued == 0 && rig.probe[.requestSenseSeen] == 0)
    }

    @Test("Routines and notifications this machine has no consumer for are answered and logged, never silent")
    func unconsumedRoutines() throws {
        let rig = try ExportRig()
        #expect(rig.refused("ScsiPortFlushDma"))
        #expect(rig.refused("ScsiPortIoMapTransfer"))
        #expect(rig.refused("WMIEvent from path 0 target 1 lun 0"))
        #expect(rig.refused("WMIReregister for path 255"))
        #expect(rig.logged(.port, "LinkUp") && rig.logged(.port, "LinkDown"))
        #expect(rig.logged(.port, "BufferOverrunDetected"))
        #expect(rig.refused("TraceNotification"))
        #expect(rig.refused("ScsiPortNotification with unknown type 119"))
        #expect(rig.driver.unresolvedCalls.isEmpty)
    }

    @Test("Loading an image that another port still holds is refused; that port keeps working")
    func imageInUse() throws {
        let rig = try ExportRig()
        do throws(PortDriver.LoadError) {
            _ = try PortDriver.load(path: rig.driver.image.path, machine: Machine())
            Issue.record("the second load succeeded")
        } catch {
            guard case .imageInUse = error else {
                Issue.record("\(error)")
                return
            }
            #expect(error.description.contains("already loaded by another port"))
        }
        rig.settle()
        #expect(rig.adapter.execute(.init(cdb: tur)).succeeded)
        #expect(rig.probe[.luExtension] != 0)
    }

    // MARK: adapter control

    @Test("HwAdapterControl: adapter.stop() and adapter.restart() with the example miniport")
    func adapterControl() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = FixtureBuilder.root.appendingPathComponent("Examples/PhbaMiniport/phba.c").path
        let path = dir.appendingPathComponent("phba.so").path
        try FixtureBuilder.run("cc", ["-shared", "-fPIC", "-O1", "-std=c11", "-I", FixtureBuilder.includeDirectory, source]
                                     + FixtureBuilder.stubSources + ["-o", path])
        let machine = Machine()
        let hba = EmulatedHBA(machine: machine)
        try machine.plug(hba, slot: 3)
        let target = SCSITarget(id: 0)
        try target.attach(SCSIDisk(store: try RAMBlockStore(blockSize: 512, blockCount: 64)), lun: 0)
        try hba.attach(target, bus: 0)
        let driver = try PortDriver.load(path: path, machine: machine)
        let adapter = try #require(driver.adapters.first)
        #expect(adapter.supportedControlTypes == [Int(ScsiQuerySupportedControlTypes.rawValue),
                                                  Int(ScsiStopAdapter.rawValue), Int(ScsiRestartAdapter.rawValue)])
        _ = adapter.execute(.init(cdb: tur))
        #expect(adapter.execute(.init(cdb: tur)).succeeded)
        #expect(adapter.stop() && adapter.isStopped)
        #expect(!hba.isReady)
        #expect(adapter.restart() && !adapter.isStopped)
        #expect(hba.isReady)
        // The restart reset the controller: one unit attention, then normal I/O.
        let first = adapter.execute(.init(cdb: tur))
        #expect(first.succeeded || first.senseKey == 0x06)
        #expect(adapter.execute(.init(cdb: tur)).succeeded)
    }

    @Test("adapter.stop() on a miniport without HwAdapterControl or HwAdapterState is refused")
    func stopUnsupported() throws {
        let rig = try ExportRig()
        #expect(!rig.adapter.stop() && !rig.adapter.isStopped)
        #expect(rig.refused("supports neither ScsiStopAdapter nor HwAdapterState"))
        rig.settle()
        #expect(rig.adapter.execute(.init(cdb: tur)).succeeded)
    }
}
