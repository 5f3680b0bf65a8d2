import CMiniportABI
import MiniportPlatform

#if canImport(Glibc)
import Glibc
#endif

/// Fills an image's import table with this port's StorPort routines.
///
/// Each slot finds the adapter through the device extension the miniport passes and runs
/// with the adapter's engine lock held, so a miniport may call in from its own threads.
/// The Windows 8 and later services are bound in StorPortBindings+Services.swift. Slots left
/// empty (the runtime power framework, MDLs, StorPortBuildScatterGatherList, device objects,
/// processor relationships, and extended function codes past SetAdapterBusType) reach the
/// stub's default: STOR_STATUS_NOT_IMPLEMENTED (or FALSE / NULL), logged in
/// ``PortDriver/unresolvedCalls`` — the answer a miniport gets from a Windows without them.
enum StorPortBindings {
    // swiftlint:disable:next function_body_length
    static func bind(_ table: UnsafeMutablePointer<MPABI_IMPORT_TABLE>, to driver: PortDriver) {
        withUnsafeMutablePointer(to: &table.pointee.StorPort) { slots in
            bindConfiguration(slots)
            bindRequests(slots)
            bindQueueControl(slots)
            bindRegistry(slots)
            bindServices(slots)
            bindRegisters(slots)
            bindNotifications(slots)
            bindExtended(slots)
            bindWindows8Services(slots)
        }
    }

    private static func bindConfiguration(_ slots: UnsafeMutablePointer<MPABI_STORPORT_IMPORTS>) {
        slots.pointee.Initialize = { context, argument1, _, data, hwContext in
            port(context).initializeStorPort(argument1: argument1, data: data, hwContext: hwContext)
        }
        slots.pointee.GetBusData = { context, ext, type, bus, slot, buffer, length in
            onAdapter(context, ext, "StorPortGetBusData", 0) {
                $0.driver.busData(ext, type: type, bus: bus, slot: slot, buffer: buffer, offset: 0, length: length, write: false)
            }
        }
        slots.pointee.SetBusDataByOffset = { context, ext, type, bus, slot, buffer, offset, length in
            onAdapter(context, ext, "StorPortSetBusDataByOffset", 0) {
                $0.driver.busData(ext, type: type, bus: bus, slot: slot, buffer: buffer, offset: offset, length: length, write: true)
            }
        }
        slots.pointee.GetDeviceBase = { context, ext, busType, bus, address, bytes, inIoSpace in
            onAdapter(context, ext, "StorPortGetDeviceBase", nil) { adapter in
                guard let function = adapter.function, busType == ULONG(PCIBus.rawValue), bus == ULONG(function.bus) else {
                    adapter.driver.violate(.deviceBaseUnassigned, "StorPortGetDeviceBase for bus type \(busType) bus \(bus): "
                        + "not this adapter's bus" + (adapter.function == nil ? " (a virtual adapter has none)" : ""))
                    return nil
                }
                return adapter.mapDeviceBase(ioAddress: address, length: bytes, inIoSpace: inIoSpace != 0)
            }
        }
        slots.pointee.FreeDeviceBase = { context, ext, mapped in
            onAdapter(context, ext, "StorPortFreeDeviceBase", ()) { $0.freeDeviceBase(mapped) }
        }
        slots.pointee.ValidateRange = { context, ext, busType, bus, address, bytes, inIoSpace in
            onAdapter(context, ext, "StorPortValidateRange", 0) { adapter in
                guard let function = adapter.function, busType == ULONG(PCIBus.rawValue), bus == ULONG(function.bus) else { return 0 }
                return adapter.validateRange(ioAddress: address, length: bytes, inIoSpace: inIoSpace != 0) ? 1 : 0
            }
        }
        slots.pointee.GetUncachedExtension = { context, ext, configInfo, bytes in
            onAdapter(context, ext, "StorPortGetUncachedExtension", nil) { adapter in
                if configInfo != UnsafeMutableRawPointer(adapter.configInfo) {
                    adapter.driver.note(.refused, "StorPortGetUncachedExtension with a ConfigInfo other than HwFindAdapter's")
                }
                return adapter.getUncachedExtension(length: bytes)
            }
        }
    }

    private static func bindRequests(_ slots: UnsafeMutablePointer<MPABI_STORPORT_IMPORTS>) {
        slots.pointee.GetLogicalUnit = { context, ext, path, target, lun in
            onAdapter(context, ext, "StorPortGetLogicalUnit", nil) { $0.logicalUnitExtension(path: path, target: target, lun: lun) }
        }
        slots.pointee.GetSrb = { context, ext, path, target, lun, tag in
            onAdapter(context, ext, "StorPortGetSrb", nil) { $0.activeSrb(path: path, target: target, lun: lun, tag: tag) }
        }
        slots.pointee.GetPhysicalAddress = { context, ext, srb, address, length in
            onAdapter(context, ext, "StorPortGetPhysicalAddress", nil) {
                $0.physicalAddress(srb: srb, virtual: address, length: length)
            } ?? noPhysicalAddress(length)
        }
        slots.pointee.GetVirtualAddress = { context, ext, physical in
            onAdapter(context, ext, "StorPortGetVirtualAddress", nil) {
                $0.driver.virtualAddress(physical, routine: "StorPortGetVirtualAddress")
            }
        }
        slots.pointee.GetScatterGatherList = { context, ext, srb in
            onAdapter(context, ext, "StorPortGetScatterGatherList", nil) {
                $0.scatterGatherList(srb)?.assumingMemoryBound(to: STOR_SCATTER_GATHER_LIST.self)
            }
        }
        slots.pointee.CompleteRequest = { context, ext, path, target, lun, status in
            onAdapter(context, ext, "StorPortCompleteRequest", ()) { $0.completeRequests(path: path, target: target, lun: lun, status: status) }
        }
        slots.pointee.LogError = { context, ext, srb, path, target, lun, code, unique in
            onAdapter(context, ext, "StorPortLogError", ()) {
                $0.driver.recordError(MiniportErrorLog(pathId: path, targetId: target, lun: lun, errorCode: code,
                                                       uniqueId: unique, hadSrb: srb != nil))
            }
        }
    }

    private static func bindQueueControl(_ slots: UnsafeMutablePointer<MPABI_STORPORT_IMPORTS>) {
        slots.pointee.Busy = { c, ext, count in onAdapter(c, ext, "StorPortBusy", 0) { $0.busy(requestsToComplete: count) ? 1 : 0 } }
        slots.pointee.Ready = { c, ext in onAdapter(c, ext, "StorPortReady", 0) { $0.ready() ? 1 : 0 } }
        slots.pointee.Pause = { c, ext, seconds in onAdapter(c, ext, "StorPortPause", 0) { $0.pause(seconds: seconds) ? 1 : 0 } }
        slots.pointee.Resume = { c, ext in onAdapter(c, ext, "StorPortResume", 0) { $0.resume() ? 1 : 0 } }
        slots.pointee.DeviceBusy = { c, ext, path, target, lun, count in
            onAdapter(c, ext, "StorPortDeviceBusy", 0) {
                $0.deviceBusy(path: path, target: target, lun: lun, requestsToComplete: count) ? 1 : 0
            }
        }
        slots.pointee.DeviceReady = { c, ext, path, target, lun in
            onAdapter(c, ext, "StorPortDeviceReady", 0) { $0.deviceReady(path: path, target: target, lun: lun) ? 1 : 0 }
        }
        slots.pointee.PauseDevice = { c, ext, path, target, lun, seconds in
            onAdapter(c, ext, "StorPortPauseDevice", 0) { $0.pauseDevice(path: path, target: target, lun: lun, seconds: seconds) ? 1 : 0 }
        }
        slots.pointee.ResumeDevice = { c, ext, path, target, lun in
            onAdapter(c, ext, "StorPortResumeDevice", 0) { $0.resumeDevice(path: path, target: target, lun: lun) ? 1 : 0 }
        }
        slots.pointee.SetDeviceQueueDepth = { c, ext, path, target, lun, depth in
            onAdapter(c, ext, "StorPortSetDeviceQueueDepth", 0) {
                $0.setDeviceQueueDepth(path: path, target: target, lun: lun, depth: depth) ? 1 : 0
            }
        }
    }

    private static func bindRegistry(_ slots: UnsafeMutablePointer<MPABI_STORPORT_IMPORTS>) {
        slots.pointee.RegistryRead = { c, ext, name, _, type, buffer, length in
            onAdapter(c, ext, "StorPortRegistryRead", 0) { $0.registryRead(name: name, type: type, buffer: buffer, length: length) ? 1 : 0 }
        }
        slots.pointee.RegistryWrite = { c, ext, name, _, type, buffer, length in
            onAdapter(c, ext, "StorPortRegistryWrite", 0) {
                $0.registryWrite(name: name, type: type, buffer: buffer, length: length) ? 1 : 0
            }
        }
        slots.pointee.AllocateRegistryBuffer = { c, ext, length in
            onAdapter(c, ext, "StorPortAllocateRegistryBuffer", nil) {
                $0.allocateRegistryBuffer(length)?.assumingMemoryBound(to: UCHAR.self)
            }
        }
        slots.pointee.FreeRegistryBuffer = { c, ext, buffer in
            onAdapter(c, ext, "StorPortFreeRegistryBuffer", ()) { $0.freeRegistryBuffer(buffer) }
        }
    }

    private static func bindServices(_ slots: UnsafeMutablePointer<MPABI_STORPORT_IMPORTS>) {
        slots.pointee.SynchronizeAccess = { c, ext, routine, routineContext in
            onAdapter(c, ext, "StorPortSynchronizeAccess", 0) { $0.synchronizeAccess(routine, context: routineContext) ? 1 : 0 }
        }
        slots.pointee.StallExecution = { context, microseconds in
            let driver = port(context)
            driver.withCurrentEngine { driver.stall(microseconds, "StorPortStallExecution") }
        }
        slots.pointee.QuerySystemTime = { context, time in
            let driver = port(context)
            driver.withCurrentEngine {
                if driver.mode != .normal {
                    driver.violate(.dumpTimeQuery, "StorPortQuerySystemTime in \(driver.mode.rawValue) mode: "
                        + "a dump copy has no time routines")
                    time?.pointee.QuadPart = 0
                    return
                }
                time?.pointee.QuadPart = PortDriver.systemTime(at: driver.machine.clock.now)
            }
        }
        slots.pointee.MoveMemory = { _, write, read, length in
            if let write, let read, length > 0 { memmove(write, read, Int(length)) }
        }
        slots.pointee.ConvertUlongToPhysicalAddress = { _, value in UInt64(value) }
        slots.pointee.DebugPrint = { context, level, text in
            let driver = port(context)
            driver.withCurrentEngine { driver.note(.debugPrint, "[\(level)] " + String(cString: text!)) }
        }
    }

    // swiftlint:disable:next function_body_length
    private static func bindRegisters(_ slots: UnsafeMutablePointer<MPABI_STORPORT_IMPORTS>) {
        slots.pointee.ReadRegisterUchar = { c, e, r in locked(c, e) { UCHAR(truncatingIfNeeded: access(c, r, 1, io: false)) } }
        slots.pointee.ReadRegisterUshort = { c, e, r in locked(c, e) { USHORT(truncatingIfNeeded: access(c, r, 2, io: false)) } }
        slots.pointee.ReadRegisterUlong = { c, e, r in locked(c, e) { ULONG(truncatingIfNeeded: access(c, r, 4, io: false)) } }
        slots.pointee.ReadRegisterUlong64 = { c, e, r in locked(c, e) { access(c, r, 8, io: false) } }
        slots.pointee.WriteRegisterUchar = { c, e, r, v in locked(c, e) { access(c, r, 1, io: false, write: UInt64(v)) } }
        slots.pointee.WriteRegisterUshort = { c, e, r, v in locked(c, e) { access(c, r, 2, io: false, write: UInt64(v)) } }
        slots.pointee.WriteRegisterUlong = { c, e, r, v in locked(c, e) { access(c, r, 4, io: false, write: UInt64(v)) } }
        slots.pointee.WriteRegisterUlong64 = { c, e, r, v in locked(c, e) { access(c, r, 8, io: false, write: v) } }
        slots.pointee.ReadPortUchar = { c, e, p in locked(c, e) { UCHAR(truncatingIfNeeded: access(c, p, 1, io: true)) } }
        slots.pointee.ReadPortUshort = { c, e, p in locked(c, e) { USHORT(truncatingIfNeeded: access(c, p, 2, io: true)) } }
        slots.pointee.ReadPortUlong = { c, e, p in locked(c, e) { ULONG(truncatingIfNeeded: access(c, p, 4, io: true)) } }
        slots.pointee.WritePortUchar = { c, e, p, v in locked(c, e) { access(c, p, 1, io: true, write: UInt64(v)) } }
        slots.pointee.WritePortUshort = { c, e, p, v in locked(c, e) { access(c, p, 2, io: true, write: UInt64(v)) } }
        slots.pointee.WritePortUlong = { c, e, p, v in locked(c, e) { access(c, p, 4, io: true, write: UInt64(v)) } }
        slots.pointee.ReadRegisterBufferUchar = { c, e, r, b, n in locked(c, e) { buffer(c, r, b, n, 1, io: false, read: true) } }
        slots.pointee.ReadRegisterBufferUshort = { c, e, r, b, n in locked(c, e) { buffer(c, r, b, n, 2, io: false, read: true) } }
        slots.pointee.ReadRegisterBufferUlong = { c, e, r, b, n in locked(c, e) { buffer(c, r, b, n, 4, io: false, read: true) } }
        slots.pointee.ReadRegisterBufferUlong64 = { c, e, r, b, n in locked(c, e) { buffer(c, r, b, n, 8, io: false, read: true) } }
        slots.pointee.WriteRegisterBufferUchar = { c, e, r, b, n in locked(c, e) { buffer(c, r, b, n, 1, io: false, read: false) } }
        slots.pointee.WriteRegisterBufferUshort = { c, e, r, b, n in locked(c, e) { buffer(c, r, b, n, 2, io: false, read: false) } }
        slots.pointee.WriteRegisterBufferUlong = { c, e, r, b, n in locked(c, e) { buffer(c, r, b, n, 4, io: false, read: false) } }
        slots.pointee.WriteRegisterBufferUlong64 = { c, e, r, b, n in locked(c, e) { buffer(c, r, b, n, 8, io: false, read: false) } }
        slots.pointee.ReadPortBufferUchar = { c, e, p, b, n in locked(c, e) { buffer(c, p, b, n, 1, io: true, read: true) } }
        slots.pointee.ReadPortBufferUshort = { c, e, p, b, n in locked(c, e) { buffer(c, p, b, n, 2, io: true, read: true) } }
        slots.pointee.ReadPortBufferUlong = { c, e, p, b, n in locked(c, e) { buffer(c, p, b, n, 4, io: true, read: true) } }
        slots.pointee.WritePortBufferUchar = { c, e, p, b, n in locked(c, e) { buffer(c, p, b, n, 1, io: true, read: false) } }
        slots.pointee.WritePortBufferUshort = { c, e, p, b, n in locked(c, e) { buffer(c, p, b, n, 2, io: true, read: false) } }
        slots.pointee.WritePortBufferUlong = { c, e, p, b, n in locked(c, e) { buffer(c, p, b, n, 4, io: true, read: false) } }
    }

    // swiftlint:disable:next function_body_length
    private static func bindNotifications(_ slots: UnsafeMutablePointer<MPABI_STORPORT_IMPORTS>) {
        // Without the engine lock under the concurrent engine, for an outstanding request.
        slots.pointee.NotifyRequestComplete = { c, ext, srb in
            withAdapter(c, ext, "RequestComplete", ()) { adapter in
                guard !adapter.requestCompleteWithoutEngine(srb) else { return }
                adapter.withEngine { adapter.requestComplete(srb) }
            }
        }
        // StorPort starts requests without being asked; these are accepted and mean nothing more.
        slots.pointee.NotifyNextRequest = { _, _ in }
        slots.pointee.NotifyNextLuRequest = { _, _, _, _, _ in }
        slots.pointee.NotifyResetDetected = { c, ext in onAdapter(c, ext, "ResetDetected", ()) { $0.resetDetected() } }
        slots.pointee.NotifyRequestTimerCall = { c, ext, timer, microseconds in
            onAdapter(c, ext, "RequestTimerCall", ()) { $0.requestTimer(timer, microseconds: microseconds) }
        }
        slots.pointee.NotifyBusChangeDetected = { c, ext, path in
            onAdapter(c, ext, "BusChangeDetected", ()) { $0.busChangeDetected(path: path) }
        }
        slots.pointee.NotifyWMIEvent = { c, ext, _, path, target, lun in
            onAdapter(c, ext, "WMIEvent", ()) {
                $0.driver.note(.refused, "WMIEvent from path \(path) target \(target) lun \(lun): no WMI consumer on this machine")
            }
        }
        slots.pointee.NotifyWMIReregister = { c, ext, path, _, _ in
            onAdapter(c, ext, "WMIReregister", ()) { $0.driver.note(.refused, "WMIReregister for path \(path): no WMI consumer on this machine") }
        }
        slots.pointee.NotifyLinkUp = { c, ext in onAdapter(c, ext, "LinkUp", ()) { $0.driver.note(.port, "LinkUp") } }
        slots.pointee.NotifyLinkDown = { c, ext in onAdapter(c, ext, "LinkDown", ()) { $0.driver.note(.port, "LinkDown") } }
        slots.pointee.NotifyQueryTickCount = { c, ext, ticks in
            onAdapter(c, ext, "QueryTickCount", ()) { adapter in
                let driver = adapter.driver
                if driver.mode != .normal {
                    driver.violate(.dumpTimeQuery, "StorPortQueryTickCount in \(driver.mode.rawValue) mode: a dump copy has no time routines")
                }
                ticks?.pointee.QuadPart = driver.mode == .normal ? driver.tickCount : 0
            }
        }
        slots.pointee.NotifyBufferOverrunDetected = { c, ext in
            onAdapter(c, ext, "BufferOverrunDetected", ()) { $0.driver.note(.port, "BufferOverrunDetected") }
        }
        slots.pointee.NotifyEnablePassiveInitialization = { c, ext, routine, result in
            onAdapter(c, ext, "EnablePassiveInitialization", ()) { result?.pointee = $0.enablePassiveInitialization(routine) ? 1 : 0 }
        }
        slots.pointee.NotifyInitializeDpc = { c, ext, dpc, routine in
            onAdapter(c, ext, "InitializeDpc", ()) { $0.initializeDpc(dpc.map(UnsafeMutableRawPointer.init), routine: routine) }
        }
        slots.pointee.NotifyIssueDpc = { c, ext, dpc, argument1, argument2, result in
            onAdapter(c, ext, "IssueDpc", ()) {
                result?.pointee = $0.issueDpc(dpc.map(UnsafeMutableRawPointer.init), argument1, argument2) ? 1 : 0
            }
        }
        // Without the engine lock under the concurrent engine, when nothing needs reporting.
        slots.pointee.NotifyAcquireSpinLock = { c, ext, lock, lockContext, handle in
            withAdapter(c, ext, "AcquireSpinLock", ()) { adapter in
                guard !adapter.acquireSpinLockWithoutEngine(lock, handle: handle) else { return }
                adapter.withEngine { adapter.acquireSpinLock(lock, context: lockContext, handle: handle) }
            }
        }
        slots.pointee.NotifyReleaseSpinLock = { c, ext, handle in
            withAdapter(c, ext, "ReleaseSpinLock", ()) { adapter in
                guard !adapter.releaseSpinLockWithoutEngine(handle) else { return }
                adapter.withEngine { adapter.releaseSpinLock(handle) }
            }
        }
        slots.pointee.NotifyUnknown = { c, type, ext in
            onAdapter(c, ext, "StorPortNotification", ()) { $0.driver.note(.refused, "StorPortNotification with unknown type \(type)") }
        }
    }

    private static func bindExtended(_ slots: UnsafeMutablePointer<MPABI_STORPORT_IMPORTS>) {
        slots.pointee.AllocatePool = { c, ext, bytes, _, result in
            onAdapter(c, ext, "StorPortAllocatePool", STOR_STATUS_INVALID_PARAMETER) { $0.allocatePool(bytes: bytes, into: result) }
        }
        slots.pointee.FreePool = { c, ext, pointer in
            onAdapter(c, ext, "StorPortFreePool", STOR_STATUS_INVALID_PARAMETER) { $0.freePool(pointer) }
        }
        slots.pointee.GetSystemAddress = { c, ext, srb, result in
            onAdapter(c, ext, "StorPortGetSystemAddress", STOR_STATUS_INVALID_PARAMETER) { adapter in
                result?.pointee = adapter.systemAddress(srb)
                return result?.pointee == nil ? STOR_STATUS_UNSUCCESSFUL : STOR_STATUS_SUCCESS
            }
        }
        slots.pointee.CompleteServiceIrp = { c, ext, irp in
            onAdapter(c, ext, "StorPortCompleteServiceIrp", STOR_STATUS_INVALID_PARAMETER) { $0.completeServiceRequest(irp) }
        }
        slots.pointee.InitializeTimer = { c, ext, handle in
            onAdapter(c, ext, "StorPortInitializeTimer", STOR_STATUS_INVALID_PARAMETER) { adapter in
                handle?.pointee = adapter.initializeTimer()
                return handle?.pointee == nil ? STOR_STATUS_INVALID_PARAMETER : STOR_STATUS_SUCCESS
            }
        }
        slots.pointee.RequestTimer = { c, ext, handle, callback, callbackContext, microseconds, _ in
            onAdapter(c, ext, "StorPortRequestTimer", STOR_STATUS_INVALID_PARAMETER) {
                $0.requestTimer(handle, callback, context: callbackContext, microseconds: microseconds)
            }
        }
        slots.pointee.FreeTimer = { c, ext, handle in
            onAdapter(c, ext, "StorPortFreeTimer", STOR_STATUS_INVALID_PARAMETER) { $0.freeTimer(handle) }
        }
        slots.pointee.InitializeWorker = { c, ext, worker in
            onAdapter(c, ext, "StorPortInitializeWorker", STOR_STATUS_INVALID_PARAMETER) { adapter in
                worker?.pointee = adapter.initializeWorker()
                return worker?.pointee == nil ? STOR_STATUS_INVALID_DEVICE_STATE : STOR_STATUS_SUCCESS
            }
        }
        slots.pointee.QueueWorkItem = { c, ext, callback, worker, workContext in
            onAdapter(c, ext, "StorPortQueueWorkItem", STOR_STATUS_INVALID_PARAMETER) {
                $0.queueWorkItem(callback, worker: worker, context: workContext)
            }
        }
        slots.pointee.FreeWorker = { c, ext, worker in
            onAdapter(c, ext, "StorPortFreeWorker", STOR_STATUS_INVALID_PARAMETER) { $0.freeWorker(worker) }
        }
        slots.pointee.QueryPerformanceCounter = { c, ext, frequency, counter in
            onAdapter(c, ext, "StorPortQueryPerformanceCounter", STOR_STATUS_INVALID_PARAMETER) { adapter in
                let driver = adapter.driver
                guard driver.mode == .normal else {
                    driver.violate(.dumpTimeQuery, "StorPortQueryPerformanceCounter in \(driver.mode.rawValue) mode: "
                        + "a dump copy has no time routines")
                    return STOR_STATUS_INVALID_DEVICE_STATE
                }
                // A 10 MHz counter on the virtual clock.
                frequency?.pointee.QuadPart = 10_000_000
                counter?.pointee.QuadPart = Int64(driver.machine.clock.now / 100)
                return STOR_STATUS_SUCCESS
            }
        }
        slots.pointee.GetCurrentProcessorNumber = { c, ext, number in
            onAdapter(c, ext, "StorPortGetCurrentProcessorNumber", STOR_STATUS_INVALID_PARAMETER) { adapter in
                guard let number else { return STOR_STATUS_INVALID_PARAMETER }
                number.pointee = PROCESSOR_NUMBER()
                number.pointee.Number = UCHAR(adapter.driver.machine.currentProcessor)
                return STOR_STATUS_SUCCESS
            }
        }
        // Interlocked singly linked lists, made atomic by the engine lock. The header holds the
        // first entry in its first word and the depth in its second.
        slots.pointee.InitializeSListHead = { c, ext, head in
            onAdapter(c, ext, "StorPortInitializeSListHead", STOR_STATUS_INVALID_PARAMETER) { _ in
                guard let head else { return STOR_STATUS_INVALID_PARAMETER }
                head.pointee = STOR_SLIST_HEADER()
                return STOR_STATUS_SUCCESS
            }
        }
        slots.pointee.InterlockedPushEntrySList = { c, ext, head, entry, result in
            onAdapter(c, ext, "StorPortInterlockedPushEntrySList", STOR_STATUS_INVALID_PARAMETER) { _ in
                guard let head, let entry, UInt(bitPattern: entry) & 15 == 0 else { return STOR_STATUS_INVALID_PARAMETER }
                let words = UnsafeMutableRawPointer(head)
                let first = UnsafeMutablePointer<STOR_SLIST_ENTRY>(bitPattern: UInt(words.load(as: UInt64.self)))
                entry.pointee.Next = first
                words.storeBytes(of: UInt64(UInt(bitPattern: entry)), as: UInt64.self)
                words.storeBytes(of: words.load(fromByteOffset: 8, as: UInt64.self) &+ 1, toByteOffset: 8, as: UInt64.self)
                result?.pointee = first
                return STOR_STATUS_SUCCESS
            }
        }
        slots.pointee.InterlockedPopEntrySList = { c, ext, head, result in
            onAdapter(c, ext, "StorPortInterlockedPopEntrySList", STOR_STATUS_INVALID_PARAMETER) { _ in
                guard let head else { return STOR_STATUS_INVALID_PARAMETER }
                let words = UnsafeMutableRawPointer(head)
                let first = UnsafeMutablePointer<STOR_SLIST_ENTRY>(bitPattern: UInt(words.load(as: UInt64.self)))
                if let first {
                    words.storeBytes(of: UInt64(UInt(bitPattern: first.pointee.Next)), as: UInt64.self)
                    words.storeBytes(of: words.load(fromByteOffset: 8, as: UInt64.self) &- 1, toByteOffset: 8, as: UInt64.self)
                }
                result?.pointee = first
                return STOR_STATUS_SUCCESS
            }
        }
        slots.pointee.InterlockedFlushSList = { c, ext, head, result in
            onAdapter(c, ext, "StorPortInterlockedFlushSList", STOR_STATUS_INVALID_PARAMETER) { _ in
                guard let head else { return STOR_STATUS_INVALID_PARAMETER }
                let words = UnsafeMutableRawPointer(head)
                result?.pointee = UnsafeMutablePointer<STOR_SLIST_ENTRY>(bitPattern: UInt(words.load(as: UInt64.self)))
                head.pointee = STOR_SLIST_HEADER()
                return STOR_STATUS_SUCCESS
            }
        }
        slots.pointee.QueryDepthSList = { c, ext, head, result in
            onAdapter(c, ext, "StorPortQueryDepthSList", STOR_STATUS_INVALID_PARAMETER) { _ in
                guard let head else { return STOR_STATUS_INVALID_PARAMETER }
                result?.pointee = USHORT(truncatingIfNeeded: UnsafeMutableRawPointer(head).load(fromByteOffset: 8, as: UInt64.self))
                return STOR_STATUS_SUCCESS
            }
        }
        slots.pointee.GetActiveGroupCount = { _, _, count in
            count?.pointee = 1
            return STOR_STATUS_SUCCESS
        }
        slots.pointee.GetActiveNodeCount = { _, _, count in
            count?.pointee = 1
            return STOR_STATUS_SUCCESS
        }
        slots.pointee.GetHighestNodeNumber = { _, _, node in
            node?.pointee = 0
            return STOR_STATUS_SUCCESS
        }
    }
}

/// Runs `body` for the adapter owning `ext`, with its engine lock held; `fallback` when the
/// extension belongs to no adapter (the lookup logs it).
@inline(__always)
func onAdapter<T>(_ context: UnsafeMutableRawPointer?, _ ext: UnsafeMutableRawPointer?, _ routine: StaticString,
                   _ fallback: T, _ body: (PortAdapter) -> T) -> T {
    withAdapter(context, ext, routine, fallback) { adapter in adapter.withEngine { body(adapter) } }
}

/// A register or port access with the engine lock of the adapter owning `ext` held.
@inline(__always)
private func locked<T>(_ context: UnsafeMutableRawPointer?, _ ext: UnsafeMutableRawPointer?, _ body: () -> T) -> T {
    withPort(context) { driver in
        if let result = RunningRoutine.withAdapter(of: driver, { $0.withEngine(body) }) {
            return result
        }
        guard let adapter = driver.adapter(ext, "register access") else { return body() }
        return adapter.withEngine(body)
    }
}

extension PortDriver {
    /// Runs `body` under the engine lock of the adapter whose routine is running (or the
    /// first adapter): for routines that pass no device extension.
    func withCurrentEngine<T>(_ body: () -> T) -> T {
        guard let adapter = current ?? adapters.first else { return body() }
        return adapter.withEngine(body)
    }

    /// KeQuerySystemTime on the virtual clock: 100 ns units since 1601-01-01, booted at
    /// 2026-01-02 08:00 UTC (134118144000000000; RtlTimeToTimeFields agrees).
    static func systemTime(at nanoseconds: UInt64) -> Int64 {
        134_118_144_000_000_000 + Int64(nanoseconds / 100)
    }
}
