/// One entry of a function's PCI capability list, as a device declares it.
///
/// The function lays the device's capabilities out in configuration space from offset 0x40, in
/// array order, each at a 4-byte boundary, links them from the capabilities pointer (0x34) and
/// sets status bit 4 (capabilities list). ``PCIFunction/capabilityOffset(_:)`` tells where each
/// one landed.
public struct PCICapability: Sendable, Equatable {
    /// The capability ID (0x09 vendor-specific, 0x10 PCI Express, 0x11 MSI-X, ...).
    public var id: UInt8
    /// The bytes after the two-byte header (ID, next pointer).
    public var body: [UInt8]
    /// Per byte of `body`, the bits a configuration write may change (nil: read-only).
    public var writableMask: [UInt8]?

    /// A capability with ID `id` and `body`; `writableMask`, one byte per body byte, marks the
    /// bits configuration writes may change (nil: all read-only).
    public init(id: UInt8, body: [UInt8], writableMask: [UInt8]? = nil) {
        precondition(writableMask == nil || writableMask!.count == body.count, "one mask byte per body byte")
        self.id = id
        self.body = body
        self.writableMask = writableMask
    }

    /// Size in configuration space, header included.
    public var size: Int { 2 + body.count }
}

/// Where a device's MSI-X table and pending-bit array (PBA) live.
///
/// The BAR `bar` is dedicated to them: the function maps it to its own table, so the device
/// never sees accesses to it (and need not decode them). The function appends the MSI-X
/// capability (ID 0x11) after the device's own capabilities.
public struct PCIMSIXLayout: Sendable, Equatable {
    /// Table entries (1...2048).
    public var vectors: Int
    /// The BAR index holding the table and the PBA (a memory BAR the device declares).
    public var bar: Int
    /// Offset of the table in the BAR (8-byte aligned).
    public var tableOffset: UInt32
    /// Offset of the PBA in the BAR (8-byte aligned).
    public var pbaOffset: UInt32

    /// A layout of `vectors` table entries in BAR `bar`, with the table and the PBA at the given
    /// offsets (8-byte aligned).
    public init(vectors: Int, bar: Int, tableOffset: UInt32 = 0, pbaOffset: UInt32 = 0x800) {
        precondition((1...2048).contains(vectors), "MSI-X has 1...2048 vectors")
        precondition(tableOffset % 8 == 0 && pbaOffset % 8 == 0, "MSI-X table and PBA offsets are 8-byte aligned")
        self.vectors = vectors
        self.bar = bar
        self.tableOffset = tableOffset
        self.pbaOffset = pbaOffset
    }

    var tableBytes: UInt32 { UInt32(vectors) * 16 }
    var pbaBytes: UInt32 { UInt32((vectors + 63) / 64) * 8 }
}

/// Offsets inside the MSI-X capability and bits of its message control word.
public enum PCIMSIX {
    /// The MSI-X capability ID.
    public static let capabilityID: UInt8 = 0x11
    /// Message control: table size − 1 in bits 0–10, function mask bit 14, enable bit 15.
    public static let messageControl = 2
    /// Offset of the Table Offset/BIR dword: the table's offset in bits 31...3, its BAR index
    /// (BIR) in bits 2...0.
    public static let tableOffsetBIR = 4
    /// Offset of the PBA Offset/BIR dword: the PBA's offset in bits 31...3, its BAR index (BIR)
    /// in bits 2...0.
    public static let pbaOffsetBIR = 8
    /// Message control bit 15: MSI-X is enabled.
    public static let enable: UInt16 = 1 << 15
    /// Message control bit 14: every vector is masked (function mask).
    public static let functionMask: UInt16 = 1 << 14
    /// Vector control bit 0 of a table entry: the vector is masked.
    public static let vectorMasked: UInt32 = 1
    /// What a masked or unprogrammed message is: the table's reset state masks every vector.
    static let capabilitySize = 12
}

/// A function's MSI-X table and PBA: the memory-mapped structure of the dedicated BAR.
///
/// Entries are 16 bytes (message address low and high, message data, vector control); every
/// vector starts masked, as the specification requires. Reads and writes of 4 or 8 bytes
/// inside the table are honoured; the PBA is read-only; anything else reads as zero and is
/// dropped.
final class MSIXTable: DeviceIO {
    let layout: PCIMSIXLayout
    @exclusivity(unchecked) private var entries: [UInt32]
    @exclusivity(unchecked) private var pending: [UInt64]
    /// Called when a vector is unmasked with its pending bit set.
    @exclusivity(unchecked) var onUnmask: ((Int) -> Void)?

    init(layout: PCIMSIXLayout) {
        self.layout = layout
        entries = Array(repeating: 0, count: layout.vectors * 4)
        for vector in 0..<layout.vectors { entries[vector * 4 + 3] = PCIMSIX.vectorMasked }
        pending = Array(repeating: 0, count: (layout.vectors + 63) / 64)
    }

    func address(_ vector: Int) -> UInt64 { UInt64(entries[vector * 4]) | UInt64(entries[vector * 4 + 1]) << 32 }
    func data(_ vector: Int) -> UInt32 { entries[vector * 4 + 2] }
    func isMasked(_ vector: Int) -> Bool { entries[vector * 4 + 3] & PCIMSIX.vectorMasked != 0 }
    func isPending(_ vector: Int) -> Bool { pending[vector / 64] & (1 << UInt64(vector % 64)) != 0 }

    func setPending(_ vector: Int, _ on: Bool) {
        if on { pending[vector / 64] |= 1 << UInt64(vector % 64) } else { pending[vector / 64] &= ~(1 << UInt64(vector % 64)) }
    }

    /// Programs an entry directly (what firmware or a host-side driver does through the BAR).
    func program(_ vector: Int, address: UInt64, data: UInt32, masked: Bool) {
        entries[vector * 4] = UInt32(truncatingIfNeeded: address)
        entries[vector * 4 + 1] = UInt32(truncatingIfNeeded: address >> 32)
        entries[vector * 4 + 2] = data
        writeControl(vector, masked ? PCIMSIX.vectorMasked : 0)
    }

    func reset() {
        for vector in 0..<layout.vectors {
            entries[vector * 4] = 0
            entries[vector * 4 + 1] = 0
            entries[vector * 4 + 2] = 0
            entries[vector * 4 + 3] = PCIMSIX.vectorMasked
        }
        for index in pending.indices { pending[index] = 0 }
    }

    private func writeControl(_ vector: Int, _ value: UInt32) {
        let wasMasked = isMasked(vector)
        entries[vector * 4 + 3] = value & PCIMSIX.vectorMasked
        if wasMasked, !isMasked(vector), isPending(vector) { onUnmask?(vector) }
    }

    func read(region: Int, offset: UInt64, width: Int) -> UInt64 {
        guard width == 4 || width == 8, offset % UInt64(width) == 0 else { return 0 }
        var value: UInt64 = 0
        for part in 0..<(width / 4) {
            value |= UInt64(readDword(offset + UInt64(part * 4))) << (32 * UInt64(part))
        }
        return value
    }

    func write(region: Int, offset: UInt64, width: Int, value: UInt64) {
        guard width == 4 || width == 8, offset % UInt64(width) == 0 else { return }
        for part in 0..<(width / 4) {
            writeDword(offset + UInt64(part * 4), UInt32(truncatingIfNeeded: value >> (32 * UInt64(part))))
        }
    }

    private func readDword(_ offset: UInt64) -> UInt32 {
        let table = UInt64(layout.tableOffset), pba = UInt64(layout.pbaOffset)
        if offset >= table, offset < table + UInt64(layout.tableBytes) {
            return entries[Int((offset - table) / 4)]
        }
        if offset >= pba, offset < pba + UInt64(layout.pbaBytes) {
            let word = pending[Int((offset - pba) / 8)]
            return UInt32(truncatingIfNeeded: (offset - pba) % 8 == 0 ? word : word >> 32)
        }
        return 0
    }

    private func writeDword(_ offset: UInt64, _ value: UInt32) {
        let table = UInt64(layout.tableOffset)
        guard offset >= table, offset < table + UInt64(layout.tableBytes) else { return }
        let index = Int((offset - table) / 4)
        if index % 4 == 3 {
            writeControl(index / 4, value)
        } else {
            entries[index] = value
        }
    }
}

extension MSIXTable: DirectDeviceIO {
    /// Register handlers the address space calls without protocol dispatch or reference counting.
    var directRegisterAccess: DirectRegisterAccess {
        DirectRegisterAccess(context: Unmanaged.passUnretained(self).toOpaque(),
            read: { context, region, offset, width in
                Unmanaged<MSIXTable>.fromOpaque(context)._withUnsafeGuaranteedRef {
                    $0.read(region: region, offset: offset, width: width)
                }
            },
            write: { context, region, offset, width, value in
                Unmanaged<MSIXTable>.fromOpaque(context)._withUnsafeGuaranteedRef {
                    $0.write(region: region, offset: offset, width: width, value: value)
                }
            })
    }
}
