import Testing
import MiniportSCSI

/// Host memory for one data phase, optionally cut into several segments.
final class HostBuffer {
    let memory: UnsafeMutableRawBufferPointer
    private let segmentList: UnsafeMutableBufferPointer<UnsafeMutableRawBufferPointer>

    /// `count` bytes filled with `fill`, split at `segmentSizes` (the last segment takes the rest).
    init(count: Int, segmentSizes: [Int] = [], fill: UInt8 = 0xCC) {
        memory = .allocate(byteCount: max(count, 1), alignment: 16)
        memory.initializeMemory(as: UInt8.self, repeating: fill)
        var pieces: [UnsafeMutableRawBufferPointer] = []
        var offset = 0
        for size in segmentSizes where offset + size < count {
            pieces.append(UnsafeMutableRawBufferPointer(rebasing: memory[offset..<(offset + size)]))
            offset += size
        }
        if count > 0 { pieces.append(UnsafeMutableRawBufferPointer(rebasing: memory[offset..<count])) }
        segmentList = .allocate(capacity: max(pieces.count, 1))
        _ = segmentList.initialize(from: pieces)
        segmentCount = pieces.count
        self.count = count
    }

    convenience init(bytes: [UInt8], segmentSizes: [Int] = []) {
        self.init(count: bytes.count, segmentSizes: segmentSizes)
        for (index, byte) in bytes.enumerated() { memory[index] = byte }
    }

    deinit {
        memory.deallocate()
        segmentList.deallocate()
    }

    let count: Int
    let segmentCount: Int

    var bytes: [UInt8] { Array(memory.prefix(count)) }

    func transfer(_ direction: SCSIDataTransfer.Direction) -> SCSIDataTransfer {
        SCSIDataTransfer(direction: direction,
                         segments: UnsafeBufferPointer(start: segmentList.baseAddress, count: segmentCount))
    }
}

/// What one command returned.
struct Outcome {
    var completion: SCSICompletion
    /// Data-in bytes the device delivered (`transferred` of them).
    var data: [UInt8]
    var transferred: Int

    var status: SCSIStatus { completion.status }
    var sense: SenseData? { completion.sense }
}

/// Runs `cdb` with a data-in buffer of `count` bytes.
@discardableResult
func run(_ unit: any SCSILogicalUnit, _ cdb: [UInt8], dataIn count: Int = 0, segments: [Int] = []) -> Outcome {
    let buffer = HostBuffer(count: count, segmentSizes: segments)
    var transfer = count == 0 ? SCSIDataTransfer.none : buffer.transfer(.toInitiator)
    let completion = unit.execute(SCSICDB(cdb), data: &transfer)
    return Outcome(completion: completion, data: Array(buffer.bytes.prefix(transfer.transferred)),
                   transferred: transfer.transferred)
}

/// Runs `cdb` with `bytes` as the data-out buffer.
@discardableResult
func run(_ unit: any SCSILogicalUnit, _ cdb: [UInt8], dataOut bytes: [UInt8], segments: [Int] = []) -> Outcome {
    let buffer = HostBuffer(bytes: bytes, segmentSizes: segments)
    var transfer = buffer.transfer(.fromInitiator)
    let completion = unit.execute(SCSICDB(cdb), data: &transfer)
    return Outcome(completion: completion, data: [], transferred: transfer.transferred)
}

/// Runs `cdb` on a target's LUN with a data-in buffer.
@discardableResult
func run(_ target: SCSITarget, lun: Int, _ cdb: [UInt8], dataIn count: Int = 0) -> Outcome {
    let buffer = HostBuffer(count: count)
    var transfer = count == 0 ? SCSIDataTransfer.none : buffer.transfer(.toInitiator)
    let completion = target.execute(lun: lun, cdb: SCSICDB(cdb), data: &transfer)
    return Outcome(completion: completion, data: Array(buffer.bytes.prefix(transfer.transferred)),
                   transferred: transfer.transferred)
}

/// Expects CHECK CONDITION with `key`/`asc`/`ascq`.
func expectCheck(_ outcome: Outcome, _ key: UInt8, _ asc: UInt8, _ ascq: UInt8,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(outcome.status == .checkCondition, sourceLocation: sourceLocation)
    #expect(outcome.sense?.key == key, "sense key", sourceLocation: sourceLocation)
    #expect(outcome.sense?.asc == asc, "ASC", sourceLocation: sourceLocation)
    #expect(outcome.sense?.ascq == ascq, "ASCQ", sourceLocation: sourceLocation)
}

/// The sense-key-specific bytes of `outcome`'s sense, as an array.
func senseKeySpecific(_ outcome: Outcome) -> [UInt8]? {
    outcome.sense?.senseKeySpecific.map { [$0.0, $0.1, $0.2] }
}

/// A disk over a RAM store without the power-on unit attention.
func makeDisk(blocks: UInt64 = 1024, blockSize: Int = 512, readOnly: Bool = false,
              identity: SCSIDiskIdentity = SCSIDiskIdentity(), limits: SCSIDiskLimits = SCSIDiskLimits(),
              writeCache: Bool = true) throws -> SCSIDisk {
    let store = try RAMBlockStore(blockSize: blockSize, blockCount: blocks, readOnly: readOnly)
    return SCSIDisk(store: store, identity: identity, limits: limits, writeCacheEnabled: writeCache,
                    powerOnUnitAttention: false)
}

/// A deterministic byte pattern.
func pattern(_ count: Int, seed: UInt8 = 1) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ Int(seed) &* 31 &+ $0 >> 8) }
}

func be16(_ bytes: [UInt8], _ at: Int) -> Int { Int(bytes[at]) << 8 | Int(bytes[at + 1]) }
func be32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
    (0..<4).reduce(0) { $0 << 8 | UInt32(bytes[at + $1]) }
}
func be64(_ bytes: [UInt8], _ at: Int) -> UInt64 {
    (0..<8).reduce(0) { $0 << 8 | UInt64(bytes[at + $1]) }
}

/// CDB builders.
enum CDB {
    static func bigEndian(_ value: UInt64, width: Int) -> [UInt8] {
        (0..<width).map { UInt8(truncatingIfNeeded: value >> (UInt64(width - 1 - $0) * 8)) }
    }

    /// READ/WRITE/VERIFY-style CDB of the opcode's size.
    static func block(_ opcode: UInt8, lba: UInt64, blocks: UInt32, flags: UInt8 = 0) -> [UInt8] {
        switch opcode >> 5 {
        case 0:
            return [opcode, UInt8((lba >> 16) & 0x1F), UInt8((lba >> 8) & 0xFF), UInt8(lba & 0xFF),
                    UInt8(truncatingIfNeeded: blocks), 0]
        case 1, 2:
            return [opcode, flags] + bigEndian(lba, width: 4) + [0] + bigEndian(UInt64(blocks), width: 2) + [0]
        case 5:
            return [opcode, flags] + bigEndian(lba, width: 4) + bigEndian(UInt64(blocks), width: 4) + [0, 0]
        default:
            return [opcode, flags] + bigEndian(lba, width: 8) + bigEndian(UInt64(blocks), width: 4) + [0, 0]
        }
    }

    static func inquiry(evpd: Bool = false, page: UInt8 = 0, allocation: Int = 255) -> [UInt8] {
        [SCSIOpcode.inquiry, evpd ? 1 : 0, page] + bigEndian(UInt64(allocation), width: 2) + [0]
    }

    static func requestSense(allocation: UInt8 = 252) -> [UInt8] {
        [SCSIOpcode.requestSense, 0, 0, 0, allocation, 0]
    }

    static let testUnitReady: [UInt8] = [SCSIOpcode.testUnitReady, 0, 0, 0, 0, 0]

    static func readCapacity16(allocation: Int = 32) -> [UInt8] {
        [SCSIOpcode.serviceActionIn16, SCSIServiceAction.readCapacity16] + [UInt8](repeating: 0, count: 8)
            + bigEndian(UInt64(allocation), width: 4) + [0, 0]
    }

    static func reportLUNs(select: UInt8 = 0, allocation: Int = 4096) -> [UInt8] {
        [SCSIOpcode.reportLUNs, 0, select, 0, 0, 0] + bigEndian(UInt64(allocation), width: 4) + [0, 0]
    }

    static func modeSense6(page: UInt8, control: UInt8 = 0, dbd: Bool = false, subpage: UInt8 = 0,
                           allocation: UInt8 = 255) -> [UInt8] {
        [SCSIOpcode.modeSense6, dbd ? 0x08 : 0, control << 6 | page, subpage, allocation, 0]
    }

    static func modeSense10(page: UInt8, control: UInt8 = 0, dbd: Bool = false, longLBA: Bool = false,
                            allocation: Int = 1024) -> [UInt8] {
        [SCSIOpcode.modeSense10, (dbd ? 0x08 : 0) | (longLBA ? 0x10 : 0), control << 6 | page, 0, 0, 0, 0]
            + bigEndian(UInt64(allocation), width: 2) + [0]
    }

    static func modeSelect6(length: Int, savePages: Bool = false) -> [UInt8] {
        [SCSIOpcode.modeSelect6, 0x10 | (savePages ? 1 : 0), 0, 0, UInt8(length), 0]
    }

    static func modeSelect10(length: Int) -> [UInt8] {
        [SCSIOpcode.modeSelect10, 0x10, 0, 0, 0, 0, 0] + bigEndian(UInt64(length), width: 2) + [0]
    }

    static func unmap(length: Int, anchor: Bool = false) -> [UInt8] {
        [SCSIOpcode.unmap, anchor ? 1 : 0, 0, 0, 0, 0, 0] + bigEndian(UInt64(length), width: 2) + [0]
    }

    /// An UNMAP parameter list for `ranges`.
    static func unmapList(_ ranges: [(lba: UInt64, count: UInt32)]) -> [UInt8] {
        let descriptors = ranges.count * 16
        var list = bigEndian(UInt64(6 + descriptors), width: 2) + bigEndian(UInt64(descriptors), width: 2) + [0, 0, 0, 0]
        for range in ranges {
            list += bigEndian(range.lba, width: 8) + bigEndian(UInt64(range.count), width: 4) + [0, 0, 0, 0]
        }
        return list
    }

    static func startStop(start: Bool, loadEject: Bool = false, powerCondition: UInt8 = 0) -> [UInt8] {
        [SCSIOpcode.startStopUnit, 0, 0, 0, powerCondition << 4 | (loadEject ? 0x02 : 0) | (start ? 0x01 : 0), 0]
    }
}
