import CMiniportABI
import MiniportHBA

/// The port's trace hooks (called only when the driver has a ``TraceRecorder``).
extension PortAdapter {
    /// A request was accepted: its lifetime begins on its unit's track.
    func traceQueued(_ slot: RequestSlot, _ trace: TraceRecorder) {
        driver.nextTraceID &+= 1
        slot.traceID = driver.nextTraceID
        let srb = slot.srb.pointee
        trace.requestBegin(Self.commandName(srb), id: slot.traceID, pid: driver.tracePid, tid: slot.unit?.traceTrack ?? traceTrack,
                           args: [("bytes", "\(srb.DataTransferLength)"), ("slot", "\(slot.index)"),
                                  ("virtual time ns", "\(clock.now)")])
    }

    func traceStep(_ name: String, _ slot: RequestSlot, _ trace: TraceRecorder, args: [(String, String)] = []) {
        guard slot.traceID != 0 else { return }
        trace.requestStep(name, id: slot.traceID, pid: driver.tracePid, tid: slot.unit?.traceTrack ?? traceTrack, args: args)
    }

    /// The request ended (completed, abandoned or dropped at a crash).
    func traceEnded(_ slot: RequestSlot, _ trace: TraceRecorder) {
        guard slot.traceID != 0 else { return }
        let srb = slot.srb.pointee
        trace.requestEnd(Self.commandName(srb), id: slot.traceID, pid: driver.tracePid,
                         tid: slot.unit?.traceTrack ?? traceTrack,
                         args: [("SrbStatus", "0x" + String(srb.SrbStatus, radix: 16)),
                                ("ScsiStatus", "0x" + String(srb.ScsiStatus, radix: 16)),
                                ("virtual time ns", "\(clock.now)")])
        slot.traceID = 0
    }

    func traceRoutine(_ routine: StaticString, since start: UInt64, _ trace: TraceRecorder) {
        trace.slice("\(routine)", pid: driver.tracePid, tid: traceTrack, start: start, end: trace.now())
    }

    /// What the controller reported, put on the request it belongs to: the active request
    /// whose data buffer holds `address`, else the one started on that unit.
    func traceDevice(_ name: String, path: UInt8, target: UInt8, lun: UInt8, address: UInt64?, args: [(String, String)]) {
        guard tracing, let trace = tracer else { return }
        let unit = existingUnit(path: path, target: target, lun: lun)
        let slot = slots.first { slot in
            guard slot.active, slot.traceID != 0 else { return false }
            if let address, let mapping = slot.dataMapping {
                return address >= mapping.physicalAddress && address - mapping.physicalAddress < UInt64(mapping.length)
            }
            return address == nil && slot.started && slot.unit === unit
        }
        if let slot {
            traceStep(name, slot, trace, args: args)
        } else {
            trace.instant(name, pid: driver.tracePid, tid: traceTrack, args: args)
        }
    }

    func traceInterrupt() {
        guard tracing, let trace = tracer else { return }
        trace.instant("interrupt raised", pid: driver.tracePid, tid: traceTrack)
    }

    /// "READ(10)", "INQUIRY", … for the SRB's CDB (or its function when it is not a CDB).
    static func commandName(_ srb: SCSI_REQUEST_BLOCK) -> String {
        guard srb.Function == UInt8(SRB_FUNCTION_EXECUTE_SCSI) else { return "SRB function 0x" + String(srb.Function, radix: 16) }
        let opcode = withUnsafeBytes(of: srb.Cdb) { $0[0] }
        switch opcode {
        case 0x00: return "TEST UNIT READY"
        case 0x03: return "REQUEST SENSE"
        case 0x12: return "INQUIRY"
        case 0x1A, 0x5A: return "MODE SENSE"
        case 0x25: return "READ CAPACITY(10)"
        case 0x28: return "READ(10)"
        case 0x2A: return "WRITE(10)"
        case 0x35: return "SYNCHRONIZE CACHE(10)"
        case 0x88: return "READ(16)"
        case 0x8A: return "WRITE(16)"
        case 0x9E: return "READ CAPACITY(16)"
        case 0xA0: return "REPORT LUNS"
        default: return "CDB 0x" + String(opcode, radix: 16)
        }
    }
}

/// Puts what the emulated HBA reports (device start, DMA, completion interrupt) on the trace
/// of the adapter driving it. Holds the adapter's lifeline: a controller that outlives its
/// driver (a crash: the dump copy takes over) reports to nobody.
final class DeviceTraceBridge: HBAObserver {
    private let lifeline: Lifeline<PortAdapter>

    init(_ adapter: PortAdapter) { lifeline = adapter.lifeline }

    func hbaCommandStarted(bus: UInt8, target: UInt8, lun: UInt8, dataAddress: UInt64?) {
        lifeline.owner?.traceDevice("device start", path: bus, target: target, lun: lun, address: dataAddress, args: [])
    }

    func hbaTransferred(bus: UInt8, target: UInt8, lun: UInt8, dataAddress: UInt64?, bytes: Int, toHost: Bool) {
        lifeline.owner?.traceDevice(toHost ? "DMA to host" : "DMA from host", path: bus, target: target, lun: lun,
                                    address: dataAddress, args: [("bytes", "\(bytes)")])
    }

    func hbaInterruptRaised() { lifeline.owner?.traceInterrupt() }
}

extension PortAdapter {
    /// With tracing on and an emulated HBA behind this adapter, the HBA reports to this
    /// adapter's trace from now on.
    func observeDeviceForTrace() {
        guard tracer != nil, let hba = function?.device as? EmulatedHBA else { return }
        hba.observer = DeviceTraceBridge(self)
    }
}
