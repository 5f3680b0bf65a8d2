import Testing
import MiniportSCSI

@Suite("INQUIRY, READ CAPACITY and simple commands")
struct InquiryTests {
    @Test("TEST UNIT READY on a started disk is GOOD")
    func testUnitReady() throws {
        let disk = try makeDisk()
        #expect(run(disk, CDB.testUnitReady).status == .good)
    }

    @Test("An unsupported operation code is 05/20/00 pointing at byte 0")
    func unsupportedOpcode() throws {
        let disk = try makeDisk()
        let outcome = run(disk, [0xC7, 0, 0, 0, 0, 0])  // vendor-specific opcode
        expectCheck(outcome, SenseKey.illegalRequest, 0x20, 0x00)
        #expect(senseKeySpecific(outcome) == [0xC0, 0, 0])
    }

    @Test("Standard INQUIRY: type, version, format, CmdQue and identification strings")
    func standardInquiry() throws {
        let identity = SCSIDiskIdentity(vendor: "ACME", product: "Test Disk", revision: "0.9", serialNumber: "SN42")
        let disk = try makeDisk(identity: identity)
        let outcome = run(disk, CDB.inquiry(), dataIn: 255)
        #expect(outcome.status == .good)
        let data = outcome.data
        #expect(data.count == 96)
        #expect(data[0] == 0x00)  // qualifier 0, direct access
        #expect(data[1] & 0x80 == 0)  // RMB clear
        #expect(data[2] == 0x06)
        #expect(data[3] & 0x0F == 0x02)
        #expect(Int(data[4]) == data.count - 5)
        #expect(data[7] & 0x02 != 0)  // CmdQue
        #expect(String(decoding: data[8..<16], as: UTF8.self) == "ACME    ")
        #expect(String(decoding: data[16..<32], as: UTF8.self) == "Test Disk       ")
        #expect(String(decoding: data[32..<36], as: UTF8.self) == "0.9 ")
        #expect(be16(data, 60) == 0x0460)  // SPC-4 version descriptor
    }

    @Test("INQUIRY truncates to the allocation length", arguments: [0, 1, 5, 36])
    func inquiryTruncation(allocation: Int) throws {
        let disk = try makeDisk()
        let outcome = run(disk, CDB.inquiry(allocation: allocation), dataIn: 255)
        #expect(outcome.status == .good)
        #expect(outcome.transferred == allocation)
    }

    @Test("INQUIRY into a buffer smaller than the allocation length fills the buffer")
    func inquirySmallBuffer() throws {
        let disk = try makeDisk()
        let outcome = run(disk, CDB.inquiry(allocation: 96), dataIn: 20, segments: [3, 7])
        #expect(outcome.status == .good)
        #expect(outcome.transferred == 20)
        #expect(outcome.data[2] == 0x06)
    }

    @Test("VPD 00h lists the supported pages")
    func supportedPages() throws {
        let disk = try makeDisk()
        let data = run(disk, CDB.inquiry(evpd: true, page: 0x00), dataIn: 255).data
        #expect(data[1] == 0x00)
        #expect(Array(data[4...]) == [0x00, 0x80, 0x83, 0xB0, 0xB1, 0xB2])
        #expect(be16(data, 2) == 6)
    }

    @Test("VPD 80h carries the serial number")
    func serialNumberPage() throws {
        let disk = try makeDisk(identity: SCSIDiskIdentity(serialNumber: "ABC123"))
        let data = run(disk, CDB.inquiry(evpd: true, page: 0x80), dataIn: 255).data
        #expect(data[1] == 0x80)
        #expect(be16(data, 2) == 6)
        #expect(String(decoding: data[4...], as: UTF8.self) == "ABC123")
    }

    @Test("VPD 83h with an NAA designator")
    func deviceIdentificationNAA() throws {
        let disk = try makeDisk(identity: SCSIDiskIdentity(deviceIdentifier: .naa(0x5000_1234_5678_9ABC)))
        let data = run(disk, CDB.inquiry(evpd: true, page: 0x83), dataIn: 255).data
        #expect(data[1] == 0x83)
        #expect(be16(data, 2) == 12)
        #expect(data[4] & 0x0F == 1)  // binary
        #expect(data[5] & 0x0F == 3)  // NAA
        #expect(data[5] & 0x30 == 0)  // associated with the logical unit
        #expect(data[7] == 8)
        #expect(be64(data, 8) == 0x5000_1234_5678_9ABC)
    }

    @Test("VPD 83h with a T10 vendor ID designator")
    func deviceIdentificationT10() throws {
        let identity = SCSIDiskIdentity(vendor: "ACME", deviceIdentifier: .t10VendorID(vendorSpecific: "DISK-7"))
        let disk = try makeDisk(identity: identity)
        let data = run(disk, CDB.inquiry(evpd: true, page: 0x83), dataIn: 255).data
        #expect(data[4] & 0x0F == 2)  // ASCII
        #expect(data[5] & 0x0F == 1)  // T10 vendor ID
        #expect(String(decoding: data[8...], as: UTF8.self) == "ACME    DISK-7")
        #expect(Int(data[7]) == data.count - 8)
    }

    @Test("VPD B0h block limits")
    func blockLimits() throws {
        let limits = SCSIDiskLimits(maximumTransferLength: 2048, optimalTransferLengthGranularity: 8,
                                    maximumUnmapLBACount: 4096, maximumUnmapDescriptorCount: 16,
                                    maximumWriteSameLength: 8192)
        let disk = try makeDisk(limits: limits)
        let data = run(disk, CDB.inquiry(evpd: true, page: 0xB0), dataIn: 255).data
        #expect(data.count == 64)
        #expect(be16(data, 2) == 0x3C)
        #expect(be16(data, 6) == 8)
        #expect(be32(data, 8) == 2048)
        #expect(be32(data, 20) == 4096)
        #expect(be32(data, 24) == 16)
        #expect(be64(data, 36) == 8192)
    }

    @Test("VPD B1h reports a non-rotating medium")
    func blockDeviceCharacteristics() throws {
        let data = run(try makeDisk(), CDB.inquiry(evpd: true, page: 0xB1), dataIn: 255).data
        #expect(data[1] == 0xB1)
        #expect(be16(data, 4) == 1)
    }

    @Test("VPD B2h: LBPU, LBPWS, LBPWS10 and LBPRZ on a RAM disk; none when read-only")
    func logicalBlockProvisioning() throws {
        let data = run(try makeDisk(), CDB.inquiry(evpd: true, page: 0xB2), dataIn: 255).data
        #expect(data[1] == 0xB2)
        #expect(data[5] & 0xE0 == 0xE0)
        #expect(data[5] & 0x04 != 0)
        let readOnly = run(try makeDisk(readOnly: true), CDB.inquiry(evpd: true, page: 0xB2), dataIn: 255).data
        #expect(readOnly[5] == 0)
    }

    @Test("INQUIRY: unknown VPD page, page code without EVPD and CmdDt are 05/24/00")
    func inquiryInvalidFields() throws {
        let disk = try makeDisk()
        let unknown = run(disk, CDB.inquiry(evpd: true, page: 0x99), dataIn: 255)
        expectCheck(unknown, SenseKey.illegalRequest, 0x24, 0x00)
        #expect(senseKeySpecific(unknown) == [0xC0, 0, 2])
        expectCheck(run(disk, CDB.inquiry(evpd: false, page: 0x80), dataIn: 255), SenseKey.illegalRequest, 0x24, 0x00)
        let cmdDt = run(disk, [SCSIOpcode.inquiry, 0x02, 0, 0, 255, 0], dataIn: 255)
        expectCheck(cmdDt, SenseKey.illegalRequest, 0x24, 0x00)
        #expect(senseKeySpecific(cmdDt) == [0xC9, 0, 1])  // byte 1, bit 1
    }

    @Test("READ CAPACITY(10): last LBA and block size", arguments: [512, 4096])
    func readCapacity10(blockSize: Int) throws {
        let disk = try makeDisk(blocks: 2000, blockSize: blockSize)
        let outcome = run(disk, [SCSIOpcode.readCapacity10, 0, 0, 0, 0, 0, 0, 0, 0, 0], dataIn: 8)
        #expect(outcome.status == .good)
        #expect(be32(outcome.data, 0) == 1999)
        #expect(be32(outcome.data, 4) == UInt32(blockSize))
    }

    @Test("READ CAPACITY(10) on a 2^33-block sparse disk reports FFFFFFFFh")
    func readCapacity10Overflow() throws {
        let disk = try makeDisk(blocks: 1 << 33)
        let outcome = run(disk, [SCSIOpcode.readCapacity10, 0, 0, 0, 0, 0, 0, 0, 0, 0], dataIn: 8)
        #expect(be32(outcome.data, 0) == 0xFFFF_FFFF)
        let long = run(disk, CDB.readCapacity16(), dataIn: 32)
        #expect(be64(long.data, 0) == (1 << 33) - 1)
    }

    @Test("READ CAPACITY(10) with an LBA but PMI=0 is 05/24/00")
    func readCapacity10InvalidLBA() throws {
        let outcome = run(try makeDisk(), [SCSIOpcode.readCapacity10, 0, 0, 0, 0, 1, 0, 0, 0, 0], dataIn: 8)
        expectCheck(outcome, SenseKey.illegalRequest, 0x24, 0x00)
    }

    @Test("READ CAPACITY(16): 64-bit LBA, block size, LBPME and LBPRZ", arguments: [512, 4096])
    func readCapacity16(blockSize: Int) throws {
        let disk = try makeDisk(blocks: 5000, blockSize: blockSize)
        let outcome = run(disk, CDB.readCapacity16(), dataIn: 64)
        #expect(outcome.transferred == 32)
        #expect(be64(outcome.data, 0) == 4999)
        #expect(be32(outcome.data, 8) == UInt32(blockSize))
        #expect(outcome.data[14] & 0xC0 == 0xC0)
        let readOnly = run(try makeDisk(readOnly: true), CDB.readCapacity16(), dataIn: 32)
        #expect(readOnly.data[14] & 0xC0 == 0)
    }

    @Test("READ CAPACITY(16) truncates to its allocation length")
    func readCapacity16Truncation() throws {
        let outcome = run(try makeDisk(), CDB.readCapacity16(allocation: 12), dataIn: 32)
        #expect(outcome.transferred == 12)
    }

    @Test("SERVICE ACTION IN(16) with an unknown service action is 05/24/00")
    func unknownServiceAction() throws {
        var cdb = CDB.readCapacity16()
        cdb[1] = 0x11
        let outcome = run(try makeDisk(), cdb, dataIn: 32)
        expectCheck(outcome, SenseKey.illegalRequest, 0x24, 0x00)
        #expect(senseKeySpecific(outcome) == [0xCC, 0, 1])  // byte 1, bit 4
    }

    @Test("PREVENT ALLOW MEDIUM REMOVAL is accepted")
    func preventAllow() throws {
        let disk = try makeDisk()
        #expect(run(disk, [SCSIOpcode.preventAllowMediumRemoval, 0, 0, 0, 1, 0]).status == .good)
        #expect(run(disk, [SCSIOpcode.preventAllowMediumRemoval, 0, 0, 0, 0, 0]).status == .good)
    }

    @Test("REPORT LUNS sent to a disk directly lists its own LUN")
    func reportLUNsDirect() throws {
        let disk = try makeDisk()
        disk.lun = 5
        let outcome = run(disk, CDB.reportLUNs(), dataIn: 64)
        #expect(outcome.status == .good)
        #expect(outcome.transferred == 16)
        #expect(be32(outcome.data, 0) == 8)
        #expect(Array(outcome.data[8..<16]) == [0, 5, 0, 0, 0, 0, 0, 0])
    }
}

@Suite("REQUEST SENSE, START STOP UNIT and unit attention")
struct SenseStateTests {
    @Test("REQUEST SENSE with nothing pending returns NO SENSE, 18 bytes")
    func requestSenseNoSense() throws {
        let outcome = run(try makeDisk(), CDB.requestSense(), dataIn: 252)
        #expect(outcome.status == .good)
        #expect(outcome.transferred == 18)
        #expect(outcome.data[0] == 0x70)
        #expect(outcome.data[2] == 0)
        #expect(outcome.data[7] == 10)
    }

    @Test("REQUEST SENSE truncates to the allocation length")
    func requestSenseTruncation() throws {
        let outcome = run(try makeDisk(), CDB.requestSense(allocation: 8), dataIn: 252)
        #expect(outcome.transferred == 8)
    }

    @Test("REQUEST SENSE right after a CHECK CONDITION returns that sense")
    func requestSenseDeferred() throws {
        let disk = try makeDisk(blocks: 10)
        expectCheck(run(disk, CDB.block(SCSIOpcode.read10, lba: 10, blocks: 1), dataIn: 512),
                    SenseKey.illegalRequest, 0x21, 0x00)
        let sense = run(disk, CDB.requestSense(), dataIn: 18).data
        #expect(sense[2] == SenseKey.illegalRequest && sense[12] == 0x21)
        #expect(run(disk, CDB.requestSense(), dataIn: 18).data[2] == 0)  // consumed
    }

    @Test("REQUEST SENSE with DESC=1 is 05/24/00 (fixed format only)")
    func requestSenseDescriptor() throws {
        expectCheck(run(try makeDisk(), [SCSIOpcode.requestSense, 1, 0, 0, 252, 0], dataIn: 252),
                    SenseKey.illegalRequest, 0x24, 0x00)
    }

    @Test("START STOP UNIT: stopped disk fails media commands with 02/04/02 until started")
    func startStop() throws {
        let disk = try makeDisk()
        #expect(run(disk, CDB.startStop(start: false)).status == .good)
        #expect(!disk.isStarted)
        expectCheck(run(disk, CDB.testUnitReady), SenseKey.notReady, 0x04, 0x02)
        expectCheck(run(disk, CDB.block(SCSIOpcode.read10, lba: 0, blocks: 1), dataIn: 512), SenseKey.notReady, 0x04, 0x02)
        expectCheck(run(disk, CDB.readCapacity16(), dataIn: 32), SenseKey.notReady, 0x04, 0x02)
        #expect(run(disk, CDB.inquiry(), dataIn: 36).status == .good)
        #expect(run(disk, CDB.modeSense6(page: 0x08), dataIn: 255).status == .good)
        let sense = run(disk, CDB.requestSense(), dataIn: 18)
        // INQUIRY and MODE SENSE consumed the deferred sense; the stopped state remains.
        #expect(sense.data[2] == SenseKey.notReady && sense.data[12] == 0x04 && sense.data[13] == 0x02)
        #expect(run(disk, CDB.startStop(start: true)).status == .good)
        #expect(run(disk, CDB.testUnitReady).status == .good)
    }

    @Test("START STOP UNIT ignores LOEJ and non-zero power conditions")
    func startStopLoadEject() throws {
        let disk = try makeDisk()
        #expect(run(disk, CDB.startStop(start: false, loadEject: true)).status == .good)
        #expect(!disk.isStarted)
        #expect(run(disk, CDB.startStop(start: true, loadEject: true)).status == .good)
        #expect(run(disk, CDB.startStop(start: false, powerCondition: 0x3)).status == .good)
        #expect(disk.isStarted)
    }

    @Test("A disk created with powerOnUnitAttention reports 06/29/00 once; by default none")
    func powerOnAttention() throws {
        let disk = SCSIDisk(store: try RAMBlockStore(blockCount: 8), powerOnUnitAttention: true)
        expectCheck(run(disk, CDB.testUnitReady), SenseKey.unitAttention, 0x29, 0x00)
        #expect(run(disk, CDB.testUnitReady).status == .good)
        #expect(run(SCSIDisk(store: try RAMBlockStore(blockCount: 8)), CDB.testUnitReady).status == .good)
    }

    @Test("Resets report their unit attention on the next command, then clear",
          arguments: [(SCSIResetKind.powerOn, UInt8(0x00)), (.bus, 0x02), (.target, 0x03), (.logicalUnit, 0x03)])
    func resetAttention(kind: SCSIResetKind, ascq: UInt8) throws {
        let disk = try makeDisk()
        disk.reset(kind)
        expectCheck(run(disk, CDB.block(SCSIOpcode.read10, lba: 0, blocks: 1), dataIn: 512),
                    SenseKey.unitAttention, 0x29, ascq)
        #expect(run(disk, CDB.block(SCSIOpcode.read10, lba: 0, blocks: 1), dataIn: 512).status == .good)
    }

    @Test("INQUIRY and REPORT LUNS neither report nor clear a unit attention")
    func attentionSkippedByInquiry() throws {
        let disk = try makeDisk()
        disk.reset(.bus)
        #expect(run(disk, CDB.inquiry(), dataIn: 36).status == .good)
        #expect(run(disk, CDB.reportLUNs(), dataIn: 16).status == .good)
        expectCheck(run(disk, CDB.testUnitReady), SenseKey.unitAttention, 0x29, 0x02)
        #expect(run(disk, CDB.testUnitReady).status == .good)
    }

    @Test("REQUEST SENSE reports a pending unit attention and clears it")
    func requestSenseClearsAttention() throws {
        let disk = try makeDisk()
        disk.reset(.target)
        let sense = run(disk, CDB.requestSense(), dataIn: 18)
        #expect(sense.status == .good)
        #expect(sense.data[2] == SenseKey.unitAttention && sense.data[12] == 0x29 && sense.data[13] == 0x03)
        #expect(run(disk, CDB.testUnitReady).status == .good)
    }

    @Test("A hard reset returns WCE to its default")
    func resetRestoresModePages() throws {
        let disk = try makeDisk()
        disk.writeCacheEnabled = false
        disk.reset(.bus)
        #expect(disk.writeCacheEnabled)
    }
}
