import CMiniportABI
import MiniportPlatform

/// StorPortInitialize: the StorPort side of ``PortDriver``.
extension PortDriver {
    /// The HW_INITIALIZATION_DATA sizes StorPort knows (x64): the SCSI Port-era structure, the
    /// Windows Server 2003 / Windows 7 one (HwBuildIo added), the virtual-miniport one and the
    /// Windows 8 one.
    static let storPortInitializationDataSizes: [Int] = [
        Int(MPABI_STOR_HW_INITIALIZATION_DATA_SIZE_SCSIPORT), Int(MPABI_STOR_HW_INITIALIZATION_DATA_SIZE_W2K3),
        Int(MPABI_STOR_VIRTUAL_HW_INITIALIZATION_DATA_SIZE), Int(MPABI_STOR_HW_INITIALIZATION_DATA_SIZE_WIN8),
    ]

    /// Validates a StorPort miniport's HW_INITIALIZATION_DATA and brings up its adapters: PCI
    /// functions matching VendorId/DeviceId, or one virtual adapter for a virtual miniport.
    func initializeStorPort(argument1: UnsafeMutableRawPointer?, data: UnsafeMutableRawPointer?,
                            hwContext: UnsafeMutableRawPointer?) -> UInt32 {
        model = .storPort
        initializeCalls += 1
        guard let data else {
            return refuseArguments(status: NTStatus.invalidParameter, "StorPortInitialize without HW_INITIALIZATION_DATA")
        }
        let size = Int(data.load(as: UInt32.self))
        guard Self.storPortInitializationDataSizes.contains(size) else {
            return refuseArguments(status: NTStatus.revisionMismatch, "HwInitializationDataSize is \(size); StorPort knows "
                + Self.storPortInitializationDataSizes.map(String.init).joined(separator: ", ") + " bytes")
        }
        var stor = STOR_HW_INITIALIZATION_DATA()
        withUnsafeMutableBytes(of: &stor) { $0.copyMemory(from: UnsafeRawBufferPointer(start: data, count: size)) }
        // The SCSI Port structure is the first 128 bytes of StorPort's (HwFindAdapter differs
        // only in the type of its ConfigInfo pointer).
        var hw = HW_INITIALIZATION_DATA()
        withUnsafeMutableBytes(of: &hw) { $0.copyMemory(from: UnsafeRawBufferPointer(start: data, count: $0.count)) }
        hw.HwInitializationDataSize = ULONG(MemoryLayout<HW_INITIALIZATION_DATA>.size)
        let isVirtual = size == Int(MPABI_STOR_VIRTUAL_HW_INITIALIZATION_DATA_SIZE)
            || (size >= Int(MPABI_STOR_HW_INITIALIZATION_DATA_SIZE_WIN8) && stor.FeatureSupport & ULONG(STOR_FEATURE_VIRTUAL_MINIPORT) != 0)
        var registration = Registration(hw, stor: stor, size: size, virtual: isVirtual)
        if let refused = checkRegistration(hw, argument1: argument1, recording: &registration) { return refused }
        if let status = duplicateRegistration(registration) { return status }
        driverObject.installPortDispatch(prefix: "StorPort")
        let found: Int
        if isVirtual {
            let adapter = PortAdapter(driver: self, function: nil, hw: hw, stor: stor)
            if case .found = bringUp(adapter, hwContext: hwContext) { found = 1 } else { found = 0 }
        } else {
            guard hw.AdapterInterfaceType == PCIBus else {
                registration.status = NTStatus.noSuchDevice
                registrations.append(registration)
                return refuse(status: NTStatus.noSuchDevice, "interface type \(hw.AdapterInterfaceType.rawValue) has no buses on this "
                    + "machine (only PCI is emulated; a virtual miniport declares STOR_FEATURE_VIRTUAL_MINIPORT or "
                    + "uses VIRTUAL_HW_INITIALIZATION_DATA)")
            }
            found = bringUpPCIAdapters(hw, stor: stor, registration: registration, hwContext: hwContext)
            if found == 0 { noteNoPCIAdapter(registration) }
        }
        registration.status = found > 0 ? 0 : NTStatus.noSuchDevice
        registrations.append(registration)
        note(.port, "StorPortInitialize: \(found) \(isVirtual ? "virtual " : "")adapter(s)")
        return registration.status
    }
}

extension PortDriver.Registration {
    init(_ hw: HW_INITIALIZATION_DATA, stor: STOR_HW_INITIALIZATION_DATA, size: Int, virtual: Bool) {
        self.init(hw)
        hwInitializationDataSize = UInt32(size)
        isVirtual = virtual
        if stor.HwBuildIo != nil { callbacks.append("HwBuildIo") }
        if stor.HwFreeAdapterResources != nil { callbacks.append("HwFreeAdapterResources") }
        if stor.HwProcessServiceRequest != nil { callbacks.append("HwProcessServiceRequest") }
        if stor.HwCompleteServiceIrp != nil { callbacks.append("HwCompleteServiceIrp") }
        if stor.HwInitializeTracing != nil { callbacks.append("HwInitializeTracing") }
        if stor.HwCleanupTracing != nil { callbacks.append("HwCleanupTracing") }
        if size >= Int(MPABI_STOR_HW_INITIALIZATION_DATA_SIZE_WIN8) {
            if stor.HwTracingEnabled != nil { callbacks.append("HwTracingEnabled") }
            if stor.HwUnitControl != nil { callbacks.append("HwUnitControl") }
            featureSupport = stor.FeatureSupport
        }
    }
}

extension PortAdapter {
    /// HwFreeAdapterResources (StorPort), before the adapter's memory goes.
    func releaseResources() {
        guard let free = stor?.hw.HwFreeAdapterResources, !isShutDown else { return }
        withEngine { callMiniport("HwFreeAdapterResources") {
            msABI ? MpAbiMsCallVoid1(MsCall.entry(free), MsCall.arg(deviceExtension)) : free(deviceExtension)
        } }
    }

    /// The service-request channel of a virtual miniport: hands `irp` (an opaque request the
    /// app owns) to HwProcessServiceRequest. The miniport answers with
    /// StorPortCompleteServiceIrp, which ``completedServiceRequests`` records.
    public func sendServiceRequest(_ irp: UnsafeMutableRawPointer) -> Bool {
        guard let process = stor?.hw.HwProcessServiceRequest, !isShutDown else { return false }
        withEngine {
            pendingServiceRequests.insert(UInt(bitPattern: irp))
            callMiniport("HwProcessServiceRequest") {
                msABI ? MpAbiMsCallVoid2(MsCall.entry(process), MsCall.arg(deviceExtension), MsCall.arg(irp))
                    : process(deviceExtension, irp)
            }
        }
        return true
    }

    /// StorPortCompleteServiceIrp.
    func completeServiceRequest(_ irp: UnsafeMutableRawPointer?) -> ULONG {
        guard let irp, pendingServiceRequests.remove(UInt(bitPattern: irp)) != nil else {
            driver.note(.refused, "StorPortCompleteServiceIrp for a request the port did not send")
            return STOR_STATUS_INVALID_PARAMETER
        }
        completedServiceRequests.append(irp)
        return STOR_STATUS_SUCCESS
    }
}
