import CMallocCounter
import Testing
import MiniportPlatform
import MiniportSCSI
@testable import MiniportVirtio

@Suite struct VirtioBlockSCSIAllocationTests {
    /// Rings one doorbell of `queue` and counts the heap allocations it caused.
    func allocations(_ pci: BackendPCIDriver, queue: Int) -> Int {
        let cap = pci.capabilities[VirtioPCICapType.notifyConfig]!
        pci.setCommon(VirtioCommonConfig.queueSelect, 2, UInt64(queue))
        let off = pci.common(VirtioCommonConfig.queueNotifyOff, 2)
        let doorbell = pci.function.barAddress(cap.bar) + UInt64(cap.offset) + off * UInt64(cap.extra)
        let space = pci.machine.memorySpace
        MallocCounterStart()
        space.write(doorbell, width: 2, value: UInt64(queue))
        return Int(MallocCounterStop())
    }

    @Test("virtio-blk reads and writes allocate nothing",
          .enabled(if: MallocCounterIsAvailable() != 0, "allocations are not counted under a sanitizer"))
    func blockRequests() throws {
        let pci = try BackendPCIDriver(VirtioBlockBackend(store: try RAMBlockStore(blockCount: 256)))
        pci.start(features: 1 << 9, queueCount: 1)
        pci.fill(0, BlockRequest.header(VirtioBlock.RequestType.write, sector: 8))
        pci.fill(0x20, BlockRequest.header(VirtioBlock.RequestType.read, sector: 8))
        let write = [Buffer(address: pci.at(0), length: 16, writable: false),
                     Buffer(address: pci.at(0x100), length: 4096, writable: false),
                     Buffer(address: pci.at(0x2000), length: 1, writable: true)]
        let read = [Buffer(address: pci.at(0x20), length: 16, writable: false),
                    Buffer(address: pci.at(0x3000), length: 4096, writable: true),
                    Buffer(address: pci.at(0x2001), length: 1, writable: true)]
        for _ in 0..<3 {  // warm up: the RAM store allocates its chunk on the first write
            pci.submit(0, write)
            pci.submit(0, read)
            _ = pci.used(0)
        }
        pci.queues[0]!.submit(write)
        pci.queues[0]!.submit(read)
        #expect(allocations(pci, queue: 0) == 0)
        #expect(pci.used(0).count == 2)
        #expect(pci.bytes(0x2000, 2) == [0, 0])
    }

    @Test("virtio-scsi commands allocate nothing",
          .enabled(if: MallocCounterIsAvailable() != 0, "allocations are not counted under a sanitizer"))
    func scsiCommands() throws {
        let adapter = VirtioSCSIBackend(disks: [SCSIDisk(store: try RAMBlockStore(blockCount: 256))])
        let pci = try BackendPCIDriver(adapter)
        pci.start(features: 0, queueCount: 3)
        let lun0 = SCSIRequest.lun(target: 0, lun: 0)
        pci.fill(0, SCSIRequest.command(lun: lun0, cdb: SCSIRequest.write10(lba: 4, blocks: 8)))
        pci.fill(0x40, SCSIRequest.command(lun: lun0, cdb: SCSIRequest.read10(lba: 4, blocks: 8)))
        let write = [Buffer(address: pci.at(0), length: 51, writable: false),
                     Buffer(address: pci.at(0x1000), length: 4096, writable: false),
                     Buffer(address: pci.at(0x100), length: 108, writable: true)]
        let read = [Buffer(address: pci.at(0x40), length: 51, writable: false),
                    Buffer(address: pci.at(0x200), length: 108, writable: true),
                    Buffer(address: pci.at(0x2000), length: 4096, writable: true)]
        for _ in 0..<3 {
            pci.submit(2, write)
            pci.submit(2, read)
            _ = pci.used(2)
        }
        pci.queues[2]!.submit(write)
        pci.queues[2]!.submit(read)
        #expect(allocations(pci, queue: 2) == 0)
        #expect(pci.used(2).count == 2)
        #expect(pci.bytes(0x100 + 10, 2) == [0, 0] && pci.bytes(0x200 + 10, 2) == [0, 0])
    }
}
