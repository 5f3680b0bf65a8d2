import Testing
@testable import MiniportPlatform

/// A device with two vendor capabilities (one with a writable byte and a live field) and
/// MSI-X in a dedicated BAR.
final class CapableDevice: PCIDevice {
    let identity = PCIIdentity(vendorID: 0x1AF4, deviceID: 0x1042, subsystemVendorID: 0x1AF4, subsystemID: 0x0002)
    let bars = [PCIBar(kind: .memory32, size: 0x1000), PCIBar(kind: .memory32, size: 0x1000)]
    let interruptPin: UInt8 = 1
    let capabilities = [PCICapability(id: 0x09, body: [14, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
                        PCICapability(id: 0x09, body: [6, 2, 0xAA, 0], writableMask: [0, 0, 0x0F, 0])]
    var msix: PCIMSIXLayout? = PCIMSIXLayout(vectors: 3, bar: 1)
    var deviceAccesses: [Int] = []
    var written: [(Int, UInt32)] = []
    var live: UInt32 = 0x55

    func attach(to function: PCIFunction) {}
    func read(region: Int, offset: UInt64, width: Int) -> UInt64 {
        deviceAccesses.append(region)
        return 0
    }
    func write(region: Int, offset: UInt64, width: Int, value: UInt64) { deviceAccesses.append(region) }
    func configRead(offset: Int, width: Int, value: UInt32) -> UInt32 {
        offset == 0x54 && width == 1 ? live : value      // byte 5 of the second capability is live
    }
    func configWritten(offset: Int, width: Int, value: UInt32) { written.append((offset, value)) }
}

@Suite("PCI capabilities and MSI-X")
struct CapabilityTests {
    @Test("Capabilities are laid out from 0x40, linked from 0x34, status bit 4 set, MSI-X last")
    func layout() throws {
        let machine = Machine()
        let device = CapableDevice()
        let function = try machine.plug(device, slot: 2)
        #expect(function.configRead(offset: 0x06, width: 2) & 0x10 != 0)
        var chain: [(offset: Int, id: UInt32)] = []
        var next = Int(function.configRead(offset: 0x34, width: 1))
        while next != 0, chain.count < 8 {
            chain.append((next, function.configRead(offset: next, width: 1)))
            next = Int(function.configRead(offset: next + 1, width: 1))
        }
        #expect(chain.map(\.offset) == [0x40, 0x50, 0x58])
        #expect(chain.map(\.id) == [0x09, 0x09, 0x11])
        #expect(function.capabilityOffset(0) == 0x40 && function.capabilityOffset(1) == 0x50 && function.capabilityOffset(2) == nil)
        #expect(function.msixCapabilityOffset == 0x58)
        // MSI-X: table size - 1 = 2, table at BAR 1 offset 0, PBA at BAR 1 offset 0x800.
        #expect(function.configRead(offset: 0x5A, width: 2) == 2)
        #expect(function.configRead(offset: 0x5C, width: 4) == 1)
        #expect(function.configRead(offset: 0x60, width: 4) == 0x801)
        // A writable mask, a read-only byte, a live field, and the device hears writes.
        function.configWrite(offset: 0x54, width: 1, value: 0xFF)
        #expect(device.written.last?.0 == 0x54)
        #expect(function.configRead(offset: 0x44, width: 1) == 0)
        function.configWrite(offset: 0x44, width: 1, value: 0xFF)
        #expect(function.configRead(offset: 0x44, width: 1) == 0)
        #expect(function.configRead(offset: 0x54, width: 1) == 0x55)
        var bytes = [UInt8](repeating: 0, count: 4)
        _ = bytes.withUnsafeMutableBytes { function.configRead(offset: 0x52, into: $0) }
        #expect(bytes == [6, 2, 0x55, 0])
    }

    @Test("The MSI-X BAR reaches the table, never the device; messages follow enable, masks and the PBA")
    func messages() throws {
        let machine = Machine()
        let device = CapableDevice()
        let function = try machine.plug(device, slot: 2)
        var sent: [(Int, UInt64, UInt32)] = []
        function.onMessage = { sent.append(($0, $1, $2)) }
        let table = function.barAddress(1)
        // Disabled: nothing is sent, nothing is pending.
        function.signalMSIX(vector: 0)
        #expect(sent.isEmpty && function.msixEntry(0)?.pending == false)
        // Program entry 1 through the BAR, enable through config space: entries start masked.
        machine.memorySpace.write(table + 16, width: 4, value: 0xFEE0_0000)
        machine.memorySpace.write(table + 24, width: 4, value: 0x41)
        function.configWrite(offset: 0x5A, width: 2, value: 0x8000)
        #expect(function.msixEnabled)
        function.signalMSIX(vector: 1)
        #expect(sent.isEmpty && function.msixEntry(1)?.pending == true)
        #expect(machine.memorySpace.read(table + 0x800, width: 4) == 0b10)     // PBA bit 1
        machine.memorySpace.write(table + 28, width: 4, value: 0)               // unmask: the pending message goes
        #expect(sent.count == 1 && sent[0].0 == 1 && sent[0].1 == 0xFEE0_0000 && sent[0].2 == 0x41)
        #expect(machine.memorySpace.read(table + 0x800, width: 4) == 0)
        // Function mask holds it; clearing the mask delivers.
        function.configWrite(offset: 0x5A, width: 2, value: 0xC000)
        function.signalMSIX(vector: 1)
        #expect(sent.count == 1)
        function.configWrite(offset: 0x5A, width: 2, value: 0x8000)
        #expect(sent.count == 2)
        // Out-of-range vectors and accesses past the table are ignored; the device saw none of it.
        function.signalMSIX(vector: 9)
        machine.memorySpace.write(table + 0x900, width: 4, value: 1)
        #expect(machine.memorySpace.read(table + 0x900, width: 4) == 0)
        #expect(sent.count == 2 && device.deviceAccesses.isEmpty)
        // The platform's own programming (what the port does before the driver starts).
        function.configureMSIX(enable: true, data: { UInt32(0x10 + $0) })
        function.signalMSIX(vector: 2)
        #expect(sent.last?.2 == 0x12)
        function.configureMSIX(enable: false)
        #expect(!function.msixEnabled && function.msixEntry(2)?.masked == true)
    }

    @Test("A bad MSI-X layout or too many capabilities are refused at plug time")
    func refusedLayouts() {
        let machine = Machine()
        let device = CapableDevice()
        device.msix = PCIMSIXLayout(vectors: 200, bar: 1)   // 3200-byte table runs into the PBA at 0x800
        #expect(throws: Machine.PlugError.self) { try machine.plug(device, slot: 1) }
        let other = CapableDevice()
        other.msix = PCIMSIXLayout(vectors: 2, bar: 5)
        #expect(throws: Machine.PlugError.self) { try machine.plug(other, slot: 1) }
    }

    @Test("DMA needs bus mastering; protocol violations are kept and handed to the hook")
    func dmaAndReports() throws {
        let machine = Machine()
        let function = try machine.plug(CapableDevice(), slot: 2)
        let region = try #require(machine.memory.allocateDMA(length: 4096, label: "test"))
        #expect(function.dma(region.physicalAddress, length: 64, access: .write) == region.hostAddress)
        function.configWrite(offset: 0x04, width: 2, value: 0x0002)               // bus master off
        #expect(function.dma(region.physicalAddress, length: 64, access: .write) == nil)
        #expect(machine.memory.violations.last?.reason.contains("bus mastering") == true)
        var heard: [String] = []
        function.onProtocolViolation = { heard.append($0) }
        function.reportProtocolViolation("descriptor loop at 3")
        #expect(heard == ["descriptor loop at 3"] && function.protocolViolations == heard && function.protocolViolationCount == 1)
    }
}
