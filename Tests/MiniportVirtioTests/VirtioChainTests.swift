import Testing
import MiniportVirtio

@Suite struct VirtioChainTests {
    @Test func copiesAcrossSegments() {
        let a = UnsafeMutableRawBufferPointer.allocate(byteCount: 3, alignment: 8)
        let b = UnsafeMutableRawBufferPointer.allocate(byteCount: 5, alignment: 8)
        let w = UnsafeMutableRawBufferPointer.allocate(byteCount: 4, alignment: 8)
        defer { a.deallocate(); b.deallocate(); w.deallocate() }
        for i in 0..<3 { a[i] = UInt8(i) }
        for i in 0..<5 { b[i] = UInt8(3 + i) }
        let storage = UnsafeMutablePointer<VirtioSegment>.allocate(capacity: 3)
        defer { storage.deallocate() }
        storage[0] = VirtioSegment(host: a.baseAddress!, physical: 0x1000, length: 3)
        storage[1] = VirtioSegment(host: b.baseAddress!, physical: 0x2000, length: 5)
        storage[2] = VirtioSegment(host: w.baseAddress!, physical: 0x3000, length: 4)
        let chain = VirtioChain(queue: 0, id: 7, storage: storage, readableCount: 2, writableCount: 1)
        #expect(chain.readableLength == 8 && chain.writableLength == 4)
        var out = [UInt8](repeating: 0, count: 4)
        #expect(out.withUnsafeMutableBytes { chain.copyOut(offset: 2, into: $0) } == 4)
        #expect(out == [2, 3, 4, 5])
        #expect(chain.load(UInt32.self, readableOffset: 6) == nil)
        #expect(chain.store(UInt32(0x0403_0201), writableOffset: 0))
        #expect(Array(w) == [1, 2, 3, 4])
        #expect(!chain.store(UInt16(1), writableOffset: 3))
    }
}
