import CMiniportABI
import MiniportPlatform

#if canImport(Glibc)
import Glibc
#endif

/// The Windows 8 and later StorPort routines: the notifications added with them
/// (StateChangeDetected, AsyncNotificationDetected, MarkDeviceFailed(Ex),
/// IoTargetRequestServiceTime, trace hooks) and the extended functions a miniport for them
/// calls. What the emulated machine has no counterpart for answers as Windows does on a system
/// without it: no ACPI method exists, and the machine's processors are in one group and one
/// node.
extension StorPortBindings {
    static func bindWindows8Services(_ slots: UnsafeMutablePointer<MPABI_STORPORT_IMPORTS>) {
        bindNotifications8(slots)
        bindInterruptsAndTopology(slots)
        bindRequestServices(slots)

        slots.pointee.AllocateContiguousMemorySpecifyCacheNode = { c, ext, bytes, lowest, highest, boundary, cache, _, result in
            onAdapter(c, ext, "StorPortAllocateContiguousMemorySpecifyCacheNode", STOR_STATUS_INVALID_PARAMETER) {
                guard bytes <= Int.max else { return STOR_STATUS_INSUFFICIENT_RESOURCES }
                return $0.allocateContiguous(bytes: Int(bytes), lowest: lowest, highest: highest, boundary: boundary,
                                             cacheType: cache, into: result)
            }
        }
        slots.pointee.FreeContiguousMemorySpecifyCache = { c, ext, base, bytes, cache in
            onAdapter(c, ext, "StorPortFreeContiguousMemorySpecifyCache", STOR_STATUS_INVALID_PARAMETER) {
                $0.freeContiguous(base, bytes: Int(clamping: bytes), cacheType: cache)
            }
        }
        slots.pointee.RegistryReadAdapterKey = { c, ext, subKey, name, type, data, length in
            onAdapter(c, ext, "StorPortRegistryReadAdapterKey", STOR_STATUS_INVALID_PARAMETER) {
                $0.readAdapterKey(subKey: subKey, name: name, type: type, data: data, length: length)
            }
        }
        slots.pointee.RegistryWriteAdapterKey = { c, ext, subKey, name, type, data, length in
            onAdapter(c, ext, "StorPortRegistryWriteAdapterKey", STOR_STATUS_INVALID_PARAMETER) {
                $0.writeAdapterKey(subKey: subKey, name: name, type: type, data: data, length: length)
            }
        }
        slots.pointee.SetPowerSettingNotificationGuids = { c, ext, count, guids in
            onAdapter(c, ext, "StorPortSetPowerSettingNotificationGuids", STOR_STATUS_INVALID_PARAMETER) {
                $0.setPowerSettingGuids(count: count, guids)
            }
        }
        slots.pointee.IsCurrentOsInstallationUpgrade = { c, ext, upgrade in
            onAdapter(c, ext, "StorPortIsCurrentOsInstallationUpgrade", STOR_STATUS_INVALID_PARAMETER) { adapter in
                guard let upgrade else { return STOR_STATUS_INVALID_PARAMETER }
                guard adapter.passiveOnly("StorPortIsCurrentOsInstallationUpgrade") else { return STOR_STATUS_INVALID_IRQL }
                upgrade.pointee = 0
                return STOR_STATUS_SUCCESS
            }
        }
        slots.pointee.SetAdapterBusType = { c, ext, busType in
            onAdapter(c, ext, "StorPortSetAdapterBusType", STOR_STATUS_INVALID_PARAMETER) { adapter in
                guard adapter.inFindAdapter else {
                    adapter.driver.note(.refused, "StorPortSetAdapterBusType outside HwFindAdapter")
                    return STOR_STATUS_UNSUCCESSFUL
                }
                guard busType < ULONG(BusTypeMax.rawValue) else { return STOR_STATUS_INVALID_PARAMETER }
                adapter.stor?.busTypeOverride = busType
                return STOR_STATUS_SUCCESS
            }
        }
        slots.pointee.MarkDumpMemory = { c, ext, address, length, flags in
            let driver = port(c)
            // DriverEntry runs before there is an adapter: it marks the image's own memory.
            if ext == nil, "\(driver.routine)" == "DriverEntry" {
                return driver.markImageMemory(address, length: UInt(length), flags: flags)
            }
            return onAdapter(c, ext, "StorPortMarkDumpMemory", STOR_STATUS_INVALID_PARAMETER) {
                $0.markDumpMemory(address, length: UInt(length), flags: flags)
            }
        }
        slots.pointee.InvokeAcpiMethod = { c, ext, _, method, _, _, _, _, returned in
            onAdapter(c, ext, "StorPortInvokeAcpiMethod", STOR_STATUS_INVALID_PARAMETER) { adapter in
                returned?.pointee = 0
                guard adapter.passiveOnly("StorPortInvokeAcpiMethod") else { return STOR_STATUS_INVALID_IRQL }
                let name = withUnsafeBytes(of: method.littleEndian) { String(decoding: $0, as: UTF8.self) }
                adapter.driver.note(.port, "StorPortInvokeAcpiMethod(\(name)): the emulated machine has no ACPI namespace")
                return STOR_STATUS_NOT_IMPLEMENTED
            }
        }
        slots.pointee.ExtendedUnknown = { c, code, ext in
            let driver = port(c)
            driver.withCurrentEngine { driver.recordUnresolved("StorPortExtendedFunction(\(code.rawValue))") }
            return STOR_STATUS_NOT_IMPLEMENTED
        }
    }

    private static func bindNotifications8(_ slots: UnsafeMutablePointer<MPABI_STORPORT_IMPORTS>) {
        slots.pointee.NotifyStateChangeDetected = { c, ext, entity, address, attributes, callback, context, status in
            onAdapter(c, ext, "StateChangeDetected", ()) {
                status?.pointee = $0.stateChangeDetected(entity: entity, address: address.map(UnsafeMutableRawPointer.init),
                                                         attributes: attributes, callback: callback, context: context)
            }
        }
        slots.pointee.NotifyAsyncNotificationDetected = { c, ext, address, flags, status in
            onAdapter(c, ext, "AsyncNotificationDetected", ()) {
                status?.pointee = $0.asyncNotificationDetected(address.map(UnsafeRawPointer.init), flags: flags)
            }
        }
        slots.pointee.NotifyMarkDeviceFailed = { c, ext, address, flags, reason in
            onAdapter(c, ext, "MarkDeviceFailed", ()) {
                _ = $0.markDeviceFailed(address.map(UnsafeRawPointer.init), flags: flags, faultCode: nil,
                                        reason: UnsafePointer(reason), additional: .init(start: nil, count: 0),
                                        critical: .init(start: nil, count: 0))
            }
        }
        slots.pointee.NotifyMarkDeviceFailedEx = { c, ext, address, flags, fault, description, additionalSize, additional,
                                                   criticalSize, critical, status in
            onAdapter(c, ext, "MarkDeviceFailedEx", ()) { adapter in
                guard additionalSize == 0 || additional != nil, criticalSize == 0 || critical != nil,
                      additionalSize <= 1024, criticalSize <= 8 else {
                    adapter.driver.note(.refused, "StorPortMarkDeviceFailedEx: \(additionalSize) additional / \(criticalSize) "
                        + "critical bytes (at most 1024 / 8, with a buffer)")
                    status?.pointee = STOR_STATUS_INVALID_PARAMETER
                    return
                }
                status?.pointee = adapter.markDeviceFailed(
                    address.map(UnsafeRawPointer.init), flags: flags, faultCode: fault, reason: UnsafePointer(description),
                    additional: UnsafeRawBufferPointer(start: additional, count: Int(additionalSize)),
                    critical: UnsafeRawBufferPointer(start: critical, count: Int(criticalSize)))
            }
        }
        // A service-time report feeds Windows' I/O statistics; there are none to feed here.
        slots.pointee.NotifyIoTargetRequestServiceTime = { c, ext, _, _ in
            onAdapter(c, ext, "IoTargetRequestServiceTime", ()) { _ in }
        }
        // WPP tracing and the reserved extended-function-table query: nothing to hand back.
        slots.pointee.NotifyTraceNotification = { c, ext, _ in onAdapter(c, ext, "TraceNotification", ()) { _ in } }
        slots.pointee.NotifyGetExtendedFunctionTable = { c, ext, _ in
            onAdapter(c, ext, "GetExtendedFunctionTable", ()) {
                $0.driver.note(.port, "GetExtendedFunctionTable: reserved, nothing returned")
            }
        }
    }

    private static func bindInterruptsAndTopology(_ slots: UnsafeMutablePointer<MPABI_STORPORT_IMPORTS>) {
        // The emulated HBA signals a line-based interrupt; a virtual adapter has none.
        // MSI-X messages, when the adapter was granted them (PortAdapter+MessageInterrupts.swift).
        slots.pointee.GetMSIInfo = { c, ext, message, info in
            onAdapter(c, ext, "StorPortGetMSIInfo", STOR_STATUS_INVALID_PARAMETER) { $0.messageInfo(message, info) }
        }
        // Without the engine lock under the concurrent engine (ConcurrentEngine.swift).
        slots.pointee.AcquireMSISpinLock = { c, ext, message, oldIrql in
            withAdapter(c, ext, "StorPortAcquireMSISpinLock", STOR_STATUS_INVALID_PARAMETER) { adapter in
                adapter.acquireMessageLockWithoutEngine(message, oldIrql: oldIrql)
                    ?? adapter.withEngine { adapter.acquireMessageLock(message, oldIrql: oldIrql) }
            }
        }
        slots.pointee.ReleaseMSISpinLock = { c, ext, message, oldIrql in
            withAdapter(c, ext, "StorPortReleaseMSISpinLock", STOR_STATUS_INVALID_PARAMETER) { adapter in
                adapter.releaseMessageLockWithoutEngine(message, oldIrql: oldIrql)
                    ?? adapter.withEngine { adapter.releaseMessageLock(message, oldIrql: oldIrql) }
            }
        }
        // The machine's processors, all in group 0 and node 0.
        slots.pointee.GetGroupAffinity = { c, ext, group, mask in
            onAdapter(c, ext, "StorPortGetGroupAffinity", STOR_STATUS_INVALID_PARAMETER) { adapter in
                guard let mask else { return STOR_STATUS_INVALID_PARAMETER }
                guard group == 0 else { return STOR_STATUS_UNSUCCESSFUL }
                mask.pointee = KAFFINITY(adapter.driver.machine.activeProcessorMask)
                return STOR_STATUS_SUCCESS
            }
        }
        slots.pointee.GetNodeAffinity = { c, ext, node, affinity in
            onAdapter(c, ext, "StorPortGetNodeAffinity", STOR_STATUS_INVALID_PARAMETER) { adapter in
                guard let affinity, node <= 0xFFFF else { return STOR_STATUS_INVALID_PARAMETER }
                guard node == 0 else { return STOR_STATUS_UNSUCCESSFUL }
                affinity.pointee = GROUP_AFFINITY()
                affinity.pointee.Mask = KAFFINITY(adapter.driver.machine.activeProcessorMask)
                return STOR_STATUS_SUCCESS
            }
        }
    }

    private static func bindRequestServices(_ slots: UnsafeMutablePointer<MPABI_STORPORT_IMPORTS>) {
        slots.pointee.InitializePerfOpts = { c, ext, query, data in
            onAdapter(c, ext, "StorPortInitializePerfOpts", STOR_STATUS_INVALID_PARAMETER) {
                $0.initializePerformanceOptions(query: query != 0, data: data)
            }
        }
        slots.pointee.GetStartIoPerfParams = { c, ext, srb, parameters in
            withAdapter(c, ext, "StorPortGetStartIoPerfParams", STOR_STATUS_INVALID_PARAMETER) { adapter in
                adapter.startIoPerformanceParametersWithoutEngine(srb, parameters)
                    ?? adapter.withEngine { adapter.startIoPerformanceParameters(srb, parameters) }
            }
        }
        slots.pointee.GetRequestInfo = { c, ext, srb, info in
            onAdapter(c, ext, "StorPortGetRequestInfo", STOR_STATUS_INVALID_PARAMETER) { $0.requestInfo(srb, info) }
        }
        slots.pointee.GetActivityIdSrb = { c, ext, srb, activity in
            onAdapter(c, ext, "StorPortGetActivityIdSrb", STOR_STATUS_INVALID_PARAMETER) { _ in
                // No request carries an ETW activity ID here.
                srb == nil || activity == nil ? STOR_STATUS_INVALID_PARAMETER : STOR_STATUS_UNSUCCESSFUL
            }
        }
        slots.pointee.GetSystemPortNumber = { c, ext, address in
            onAdapter(c, ext, "StorPortGetSystemPortNumber", STOR_STATUS_INVALID_PARAMETER) {
                $0.systemPortNumber(into: address.map(UnsafeMutableRawPointer.init))
            }
        }
        slots.pointee.SetUnitAttributes = { c, ext, address, attributes in
            onAdapter(c, ext, "StorPortSetUnitAttributes", STOR_STATUS_INVALID_PARAMETER) {
                $0.setUnitAttributes(address.map(UnsafeRawPointer.init), attributes)
            }
        }
        slots.pointee.LogSystemEvent = { c, ext, details, maximumSize in
            onAdapter(c, ext, "StorPortLogSystemEvent", STOR_STATUS_INVALID_PARAMETER) {
                $0.logSystemEvent(details, maximumSize: maximumSize)
            }
        }
        // A SCSI_REQUEST_BLOCK has one data buffer; only a bidirectional STORAGE_REQUEST_BLOCK
        // has a separate data-in buffer.
        slots.pointee.GetDataInBufferSystemAddress = { c, ext, _, result in
            result?.pointee = nil
            return dataInRefused(c, ext, "StorPortGetDataInBufferSystemAddress")
        }
        slots.pointee.GetDataInBufferScatterGatherList = { c, ext, _, result in
            result?.pointee = nil
            return dataInRefused(c, ext, "StorPortGetDataInBufferScatterGatherList")
        }
        slots.pointee.GetDataInBufferMdl = { c, ext, _, result in
            result?.pointee = nil
            return dataInRefused(c, ext, "StorPortGetDataInBufferMdl")
        }
    }
}

/// The data-in buffer routines' refusal (a free function: C function pointers capture nothing).
private func dataInRefused(_ context: UnsafeMutableRawPointer?, _ ext: UnsafeMutableRawPointer?,
                           _ routine: StaticString) -> ULONG {
    onAdapter(context, ext, routine, STOR_STATUS_INVALID_PARAMETER) {
        $0.driver.note(.refused, "\(routine): a SCSI_REQUEST_BLOCK has no separate data-in buffer")
        return STOR_STATUS_INVALID_PARAMETER
    }
}

extension PortDriver {
    /// StorPortMarkDumpMemory from a dump copy's DriverEntry: the range must lie in the image.
    func markImageMemory(_ address: UnsafeMutableRawPointer?, length: UInt, flags: ULONG) -> ULONG {
        withCurrentEngine {
            guard mode != .normal else {
                note(.refused, "StorPortMarkDumpMemory in DriverEntry of the normal image: only a dump copy marks memory")
                return STOR_STATUS_INVALID_DEVICE_STATE
            }
            guard let address, flags == 0, length > 0, image.contains(address, length: Int(length)) else {
                note(.refused, "StorPortMarkDumpMemory in DriverEntry: a nonzero range of the image's own memory, flags 0")
                return STOR_STATUS_INVALID_PARAMETER
            }
            markedDumpMemory.append(MarkedMemory(address: UInt(bitPattern: address), length: Int(length)))
            return STOR_STATUS_SUCCESS
        }
    }
}
