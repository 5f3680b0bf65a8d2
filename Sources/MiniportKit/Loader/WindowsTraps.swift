import CMiniportABI
import Synchronization

/// What Windows kernel code does that faults in a Linux process, caught by the trap handler of
/// `mpabi_trap.h` and served by the port: the IRQL through CR8, port I/O with IN and OUT,
/// device registers read and written by dereferencing the pointers StorPortGetDeviceBase
/// returned, and the clock fields of KUSER_SHARED_DATA. Only code of a loaded `.sys` is
/// emulated (its executable sections are registered); the same instruction in a `.so` or in the
/// host stays a crash, as before.
enum WindowsTraps {
    /// KUSER_SHARED_DATA's fixed kernel address on Windows x64.
    static let sharedUserData: UInt = 0xFFFF_F780_0000_0000

    private static let installed: Bool = {
        // The handler for privileged instructions goes with each image's code ranges (another
        // user of the trap may install its own); this installs the signal handlers.
        guard MpAbiTrapInstallSignals() != 0 else { return false }
        // The page is never mapped (a kernel address): every read faults and is served here.
        MpAbiTrapAddWindow(UnsafeRawPointer(bitPattern: sharedUserData), 4096, sharedUserDataHandler, nil)
        return true
    }()

    /// Whether the trap is installed for Windows images (installing it on first use).
    static var isInstalled: Bool { installed }

    /// Installs the handler (once per process) and registers `image`'s code and unwind data.
    static func register(_ mapping: PEMapping, name: String) {
        guard installed else { return }
        for range in mapping.executableRanges {
            MpAbiTrapAddCodeRangeWithHandler(UnsafeRawPointer(bitPattern: range.lowerBound),
                                             Int(range.upperBound - range.lowerBound), privilegedHandler)
        }
        let pdata = mapping.pdata
        // A full image table only costs the image's name in crash reports (addresses stay hex).
        _ = name.withCString { MpAbiTrapAddImage(mapping.base, mapping.size, $0, pdata.0, pdata.count) }
    }

    static func unregister(_ mapping: PEMapping) {
        guard installed else { return }
        for range in mapping.executableRanges {
            MpAbiTrapRemoveCodeRange(UnsafeRawPointer(bitPattern: range.lowerBound))
        }
        MpAbiTrapRemoveImage(mapping.base)
    }

    /// The driver whose routine runs on this thread, as the opaque context its import table holds.
    @inline(__always)
    private static func runningDriver() -> UnsafeMutableRawPointer? {
        guard let state = MpAbiHostThread(), let driver = state.pointee.Driver else { return nil }
        return UnsafeMutableRawPointer(mutating: driver)
    }

    private static let privilegedHandler: MPABI_TRAP_PRIVILEGED_HANDLER = { event in
        guard let event, let context = runningDriver() else { return 0 }
        let driver = port(context)
        let width = Int(event.pointee.Width)
        switch event.pointee.Kind {
        case MPABI_TRAP_READ_CR8:
            event.pointee.Value = UInt64(KernelModel.currentIrql(driver))
        case MPABI_TRAP_WRITE_CR8:
            let irql = KIRQL(truncatingIfNeeded: event.pointee.Value & 0xF)
            if irql >= KernelModel.currentIrql(driver) { _ = driver.raiseIrql(to: irql) } else { driver.lowerIrql(to: irql) }
        case MPABI_TRAP_PORT_IN:
            let port = UnsafeMutableRawPointer(bitPattern: UInt(event.pointee.Port & 0xFFFF))
            event.pointee.Value = access(context, port, width, io: true)
        case MPABI_TRAP_PORT_OUT:
            let port = UnsafeMutableRawPointer(bitPattern: UInt(event.pointee.Port & 0xFFFF))
            access(context, port, width, io: true, write: event.pointee.Value)
        default:
            let text = withUnsafeBytes(of: event.pointee.Text) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            let address = driver.describeCode(event.pointee.Rip)
            driver.violate(.privilegedInstruction, "\(text.isEmpty ? "a privileged instruction" : "`\(text)`") at \(address); "
                + "skipped (user space has no \(text.hasPrefix("in") || text.hasPrefix("out") ? "I/O privilege" : "ring 0"))")
            event.pointee.Value = 0
        }
        return 1
    }

    /// A device window of a `.sys`: the context is the window's start (the pointer
    /// StorPortGetDeviceBase returned), so the access goes where the port's accessor would send it.
    static let windowHandler: MPABI_TRAP_WINDOW_HANDLER = { start, offset, width, isWrite, value in
        guard let start, let value, let context = runningDriver() else { return 0 }
        let pointer = UnsafeMutableRawPointer(mutating: start) + Int(offset)
        if isWrite != 0 {
            access(context, pointer, Int(width), io: false, write: value.pointee)
        } else {
            value.pointee = access(context, pointer, Int(width), io: false)
        }
        return 1
    }

    /// KUSER_SHARED_DATA reads: the clock fields the x64 WDK's inline routines read
    /// (KeQueryInterruptTime 0x08, KeQuerySystemTime 0x14, KeQueryTickCount 0x320, as
    /// KSYSTEM_TIME {LowPart, High1Time, High2Time}; TickCountMultiplier at 0x04), on the
    /// virtual clock and with the same rules as the exported routines (dump.time-query).
    /// Other fields read as zero; writes fault (the page is read-only on Windows).
    private static let sharedUserDataHandler: MPABI_TRAP_WINDOW_HANDLER = { _, offset, width, isWrite, value in
        guard isWrite == 0, let value, let context = runningDriver() else { return 0 }
        let driver = port(context)
        var page = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))   // 32 bytes around the field read
        let fieldBase: UInt64
        let kind: ULONG?
        switch offset {
        case 0x04..<0x08: fieldBase = 0x04; kind = nil
        case 0x08..<0x14: fieldBase = 0x08; kind = ULONG(MpAbiTimeInterrupt.rawValue)
        case 0x14..<0x20: fieldBase = 0x14; kind = ULONG(MpAbiTimeSystem.rawValue)
        case 0x320..<0x32C: fieldBase = 0x320; kind = ULONG(MpAbiTimeTickCount.rawValue)
        default: value.pointee = 0; return 1
        }
        withUnsafeMutableBytes(of: &page) { bytes in
            if let kind {
                // One query reads a field three times (High1Time, LowPart, High2Time, until the
                // two high parts agree): the LowPart read stands for the query (dump.time-query).
                let reporting = offset == fieldBase
                let time = UInt64(bitPattern: driver.withCurrentEngine { driver.kernelTime(kind, reporting: reporting) })
                bytes.storeBytes(of: UInt32(truncatingIfNeeded: time), toByteOffset: 0, as: UInt32.self)
                bytes.storeBytes(of: UInt32(truncatingIfNeeded: time >> 32), toByteOffset: 4, as: UInt32.self)
                bytes.storeBytes(of: UInt32(truncatingIfNeeded: time >> 32), toByteOffset: 8, as: UInt32.self)
            } else {
                // 15.625 ms per tick as a 8.24 fixed-point multiplier (KeQueryTimeIncrement's tick).
                bytes.storeBytes(of: UInt32(0x0FA0_0000), toByteOffset: 0, as: UInt32.self)
            }
            var result: UInt64 = 0
            let start = Int(offset - fieldBase)
            for index in 0..<min(Int(width), 8) where start + index < 32 {
                result |= UInt64(bytes[start + index]) << (8 * UInt64(index))
            }
            value.pointee = result
        }
        return 1
    }
}

extension PortAdapter {
    /// Lets the code of a `.sys` dereference a device base (a PROT_NONE reservation).
    func addTrapWindow(_ base: DeviceBase) {
        MpAbiTrapAddWindow(base.cookie, base.length, WindowsTraps.windowHandler, base.cookie)
    }

    func removeTrapWindow(_ base: DeviceBase) {
        MpAbiTrapRemoveWindow(base.cookie)
    }
}

extension PortDriver {
    /// `address` as `image+0xRVA` (with the function from the image's unwind data) when it lies
    /// in the image, else in hex.
    func describeCode(_ address: UnsafeRawPointer?) -> String {
        var buffer = [CChar](repeating: 0, count: 160)
        let length = buffer.withUnsafeMutableBufferPointer { MpAbiTrapDescribeAddress(address, $0.baseAddress, $0.count) }
        if length > 0 {
            return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return "0x" + String(UInt(bitPattern: address), radix: 16)
    }
}
