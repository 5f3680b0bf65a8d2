import FuzzSupport
import MiniportSCSI

/// fuzz-cdb: any CDB, any buffer size, any direction, any split into segments, against the
/// SCSI target and its disks (Sources/MiniportSCSI). Several commands per input, so state
/// (write cache, unit attention, start/stop, reservations of LBAs by earlier writes) carries.
///
/// Input, repeated while bytes remain (at most `maximumCommands` times):
/// - control byte: bits 0-1 the LUN (0: 512-byte disk, 1: 4096-byte disk, 2: read-only disk,
///   3: no unit), bits 2-3 the direction (none, in, out, in), bits 4-6 segments - 1, bit 7 a
///   reset (bus, target or LU, chosen by the LUN bits) before the command;
/// - CDB length byte (1...16, modulo 16, plus 1), then the CDB bytes;
/// - buffer size (2 bytes, little-endian); the data-out bytes come from the rest of the input.
///
/// Checked: the transfer never claims more than the buffer (`transferred <= count`), CHECK
/// CONDITION carries sense and GOOD does not, and (AddressSanitizer) no segment is overrun.
public func fuzzOne(_ input: UnsafeRawBufferPointer) {
    var reader = ByteReader(input)
    guard let disk512 = try? RAMBlockStore(blockSize: 512, blockCount: 4096),
          let disk4K = try? RAMBlockStore(blockSize: 4096, blockCount: 512),
          let readOnly = try? RAMBlockStore(blockSize: 512, blockCount: 64, readOnly: true) else {
        fatalError("fuzz-cdb: cannot make the RAM stores")
    }
    let target = SCSITarget(id: 0)
    do {
        try target.attach(SCSIDisk(store: disk512), lun: 0)
        try target.attach(SCSIDisk(store: disk4K), lun: 1)
        try target.attach(SCSIDisk(store: readOnly), lun: 2)
    } catch {
        fatalError("fuzz-cdb: cannot attach the disks: \(error)")
    }
    var commands = 0
    while commands < maximumCommands, let control = reader.byte() {
        commands += 1
        let lun = Int(control & 3)
        if control & 0x80 != 0 {
            target.reset([SCSIResetKind.bus, .target, .logicalUnit, .powerOn][lun])
        }
        let length = Int(reader.byte() ?? 0) % 16 + 1
        let cdb = SCSICDB(reader.bytes(length))
        let size = min(Int(reader.byte() ?? 0) | Int(reader.byte() ?? 0) << 8, maximumBuffer)
        let direction: SCSIDataTransfer.Direction = switch (control >> 2) & 3 {
        case 0: .none
        case 2: .fromInitiator
        default: .toInitiator
        }
        let segmentCount = direction == .none || size == 0 ? 0 : min(Int((control >> 4) & 7) + 1, size)
        run(target, lun: lun, cdb: cdb, direction: direction, size: size, segmentCount: segmentCount,
            fill: &reader)
    }
}

/// Commands per input: enough for a command to see the state earlier ones left.
let maximumCommands = 8
/// Largest data buffer (bytes): past the 64 KiB of one segment so transfers can span them.
let maximumBuffer = 0xFFFF

private func run(_ target: SCSITarget, lun: Int, cdb: SCSICDB, direction: SCSIDataTransfer.Direction, size: Int,
                 segmentCount: Int, fill reader: inout ByteReader) {
    // Each segment is its own allocation, so AddressSanitizer sees an overrun of any of them.
    var segments: [UnsafeMutableRawBufferPointer] = []
    var left = size
    for index in 0..<segmentCount {
        let piece = index == segmentCount - 1 ? left : max(1, size / segmentCount)
        let segment = UnsafeMutableRawBufferPointer.allocate(byteCount: piece, alignment: 1)
        for offset in 0..<piece { segment[offset] = reader.byte() ?? UInt8(truncatingIfNeeded: offset) }
        segments.append(segment)
        left -= piece
    }
    defer { for segment in segments { segment.deallocate() } }
    segments.withUnsafeBufferPointer { list in
        var data = direction == .none ? SCSIDataTransfer.none : SCSIDataTransfer(direction: direction, segments: list)
        let completion = target.execute(lun: lun, cdb: cdb, data: &data)
        precondition(data.transferred >= 0 && data.transferred <= data.count,
                     "transferred \(data.transferred) of a \(data.count)-byte buffer")
        if completion.status == .checkCondition {
            precondition(completion.sense != nil, "CHECK CONDITION without sense")
        } else if completion.status == .good {
            precondition(completion.sense == nil, "GOOD with sense")
        }
        if let sense = completion.sense {
            withUnsafeTemporaryAllocation(byteCount: SenseData.fixedLength, alignment: 1) { buffer in
                precondition(sense.write(to: buffer) == SenseData.fixedLength)
            }
        }
    }
}

