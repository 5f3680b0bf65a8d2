import Testing
import MiniportSCSI

/// Bugs fuzz-cdb found (Fuzz/CDB/corpus/regression-*), each pinned by a test.
@Suite("Fuzz regressions: SCSI targets and disks")
struct SCSIFuzzRegressionTests {
    @Test("REPORT LUNS into an empty data-in buffer claims no bytes transferred (it claimed 24)")
    func reportLUNsIntoEmptyBuffer() throws {
        let target = SCSITarget(id: 0)
        try target.attach(SCSIDisk(store: try RAMBlockStore(blockSize: 512, blockCount: 8)), lun: 0)
        let segments = UnsafeBufferPointer<UnsafeMutableRawBufferPointer>(start: nil, count: 0)
        var data = SCSIDataTransfer(direction: .toInitiator, segments: segments)
        let cdb = SCSICDB([0xA0, 0, 0, 0, 0, 0, 0, 0, 0, 0x98, 0, 0])
        let completion = target.execute(lun: 3, cdb: cdb, data: &data)
        #expect(completion.status == .good)
        #expect(data.count == 0)
        #expect(data.transferred == 0)
    }

    @Test("copyIn and copyOut at an offset past a short buffer move nothing and claim nothing")
    func copyPastTheEnd() {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4, alignment: 1)
        defer { buffer.deallocate() }
        withUnsafeTemporaryAllocation(of: UnsafeMutableRawBufferPointer.self, capacity: 1) { list in
            list.initializeElement(at: 0, to: buffer)
            var data = SCSIDataTransfer(direction: .toInitiator, segments: UnsafeBufferPointer(list))
            var value: UInt64 = 0x0102_0304_0506_0708
            let copied = withUnsafeBytes(of: &value) { data.copyIn(from: $0.baseAddress!, count: 8, at: 16) }
            #expect(copied == 0)
            #expect(data.transferred == 0)
            #expect(withUnsafeMutableBytes(of: &value) { data.copyOut(to: $0.baseAddress!, count: 8, at: 9) } == 0)
            #expect(data.transferred == 0)
            #expect(withUnsafeBytes(of: &value) { data.copyIn(from: $0.baseAddress!, count: 8, at: 2) } == 2)
            #expect(data.transferred == 4)
        }
    }
}
