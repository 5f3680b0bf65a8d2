import CMiniportABI
import Foundation
import MiniportPlatform

/// A range StorPortMarkDumpMemory marked: memory a dump copy needs kept across hibernation.
public struct MarkedMemory: Sendable, Equatable {
    /// The first byte of the range (a virtual address in the miniport's memory).
    public var address: UInt
    /// Bytes in the range.
    public var length: Int
}

/// The Windows 8 and later StorPort services: units by STOR_ADDRESS, performance options,
/// request information, system events, processor topology, contiguous memory, adapter
/// registry keys, unit attributes and the asynchronous notifications. Every pointer, size and
/// index the miniport passes is checked; a refusal returns the documented STOR_STATUS_* code
/// and is logged. All run with the engine lock held.
extension PortAdapter {
    // MARK: units

    /// The unit a STOR_ADDRESS names, when it is a well-formed BTL8 address.
    func unitAddress(_ address: UnsafeRawPointer?) -> UnitAddress? {
        guard let address, address.load(as: USHORT.self) == USHORT(STOR_ADDRESS_TYPE_BTL8),
              address.load(fromByteOffset: 4, as: ULONG.self) >= ULONG(STOR_ADDR_BTL8_ADDRESS_LENGTH) else { return nil }
        return UnitAddress(pathId: address.load(fromByteOffset: 8, as: UInt8.self),
                           targetId: address.load(fromByteOffset: 9, as: UInt8.self),
                           lun: address.load(fromByteOffset: 10, as: UInt8.self))
    }

    /// A unit the scan found, or one a request is outstanding to (the INQUIRY of a scan).
    func unitExists(_ address: UnitAddress) -> Bool {
        if devices.contains(where: { $0.pathId == address.pathId && $0.targetId == address.targetId && $0.lun == address.lun }) {
            return true
        }
        guard let unit = existingUnit(path: address.pathId, target: address.targetId, lun: address.lun) else { return false }
        return slots.contains { $0.active && $0.unit === unit }
    }

    /// The adapter's number among the machine's storage ports (StorPortGetSystemPortNumber).
    public var systemPortNumber: Int { driver.adapters.firstIndex { $0 === self } ?? driver.adapters.count }

    func systemPortNumber(into address: UnsafeMutableRawPointer?) -> ULONG {
        guard let address, unitAddress(address) != nil else { return STOR_STATUS_INVALID_PARAMETER }
        address.storeBytes(of: USHORT(truncatingIfNeeded: systemPortNumber), toByteOffset: 2, as: USHORT.self)
        return STOR_STATUS_SUCCESS
    }

    /// StorPortSetUnitAttributes: reserved bits clear, the unit present.
    func setUnitAttributes(_ address: UnsafeRawPointer?, _ attributes: ULONG) -> ULONG {
        guard let stor, let unit = unitAddress(address), unitExists(unit), attributes & ~0x7 == 0 else {
            driver.note(.refused, "StorPortSetUnitAttributes(0x\(String(attributes, radix: 16))): not a present unit's BTL8 "
                + "address, or reserved bits set")
            return STOR_STATUS_INVALID_PARAMETER
        }
        stor.unitAttributes[unit] = attributes
        return STOR_STATUS_SUCCESS
    }

    /// STOR_UNIT_ATTRIBUTES the miniport set for a unit (bit 0 DeviceAttentionSupported, bit 1
    /// AsyncNotificationSupported, bit 2 D3ColdNotSupported); nil when it set none.
    public func unitAttributes(pathId: UInt8, targetId: UInt8, lun: UInt8) -> UInt32? {
        withEngine { stor?.unitAttributes[UnitAddress(pathId: pathId, targetId: targetId, lun: lun)] }
    }

    /// The StorPortAsyncNotificationDetected events the port processed.
    public var asyncNotifications: [AsyncNotification] { withEngine { stor?.asyncNotifications ?? [] } }

    /// The STORAGE_BUS_TYPE the miniport set with StorPortSetAdapterBusType, if it did.
    public var busTypeOverride: UInt32? { withEngine { stor?.busTypeOverride } }

    /// The STOR_PERF_* optimizations StorPortInitializePerfOpts turned on.
    public var performanceOptions: UInt32 { withEngine { stor?.performanceOptions ?? 0 } }

    // MARK: notifications

    func asyncNotificationDetected(_ address: UnsafeRawPointer?, flags: UInt64) -> ULONG {
        guard let stor, let unit = unitAddress(address), flags & ~0x7 == 0 else { return STOR_STATUS_INVALID_PARAMETER }
        guard unitExists(unit), (stor.unitAttributes[unit] ?? 0) & 0x2 != 0 else {
            driver.note(.refused, "StorPortAsyncNotificationDetected for \(unit): no such unit, or it did not declare "
                + "AsyncNotificationSupported (StorPortSetUnitAttributes)")
            return STOR_STATUS_INVALID_DEVICE_REQUEST
        }
        guard stor.pendingAsyncNotification == nil else { return STOR_STATUS_BUSY }
        stor.pendingAsyncNotification = AsyncNotification(unit: unit, flags: flags)
        return STOR_STATUS_SUCCESS
    }

    func stateChangeDetected(entity: ULONG, address: UnsafeMutableRawPointer?, attributes: ULONG,
                             callback: PHW_STATE_CHANGE?, context: UnsafeMutableRawPointer?) -> ULONG {
        guard let stor, let address, unitAddress(address) != nil, entity != 0, entity & ~0x7 == 0, attributes & ~0x1 == 0 else {
            return STOR_STATUS_INVALID_PARAMETER
        }
        guard stor.pendingStateChange == nil else { return STOR_STATUS_UNSUCCESSFUL }
        stor.pendingStateChange = (entity, address, Int16(STOR_ADDRESS_TYPE_BTL8), callback, context)
        return STOR_STATUS_SUCCESS
    }

    /// A pending state change or asynchronous notification, processed after the routine that
    /// reported it: the unit, target or bus is enumerated again, and HwStateChange is called
    /// with the StartIo lock held. True when something ran.
    func processStorPortNotifications() -> Bool {
        guard let stor else { return false }
        if let change = stor.pendingStateChange {
            stor.pendingStateChange = nil
            let unit = unitAddress(change.address)
            driver.note(.port, "StateChangeDetected (entity 0x\(String(change.entity, radix: 16))) at \(unit.map { "\($0)" } ?? "?"): "
                + "rescan scheduled")
            rescanRequested = true
            if let callback = change.callback {
                callMiniport("HwStateChange", holding: startIoLocks) {
                    if msABI {
                        MpAbiMsCallVoid5(MsCall.entry(callback), MsCall.arg(deviceExtension), MsCall.arg(change.context),
                                         UInt64(change.type), MsCall.arg(change.address), UInt64(STOR_STATUS_SUCCESS))
                    } else {
                        callback(deviceExtension, change.context, change.type, change.address, STOR_STATUS_SUCCESS)
                    }
                }
            }
            return true
        }
        if let event = stor.pendingAsyncNotification {
            stor.pendingAsyncNotification = nil
            stor.asyncNotifications.append(event)
            driver.note(.port, "AsyncNotificationDetected at \(event.unit), flags 0x\(String(event.flags, radix: 16))")
            return true
        }
        return false
    }

    func markDeviceFailed(_ address: UnsafeRawPointer?, flags: ULONG, faultCode: UInt16?, reason: UnsafePointer<WCHAR>?,
                          additional: UnsafeRawBufferPointer, critical: UnsafeRawBufferPointer) -> ULONG {
        let unit = address.flatMap(unitAddress)
        guard address == nil || unit != nil, flags & ~0x3 == 0, additional.count <= 1024, critical.count <= 8 else {
            driver.note(.refused, "StorPortMarkDeviceFailed: bad address, flags 0x\(String(flags, radix: 16)), or more than "
                + "1024 additional / 8 critical bytes")
            return STOR_STATUS_INVALID_PARAMETER
        }
        let text = Self.wideString(reason, limit: 512) ?? ""
        driver.deviceFailures.append(DeviceFailure(unit: unit, flags: flags, faultCode: faultCode, reason: text,
                                                   additionalData: Array(additional), criticalData: Array(critical)))
        driver.note(.miniportError, "MarkDeviceFailed \(unit.map { "unit \($0)" } ?? "adapter")"
            + (faultCode.map { " fault \($0)" } ?? "") + ": \(text)", unit: unit)
        return STOR_STATUS_SUCCESS
    }

    /// A NUL-terminated UTF-16 string of at most `limit` units (nil if longer or absent).
    static func wideString(_ text: UnsafePointer<WCHAR>?, limit: Int) -> String? {
        guard let text else { return nil }
        var count = 0
        while text[count] != 0 {
            count += 1
            if count > limit { return nil }
        }
        return String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF16.self)
    }

    // MARK: performance options and request information

    /// Optimizations this port honours: DPC redirection (a DPC runs on the processor that
    /// issued it; the engine runs one routine at a time), concurrent channels (HwStartIo
    /// without the StartIo lock, a request passed in its submitting processor's channel),
    /// interrupt message ranges (StorPortGetStartIoPerfParams names the message of the
    /// submitting processor within the range), completion during StartIo, and no
    /// scatter/gather lists. Not offered: STOR_PERF_ADV_CONFIG_LOCALITY (one NUMA node).
    static let offeredPerformanceOptions = ULONG(STOR_PERF_DPC_REDIRECTION | STOR_PERF_CONCURRENT_CHANNELS
                                                 | STOR_PERF_INTERRUPT_MESSAGE_RANGES
                                                 | STOR_PERF_OPTIMIZE_FOR_COMPLETION_DURING_STARTIO
                                                 | STOR_PERF_DPC_REDIRECTION_CURRENT_CPU | STOR_PERF_NO_SGL)
    /// The most concurrent channels a miniport may declare (one per message an adapter may be granted).
    static let channelLimit: ULONG = 64

    /// The STOR_PERF_* flags a PERF_CONFIGURATION_DATA of `version` may name.
    static func performanceFlags(version: ULONG) -> ULONG {
        var flags: Int32 = 0
        if version >= 2 { flags |= STOR_PERF_DPC_REDIRECTION | STOR_PERF_CONCURRENT_CHANNELS | STOR_PERF_INTERRUPT_MESSAGE_RANGES }
        if version >= 3 { flags |= STOR_PERF_ADV_CONFIG_LOCALITY | STOR_PERF_OPTIMIZE_FOR_COMPLETION_DURING_STARTIO }
        if version >= 4 { flags |= STOR_PERF_DPC_REDIRECTION_CURRENT_CPU }
        if version >= 5 { flags |= STOR_PERF_NO_SGL }
        return ULONG(flags)
    }

    /// The options that only work together with STOR_PERF_DPC_REDIRECTION (the WDK's
    /// PERF_CONFIGURATION_DATA page).
    static let needingDpcRedirection = ULONG(STOR_PERF_INTERRUPT_MESSAGE_RANGES | STOR_PERF_ADV_CONFIG_LOCALITY
                                             | STOR_PERF_OPTIMIZE_FOR_COMPLETION_DURING_STARTIO
                                             | STOR_PERF_DPC_REDIRECTION_CURRENT_CPU)

    func initializePerformanceOptions(query: Bool, data: UnsafeMutablePointer<PERF_CONFIGURATION_DATA>?) -> ULONG {
        guard let stor, let data, data.pointee.Size >= ULONG(MemoryLayout<PERF_CONFIGURATION_DATA>.size),
              data.pointee.Version >= 2 else { return STOR_STATUS_INVALID_PARAMETER }
        let routine = "\(driver.routine)"
        guard routine == "HwInitialize" || routine == "HwPassiveInitializeRoutine" else {
            driver.note(.refused, "StorPortInitializePerfOpts in \(routine): only HwInitialize and the passive "
                + "initialization routine may call it")
            return STOR_STATUS_UNSUCCESSFUL
        }
        let offered = Self.offeredPerformanceOptions & Self.performanceFlags(version: data.pointee.Version)
        if query {
            data.pointee.Flags = offered
            return STOR_STATUS_SUCCESS
        }
        let flags = data.pointee.Flags
        guard flags & ~offered == 0 else {
            driver.note(.refused, "StorPortInitializePerfOpts: flags 0x\(String(flags, radix: 16)) include "
                + "optimizations this port does not offer (0x\(String(offered, radix: 16)))")
            return STOR_STATUS_UNSUCCESSFUL
        }
        if flags & Self.needingDpcRedirection != 0, flags & ULONG(STOR_PERF_DPC_REDIRECTION) == 0 {
            driver.note(.refused, "StorPortInitializePerfOpts: flags 0x\(String(flags, radix: 16)) need "
                + "STOR_PERF_DPC_REDIRECTION as well")
            return STOR_STATUS_INVALID_PARAMETER
        }
        var channels: ULONG = 0
        if flags & ULONG(STOR_PERF_CONCURRENT_CHANNELS) != 0 {
            channels = data.pointee.ConcurrentChannels
            guard channels > 0 else {
                driver.note(.refused, "StorPortInitializePerfOpts: STOR_PERF_CONCURRENT_CHANNELS with ConcurrentChannels 0")
                return STOR_STATUS_INVALID_PARAMETER
            }
            channels = min(channels, Self.channelLimit)
        }
        var messageRange: ClosedRange<Int>?
        if flags & ULONG(STOR_PERF_INTERRUPT_MESSAGE_RANGES) != 0 {
            let first = Int(data.pointee.FirstRedirectionMessageNumber)
            let last = Int(data.pointee.LastRedirectionMessageNumber)
            guard first <= last, last < stor.messagesGranted else {
                driver.note(.refused, "StorPortInitializePerfOpts: interrupt message range \(first)...\(last) is not "
                    + "within the \(stor.messagesGranted) messages granted")
                return STOR_STATUS_INVALID_PARAMETER
            }
            messageRange = first...last
        }
        stor.performanceOptions = flags
        stor.concurrentChannels = channels
        stor.redirectionMessages = messageRange
        if channels > 0 {
            // (A virtual miniport's HwStartIo runs without port locks anyway.)
            driver.note(.port, "concurrent channels: \(channels); HwStartIo runs without the StartIo lock")
        }
        if let messageRange {
            driver.note(.port, "interrupt message range \(messageRange.lowerBound)...\(messageRange.upperBound)")
        }
        return STOR_STATUS_SUCCESS
    }

    /// The channel StorPort passes a request in: the submitting processor's number modulo the
    /// channels (0 without concurrent channels). The processor is the one the thread running
    /// the engine runs on (`Machine.run(onProcessor:_:)`).
    var submittingChannel: ULONG {
        guard let stor, stor.concurrentChannels > 0 else { return 0 }
        return ULONG(driver.machine.currentProcessor) % stor.concurrentChannels
    }

    /// The MSI-X message best suited to interrupt the submitting processor: with an interrupt
    /// message range, the range's message for it (the processors spread over the range in
    /// order); otherwise the first granted message that targets it
    /// (`Machine.targetProcessor(ofMessage:)`), and 0 without messages.
    var submittingMessage: ULONG {
        guard let stor, stor.messagesGranted > 0 else { return 0 }
        let processor = driver.machine.currentProcessor
        if let range = stor.redirectionMessages {
            return ULONG(range.lowerBound + processor % range.count)
        }
        return ULONG(processor % stor.messagesGranted)
    }

    func startIoPerformanceParameters(_ srb: UnsafeMutablePointer<SCSI_REQUEST_BLOCK>?,
                                      _ parameters: UnsafeMutablePointer<STARTIO_PERFORMANCE_PARAMETERS>?) -> ULONG {
        guard let parameters, parameters.pointee.Size >= ULONG(MemoryLayout<STARTIO_PERFORMANCE_PARAMETERS>.size),
              let slot = slot(for: srb), slot.active else { return STOR_STATUS_INVALID_PARAMETER }
        parameters.pointee.MessageNumber = submittingMessage
        parameters.pointee.ChannelNumber = submittingChannel
        return STOR_STATUS_SUCCESS
    }

    /// StorPortGetRequestInfo, version 1 (the only version these headers define).
    func requestInfo(_ srb: UnsafeMutablePointer<SCSI_REQUEST_BLOCK>?, _ info: UnsafeMutablePointer<STOR_REQUEST_INFO>?) -> ULONG {
        guard let info, let slot = slot(for: srb), slot.active else { return STOR_STATUS_INVALID_PARAMETER }
        guard info.pointee.Version == USHORT(STOR_REQUEST_INFO_VER_1) else { return STOR_STATUS_UNSUPPORTED_VERSION }
        guard info.pointee.Size >= USHORT(MemoryLayout<STOR_REQUEST_INFO>.size) else { return STOR_STATUS_INVALID_PARAMETER }
        info.pointee.PriorityHint = StorIoPriorityNormal
        // The port's record of the request (the miniport's SRB may be the extended kind).
        let record = slot.srb.pointee
        info.pointee.Flags = Self.requestInfoFlags(record)
        info.pointee.Key = 0
        info.pointee.Length = record.DataTransferLength
        info.pointee.IsWriteRequest = record.SrbFlags & ULONG(SRB_FLAGS_DATA_OUT) != 0 ? 1 : 0
        return STOR_STATUS_SUCCESS
    }

    // MARK: system events

    /// Dump data and strings together may not exceed this (the system event log's limit).
    static let systemEventPayloadLimit: ULONG = 150

    func logSystemEvent(_ details: UnsafeMutablePointer<STOR_LOG_EVENT_DETAILS>?, maximumSize: UnsafeMutablePointer<ULONG>?) -> ULONG {
        guard let details else { return STOR_STATUS_INVALID_PARAMETER }
        let current = ULONG(STOR_CURRENT_LOG_INTERFACE_REVISION)
        // The low byte numbers compatible minor revisions.
        guard details.pointee.InterfaceRevision & ~0xFF == current & ~0xFF else {
            details.pointee.InterfaceRevision = current
            return STOR_STATUS_UNSUPPORTED_VERSION
        }
        let event = details.pointee
        guard event.Size >= ULONG(MemoryLayout<STOR_LOG_EVENT_DETAILS>.size), event.Flags == 0,
              event.EventAssociation.rawValue < StorEventInvalidAssociation.rawValue,
              event.DumpDataSize == 0 || event.DumpData != nil, event.StringCount == 0 || event.StringList != nil else {
            return STOR_STATUS_INVALID_PARAMETER
        }
        let limit = Self.systemEventPayloadLimit
        func tooLarge() -> ULONG {
            maximumSize?.pointee = limit
            return STOR_STATUS_INVALID_BUFFER_SIZE
        }
        guard event.DumpDataSize <= limit else { return tooLarge() }
        var used = Int(event.DumpDataSize)
        var strings: [String] = []
        for index in 0..<Int(event.StringCount) {
            // Each string costs at least its NUL: the count is bounded by the limit too.
            guard let string = event.StringList[index] else { return STOR_STATUS_INVALID_PARAMETER }
            let room = (Int(limit) - used) / 2 - 1
            guard room >= 0, let text = Self.wideString(string, limit: room) else { return tooLarge() }
            used += (text.utf16.count + 1) * 2
            strings.append(text)
        }
        let dump = event.DumpDataSize > 0
            ? Array(UnsafeRawBufferPointer(start: event.DumpData, count: Int(event.DumpDataSize))) : []
        let unit = UnitAddress(pathId: UInt8(truncatingIfNeeded: event.PathId), targetId: UInt8(truncatingIfNeeded: event.TargetId),
                               lun: UInt8(truncatingIfNeeded: event.LunId))
        driver.systemEvents.append(SystemEvent(association: event.EventAssociation.rawValue, unit: unit,
                                               storportSpecificErrorCode: event.StorportSpecificErrorCode != 0,
                                               errorCode: event.ErrorCode, uniqueId: event.UniqueId, dumpData: dump,
                                               strings: strings))
        driver.note(.miniportError, "StorPortLogSystemEvent \(unit) code 0x\(String(event.ErrorCode, radix: 16)) "
            + "id 0x\(String(event.UniqueId, radix: 16))" + (strings.isEmpty ? "" : " " + strings.joined(separator: ", ")),
            unit: unit)
        return STOR_STATUS_SUCCESS
    }

    // MARK: contiguous memory

    func allocateContiguous(bytes: Int, lowest: UInt64, highest: UInt64, boundary: UInt64, cacheType: MEMORY_CACHING_TYPE,
                            into result: UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> ULONG {
        guard let stor, let result else { return STOR_STATUS_INVALID_PARAMETER }
        result.pointee = nil
        guard (MmNonCached.rawValue...MmHardwareCoherentCached.rawValue).contains(cacheType.rawValue) else {
            return STOR_STATUS_INVALID_PARAMETER
        }
        guard bytes > 0, bytes <= 64 << 20 else {
            driver.note(.refused, "StorPortAllocateContiguousMemorySpecifyCacheNode(\(bytes)): at most 64 MiB at a time")
            return STOR_STATUS_INSUFFICIENT_RESOURCES
        }
        if polled, cacheType == MmNonCached {
            let nonCached = (uncachedExtension?.length ?? 0) + bytes
                + stor.contiguous.values.filter { $0.cacheType == MmNonCached }.reduce(0) { $0 + $1.region.length }
            guard nonCached <= Int(Self.dumpUncachedLimit) else {
                driver.violate(.dumpMemoryLimit, "StorPortAllocateContiguousMemorySpecifyCacheNode(\(bytes), MmNonCached) in "
                    + "\(driver.mode.rawValue) mode: \(nonCached) bytes of non-cached memory, over \(Self.dumpUncachedLimit)")
                return STOR_STATUS_INSUFFICIENT_RESOURCES
            }
        }
        guard let region = memory.allocateDMA(length: bytes, label: "contiguous memory") else {
            return STOR_STATUS_INSUFFICIENT_RESOURCES
        }
        let last = region.physicalAddress + UInt64(bytes) - 1
        let crosses = boundary != 0 && region.physicalAddress / boundary != last / boundary
        guard region.physicalAddress >= lowest, last <= highest, !crosses else {
            memory.freeDMA(region)
            driver.note(.refused, "StorPortAllocateContiguousMemorySpecifyCacheNode(\(bytes)): no memory between "
                + "0x\(String(lowest, radix: 16)) and 0x\(String(highest, radix: 16))"
                + (boundary == 0 ? "" : " within a 0x\(String(boundary, radix: 16)) boundary"))
            return STOR_STATUS_INSUFFICIENT_RESOURCES
        }
        stor.contiguous[region.hostAddress] = (region, cacheType)
        result.pointee = region.hostAddress
        return STOR_STATUS_SUCCESS
    }

    func freeContiguous(_ base: UnsafeMutableRawPointer?, bytes: Int, cacheType: MEMORY_CACHING_TYPE) -> ULONG {
        guard let stor, let base, let allocation = stor.contiguous[base] else {
            driver.note(.refused, "StorPortFreeContiguousMemorySpecifyCache with an address the allocation routine did not "
                + "return (or freed twice)")
            return STOR_STATUS_INVALID_PARAMETER
        }
        guard allocation.region.length == bytes, allocation.cacheType == cacheType else {
            driver.note(.refused, "StorPortFreeContiguousMemorySpecifyCache(\(bytes), cache type \(cacheType.rawValue)): the "
                + "allocation was \(allocation.region.length) bytes, cache type \(allocation.cacheType.rawValue)")
            return STOR_STATUS_INVALID_PARAMETER
        }
        stor.contiguous[base] = nil
        memory.freeDMA(allocation.region)
        return STOR_STATUS_SUCCESS
    }

    // MARK: adapter registry key

    /// Registry routines need PASSIVE_LEVEL, which a dump copy never runs at.
    func passiveOnly(_ routine: String) -> Bool {
        guard polled else { return true }
        driver.violate(.dumpPassiveOnly, "\(routine) in \(driver.mode.rawValue) mode: it needs PASSIVE_LEVEL")
        return false
    }

    /// The store name of an adapter-key value: `SubKey\Name`, or `Name` without a subkey.
    private static func adapterKeyName(_ subKey: UnsafePointer<UCHAR>?, _ name: UnsafePointer<UCHAR>) -> String {
        let value = String(cString: name)
        guard let subKey, subKey.pointee != 0 else { return value }
        return String(cString: subKey) + "\\" + value
    }

    /// StorPortRegistryReadAdapterKey into the caller's buffer (`*data`, `*length` bytes).
    func readAdapterKey(subKey: UnsafePointer<UCHAR>?, name: UnsafePointer<UCHAR>?, type: ULONG,
                        data: UnsafeMutablePointer<UnsafeMutableRawPointer?>?, length: UnsafeMutablePointer<ULONG>?) -> ULONG {
        guard stor != nil, let name, let data, let buffer = data.pointee, let length else { return STOR_STATUS_INVALID_PARAMETER }
        guard passiveOnly("StorPortRegistryReadAdapterKey") else { return STOR_STATUS_INVALID_IRQL }
        let key = Self.adapterKeyName(subKey, name)
        guard let value = registryValue(key, type: type, routine: "StorPortRegistryReadAdapterKey") else {
            return STOR_STATUS_UNSUCCESSFUL
        }
        let bytes = value.bytes
        guard bytes.count <= Int(length.pointee) else {
            length.pointee = ULONG(bytes.count)
            return STOR_STATUS_BUFFER_TOO_SMALL
        }
        buffer.copyMemory(from: bytes, byteCount: bytes.count)
        length.pointee = ULONG(bytes.count)
        return STOR_STATUS_SUCCESS
    }

    func writeAdapterKey(subKey: UnsafePointer<UCHAR>?, name: UnsafePointer<UCHAR>?, type: ULONG,
                         data: UnsafeRawPointer?, length: ULONG) -> ULONG {
        guard let stor, let name, data != nil || length == 0, length <= 64 * 1024 else { return STOR_STATUS_INVALID_PARAMETER }
        guard passiveOnly("StorPortRegistryWriteAdapterKey") else { return STOR_STATUS_INVALID_IRQL }
        let key = Self.adapterKeyName(subKey, name)
        guard let value = AdapterParameters.Value(type: type, bytes: UnsafeRawBufferPointer(start: data, count: Int(length))) else {
            driver.note(.refused, "StorPortRegistryWriteAdapterKey(\(key)): type \(type) with \(length) bytes is not supported")
            return STOR_STATUS_INVALID_PARAMETER
        }
        stor.parameters[key] = value
        return STOR_STATUS_SUCCESS
    }

    // MARK: dump memory

    /// StorPortMarkDumpMemory: only a dump copy marks, from DriverEntry or HwFindAdapter, and
    /// only memory it owns (its device extension, uncached extension, pool or contiguous
    /// memory). Length 0 marks the whole allocation holding `address`.
    func markDumpMemory(_ address: UnsafeMutableRawPointer?, length: UInt, flags: ULONG) -> ULONG {
        guard let stor, let address, flags == 0 else {
            driver.note(.refused, "StorPortMarkDumpMemory with flags 0x\(String(flags, radix: 16)): this port marks "
                + "system virtual addresses only")
            return STOR_STATUS_INVALID_PARAMETER
        }
        guard driver.mode != .normal, inFindAdapter else {
            driver.note(.refused, "StorPortMarkDumpMemory(\(length) bytes) in \(driver.mode.rawValue) mode, "
                + "\(driver.routine): only a dump copy's DriverEntry or HwFindAdapter may mark memory")
            return STOR_STATUS_INVALID_DEVICE_STATE
        }
        var owned: [(start: UnsafeMutableRawPointer, length: Int)] = [(deviceExtension, Int(hw.DeviceExtensionSize))]
        if let uncachedExtension { owned.append((uncachedExtension.hostAddress, uncachedExtension.length)) }
        owned += stor.pool.map { ($0.key, $0.value) }
        owned += stor.contiguous.map { ($0.key, $0.value.region.length) }
        guard let holder = owned.first(where: { address >= $0.start && address < $0.start + $0.length }),
              length <= UInt(holder.start + holder.length - address) else {
            driver.note(.refused, "StorPortMarkDumpMemory(\(length) bytes): not inside memory the miniport owns")
            return STOR_STATUS_INVALID_PARAMETER
        }
        let range = length == 0 ? MarkedMemory(address: UInt(bitPattern: holder.start), length: holder.length)
                                : MarkedMemory(address: UInt(bitPattern: address), length: Int(length))
        driver.markedDumpMemory.append(range)
        return STOR_STATUS_SUCCESS
    }

    // MARK: power settings

    func setPowerSettingGuids(count: ULONG, _ guids: UnsafePointer<GUID>?) -> ULONG {
        guard let stor, count <= 64, count == 0 || guids != nil else { return STOR_STATUS_INSUFFICIENT_RESOURCES }
        stor.powerSettings = (0..<Int(count)).map { withUnsafeBytes(of: guids![$0]) { Array($0) } }
        return STOR_STATUS_SUCCESS
    }

    /// A power setting changed: HwAdapterControl(ScsiPowerSettingNotification) with the new
    /// value, when the miniport registered the setting (StorPortSetPowerSettingNotificationGuids)
    /// and supports the control type. True when the miniport was told and succeeded.
    @discardableResult
    public func notifyPowerSetting(_ setting: UUID, value: [UInt8]) -> Bool {
        withEngine {
            guard let stor, !isShutDown else { return false }
            let u = setting.uuid
            // GUID: Data1, Data2 and Data3 little-endian, Data4 as is.
            let guid = [u.3, u.2, u.1, u.0, u.5, u.4, u.7, u.6, u.8, u.9, u.10, u.11, u.12, u.13, u.14, u.15]
            guard stor.powerSettings.contains(guid) else {
                driver.note(.port, "power setting \(setting) changed: the miniport did not register it")
                return false
            }
            var info = STOR_POWER_SETTING_INFO()
            withUnsafeMutableBytes(of: &info.PowerSettingGuid) { $0.copyBytes(from: guid) }
            return value.withUnsafeBytes { bytes in
                info.Value = UnsafeMutableRawPointer(mutating: bytes.baseAddress)
                info.ValueLength = ULONG(bytes.count)
                return withUnsafeMutablePointer(to: &info) { adapterControl(.powerSettingNotification, $0) } == true
            }
        }
    }
}

extension AdapterParameters.Value {
    /// A registry value from the REG_* type and bytes a miniport wrote; nil for a type this
    /// store does not keep, or a size that does not fit the type.
    init?(type: ULONG, bytes: UnsafeRawBufferPointer) {
        switch Int32(type) {
        case REG_DWORD where bytes.count == 4: self = .dword(bytes.loadUnaligned(as: UInt32.self))
        case REG_QWORD where bytes.count == 8: self = .qword(bytes.loadUnaligned(as: UInt64.self))
        case REG_SZ, REG_EXPAND_SZ: self = .string(String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self))
        case REG_BINARY: self = .binary(Array(bytes))
        default: return nil
        }
    }
}
