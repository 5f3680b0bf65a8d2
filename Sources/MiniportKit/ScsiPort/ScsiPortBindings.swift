import CMiniportABI
import MiniportPlatform

#if canImport(Glibc)
import Glibc
#endif

/// Fills an image's import table with this port's SCSI Port routines.
///
/// Each slot is a `@convention(c)` function that finds the driver through the table's
/// Context and the adapter through the device extension the miniport passes. Nothing here is
/// a silent no-op: routines that cannot apply on this machine (system DMA, WMI) are answered
/// as scsiport answers them and recorded in the port log.
enum ScsiPortBindings {
    static func bind(_ table: UnsafeMutablePointer<MPABI_IMPORT_TABLE>, to driver: PortDriver) {
        table.pointee.Header.Context = Unmanaged.passUnretained(driver).toOpaque()
        table.pointee.Header.Unresolved = { context, name in
            port(context).recordUnresolved(String(cString: name!))
        }
        withUnsafeMutablePointer(to: &table.pointee.ScsiPort) { bindScsiPort($0) }
    }


    // swiftlint:disable:next function_body_length
    private static func bindScsiPort(_ slots: UnsafeMutablePointer<MPABI_SCSIPORT_IMPORTS>) {
        // Bring-up and configuration.
        slots.pointee.Initialize = { context, argument1, argument2, data, hwContext in
            port(context).initialize(argument1: argument1, argument2: argument2, data: data, hwContext: hwContext)
        }
        slots.pointee.GetBusData = { context, ext, type, bus, slot, buffer, length in
            port(context).busData(ext, type: type, bus: bus, slot: slot, buffer: buffer, offset: 0, length: length, write: false)
        }
        slots.pointee.SetBusDataByOffset = { context, ext, type, bus, slot, buffer, offset, length in
            port(context).busData(ext, type: type, bus: bus, slot: slot, buffer: buffer, offset: offset, length: length, write: true)
        }
        slots.pointee.GetDeviceBase = { context, ext, busType, bus, address, bytes, inIoSpace in
            let driver = port(context)
            guard let adapter = driver.adapter(ext, "ScsiPortGetDeviceBase") else { return nil }
            guard busType == ULONG(PCIBus.rawValue), bus == adapter.function.map({ ULONG($0.bus) }) else {
                driver.note(.refused, "ScsiPortGetDeviceBase for bus type \(busType) bus \(bus): not this adapter's bus")
                return nil
            }
            return adapter.mapDeviceBase(ioAddress: address, length: bytes, inIoSpace: inIoSpace != 0)
        }
        slots.pointee.FreeDeviceBase = { context, ext, mapped in
            port(context).adapter(ext, "ScsiPortFreeDeviceBase")?.freeDeviceBase(mapped)
        }
        slots.pointee.ValidateRange = { context, ext, busType, bus, address, bytes, inIoSpace in
            guard let adapter = port(context).adapter(ext, "ScsiPortValidateRange"),
                  busType == ULONG(PCIBus.rawValue), bus == adapter.function.map({ ULONG($0.bus) }) else { return 0 }
            return adapter.validateRange(ioAddress: address, length: bytes, inIoSpace: inIoSpace != 0) ? 1 : 0
        }
        slots.pointee.GetUncachedExtension = { context, ext, configInfo, bytes in
            guard let adapter = port(context).adapter(ext, "ScsiPortGetUncachedExtension") else { return nil }
            if configInfo != UnsafeMutableRawPointer(adapter.configInfo) {
                port(context).note(.refused, "ScsiPortGetUncachedExtension with a ConfigInfo other than HwFindAdapter's")
            }
            return adapter.getUncachedExtension(length: bytes)
        }

        // Requests, units, addresses.
        slots.pointee.GetLogicalUnit = { context, ext, path, target, lun in
            withAdapter(context, ext, "ScsiPortGetLogicalUnit", nil) {
                $0.logicalUnitExtension(path: path, target: target, lun: lun)
            }
        }
        slots.pointee.GetSrb = { context, ext, path, target, lun, tag in
            withAdapter(context, ext, "ScsiPortGetSrb", nil) { $0.activeSrb(path: path, target: target, lun: lun, tag: tag) }
        }
        slots.pointee.GetPhysicalAddress = { context, ext, srb, address, length in
            withAdapter(context, ext, "ScsiPortGetPhysicalAddress", nil) {
                $0.physicalAddress(srb: srb, virtual: address, length: length)
            } ?? noPhysicalAddress(length)
        }
        slots.pointee.GetVirtualAddress = { context, ext, physical in
            let driver = port(context)
            guard driver.adapter(ext, "ScsiPortGetVirtualAddress") != nil else { return nil }
            return driver.virtualAddress(physical, routine: "ScsiPortGetVirtualAddress")
        }
        slots.pointee.FlushDma = { context, ext in
            port(context).note(.refused, "ScsiPortFlushDma: no system DMA channel on this machine (bus-master only); nothing to flush")
        }
        slots.pointee.IoMapTransfer = { context, ext, srb, logical, length in
            port(context).note(.refused, "ScsiPortIoMapTransfer: no system (slave) DMA controller on this machine; "
                + "use bus-master DMA with ScsiPortGetPhysicalAddress")
        }
        slots.pointee.CompleteRequest = { context, ext, path, target, lun, status in
            port(context).adapter(ext, "ScsiPortCompleteRequest")?
                .completeRequests(path: path, target: target, lun: lun, status: status)
        }
        slots.pointee.LogError = { context, ext, srb, path, target, lun, code, unique in
            port(context).recordError(MiniportErrorLog(pathId: path, targetId: target, lun: lun, errorCode: code,
                                                       uniqueId: unique, hadSrb: srb != nil))
        }

        // Time, memory, conversions, debugging.
        slots.pointee.StallExecution = { context, microseconds in port(context).stall(microseconds, "ScsiPortStallExecution") }
        slots.pointee.QuerySystemTime = { context, time in
            time?.pointee.QuadPart = PortDriver.systemTime(at: port(context).machine.clock.now)
        }
        slots.pointee.MoveMemory = { _, write, read, length in
            if let write, let read, length > 0 { memmove(write, read, Int(length)) }
        }
        slots.pointee.ConvertUlongToPhysicalAddress = { _, value in UInt64(value) }
        slots.pointee.ConvertPhysicalAddressToUlong = { _, value in ULONG(truncatingIfNeeded: value) }
        slots.pointee.DebugPrint = { context, level, text in
            port(context).note(.debugPrint, "[\(level)] " + String(cString: text!))
        }

        // Registers and ports.
        slots.pointee.ReadRegisterUchar = { c, r in UCHAR(truncatingIfNeeded: access(c, r, 1, io: false)) }
        slots.pointee.ReadRegisterUshort = { c, r in USHORT(truncatingIfNeeded: access(c, r, 2, io: false)) }
        slots.pointee.ReadRegisterUlong = { c, r in ULONG(truncatingIfNeeded: access(c, r, 4, io: false)) }
        slots.pointee.WriteRegisterUchar = { c, r, v in access(c, r, 1, io: false, write: UInt64(v)) }
        slots.pointee.WriteRegisterUshort = { c, r, v in access(c, r, 2, io: false, write: UInt64(v)) }
        slots.pointee.WriteRegisterUlong = { c, r, v in access(c, r, 4, io: false, write: UInt64(v)) }
        slots.pointee.ReadPortUchar = { c, p in UCHAR(truncatingIfNeeded: access(c, p, 1, io: true)) }
        slots.pointee.ReadPortUshort = { c, p in USHORT(truncatingIfNeeded: access(c, p, 2, io: true)) }
        slots.pointee.ReadPortUlong = { c, p in ULONG(truncatingIfNeeded: access(c, p, 4, io: true)) }
        slots.pointee.WritePortUchar = { c, p, v in access(c, p, 1, io: true, write: UInt64(v)) }
        slots.pointee.WritePortUshort = { c, p, v in access(c, p, 2, io: true, write: UInt64(v)) }
        slots.pointee.WritePortUlong = { c, p, v in access(c, p, 4, io: true, write: UInt64(v)) }
        slots.pointee.ReadRegisterBufferUchar = { c, r, b, n in buffer(c, r, b, n, 1, io: false, read: true) }
        slots.pointee.ReadRegisterBufferUshort = { c, r, b, n in buffer(c, r, b, n, 2, io: false, read: true) }
        slots.pointee.ReadRegisterBufferUlong = { c, r, b, n in buffer(c, r, b, n, 4, io: false, read: true) }
        slots.pointee.WriteRegisterBufferUchar = { c, r, b, n in buffer(c, r, b, n, 1, io: false, read: false) }
        slots.pointee.WriteRegisterBufferUshort = { c, r, b, n in buffer(c, r, b, n, 2, io: false, read: false) }
        slots.pointee.WriteRegisterBufferUlong = { c, r, b, n in buffer(c, r, b, n, 4, io: false, read: false) }
        slots.pointee.ReadPortBufferUchar = { c, p, b, n in buffer(c, p, b, n, 1, io: true, read: true) }
        slots.pointee.ReadPortBufferUshort = { c, p, b, n in buffer(c, p, b, n, 2, io: true, read: true) }
        slots.pointee.ReadPortBufferUlong = { c, p, b, n in buffer(c, p, b, n, 4, io: true, read: true) }
        slots.pointee.WritePortBufferUchar = { c, p, b, n in buffer(c, p, b, n, 1, io: true, read: false) }
        slots.pointee.WritePortBufferUshort = { c, p, b, n in buffer(c, p, b, n, 2, io: true, read: false) }
        slots.pointee.WritePortBufferUlong = { c, p, b, n in buffer(c, p, b, n, 4, io: true, read: false) }

        // Notifications.
        slots.pointee.NotifyRequestComplete = { context, ext, srb in
            withAdapter(context, ext, "RequestComplete", ()) { $0.requestComplete(srb) }
        }
        slots.pointee.NotifyNextRequest = { context, ext in
            withAdapter(context, ext, "NextRequest", ()) { $0.nextRequest() }
        }
        slots.pointee.NotifyNextLuRequest = { context, ext, path, target, lun in
            withAdapter(context, ext, "NextLuRequest", ()) { $0.nextLuRequest(path: path, target: target, lun: lun) }
        }
        slots.pointee.NotifyResetDetected = { context, ext in
            port(context).adapter(ext, "ResetDetected")?.resetDetected()
        }
        slots.pointee.NotifyCallDisableInterrupts = { context, ext, routine in
            port(context).adapter(ext, "CallDisableInterrupts")?.deferRoutine(routine, "CallDisableInterrupts")
        }
        slots.pointee.NotifyCallEnableInterrupts = { context, ext, routine in
            port(context).adapter(ext, "CallEnableInterrupts")?.deferRoutine(routine, "CallEnableInterrupts")
        }
        slots.pointee.NotifyRequestTimerCall = { context, ext, timer, microseconds in
            port(context).adapter(ext, "RequestTimerCall")?.requestTimer(timer, microseconds: microseconds)
        }
        slots.pointee.NotifyBusChangeDetected = { context, ext, path in
            port(context).adapter(ext, "BusChangeDetected")?.busChangeDetected(path: path)
        }
        slots.pointee.NotifyWMIEvent = { context, ext, event, path, target, lun in
            port(context).note(.refused, "WMIEvent from path \(path) target \(target) lun \(lun): no WMI consumer on this machine")
        }
        slots.pointee.NotifyWMIReregister = { context, ext, path, target, lun in
            port(context).note(.refused, "WMIReregister for path \(path): no WMI consumer on this machine")
        }
        slots.pointee.NotifyLinkUp = { context, _ in port(context).note(.port, "LinkUp") }
        slots.pointee.NotifyLinkDown = { context, _ in port(context).note(.port, "LinkDown") }
        slots.pointee.NotifyQueryTickCount = { context, _, ticks in
            ticks?.pointee.QuadPart = port(context).tickCount
        }
        slots.pointee.NotifyBufferOverrunDetected = { context, _ in port(context).note(.port, "BufferOverrunDetected") }
        slots.pointee.NotifyTraceNotification = { context, _, _ in
            port(context).note(.refused, "TraceNotification: no tracing consumer on this machine")
        }
        slots.pointee.NotifyUnknown = { context, type, _ in
            port(context).note(.refused, "ScsiPortNotification with unknown type \(type)")
        }
    }

}

/// The port behind an import table's Context.
@inline(__always)
func port(_ context: UnsafeMutableRawPointer?) -> PortDriver {
    Unmanaged<PortDriver>.fromOpaque(context!).takeUnretainedValue()
}

/// `body` applied to the port behind an import table's Context, without reference counting
/// (the driver outlives every call its miniport makes).
@inline(__always)
func withPort<T>(_ context: UnsafeMutableRawPointer?, _ body: (PortDriver) -> T) -> T {
    Unmanaged<PortDriver>.fromOpaque(context!)._withUnsafeGuaranteedRef(body)
}

/// GetPhysicalAddress's answer (both ports) when no adapter owns the device extension: no
/// address, and a length of 0.
func noPhysicalAddress(_ length: UnsafeMutablePointer<ULONG>?) -> UInt64 {
    length?.pointee = 0
    return 0
}

/// `body` applied to the adapter owning `ext`, or `fallback` when none does (logged): the
/// lookup of the routines a miniport calls on every request.
@inline(__always)
func withAdapter<T>(_ context: UnsafeMutableRawPointer?, _ ext: UnsafeMutableRawPointer?, _ routine: StaticString,
                    _ fallback: T, _ body: (PortAdapter) -> T) -> T {
    withPort(context) { $0.withAdapter(ext, routine, fallback, body) }
}

/// One register or port access through a pointer ScsiPortGetDeviceBase returned: the running
/// adapter's ranges first, then every adapter's (a miniport may touch another adapter's
/// registers, or call from a thread of its own).
@inline(__always)
func access(_ context: UnsafeMutableRawPointer?, _ pointer: UnsafeMutableRawPointer?, _ width: Int, io: Bool,
                   write value: UInt64? = nil) -> UInt64 {
    withPort(context) { driver in
        let running = RunningRoutine.withAdapter(of: driver) {
            $0.registerAccess(pointer, width: width, io: io, write: value)
        }
        if let result = running ?? nil { return result }
        for adapter in driver.adapters {
            if let result = adapter.registerAccess(pointer, width: width, io: io, write: value) { return result }
        }
        driver.note(.refused, "\(width * 8)-bit \(io ? "port" : "register") \(value == nil ? "read" : "write") at "
            + "0x\(String(UInt(bitPattern: pointer), radix: 16)): not inside a range from ScsiPortGetDeviceBase")
        return AddressSpace.allOnes(width)
    }
}

@inline(__always)
func access(_ context: UnsafeMutableRawPointer?, _ pointer: UnsafeMutableRawPointer?, _ width: Int, io: Bool,
                   write value: UInt64) {
    _ = access(context, pointer, width, io: io, write: Optional(value))
}

func access<P>(_ context: UnsafeMutableRawPointer?, _ pointer: UnsafeMutablePointer<P>?, _ width: Int, io: Bool) -> UInt64 {
    access(context, UnsafeMutableRawPointer(pointer), width, io: io, write: nil)
}

func access<P>(_ context: UnsafeMutableRawPointer?, _ pointer: UnsafeMutablePointer<P>?, _ width: Int, io: Bool,
                      write value: UInt64) {
    _ = access(context, UnsafeMutableRawPointer(pointer), width, io: io, write: Optional(value))
}

func buffer<P, B>(_ context: UnsafeMutableRawPointer?, _ pointer: UnsafeMutablePointer<P>?,
                         _ buffer: UnsafeMutablePointer<B>?, _ count: ULONG, _ width: Int, io: Bool, read: Bool) {
    let driver = port(context)
    guard let buffer, count > 0 else { return }
    let raw = UnsafeMutableRawPointer(pointer)
    let total = Int(count) * width
    // Port buffers repeat one port; register buffers walk consecutive registers.
    let span = io ? width : total
    guard let adapter = driver.current ?? driver.adapters.first,
          let address = adapter.busAddress(of: raw, width: span, io: io) else {
        driver.note(.refused, "\(io ? "port" : "register") buffer \(read ? "read" : "write") of \(count) x \(width * 8) bits at "
            + "0x\(String(UInt(bitPattern: raw), radix: 16)): not inside a range from ScsiPortGetDeviceBase")
        if read { UnsafeMutableRawPointer(buffer).initializeMemory(as: UInt8.self, repeating: 0xFF, count: total) }
        return
    }
    let space = io ? driver.machine.ioSpace : driver.machine.memorySpace
    if read {
        space.readBuffer(address, width: width, count: Int(count), into: UnsafeMutableRawPointer(buffer), advancing: !io)
    } else {
        space.writeBuffer(address, width: width, count: Int(count), from: UnsafeRawPointer(buffer), advancing: !io)
    }
}


extension PortDriver {
    /// ScsiPortStallExecution / StorPortStallExecution: virtual time passes; more than 0.1 s
    /// breaks stall.too-long. A device working on a thread of its own is waited for first (in
    /// real time), as the stall's microseconds would have let real hardware work.
    func stall(_ microseconds: ULONG, _ routine: String) {
        if microseconds > 100_000 { violate(.stallTooLong, "\(routine)(\(microseconds) µs): more than 0.1 s") }
        machine.settleDevices()
        machine.clock.advance(by: UInt64(microseconds) * 1_000)
    }

    /// ScsiPortGetBusData / ScsiPortSetBusDataByOffset: PCI configuration space of a slot.
    func busData(_ ext: UnsafeMutableRawPointer?, type: ULONG, bus: ULONG, slot: ULONG, buffer: UnsafeMutableRawPointer?,
                 offset: ULONG, length: ULONG, write: Bool) -> ULONG {
        let routine = write ? "ScsiPortSetBusDataByOffset" : "ScsiPortGetBusData"
        guard type == ULONG(PCIConfiguration.rawValue) else {
            note(.refused, "\(routine) for bus data type \(type): only PCIConfiguration exists on this machine")
            return 0
        }
        guard Int(bus) < machine.buses.count else { return 0 }
        // PCI_SLOT_NUMBER: device in bits 0...4, function in 5...7.
        let device = Int(slot & 0x1F), functionNumber = Int((slot >> 5) & 0x7)
        guard let buffer, length > 0 else { return 0 }
        let bytes = UnsafeMutableRawBufferPointer(start: buffer, count: Int(length))
        guard functionNumber == 0, let function = machine.buses[Int(bus)].function(slot: device) else {
            if write { return 0 }
            return ULONG(machine.buses[Int(bus)].configRead(slot: 32, offset: 0, into: bytes))
        }
        if write {
            return ULONG(function.configWrite(offset: Int(offset), from: UnsafeRawBufferPointer(bytes)))
        }
        return ULONG(function.configRead(offset: Int(offset), into: bytes))
    }
}
