#if canImport(Glibc)
import Glibc
#endif

/// An emulated machine: PCI buses, I/O and memory address spaces, interrupt lines, physical
/// memory and a virtual clock. Plugging a device in plays the firmware's part: BARs get
/// addresses, the interrupt line is routed, and I/O, memory and bus-master decoding are enabled.
///
/// Not thread-safe: one context drives a machine at a time (ports serialize access).
public final class Machine {
    /// Why plugging a device into the machine failed.
    public enum PlugError: Error, Equatable, CustomStringConvertible {
        /// The machine has no PCI bus with this number.
        case noSuchBus(Int)
        /// The slot number is outside 0...31.
        case slotOutOfRange(Int)
        /// The slot on the bus already holds a function.
        case slotOccupied(bus: Int, slot: Int)
        /// The device declares more than the six BARs of a type-0 function.
        case tooManyBars(Int)
        /// No addresses are left in the I/O or memory space for the device's BARs.
        case addressSpaceExhausted
        /// The device's capabilities (this many bytes) do not fit in configuration space after 0x40.
        case capabilitiesTooLarge(Int)
        /// The device's MSI-X layout is invalid, for the reason given.
        case badMSIX(String)

        public var description: String {
            switch self {
            case .noSuchBus(let bus): return "PCI bus \(bus) does not exist"
            case .slotOutOfRange(let slot): return "PCI slot \(slot) is outside 0...31"
            case .slotOccupied(let bus, let slot): return "PCI bus \(bus) slot \(slot) is already occupied"
            case .tooManyBars(let count): return "a type-0 function has at most 6 BARs, not \(count)"
            case .addressSpaceExhausted: return "no room left to assign the device's BARs"
            case .capabilitiesTooLarge(let bytes):
                return "the device's capabilities need \(bytes) bytes; configuration space has 192 from 0x40"
            case .badMSIX(let reason): return "MSI-X layout: \(reason)"
            }
        }
    }

    /// The virtual clock timers and delays run on.
    public let clock: VirtualClock
    /// Device work in flight on threads of the devices' own, over every function.
    private let deviceWork = DeviceWorkCounter()
    /// The physical address map through which devices reach memory.
    public let memory: PhysicalMemory
    /// The I/O-port address space where I/O BARs are decoded.
    public let ioSpace = AddressSpace(kind: .io)
    /// The memory address space where memory BARs are decoded.
    public let memorySpace = AddressSpace(kind: .memory)
    /// The machine's PCI buses; bus `n` is `buses[n]`.
    public let buses: [PCIBus]
    /// Virtual processors (1...``processorLimit``), all in group 0 and node 0: what the
    /// processor queries report and what StorPort's concurrent channels and an adapter's
    /// messages spread over (Processors.swift).
    public let processors: Int
    /// The interrupt lines routed so far, one per plugged function with an interrupt pin.
    public private(set) var interruptLines: [InterruptLine] = []

    private var nextIOAddress: UInt64 = 0xC000
    private var nextMemoryAddress: UInt64 = 0xFE00_0000
    private var nextInterrupt: UInt8 = 16

    deinit {
        // No device thread may outlive the memory, the clock and the functions it reaches.
        for bus in buses {
            for function in bus.functions.values { function.work.stopWorkers() }
        }
    }

    /// Device work started on threads of the devices' own (``DeviceWorker``) and not finished,
    /// over every function of the machine.
    public var asynchronousWork: Int { deviceWork.count.load(ordering: .acquiring) }

    /// Before virtual time moves (a stall, a timer): waits in real time, up to `limit`
    /// nanoseconds, until no device works on a thread of its own or, while another thread keeps
    /// them busy, until one of them has finished a round; then runs what the devices posted to
    /// the clock. On real hardware the device works while the CPU waits; here the CPU's wait
    /// takes no real time, so it waits for the device instead. Returns false when the devices
    /// made no progress within the limit. Nothing to wait for costs one atomic load.
    @discardableResult
    public func settleDevices(limit: UInt64 = 2_000_000_000) -> Bool {
        guard waitForDevices(limit: limit) else { return false }
        if clock.hasPostedEvents { clock.runPostedEvents() }
        return true
    }

    /// Waits in real time, up to `limit` nanoseconds, until no device works on a thread of its
    /// own (however many rounds that takes), then runs what they posted: the machine at rest,
    /// for a test or a scenario that changes a device's state (its faults) next. False when a
    /// device was still working at the limit.
    @discardableResult
    public func quiesceDevices(limit: UInt64 = 2_000_000_000) -> Bool {
        let start = DeviceWorker.monotonic()
        while deviceWork.count.load(ordering: .acquiring) != 0 {
            if DeviceWorker.monotonic() &- start > limit { return false }
            sched_yield()
        }
        if clock.hasPostedEvents { clock.runPostedEvents() }
        return true
    }

    /// The waiting half of ``settleDevices(limit:)``: returns when no device works on a thread
    /// of its own or one has finished a round (true), or after `limit` nanoseconds without
    /// either (false). Runs nothing: for a thread that must not run the posted events yet
    /// (it runs them once it holds what they need).
    public func waitForDevices(limit: UInt64 = 2_000_000_000) -> Bool {
        if deviceWork.count.load(ordering: .acquiring) != 0 {
            let seen = deviceWork.ended.load(ordering: .acquiring)
            let start = DeviceWorker.monotonic()
            var polls = 0
            while deviceWork.count.load(ordering: .acquiring) != 0, deviceWork.ended.load(ordering: .acquiring) == seen {
                polls += 1
                if polls & 63 == 0 {
                    if DeviceWorker.monotonic() &- start > limit { return false }
                    sched_yield()
                }
            }
        }
        return true
    }

    /// A machine with `pciBuses` empty PCI buses (1...256) and `processors` virtual processors
    /// (1...64) over `memory` and `clock`.
    public init(pciBuses: Int = 1, processors: Int = 1, memory: PhysicalMemory = PhysicalMemory(),
                clock: VirtualClock = VirtualClock()) {
        precondition(pciBuses >= 1 && pciBuses <= 256)
        precondition(processors >= 1 && processors <= Self.processorLimit)
        self.processors = processors
        self.memory = memory
        self.clock = clock
        memory.eventClock = clock
        self.buses = (0..<pciBuses).map { PCIBus(number: $0) }
    }

    /// Plugs `device` into `slot` of `bus` and configures it as firmware would.
    @discardableResult
    public func plug(_ device: PCIDevice, bus: Int = 0, slot: Int) throws(PlugError) -> PCIFunction {
        guard bus >= 0, bus < buses.count else { throw .noSuchBus(bus) }
        guard slot >= 0, slot < 32 else { throw .slotOutOfRange(slot) }
        guard buses[bus].function(slot: slot) == nil else { throw .slotOccupied(bus: bus, slot: slot) }
        guard device.bars.count <= 6 else { throw .tooManyBars(device.bars.count) }
        let capabilityBytes = PCIFunction.capabilityBytes(of: device)
        guard capabilityBytes <= 256 - PCIFunction.capabilityBase else { throw .capabilitiesTooLarge(capabilityBytes) }
        if let msix = device.msix {
            guard msix.bar >= 0, msix.bar < device.bars.count, device.bars[msix.bar].kind == .memory32 else {
                throw .badMSIX("BAR \(msix.bar) is not one of the device's memory BARs")
            }
            let size = device.bars[msix.bar].size
            let table = msix.tableOffset..<(msix.tableOffset + msix.tableBytes)
            let pba = msix.pbaOffset..<(msix.pbaOffset + msix.pbaBytes)
            guard table.upperBound <= size, pba.upperBound <= size, !table.overlaps(pba) else {
                throw .badMSIX("the table (\(msix.vectors) entries at 0x\(String(msix.tableOffset, radix: 16))) and the PBA "
                    + "(at 0x\(String(msix.pbaOffset, radix: 16))) must fit BAR \(msix.bar) (\(size) bytes) without overlapping")
            }
        }

        var line: InterruptLine?
        if device.interruptPin != 0 {
            let interrupt = InterruptLine(number: nextInterrupt)
            nextInterrupt = nextInterrupt == 255 ? 16 : nextInterrupt + 1
            interruptLines.append(interrupt)
            line = interrupt
        }
        let function = PCIFunction(bus: bus, slot: slot, function: 0, device: device, interrupt: line,
                                   ioSpace: ioSpace, memorySpace: memorySpace, memory: memory, clock: clock, machineWork: deviceWork)
        for (index, bar) in device.bars.enumerated() {
            let size = UInt64(bar.size)
            switch bar.kind {
            case .io:
                let base = (nextIOAddress + size - 1) & ~(size - 1)
                guard base + size <= 0x1_0000 else { throw .addressSpaceExhausted }
                function.assignBAR(index, base: UInt32(base))
                nextIOAddress = base + size
            case .memory32:
                let base = (nextMemoryAddress + size - 1) & ~(size - 1)
                guard base + size <= 0xFFF0_0000 else { throw .addressSpaceExhausted }
                function.assignBAR(index, base: UInt32(base))
                nextMemoryAddress = base + size
            }
        }
        buses[bus].insert(function)
        function.setCommand([.ioSpace, .memorySpace, .busMaster])
        device.attach(to: function)
        return function
    }

    /// Every plugged function, by bus then slot.
    public var functions: [PCIFunction] {
        buses.flatMap { bus in bus.functions.keys.sorted().compactMap { bus.function(slot: $0) } }
    }
}
