import Testing
@testable import MiniportPlatform

/// A small device with one I/O BAR and one memory BAR that records accesses.
final class ProbeDevice: PCIDevice {
    var identity = PCIIdentity(vendorID: 0x1234, deviceID: 0xABCD, subsystemVendorID: 0x1111, subsystemID: 0x2222,
                               revision: 7, classCode: (0x01, 0x00, 0x00))
    let bars = [PCIBar(kind: .io, size: 0x40), PCIBar(kind: .memory32, size: 0x1000)]
    let interruptPin: UInt8 = 1
    var registers = [UInt64](repeating: 0, count: 1024)
    var log: [String] = []
    weak var function: PCIFunction?

    func attach(to function: PCIFunction) { self.function = function }

    func read(region: Int, offset: UInt64, width: Int) -> UInt64 {
        log.append("r\(region)+\(offset)/\(width)")
        return registers[Int(offset / 4)] & AddressSpace.allOnes(width)
    }

    func write(region: Int, offset: UInt64, width: Int, value: UInt64) {
        log.append("w\(region)+\(offset)/\(width)=\(value)")
        registers[Int(offset / 4)] = value
    }
}

/// ``ProbeDevice`` with function-pointer handlers that say which path an access took.
final class DirectProbeDevice: DirectDeviceIO {
    var registers = [UInt64](repeating: 0, count: 64)
    var log: [String] = []

    func read(region: Int, offset: UInt64, width: Int) -> UInt64 {
        log.append("protocol r\(region)+\(offset)/\(width)")
        return registers[Int(offset / 8)]
    }

    func write(region: Int, offset: UInt64, width: Int, value: UInt64) {
        log.append("protocol w\(region)+\(offset)/\(width)")
        registers[Int(offset / 8)] = value
    }

    var directRegisterAccess: DirectRegisterAccess {
        DirectRegisterAccess(context: Unmanaged.passUnretained(self).toOpaque(),
            read: { context, region, offset, width in
                Unmanaged<DirectProbeDevice>.fromOpaque(context)._withUnsafeGuaranteedRef {
                    $0.log.append("direct r\(region)+\(offset)/\(width)")
                    return $0.registers[Int(offset / 8)]
                }
            },
            write: { context, region, offset, width, value in
                Unmanaged<DirectProbeDevice>.fromOpaque(context)._withUnsafeGuaranteedRef {
                    $0.log.append("direct w\(region)+\(offset)/\(width)")
                    $0.registers[Int(offset / 8)] = value
                }
            })
    }
}

@Suite("PCI configuration space")
struct PCIConfigTests {
    @Test("Identity, class code, header and interrupt fields read as configured; read-only fields ignore writes")
    func identityFields() throws {
        let machine = Machine()
        let function = try machine.plug(ProbeDevice(), slot: 5)
        #expect(function.configRead(offset: 0x00, width: 2) == 0x1234)
        #expect(function.configRead(offset: 0x02, width: 2) == 0xABCD)
        #expect(function.configRead(offset: 0x00, width: 4) == 0xABCD_1234)
        #expect(function.configRead(offset: 0x08, width: 1) == 7)
        #expect(function.configRead(offset: 0x09, width: 4) == 0xFFFF_FFFF)  // misaligned dword
        #expect(function.configRead(offset: 0x08, width: 4) == 0x0100_0007)  // class 01/00/00, revision 7
        #expect(function.configRead(offset: 0x0E, width: 1) == 0)             // type-0 header
        #expect(function.configRead(offset: 0x2C, width: 2) == 0x1111)
        #expect(function.configRead(offset: 0x2E, width: 2) == 0x2222)
        #expect(function.configRead(offset: 0x3D, width: 1) == 1)             // INTA#
        #expect(function.configRead(offset: 0x3C, width: 1) == UInt32(function.interrupt!.number))
        function.configWrite(offset: 0x00, width: 4, value: 0xDEAD_BEEF)
        function.configWrite(offset: 0x3D, width: 1, value: 3)
        #expect(function.configRead(offset: 0x00, width: 4) == 0xABCD_1234)
        #expect(function.configRead(offset: 0x3D, width: 1) == 1)
        #expect(function.ignoredConfigWrites == 5)
        function.configWrite(offset: 0x3C, width: 1, value: 0x42)                 // interrupt line is RW
        #expect(function.configRead(offset: 0x3C, width: 1) == 0x42)
    }

    @Test("Firmware assigns BARs and enables I/O, memory and bus mastering")
    func firmwareSetup() throws {
        let machine = Machine()
        let function = try machine.plug(ProbeDevice(), slot: 0)
        #expect(function.command == [.ioSpace, .memorySpace, .busMaster])
        #expect(function.configRead(offset: 0x10, width: 4) & 1 == 1)          // I/O BAR type bit
        #expect(function.barAddress(0) >= 0xC000 && function.barAddress(0) % 0x40 == 0)
        #expect(function.configRead(offset: 0x14, width: 4) & 0xF == 0)         // 32-bit memory, not prefetchable
        #expect(function.barAddress(1) % 0x1000 == 0 && function.barAddress(1) >= 0xFE00_0000)
    }

    @Test("BAR size probing: all ones reads back the size mask; writing an address moves the BAR")
    func barSizing() throws {
        let machine = Machine()
        let device = ProbeDevice()
        let function = try machine.plug(device, slot: 0)
        let original = function.configRead(offset: 0x14, width: 4)
        function.configWrite(offset: 0x14, width: 4, value: 0xFFFF_FFFF)
        #expect(function.configRead(offset: 0x14, width: 4) == 0xFFFF_F000)     // 4 KiB memory BAR
        function.configWrite(offset: 0x10, width: 4, value: 0xFFFF_FFFF)
        #expect(function.configRead(offset: 0x10, width: 4) == 0xFFFF_FFC1)     // 64-byte I/O BAR, I/O bit
        function.configWrite(offset: 0x14, width: 4, value: 0xE000_0123)        // aligned down to the size
        #expect(function.barAddress(1) == 0xE000_0000)
        device.registers[2] = 0x55
        #expect(machine.memorySpace.read(0xE000_0008, width: 4) == 0x55)
        #expect(machine.memorySpace.read(UInt64(original), width: 4) == 0xFFFF_FFFF)  // old address no longer decodes
        #expect(machine.memorySpace.unclaimedAccesses == 1)
    }

    @Test("Command register: decoding follows the I/O and memory enable bits; status is write-one-to-clear")
    func commandBits() throws {
        let machine = Machine()
        let device = ProbeDevice()
        let function = try machine.plug(device, slot: 0)
        device.registers[0] = 0xAB
        #expect(machine.ioSpace.read(function.barAddress(0), width: 1) == 0xAB)
        function.configWrite(offset: 0x04, width: 2, value: UInt32(PCICommand.memorySpace.rawValue))
        #expect(machine.ioSpace.read(function.barAddress(0), width: 1) == 0xFF)       // I/O decoding off
        #expect(machine.memorySpace.read(function.barAddress(1), width: 4) == 0xAB)
        #expect(!function.busMasterEnabled)
        function.configWrite(offset: 0x04, width: 2, value: 0xFFFF)                    // only defined bits stick
        #expect(function.command == [.ioSpace, .memorySpace, .busMaster, .interruptDisable])
        #expect(function.configRead(offset: 0x04, width: 2) == 0x0407)
    }

    @Test("Plugging errors are reported, not crashes")
    func plugErrors() throws {
        let machine = Machine()
        try machine.plug(ProbeDevice(), slot: 1)
        #expect(throws: Machine.PlugError.slotOccupied(bus: 0, slot: 1)) { try machine.plug(ProbeDevice(), slot: 1) }
        #expect(throws: Machine.PlugError.slotOutOfRange(32)) { try machine.plug(ProbeDevice(), slot: 32) }
        #expect(throws: Machine.PlugError.noSuchBus(1)) { try machine.plug(ProbeDevice(), bus: 1, slot: 0) }
    }

    @Test("An empty slot reads vendor ID 0xFFFF through the bus")
    func emptySlot() throws {
        let machine = Machine()
        var bytes = [UInt8](repeating: 0, count: 4)
        let count = bytes.withUnsafeMutableBytes { machine.buses[0].configRead(slot: 9, offset: 0, into: $0) }
        #expect(count == 2 && bytes == [0xFF, 0xFF, 0xFF, 0xFF])
    }
}

@Suite("Address spaces, device I/O and interrupts")
struct AddressSpaceTests {
    @Test("Accesses reach the owning device by range, with region and offset; widths 1, 2, 4 and 8")
    func dispatch() throws {
        let machine = Machine()
        let device = ProbeDevice()
        let function = try machine.plug(device, slot: 0)
        machine.ioSpace.write(function.barAddress(0) + 4, width: 2, value: 0x1_BEEF)
        machine.memorySpace.write(function.barAddress(1) + 8, width: 8, value: 0x0102_0304_0506_0708)
        #expect(device.log == ["w0+4/2=48879", "w1+8/8=72623859790382856"])
        #expect(machine.memorySpace.read(function.barAddress(1) + 8, width: 1) == 0x08)
        #expect(machine.memorySpace.read(function.barAddress(1) + 0xFFE, width: 4) == 0xFFFF_FFFF)  // crosses the end
        #expect(machine.memorySpace.read(function.barAddress(1), width: 3) == 0xFF_FFFF)           // bad width
        #expect(machine.memorySpace.unclaimedAccesses == 2)
    }

    @Test("A mapped device stays alive while any of its ranges is mapped, and is released with the last")
    func mappedDevicesStayAlive() throws {
        let space = AddressSpace(kind: .memory)
        weak var released: ProbeDevice?
        do {
            let device = ProbeDevice()
            released = device
            device.registers[1] = 0x1234
            try space.map(base: 0x1000, length: 0x100, device: device, region: 1)
            try space.map(base: 0x2000, length: 0x100, device: device, region: 1)
        }
        #expect(released != nil, "the address space holds the device")
        #expect(space.read(0x1004, width: 4) == 0x1234)
        space.unmap(base: 0x1000)
        #expect(released != nil, "still mapped at 0x2000")
        #expect(space.read(0x2004, width: 4) == 0x1234)
        #expect(space.read(0x1004, width: 4) == 0xFFFF_FFFF)
        space.unmap(base: 0x2000)
        #expect(released == nil, "the last range is gone")
        #expect(space.read(0x2004, width: 4) == 0xFFFF_FFFF)
    }

    @Test("Buffer forms: port buffers repeat one address, register buffers walk addresses")
    func bufferForms() throws {
        let machine = Machine()
        let device = ProbeDevice()
        let function = try machine.plug(device, slot: 0)
        device.registers[0] = 7
        device.registers[1] = 9
        var words = [UInt32](repeating: 0, count: 2)
        words.withUnsafeMutableBytes {
            machine.ioSpace.readBuffer(function.barAddress(0), width: 4, count: 2, into: $0.baseAddress!, advancing: false)
        }
        #expect(words == [7, 7])
        words.withUnsafeMutableBytes {
            machine.memorySpace.readBuffer(function.barAddress(1), width: 4, count: 2, into: $0.baseAddress!, advancing: true)
        }
        #expect(words == [7, 9])
        let source: [UInt16] = [0x11, 0x22, 0x33]
        source.withUnsafeBytes {
            machine.memorySpace.writeBuffer(function.barAddress(1) + 16, width: 2, count: 3, from: $0.baseAddress!, advancing: true)
        }
        #expect(device.log.suffix(3) == ["w1+16/2=17", "w1+18/2=34", "w1+20/2=51"])
    }

    @Test("A DirectDeviceIO device is called through its function pointers, with the same region, offset, width and masking")
    func directHandlers() throws {
        let space = AddressSpace(kind: .memory)
        let device = DirectProbeDevice()
        try space.map(base: 0x4000, length: 0x200, device: device, region: 2)
        space.write(0x4010, width: 2, value: 0x1_2345)
        #expect(device.registers[2] == 0x2345, "the value is masked to the width before the device sees it")
        device.registers[3] = 0xAABB_CCDD_EEFF_0011
        #expect(space.read(0x4018, width: 4) == 0xEEFF_0011)
        #expect(space.read(0x4200, width: 4) == 0xFFFF_FFFF, "past the range: unclaimed")
        #expect(device.log == ["direct w2+16/2", "direct r2+24/4"])
        // A plain DeviceIO device goes through the protocol.
        let plain = ProbeDevice()
        try space.map(base: 0x8000, length: 0x100, device: plain, region: 1)
        space.write(0x8004, width: 4, value: 5)
        #expect(plain.log == ["w1+4/4=5"])
    }

    @Test("Windows: resolved once, valid until the space changes, bounded by their range")
    func windows() throws {
        let space = AddressSpace(kind: .memory)
        let device = DirectProbeDevice()
        try space.map(base: 0x4000, length: 0x100, device: device, region: 0)
        let generation = space.generation
        let window = try #require(space.window(at: 0x4040))
        #expect(window.offset == 0x40 && window.length == 0xC0 && window.generation == generation)
        #expect(space.window(at: 0x3FFF) == nil && space.window(at: 0x4100) == nil)
        device.registers[9] = 77
        #expect(space.read(window, at: 8, width: 8) == 77, "window offset 8 is region offset 0x48")
        space.write(window, at: 16, width: 1, value: 0x1FF)
        #expect(device.registers[10] == 0xFF)
        #expect(space.read(window, at: 0, width: 3) == 0xFF_FFFF, "a bad width is refused as on the searching path")
        #expect(space.unclaimedAccesses == 1)
        try space.map(base: 0x9000, length: 0x10, device: ProbeDevice(), region: 1)
        #expect(space.generation != generation, "mapping changes the generation")
        let afterMap = space.generation
        space.unmap(base: 0x9000)
        #expect(space.generation != afterMap, "so does unmapping")
        let afterUnmap = space.generation
        space.unmapAll(of: device)
        #expect(space.generation != afterUnmap && space.window(at: 0x4040) == nil)
    }

    @Test("Overlapping ranges are refused")
    func overlap() throws {
        let space = AddressSpace(kind: .memory)
        let device = ProbeDevice()
        try space.map(base: 0x1000, length: 0x100, device: device, region: 0)
        #expect(throws: AddressSpace.MapError.overlaps(base: 0x10F0, length: 0x20)) {
            try space.map(base: 0x10F0, length: 0x20, device: device, region: 1)
        }
        #expect(throws: AddressSpace.MapError.empty) { try space.map(base: 0, length: 0, device: device, region: 0) }
    }

    @Test("A level-triggered line reports rising edges and can be polled")
    func interruptLine() {
        let line = InterruptLine(number: 16)
        var told = 0
        line.onAssert = { told += 1 }
        line.drive(true)
        line.drive(true)      // still asserted: no new edge
        #expect(line.isAsserted && told == 1 && line.assertions == 1)
        line.drive(false)
        #expect(!line.isAsserted)
        line.drive(true)
        #expect(told == 2)
    }
}

@Suite("Physical address map and DMA checking")
struct PhysicalMemoryTests {
    @Test("DMA regions resolve inside, and refuse anything crossing their end")
    func regions() throws {
        let memory = PhysicalMemory()
        let region = try #require(memory.allocateDMA(length: 8192, label: "uncached extension"))
        #expect(region.physicalAddress % 4096 == 0)
        #expect(memory.resolve(region.physicalAddress + 100, length: 16, access: .write) == region.hostAddress + 100)
        #expect(memory.resolve(region.physicalAddress + 8190, length: 4, access: .read) == nil)
        #expect(memory.resolve(region.physicalAddress - 1, length: 2, access: .read) == nil)
        #expect(memory.violationCount == 2)
        #expect(memory.violations.first?.reason == "outside every DMA region and mapping")
        #expect(memory.store(UInt32(0xCAFE), at: region.physicalAddress + 8))
        #expect(memory.load(UInt32.self, at: region.physicalAddress + 8) == 0xCAFE)
        memory.freeDMA(region)
        #expect(memory.resolve(region.physicalAddress, length: 1, access: .read) == nil)
        #expect(memory.violationCount == 3)
    }

    @Test("Mappings lend host buffers: bounds, read-only, revocation and reuse are enforced")
    func mappings() throws {
        let memory = PhysicalMemory(mappingSlots: 2)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 512, alignment: 16)
        defer { buffer.deallocate() }
        var reported: [PhysicalMemory.Violation] = []
        memory.onViolation = { reported.append($0) }
        let readOnly = try #require(memory.map(buffer, writable: false))
        #expect(memory.resolve(readOnly.physicalAddress + 10, length: 10, access: .read) == buffer.baseAddress! + 10)
        #expect(memory.resolve(readOnly.physicalAddress, length: 1, access: .write) == nil)     // device may not write
        #expect(memory.resolve(readOnly.physicalAddress + 500, length: 13, access: .read) == nil) // past the buffer
        #expect(memory.physicalAddress(of: buffer.baseAddress! + 5)?.address == readOnly.physicalAddress + 5)
        let second = try #require(memory.map(buffer, writable: true))
        #expect(memory.map(buffer, writable: true) == nil)                                       // slots exhausted
        memory.unmap(readOnly)
        #expect(memory.resolve(readOnly.physicalAddress, length: 1, access: .read) == nil)      // revoked
        let third = try #require(memory.map(buffer, writable: true))
        memory.unmap(readOnly)                                                                  // stale handle: no effect
        #expect(memory.resolve(third.physicalAddress, length: 512, access: .write) != nil)
        #expect(memory.activeMappings == 2)
        memory.unmap(second)
        #expect(reported.count == 3 && memory.violationCount == 3)
    }

    @Test("Freed mapping slots are reused oldest first: a stale address hits an inactive slot, not the next buffer")
    func mappingReuseOrder() throws {
        let memory = PhysicalMemory(mappingSlots: 4)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 512, alignment: 16)
        defer { buffer.deallocate() }
        var seen: [UInt64] = []
        for _ in 0..<6 {
            let mapping = try #require(memory.map(buffer, writable: true))
            seen.append(mapping.physicalAddress)
            memory.unmap(mapping)
            // The request ended; its address must not resolve to whatever is mapped next.
            let next = try #require(memory.map(buffer, writable: true))
            #expect(next.physicalAddress != mapping.physicalAddress)
            #expect(memory.translate(mapping.physicalAddress, length: 1, access: .read) == nil)
            seen.append(next.physicalAddress)
            memory.unmap(next)
        }
        #expect(Set(seen.prefix(4)).count == 4, "every slot is used before one is reused")
        #expect(seen[4] == seen[0])
        #expect(memory.activeMappings == 0)
    }

    @Test("Hostile addresses (overflow, huge lengths, far slots) are refused without a crash")
    func hostile() {
        let memory = PhysicalMemory()
        #expect(memory.resolve(.max - 2, length: 16, access: .read) == nil)
        #expect(memory.resolve(0, length: Int.max, access: .read) == nil)
        #expect(memory.resolve(memory.mappingBase + memory.mappingWindow * 5000, length: 1, access: .read) == nil)
        #expect(memory.resolve(0x10, length: -1, access: .read) == nil)
        #expect(memory.violationCount == 4)
    }
}

@Suite("Virtual clock")
struct VirtualClockTests {
    @Test("Timers fire in deadline order at their own deadlines; equal deadlines keep scheduling order")
    func ordering() {
        let clock = VirtualClock()
        var fired: [(String, UInt64)] = []
        clock.schedule(after: 300) { fired.append(("c", clock.now)) }
        clock.schedule(after: 100) { fired.append(("a", clock.now)) }
        clock.schedule(after: 100) { fired.append(("b", clock.now)) }
        clock.advance(by: 250)
        #expect(fired.map(\.0) == ["a", "b"] && fired.map(\.1) == [100, 100])
        #expect(clock.now == 250)
        clock.advance(by: 1_000)
        #expect(fired.map(\.0) == ["a", "b", "c"] && fired[2].1 == 300 && clock.now == 1_250)
    }

    @Test("Cancelled timers never fire; a timer may schedule another inside the window")
    func cancelAndChain() {
        let clock = VirtualClock()
        var log: [String] = []
        let id = clock.schedule(after: 10) { log.append("cancelled") }
        #expect(clock.cancel(id))
        #expect(!clock.cancel(id))
        clock.schedule(after: 5) {
            log.append("first")
            clock.schedule(after: 5) { log.append("second at \(clock.now)") }
        }
        clock.advance(by: 20)
        #expect(log == ["first", "second at 10"])
        #expect(clock.pendingTimers == 0 && !clock.advanceToNextDeadline())
    }

    @Test("A ten-second timeout takes no real time")
    func longTimeout() {
        let clock = VirtualClock()
        var expired = false
        clock.schedule(after: 10_000_000_000) { expired = true }
        #expect(clock.advanceToNextDeadline() && expired && clock.now == 10_000_000_000)
    }
}

/// The line keeps its handler in a box it retains itself (no reference counting per edge):
/// replacing or clearing the handler, or dropping the line, lets the old one go.
@Suite("Interrupt line handler")
struct InterruptLineHandlerTests {
    final class Witness {}

    @Test("A replaced, cleared or dropped handler is released; the current one is called and read back")
    func handlerLifetime() {
        let line = InterruptLine(number: 9)
        weak var first: Witness?
        var calls: [Int] = []
        do {
            let witness = Witness()
            first = witness
            line.onAssert = { [witness] in _ = witness; calls.append(1) }
        }
        #expect(first != nil)
        line.drive(true)
        line.drive(false)
        line.onAssert = { calls.append(2) }
        #expect(first == nil)
        #expect(line.onAssert != nil)
        line.onAssert?()
        line.drive(true)
        #expect(calls == [1, 2, 2])
        line.onAssert = nil
        #expect(line.onAssert == nil)
        line.drive(false)
        line.drive(true)   // no handler: nothing called
        #expect(calls == [1, 2, 2])

        // Replaced from inside its own call: it stays alive until the call returns.
        weak var running: Witness?
        var aliveAfterReplacing: Bool?
        do {
            let witness = Witness()
            running = witness
            line.onAssert = { [witness] in
                line.onAssert = nil
                aliveAfterReplacing = running != nil
                _ = witness
            }
        }
        line.drive(false)
        line.drive(true)
        #expect(aliveAfterReplacing == true)
        #expect(running == nil)
        #expect(line.onAssert == nil)

        weak var last: Witness?
        do {
            let other = InterruptLine(number: 10)
            let witness = Witness()
            last = witness
            other.onAssert = { [witness] in _ = witness }
        }
        #expect(last == nil)
    }
}
