import CMiniportABI

#if canImport(Glibc)
import Glibc
#endif

/// The guard pattern the port writes after every extension it hands a miniport (device, LU,
/// SRB and uncached extensions): a changed byte is a write past the extension's end
/// (srb.extension-overrun).
enum ExtensionGuard {
    /// Guard bytes after each extension (the SRB extensions' run to the next 16-byte boundary).
    static let bytes = 32
    /// The pattern, long enough for any guard zone (an SRB extension's is at most 47 bytes).
    nonisolated(unsafe) static let pattern: UnsafeMutableRawPointer = {
        let pattern = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 16)
        for index in 0..<64 { pattern.storeBytes(of: UInt8(truncatingIfNeeded: 0xA5 ^ (index &* 29)), toByteOffset: index, as: UInt8.self) }
        return pattern
    }()

    static func fill(_ at: UnsafeMutableRawPointer, count: Int = bytes) {
        at.copyMemory(from: pattern, byteCount: count)
    }

    /// Whether the guard at `at` is intact; when not, how many bytes of it changed (the guard
    /// is written back, so one overrun is reported once).
    @inline(__always)
    static func check(_ at: UnsafeMutableRawPointer, count: Int = bytes) -> Int? {
        guard memcmp(at, pattern, count) != 0 else { return nil }
        var changed = 0
        for index in 0..<count where at.load(fromByteOffset: index, as: UInt8.self)
            != pattern.load(fromByteOffset: index, as: UInt8.self) { changed += 1 }
        fill(at, count: count)
        return changed
    }
}

extension PortAdapter {
    /// srb.extension-overrun for one request's SRB extension, when it leaves the miniport: a
    /// compare of the guard bytes after it (nothing allocated).
    @inline(__always)
    func checkSrbExtensionGuard(_ slot: RequestSlot) {
        guard slot.extensionSize > 0, let srbExtension = slot.srbExtension else { return }
        let guardCount = srbExtensionStride - slot.extensionSize
        if let changed = ExtensionGuard.check(srbExtension + slot.extensionSize, count: guardCount) {
            driver.violate(.srbExtensionOverrun, "request \(slot.index) (operation 0x"
                + String(withUnsafeBytes(of: slot.srb.pointee.Cdb) { $0[0] }, radix: 16) + "): \(changed) of the "
                + "\(guardCount) guard bytes after its \(slot.extensionSize)-byte SRB extension were overwritten", unit: slot.address)
        }
    }

    /// srb.extension-overrun for the extensions that live as long as the adapter: the device
    /// extension, every LU extension and the uncached extension. Checked at stop and unload
    /// (`when` says which), and by ``PortDriver/checkExtensionGuards()``.
    func checkExtensionGuards(at when: String) {
        guard !isShutDown else { return }
        func report(_ what: String, _ size: Int, _ changed: Int?) {
            guard let changed else { return }
            driver.violate(.srbExtensionOverrun, "\(changed) of the \(ExtensionGuard.bytes) guard bytes after the "
                + "\(size)-byte \(what) were overwritten (found at \(when))", routine: "port")
        }
        let deviceSize = max(Int(hw.DeviceExtensionSize), 1)
        report("device extension", deviceSize, ExtensionGuard.check(deviceExtension + deviceSize))
        let luSize = Int(hw.SpecificLuExtensionSize)
        for unit in allUnits {
            guard let extensionPointer = unit.luExtension else { continue }
            report("LU extension of \(unit.path):\(unit.target):\(unit.lun)", luSize,
                   ExtensionGuard.check(extensionPointer + luSize))
        }
        if let region = uncachedExtension, let offset = uncachedGuardOffset {
            report("uncached extension", offset, ExtensionGuard.check(region.hostAddress + offset))
        }
    }

    /// srb.use-after-completion: what the request looks like as it leaves the miniport (or as
    /// the port left it after its own changes: `withExtension` false keeps the extension's copy).
    @inline(__always)
    func seal(_ slot: RequestSlot, withExtension: Bool = true) {
        slot.completedSRB = slot.srb.pointee
        if let srbEx = slot.srbEx, let shadow = slot.srbExShadow { shadow.copyMemory(from: srbEx, byteCount: slot.srbExLength) }
        if withExtension, watchesSrbExtensions, let shadow = slot.extensionShadow, let srbExtension = slot.srbExtension {
            shadow.copyMemory(from: srbExtension, byteCount: slot.extensionSize)
        }
        slot.watched = true
    }

    /// srb.use-after-completion: before the port reads a completed SRB or reuses its slot, the
    /// SRB (and, at reuse, its extension) must be as the request left the miniport. A write
    /// since then is reported and undone: the port goes on with what the miniport completed.
    /// The port never reads the extension, so it is compared only when the slot is reused (one
    /// copy at completion and one compare per request, nothing allocated); the SRB's 88 bytes
    /// are compared each time the port reads it.
    @inline(__always)
    func checkAfterCompletion(_ slot: RequestSlot, reuse: Bool) {
        guard slot.watched else { return }
        let srbChanged = withUnsafeBytes(of: &slot.completedSRB) { sealed in
            memcmp(slot.srb, sealed.baseAddress!, MemoryLayout<SCSI_REQUEST_BLOCK>.size) != 0
        }
        let extendedChanged = slot.srbEx.map { memcmp($0, slot.srbExShadow!, slot.srbExLength) != 0 } ?? false
        var extensionChanged = false
        if reuse, watchesSrbExtensions, let shadow = slot.extensionShadow, let srbExtension = slot.srbExtension {
            extensionChanged = memcmp(srbExtension, shadow, slot.extensionSize) != 0
        }
        guard srbChanged || extensionChanged || extendedChanged else { return }
        reportUseAfterCompletion(slot, srbChanged: srbChanged || extendedChanged, extensionChanged: extensionChanged)
        slot.srb.pointee = slot.completedSRB
        if extendedChanged, let srbEx = slot.srbEx, let shadow = slot.srbExShadow {
            srbEx.copyMemory(from: shadow, byteCount: slot.srbExLength)
        }
        if extensionChanged, let shadow = slot.extensionShadow, let srbExtension = slot.srbExtension {
            srbExtension.copyMemory(from: shadow, byteCount: slot.extensionSize)
        }
    }

    private func reportUseAfterCompletion(_ slot: RequestSlot, srbChanged: Bool, extensionChanged: Bool) {
        let now = slot.srb.pointee, then = slot.completedSRB
        var fields: [String] = []
        if srbChanged {
            if now.SrbStatus != then.SrbStatus { fields.append("SrbStatus 0x\(String(then.SrbStatus, radix: 16)) → 0x\(String(now.SrbStatus, radix: 16))") }
            if now.ScsiStatus != then.ScsiStatus { fields.append("ScsiStatus 0x\(String(then.ScsiStatus, radix: 16)) → 0x\(String(now.ScsiStatus, radix: 16))") }
            if now.DataTransferLength != then.DataTransferLength {
                fields.append("DataTransferLength \(then.DataTransferLength) → \(now.DataTransferLength)")
            }
            if now.SenseInfoBufferLength != then.SenseInfoBufferLength {
                fields.append("SenseInfoBufferLength \(then.SenseInfoBufferLength) → \(now.SenseInfoBufferLength)")
            }
            if let srbEx = slot.srbEx, let shadow = slot.srbExShadow {
                // The miniport's view is the extended SRB: name what changed there.
                let statusNow = srbEx.load(fromByteOffset: 3, as: UInt8.self), statusThen = shadow.load(fromByteOffset: 3, as: UInt8.self)
                if statusNow != statusThen { fields.append("SrbStatus 0x\(String(statusThen, radix: 16)) → 0x\(String(statusNow, radix: 16))") }
                let lengthNow = srbEx.load(fromByteOffset: 0x3c, as: UInt32.self), lengthThen = shadow.load(fromByteOffset: 0x3c, as: UInt32.self)
                if lengthNow != lengthThen { fields.append("DataTransferLength \(lengthThen) → \(lengthNow)") }
            }
            if fields.isEmpty { fields.append("other SRB fields") }
        }
        if extensionChanged { fields.append("the SRB extension") }
        driver.violate(.srbUseAfterCompletion, "request \(slot.index) (operation 0x"
            + String(withUnsafeBytes(of: then.Cdb) { $0[0] }, radix: 16) + ") was written after RequestComplete: "
            + fields.joined(separator: ", ") + "; the port uses what it was at completion", routine: slot.completedBy, unit: slot.address)
    }
}

extension PortAdapter {
    /// srb.data-out-written: the copy of a data-out request's data that the miniport was given
    /// differs from the caller's bytes when the request ends (the caller's memory is unchanged).
    func reportDataOutWritten(_ slot: RequestSlot, source: UnsafeRawPointer, staged: UnsafeMutableRawPointer) {
        let length = Int(slot.dataLength)
        var first = 0
        while first < length, source.load(fromByteOffset: first, as: UInt8.self) == staged.load(fromByteOffset: first, as: UInt8.self) {
            first += 1
        }
        driver.violate(.srbDataOutWritten, "request \(slot.index) (operation 0x"
            + String(withUnsafeBytes(of: slot.srb.pointee.Cdb) { $0[0] }, radix: 16)
            + ") wrote into its data-out buffer (first changed byte at offset \(first) of \(length)); "
            + "the caller's data is unchanged", routine: slot.completedBy, unit: slot.address)
    }
}

extension PortDriver {
    /// Checks the guard bytes after every adapter's device, LU and uncached extensions now
    /// (srb.extension-overrun); the port also does at stop and unload. SRB extensions are
    /// checked as each request completes.
    public func checkExtensionGuards() {
        for adapter in adapters { adapter.withEngine { adapter.checkExtensionGuards(at: "the end of the pass") } }
    }
}
