import Testing
import MiniportSCSI

@Suite("MODE SENSE and MODE SELECT")
struct ModeTests {
    /// Offset of the first page in a MODE SENSE(6) answer with a short block descriptor.
    static let firstPage6 = 4 + 8

    @Test("MODE SENSE(6) caching page: WCE follows the flag")
    func cachingPage() throws {
        let disk = try makeDisk()
        let on = run(disk, CDB.modeSense6(page: 0x08), dataIn: 255).data
        #expect(on.count == 4 + 8 + 20)
        #expect(Int(on[0]) == on.count - 1)
        #expect(on[3] == 8)
        #expect(on[Self.firstPage6] == 0x08 && on[Self.firstPage6 + 1] == 0x12)
        #expect(on[Self.firstPage6 + 2] & 0x04 != 0)
        disk.writeCacheEnabled = false
        let off = run(disk, CDB.modeSense6(page: 0x08), dataIn: 255).data
        #expect(off[Self.firstPage6 + 2] & 0x04 == 0)
    }

    @Test("MODE SENSE(6) control page")
    func controlPage() throws {
        let data = run(try makeDisk(), CDB.modeSense6(page: 0x0A, dbd: true), dataIn: 255).data
        #expect(data.count == 4 + 12)
        #expect(data[3] == 0)
        #expect(data[4] == 0x0A && data[5] == 0x0A)
    }

    @Test("MODE SENSE 3Fh returns every page in order; 3Fh/FFh too")
    func allPages() throws {
        let disk = try makeDisk()
        let data = run(disk, CDB.modeSense6(page: 0x3F, dbd: true), dataIn: 255).data
        #expect(data.count == 4 + 20 + 12)
        #expect(data[4] == 0x08 && data[24] == 0x0A)
        let subpages = run(disk, CDB.modeSense6(page: 0x3F, dbd: true, subpage: 0xFF), dataIn: 255)
        #expect(subpages.data == data)
    }

    @Test("MODE SENSE short block descriptor: block count and length", arguments: [512, 4096])
    func shortBlockDescriptor(blockSize: Int) throws {
        let data = run(try makeDisk(blocks: 777, blockSize: blockSize), CDB.modeSense6(page: 0x08), dataIn: 255).data
        #expect(be32(data, 4) == 777)
        #expect(Int(data[9]) << 16 | be16(data, 10) == blockSize)
    }

    @Test("MODE SENSE short descriptor saturates at FFFFFFFFh on huge disks")
    func shortDescriptorSaturates() throws {
        let data = run(try makeDisk(blocks: 1 << 33), CDB.modeSense6(page: 0x08), dataIn: 255).data
        #expect(be32(data, 4) == 0xFFFF_FFFF)
    }

    @Test("MODE SENSE(10) with LLBAA returns a 16-byte descriptor")
    func longBlockDescriptor() throws {
        let data = run(try makeDisk(blocks: 1 << 33), CDB.modeSense10(page: 0x08, longLBA: true), dataIn: 255).data
        #expect(be16(data, 0) == data.count - 2)
        #expect(data[4] & 0x01 == 1)
        #expect(be16(data, 6) == 16)
        #expect(be64(data, 8) == 1 << 33)
        #expect(be32(data, 20) == 512)
        #expect(data[24] == 0x08)
    }

    @Test("MODE SENSE(10) without LLBAA returns an 8-byte descriptor")
    func modeSense10Short() throws {
        let data = run(try makeDisk(), CDB.modeSense10(page: 0x0A), dataIn: 255).data
        #expect(be16(data, 6) == 8)
        #expect(data.count == 8 + 8 + 12)
    }

    @Test("MODE SENSE changeable values show only WCE")
    func changeableValues() throws {
        let disk = try makeDisk()
        disk.writeCacheEnabled = false
        let data = run(disk, CDB.modeSense6(page: 0x3F, control: 1, dbd: true), dataIn: 255).data
        #expect(data[4 + 2] == 0x04)
        #expect(data[4 + 3 ..< 4 + 20].allSatisfy { $0 == 0 })
        #expect(data[24 + 2 ..< 24 + 12].allSatisfy { $0 == 0 })
    }

    @Test("MODE SENSE default values show the default WCE")
    func defaultValues() throws {
        let disk = try makeDisk(writeCache: true)
        disk.writeCacheEnabled = false
        let data = run(disk, CDB.modeSense6(page: 0x08, control: 2, dbd: true), dataIn: 255).data
        #expect(data[4 + 2] & 0x04 != 0)
    }

    @Test("MODE SENSE saved values are 05/39/00")
    func savedValues() throws {
        expectCheck(run(try makeDisk(), CDB.modeSense6(page: 0x08, control: 3), dataIn: 255),
                    SenseKey.illegalRequest, 0x39, 0x00)
    }

    @Test("MODE SENSE of an unknown page or subpage is 05/24/00")
    func unknownPage() throws {
        let disk = try makeDisk()
        let page = run(disk, CDB.modeSense6(page: 0x1C), dataIn: 255)
        expectCheck(page, SenseKey.illegalRequest, 0x24, 0x00)
        #expect(senseKeySpecific(page) == [0xCD, 0, 2])
        expectCheck(run(disk, CDB.modeSense6(page: 0x08, subpage: 1), dataIn: 255), SenseKey.illegalRequest, 0x24, 0x00)
    }

    @Test("MODE SENSE truncates to the allocation length; the length field stays whole")
    func modeSenseTruncation() throws {
        let data = run(try makeDisk(), CDB.modeSense6(page: 0x3F, allocation: 6), dataIn: 255).data
        #expect(data.count == 6)
        #expect(data[0] == 4 + 8 + 20 + 12 - 1)
    }

    @Test("MODE SENSE shows WP for a read-only disk")
    func writeProtectBit() throws {
        #expect(run(try makeDisk(readOnly: true), CDB.modeSense10(page: 0x08), dataIn: 255).data[3] & 0x80 != 0)
        #expect(run(try makeDisk(), CDB.modeSense10(page: 0x08), dataIn: 255).data[3] & 0x80 == 0)
    }

    /// The current caching page (MODE SENSE(6), DBD) as a MODE SELECT(6) parameter list.
    static func cachingSelectList(_ disk: SCSIDisk, wce: Bool, descriptor: [UInt8] = []) -> [UInt8] {
        let sense = run(disk, CDB.modeSense6(page: 0x08, dbd: true), dataIn: 255).data
        var page = Array(sense[4..<24])
        page[2] = wce ? page[2] | 0x04 : page[2] & ~0x04
        return [0, 0, 0, UInt8(descriptor.count)] + descriptor + page
    }

    @Test("MODE SELECT(6) changes WCE")
    func modeSelectWCE() throws {
        let disk = try makeDisk()
        let list = Self.cachingSelectList(disk, wce: false)
        #expect(run(disk, CDB.modeSelect6(length: list.count), dataOut: list).status == .good)
        #expect(!disk.writeCacheEnabled)
        #expect(run(disk, CDB.modeSense6(page: 0x08, dbd: true), dataIn: 255).data[6] & 0x04 == 0)
    }

    @Test("MODE SELECT(10) with a block descriptor restating the geometry changes WCE")
    func modeSelect10() throws {
        let disk = try makeDisk(blocks: 64, writeCache: false)
        let sense = run(disk, CDB.modeSense10(page: 0x08), dataIn: 255).data
        var list = sense
        list[0] = 0
        list[1] = 0
        list[3] = 0
        list[16 + 2] |= 0x04
        #expect(run(disk, CDB.modeSelect10(length: list.count), dataOut: list).status == .good)
        #expect(disk.writeCacheEnabled)
    }

    @Test("MODE SELECT changing an unchangeable field is 05/26/00 pointing at it")
    func modeSelectUnchangeable() throws {
        let disk = try makeDisk()
        var list = Self.cachingSelectList(disk, wce: true)
        list[4 + 2] |= 0x01  // RCD is not changeable
        let outcome = run(disk, CDB.modeSelect6(length: list.count), dataOut: list)
        expectCheck(outcome, SenseKey.illegalRequest, 0x26, 0x00)
        #expect(senseKeySpecific(outcome) == [0x88, 0, 6])  // parameter byte 6, bit 0
        #expect(disk.writeCacheEnabled)
    }

    @Test("MODE SELECT of the control page with different values is 05/26/00")
    func modeSelectControlPage() throws {
        let disk = try makeDisk()
        var page = Array(run(disk, CDB.modeSense6(page: 0x0A, dbd: true), dataIn: 255).data[4...])
        #expect(run(disk, CDB.modeSelect6(length: 4 + page.count), dataOut: [0, 0, 0, 0] + page).status == .good)
        page[5] = 0x04  // D_SENSE
        expectCheck(run(disk, CDB.modeSelect6(length: 4 + page.count), dataOut: [0, 0, 0, 0] + page),
                    SenseKey.illegalRequest, 0x26, 0x00)
    }

    @Test("MODE SELECT with a wrong page length, unknown page or block size is 05/26/00")
    func modeSelectInvalidList() throws {
        let disk = try makeDisk()
        var list = Self.cachingSelectList(disk, wce: true)
        list[5] = 0x10
        expectCheck(run(disk, CDB.modeSelect6(length: list.count), dataOut: list), SenseKey.illegalRequest, 0x26, 0x00)
        let unknown: [UInt8] = [0, 0, 0, 0, 0x1C, 0x02, 0, 0]
        expectCheck(run(disk, CDB.modeSelect6(length: unknown.count), dataOut: unknown), SenseKey.illegalRequest, 0x26, 0x00)
        let descriptor: [UInt8] = [0, 0, 0, 0, 0, 0, 0x10, 0x00]  // 4096-byte blocks on a 512-byte disk
        let resize = Self.cachingSelectList(disk, wce: true, descriptor: descriptor)
        expectCheck(run(disk, CDB.modeSelect6(length: resize.count), dataOut: resize), SenseKey.illegalRequest, 0x26, 0x00)
    }

    @Test("MODE SELECT parameter list length errors are 05/1A/00")
    func modeSelectLengthErrors() throws {
        let disk = try makeDisk()
        expectCheck(run(disk, CDB.modeSelect6(length: 3), dataOut: [0, 0, 0]), SenseKey.illegalRequest, 0x1A, 0x00)
        let list = Self.cachingSelectList(disk, wce: false)
        expectCheck(run(disk, CDB.modeSelect6(length: list.count - 4), dataOut: Array(list.dropLast(4))),
                    SenseKey.illegalRequest, 0x1A, 0x00)
        expectCheck(run(disk, CDB.modeSelect6(length: list.count), dataOut: Array(list.prefix(10))),
                    SenseKey.illegalRequest, 0x1A, 0x00)
        #expect(disk.writeCacheEnabled)
        #expect(run(disk, CDB.modeSelect6(length: 0), dataOut: []).status == .good)
    }

    @Test("MODE SELECT with SP=1 is 05/24/00")
    func modeSelectSavePages() throws {
        let disk = try makeDisk()
        let list = Self.cachingSelectList(disk, wce: false)
        expectCheck(run(disk, CDB.modeSelect6(length: list.count, savePages: true), dataOut: list),
                    SenseKey.illegalRequest, 0x24, 0x00)
    }
}
