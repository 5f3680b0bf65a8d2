import CMiniportABI
import Foundation
import Testing
@testable import MiniportKit

/// Collects the calls a miniport makes through its import table. Reached from the
/// `@convention(c)` slots through the table's Context pointer.
final class CallRecorder {
    var calls: [String] = []
    var unresolved: [String] = []
    var registerReads: UInt32 = 0

    static func from(_ context: UnsafeMutableRawPointer?) -> CallRecorder {
        Unmanaged<CallRecorder>.fromOpaque(context!).takeUnretainedValue()
    }
}

private func hex(_ pointer: UnsafeRawPointer?) -> String {
    "0x" + String(UInt(bitPattern: pointer), radix: 16)
}

private func hex<T: BinaryInteger>(_ value: T) -> String {
    "0x" + String(value, radix: 16)
}

@Suite("Import table: a cc-built miniport reaches Swift through its table")
struct ImportTableTests {
    /// Fills the SCSI Port slots the probe calls with recorders; leaves FlushDma empty on purpose.
    static func bindRecorder(_ table: UnsafeMutablePointer<MPABI_IMPORT_TABLE>, _ recorder: CallRecorder) {
        table.pointee.Header.Context = Unmanaged.passUnretained(recorder).toOpaque()
        table.pointee.Header.Unresolved = { context, name in
            CallRecorder.from(context).unresolved.append(String(cString: name!))
        }
        let port = withUnsafeMutablePointer(to: &table.pointee.ScsiPort) { $0 }
        port.pointee.Initialize = { context, argument1, argument2, data, hwContext in
            let initData = data!.assumingMemoryBound(to: HW_INITIALIZATION_DATA.self).pointee
            let vendor = String(cString: initData.VendorId!.assumingMemoryBound(to: CChar.self))
            let device = String(cString: initData.DeviceId!.assumingMemoryBound(to: CChar.self))
            // The miniport's callbacks are callable from Swift.
            let initialized = initData.HwInitialize!(nil)
            var again: BOOLEAN = 1
            let found = initData.HwFindAdapter!(nil, nil, nil, nil, nil, &again)
            CallRecorder.from(context).calls.append(
                "Initialize \(hex(argument1)) \(hex(argument2)) ctx=\(hex(hwContext)) size=\(initData.HwInitializationDataSize) "
                    + "bus=\(initData.AdapterInterfaceType.rawValue) ext=\(hex(initData.DeviceExtensionSize)) "
                    + "lu=\(hex(initData.SpecificLuExtensionSize)) srbext=\(hex(initData.SrbExtensionSize)) "
                    + "ranges=\(initData.NumberOfAccessRanges) tagged=\(initData.TaggedQueuing) "
                    + "autosense=\(initData.AutoRequestSense) multi=\(initData.MultipleRequestPerLu) "
                    + "vendor=\(vendor)/\(initData.VendorIdLength) device=\(device)/\(initData.DeviceIdLength) "
                    + "HwInitialize=\(initialized) HwFindAdapter=\(found) again=\(again)")
            return 0x5A
        }
        port.pointee.NotifyRequestComplete = { context, ext, srb in
            let s = srb!.pointee
            CallRecorder.from(context).calls.append(
                "RequestComplete \(hex(ext)) srb=\(s.PathId):\(s.TargetId):\(s.Lun) len=\(s.Length) cdb0=\(hex(s.Cdb.0))")
        }
        port.pointee.NotifyNextRequest = { context, ext in
            CallRecorder.from(context).calls.append("NextRequest \(hex(ext))")
        }
        port.pointee.NotifyNextLuRequest = { context, ext, path, target, lun in
            CallRecorder.from(context).calls.append("NextLuRequest \(hex(ext)) \(path):\(target):\(lun)")
        }
        port.pointee.NotifyResetDetected = { context, ext in
            CallRecorder.from(context).calls.append("ResetDetected \(hex(ext))")
        }
        port.pointee.NotifyCallDisableInterrupts = { context, ext, routine in
            CallRecorder.from(context).calls.append(
                "CallDisableInterrupts \(hex(ext)) routine=\(routine != nil) returns=\(routine!(nil))")
        }
        port.pointee.NotifyCallEnableInterrupts = { context, ext, routine in
            CallRecorder.from(context).calls.append("CallEnableInterrupts \(hex(ext)) routine=\(routine != nil)")
        }
        port.pointee.NotifyRequestTimerCall = { context, ext, timer, value in
            CallRecorder.from(context).calls.append("RequestTimerCall \(hex(ext)) timer=\(timer != nil) value=\(value)")
        }
        port.pointee.NotifyBusChangeDetected = { context, ext, path in
            CallRecorder.from(context).calls.append("BusChangeDetected \(hex(ext)) \(path)")
        }
        port.pointee.NotifyWMIEvent = { context, ext, event, path, target, lun in
            CallRecorder.from(context).calls.append(
                "WMIEvent \(hex(ext)) event=\(event != nil) \(hex(path)):\(target):\(lun)")
        }
        port.pointee.NotifyWMIReregister = { context, ext, path, target, lun in
            CallRecorder.from(context).calls.append("WMIReregister \(hex(ext)) \(hex(path)):\(target):\(lun)")
        }
        port.pointee.NotifyLinkUp = { context, ext in
            CallRecorder.from(context).calls.append("LinkUp \(hex(ext))")
        }
        port.pointee.NotifyLinkDown = { context, ext in
            CallRecorder.from(context).calls.append("LinkDown \(hex(ext))")
        }
        port.pointee.NotifyQueryTickCount = { context, ext, ticks in
            ticks!.pointee.QuadPart = 1234
            CallRecorder.from(context).calls.append("QueryTickCount \(hex(ext)) out=\(ticks != nil)")
        }
        port.pointee.NotifyBufferOverrunDetected = { context, ext in
            CallRecorder.from(context).calls.append("BufferOverrunDetected \(hex(ext))")
        }
        port.pointee.NotifyTraceNotification = { context, ext, argument in
            CallRecorder.from(context).calls.append("TraceNotification \(hex(ext)) \(hex(argument))")
        }
        port.pointee.NotifyUnknown = { context, type, ext in
            CallRecorder.from(context).calls.append("UnknownNotification \(hex(type)) \(hex(ext))")
        }
        port.pointee.DebugPrint = { context, level, text in
            CallRecorder.from(context).calls.append("DebugPrint \(level) \(String(cString: text!))")
        }
        port.pointee.GetPhysicalAddress = { context, ext, srb, virtualAddress, length in
            length!.pointee = 0x1000
            CallRecorder.from(context).calls.append(
                "GetPhysicalAddress \(hex(ext)) srbLun=\(srb!.pointee.Lun) va=\(virtualAddress != nil)")
            return 0x1_2345_6000
        }
        port.pointee.GetDeviceBase = { context, ext, busType, bus, ioAddress, bytes, inIoSpace in
            CallRecorder.from(context).calls.append(
                "GetDeviceBase \(hex(ext)) bus=\(busType)/\(bus) io=\(hex(ioAddress)) bytes=\(hex(bytes)) io=\(inIoSpace)")
            return UnsafeMutableRawPointer(bitPattern: 0x7700_0000)
        }
        port.pointee.ReadRegisterUlong = { context, register in
            let recorder = CallRecorder.from(context)
            recorder.registerReads += 1
            recorder.calls.append("ReadRegisterUlong")
            return 0x1111_0000 + recorder.registerReads
        }
        port.pointee.WriteRegisterUlong = { context, register, value in
            CallRecorder.from(context).calls.append("WriteRegisterUlong \(hex(value))")
        }
        port.pointee.ReadPortUchar = { context, port in
            CallRecorder.from(context).calls.append("ReadPortUchar")
            return 0xA5
        }
        port.pointee.ReadRegisterBufferUlong = { context, register, buffer, count in
            for index in 0..<Int(count) { buffer![index] = 0xB000 + UInt32(index) }
            CallRecorder.from(context).calls.append("ReadRegisterBufferUlong count=\(count)")
        }
        port.pointee.StallExecution = { context, microseconds in
            CallRecorder.from(context).calls.append("StallExecution \(microseconds)")
        }
        port.pointee.LogError = { context, ext, srb, path, target, lun, code, unique in
            CallRecorder.from(context).calls.append(
                "LogError \(hex(ext)) srb=\(srb != nil) \(path):\(target):\(lun) code=\(code) id=\(hex(unique))")
        }
        port.pointee.CompleteRequest = { context, ext, path, target, lun, status in
            CallRecorder.from(context).calls.append("CompleteRequest \(hex(ext)) \(path):\(target):\(lun) status=\(hex(status))")
        }
        port.pointee.ConvertUlongToPhysicalAddress = { context, value in
            CallRecorder.from(context).calls.append("ConvertUlongToPhysicalAddress \(hex(value))")
            return UInt64(value)
        }
    }

    @Test("DriverEntry's calls arrive with their arguments intact, every notification form included")
    func driverEntryCallsReachSwift() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try FixtureBuilder.buildSharedObject(["import_probe.c"], name: "import_probe.so", in: dir)

        let image = try MiniportImage.load(path: path)
        defer { image.unload() }
        #expect(image.importTable.pointee.Header.Version == MPABI_IMPORT_VERSION)
        #expect(image.importTable.pointee.Header.Size == UInt32(MemoryLayout<MPABI_IMPORT_TABLE>.size))

        let recorder = CallRecorder()
        Self.bindRecorder(image.importTable, recorder)
        let status = image.callDriverEntry(
            driverObject: UnsafeMutableRawPointer(bitPattern: 0xA1), registryPath: UnsafeMutableRawPointer(bitPattern: 0xA2))
        #expect(status == 0)

        let expected = [
            "Initialize 0xa1 0xa2 ctx=0x1234 size=128 bus=5 ext=0x240 lu=0x18 srbext=0x80 ranges=2 tagged=1 "
                + "autosense=1 multi=1 vendor=1AF4/4 device=5C51/4 HwInitialize=1 HwFindAdapter=0 again=0",
            "RequestComplete 0xe0 srb=1:2:3 len=88 cdb0=0x28",
            "NextRequest 0xe1",
            "NextLuRequest 0xe2 1:2:3",
            "ResetDetected 0xe3",
            "CallDisableInterrupts 0xe4 routine=true returns=0",
            "CallEnableInterrupts 0xe5 routine=true",
            "RequestTimerCall 0xe6 timer=true value=250000",
            "BusChangeDetected 0xe7 4",
            "WMIEvent 0xe8 event=true 0xff:0:0",
            "WMIEvent 0xe8 event=true 0x0:5:6",
            "WMIReregister 0xe9 0xff:0:0",
            "WMIReregister 0xe9 0x2:7:8",
            "LinkUp 0xea",
            "LinkDown 0xeb",
            "QueryTickCount 0xec out=true",
            "BufferOverrunDetected 0xed",
            "TraceNotification 0xee 0xabcdef",
            "UnknownNotification 0x77 0xef",
            "NextLuRequest 0xf2 9:10:11",
            "DebugPrint 1 value=42 name=probe",
            "GetPhysicalAddress 0xd0 srbLun=3 va=true",
            "GetDeviceBase 0xd1 bus=5/0 io=0xfebf0000 bytes=0x1000 io=0",
            "ReadRegisterUlong",
            "WriteRegisterUlong 0xcafef00d",
            "ReadRegisterUlong",
            "WriteRegisterUlong 0xbadbeef",
            "ReadPortUchar",
            "ReadRegisterBufferUlong count=4",
            "StallExecution 17",
            "LogError 0xd2 srb=true 1:2:3 code=7 id=0x5150",
            "CompleteRequest 0xd3 1:2:3 status=0xe",
            "ConvertUlongToPhysicalAddress 0x87654321",
        ]
        #expect(recorder.calls == expected)
        #expect(recorder.unresolved == ["ScsiPortFlushDma"])

        // Values the port returned, as the miniport saw them in C.
        let results = try #require(image.symbol("ProbeResults"))
        #expect(results.load(fromByteOffset: 0, as: UInt64.self) == 0x1_2345_6000)
        #expect(results.load(fromByteOffset: 8, as: UInt32.self) == 0x1000)
        #expect(results.load(fromByteOffset: 12, as: UInt32.self) == 0x1111_0001)
        #expect(results.load(fromByteOffset: 16, as: UInt32.self) == 0x1111_0002)
        #expect(results.load(fromByteOffset: 20, as: UInt8.self) == 0xA5)
        #expect(results.load(fromByteOffset: 24, as: UInt.self) == 0x7700_0000)
        #expect(results.load(fromByteOffset: 32, as: UInt64.self) == 0x8765_4321)
        #expect(results.load(fromByteOffset: 40, as: UInt32.self) == 0x5A)
        #expect((0..<4).map { results.load(fromByteOffset: 44 + 4 * $0, as: UInt32.self) } == [0xB000, 0xB001, 0xB002, 0xB003])
    }

    @Test("Two copies of one image have separate tables and globals")
    func copiesAreSeparate() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try FixtureBuilder.buildSharedObject(["import_probe.c"], name: "probe.so", in: dir)
        let copy = dir.appendingPathComponent("dump_probe.so").path
        try FileManager.default.copyItem(atPath: path, toPath: copy)

        let first = try MiniportImage.load(path: path)
        let second = try MiniportImage.load(path: copy)
        defer { first.unload(); second.unload() }
        #expect(first.importTable != second.importTable)
        #expect(first.symbol("ProbeResults") != second.symbol("ProbeResults"))

        let recorder = CallRecorder()
        Self.bindRecorder(first.importTable, recorder)
        _ = first.callDriverEntry(driverObject: nil, registryPath: nil)
        #expect(first.symbol("ProbeResults")!.load(fromByteOffset: 40, as: UInt32.self) == 0x5A)
        #expect(second.symbol("ProbeResults")!.load(fromByteOffset: 40, as: UInt32.self) == 0)
        #expect(second.importTable.pointee.Header.Context == nil)
    }

    @Test("An image built against an older import table is refused with both versions named")
    func olderTableIsRefused() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try FixtureBuilder.buildSharedObject(["old_table.c"], withStub: false, name: "old.so", in: dir)
        #expect(throws: MiniportImageError.importTableVersionMismatch(path: path, image: 0, host: MPABI_IMPORT_VERSION)) {
            _ = try MiniportImage.load(path: path)
        }
        let message = MiniportImageError.importTableVersionMismatch(path: path, image: 0, host: MPABI_IMPORT_VERSION).description
        #expect(message.contains("version 0") && message.contains("version \(MPABI_IMPORT_VERSION)") && message.contains(path))
    }

    @Test("Files that are not loadable miniports are refused with the path and the reason")
    func badFilesAreRefused() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }

        let text = dir.appendingPathComponent("notes.so").path
        try "not a shared object".write(toFile: text, atomically: true, encoding: .utf8)
        #expect(throws: MiniportImageError.notAnELFSharedObject(path: text, reason: "no ELF magic")) {
            _ = try MiniportImage.load(path: text)
        }

        let missing = dir.appendingPathComponent("absent.so").path
        #expect(throws: MiniportImageError.self) { _ = try MiniportImage.load(path: missing) }
        #expect(throws: MiniportImageError.notAFile(path: dir.path, kind: "a directory")) { _ = try MiniportImage.load(path: dir.path) }

        let object = dir.appendingPathComponent("probe.o").path
        try FixtureBuilder.run("cc", ["-c", "-fPIC", "-I", FixtureBuilder.includeDirectory,
                                      FixtureBuilder.fixturesDirectory.appendingPathComponent("old_table.c").path,
                                      "-o", object])
        #expect(throws: MiniportImageError.notAnELFSharedObject(path: object, reason: "a relocatable object (.o), not a shared object")) {
            _ = try MiniportImage.load(path: object)
        }

        let plain = try FixtureBuilder.buildSharedObject(["no_driver_entry.c"], withStub: false, name: "plain.so",
                                                          extraFlags: ["-Wl,--unresolved-symbols=ignore-all"], in: dir)
        #expect(throws: MiniportImageError.self) { _ = try MiniportImage.load(path: plain) }

        let noEntry = try FixtureBuilder.buildSharedObject(["no_driver_entry.c"], name: "noentry.so", in: dir)
        #expect(throws: MiniportImageError.missingDriverEntry(path: noEntry)) { _ = try MiniportImage.load(path: noEntry) }
    }

    @Test("A FIFO, a directory and a device are refused by kind, without blocking")
    func specialFilesAreRefusedByKind() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("pipe.so").path
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(throws: MiniportImageError.notAFile(path: fifo, kind: "a FIFO (named pipe)")) {
            _ = try MiniportImage.load(path: fifo)
        }
        #expect(throws: MiniportImageError.notAFile(path: "/dev/zero", kind: "a character device")) {
            _ = try MiniportImage.load(path: "/dev/zero")
        }
        let message = MiniportImageError.notAFile(path: dir.path, kind: "a directory").description
        #expect(message == "\(dir.path): is a directory, not a regular file")
        #expect(!message.contains("errno"))
    }

    @Test("ELF headers are checked field by field, from at most 64 bytes")
    func elfHeaderFields() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        func header(class elfClass: UInt8 = 2, data: UInt8 = 1, version: UInt8 = 1, type: UInt16 = 3,
                    machine: UInt16 = 62, length: Int = 64) -> [UInt8] {
            var bytes = [UInt8](repeating: 0, count: max(length, 64))
            bytes[0...3] = [0x7F, 0x45, 0x4C, 0x46]
            bytes[4] = elfClass; bytes[5] = data; bytes[6] = version
            bytes[16] = UInt8(type & 0xFF); bytes[17] = UInt8(type >> 8)
            bytes[18] = UInt8(machine & 0xFF); bytes[19] = UInt8(machine >> 8)
            return Array(bytes.prefix(length))
        }
        let cases: [([UInt8], MiniportImageError)] = [
            ([], .notAnELFSharedObject(path: "f", reason: "the file is empty")),
            ([0x7F, 0x45], .notAnELFSharedObject(path: "f", reason: "the file is 2 bytes, cut off inside the ELF magic")),
            (header(length: 20), .notAnELFSharedObject(path: "f", reason: "the file is 20 bytes, shorter than a 64-byte ELF64 header")),
            (header(class: 1), .wrongArchitecture(path: "f", found: "a 32-bit ELF class")),
            (header(class: 9), .notAnELFSharedObject(path: "f", reason: "invalid ELF class 9")),
            (header(data: 2), .wrongArchitecture(path: "f", found: "big-endian ELF")),
            (header(version: 0), .notAnELFSharedObject(path: "f", reason: "unknown ELF version 0")),
            (header(type: 2), .notAnELFSharedObject(path: "f", reason: "an executable, not a shared object")),
            (header(type: 4), .notAnELFSharedObject(path: "f", reason: "a core dump, not a shared object")),
            (header(machine: 183), .wrongArchitecture(path: "f", found: "AArch64")),
        ]
        for (index, (bytes, expected)) in cases.enumerated() {
            let path = dir.appendingPathComponent("case\(index).so").path
            #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
            #expect(throws: expected) { try bytes.withUnsafeBytes { try MiniportImageFile.checkHeader($0, path: "f") } }
            do {
                try MiniportImageFile.check(path: path)
                Issue.record("case \(index) passed the file check")
            } catch {
                #expect(error.description.hasPrefix(path))
            }
        }
        try header().withUnsafeBytes { try MiniportImageFile.checkHeader($0, path: "f") }
    }
}
