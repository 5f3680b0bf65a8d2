import CMiniportABI
import Foundation
import Testing
@testable import MiniportKit

@Suite("Import table: a cc-built StorPort miniport reaches Swift through its table")
struct StorPortImportTests {
    static func bindRecorder(_ table: UnsafeMutablePointer<MPABI_IMPORT_TABLE>, _ recorder: CallRecorder) {
        table.pointee.Header.Context = Unmanaged.passUnretained(recorder).toOpaque()
        table.pointee.Header.Unresolved = { context, name in
            CallRecorder.from(context).unresolved.append(String(cString: name!))
        }
        let port = withUnsafeMutablePointer(to: &table.pointee.StorPort) { $0 }
        func log(_ context: UnsafeMutableRawPointer?, _ line: String) { CallRecorder.from(context).calls.append(line) }
        port.pointee.Initialize = { context, argument1, argument2, data, hwContext in
            let initData = data!.assumingMemoryBound(to: STOR_HW_INITIALIZATION_DATA.self).pointee
            var reserved: BOOLEAN = 0
            var config = STOR_PORT_CONFIGURATION_INFORMATION()
            let found = initData.HwFindAdapter!(nil, nil, nil, nil, &config, &reserved)
            CallRecorder.from(context).calls.append(
                "Initialize size=\(initData.HwInitializationDataSize) buildIo=\(initData.HwBuildIo != nil) "
                    + "startIo=\(initData.HwStartIo != nil) map=\(initData.MapBuffers) features=\(initData.FeatureSupport) "
                    + "ext=\(initData.DeviceExtensionSize) findAdapter=\(found)")
            return 0
        }
        port.pointee.NotifyRequestComplete = { c, e, srb in
            CallRecorder.from(c).calls.append("RequestComplete \(srb!.pointee.PathId):\(srb!.pointee.TargetId):\(srb!.pointee.Lun)")
        }
        port.pointee.NotifyNextRequest = { c, _ in CallRecorder.from(c).calls.append("NextRequest") }
        port.pointee.NotifyNextLuRequest = { c, _, p, t, l in CallRecorder.from(c).calls.append("NextLuRequest \(p):\(t):\(l)") }
        port.pointee.NotifyResetDetected = { c, _ in CallRecorder.from(c).calls.append("ResetDetected") }
        port.pointee.NotifyRequestTimerCall = { c, _, timer, value in
            CallRecorder.from(c).calls.append("RequestTimerCall timer=\(timer != nil) \(value)")
        }
        port.pointee.NotifyBusChangeDetected = { c, _, p in CallRecorder.from(c).calls.append("BusChangeDetected \(p)") }
        port.pointee.NotifyWMIEvent = { c, _, event, p, t, l in
            CallRecorder.from(c).calls.append("WMIEvent \(event != nil) \(p):\(t):\(l)")
        }
        port.pointee.NotifyWMIReregister = { c, _, p, t, l in CallRecorder.from(c).calls.append("WMIReregister \(p):\(t):\(l)") }
        port.pointee.NotifyLinkUp = { c, _ in CallRecorder.from(c).calls.append("LinkUp") }
        port.pointee.NotifyLinkDown = { c, _ in CallRecorder.from(c).calls.append("LinkDown") }
        port.pointee.NotifyQueryTickCount = { c, _, ticks in CallRecorder.from(c).calls.append("QueryTickCount \(ticks != nil)") }
        port.pointee.NotifyBufferOverrunDetected = { c, _ in CallRecorder.from(c).calls.append("BufferOverrunDetected") }
        port.pointee.NotifyTraceNotification = { c, _, argument in
            CallRecorder.from(c).calls.append("TraceNotification 0x\(String(UInt(bitPattern: argument), radix: 16))")
        }
        port.pointee.NotifyGetExtendedFunctionTable = { c, _, argument in
            CallRecorder.from(c).calls.append("GetExtendedFunctionTable \(argument != nil)")
        }
        port.pointee.NotifyEnablePassiveInitialization = { c, _, routine, result in
            result!.pointee = 1
            CallRecorder.from(c).calls.append("EnablePassiveInitialization routine=\(routine != nil)")
        }
        port.pointee.NotifyInitializeDpc = { c, _, dpc, routine in
            CallRecorder.from(c).calls.append("InitializeDpc dpc=\(dpc != nil) routine=\(routine != nil)")
        }
        port.pointee.NotifyIssueDpc = { c, _, dpc, argument1, argument2, result in
            result!.pointee = 1
            CallRecorder.from(c).calls.append(
                "IssueDpc \(UInt(bitPattern: argument1)) \(UInt(bitPattern: argument2))")
        }
        port.pointee.NotifyAcquireSpinLock = { c, _, lock, lockContext, handle in
            CallRecorder.from(c).calls.append("AcquireSpinLock \(lock.rawValue) handle=\(handle != nil)")
        }
        port.pointee.NotifyReleaseSpinLock = { c, _, handle in
            CallRecorder.from(c).calls.append("ReleaseSpinLock handle=\(handle != nil)")
        }
        port.pointee.NotifyStateChangeDetected = { c, _, entity, address, attributes, callback, callbackContext, status in
            status!.pointee = UInt32(STOR_STATUS_SUCCESS)
            CallRecorder.from(c).calls.append("StateChangeDetected entity=\(entity) type=\(address!.pointee.Type)")
        }
        port.pointee.NotifyMarkDeviceFailed = { c, _, address, flags, reason in
            let text = String(decoding: UnsafeBufferPointer(start: reason!, count: 3), as: UTF16.self)
            CallRecorder.from(c).calls.append("MarkDeviceFailed \(text)")
        }
        port.pointee.NotifyMarkDeviceFailedEx = { c, _, address, flags, code, description, addSize, add, critSize, crit, status in
            status!.pointee = 0
            CallRecorder.from(c).calls.append("MarkDeviceFailedEx code=\(hexString(code)) critical=\(critSize):\(crit![2])")
        }
        port.pointee.NotifyUnknown = { c, type, _ in CallRecorder.from(c).calls.append("UnknownNotification \(hexString(type))") }
        port.pointee.AllocatePool = { c, _, bytes, tag, buffer in
            buffer!.pointee = UnsafeMutableRawPointer(bitPattern: 0xBEEF000)
            CallRecorder.from(c).calls.append("AllocatePool \(bytes) tag=\(hexString(tag))")
            return UInt32(STOR_STATUS_SUCCESS)
        }
        port.pointee.ExtendedUnknown = { c, code, _ in
            CallRecorder.from(c).calls.append("ExtendedUnknown \(hexString(code.rawValue))")
            return UInt32(STOR_STATUS_NOT_IMPLEMENTED)
        }
        port.pointee.DebugPrint = { c, level, text in
            CallRecorder.from(c).calls.append("DebugPrint \(level) \(String(cString: text!))")
        }
        port.pointee.ReadRegisterUlong = { c, ext, register in
            CallRecorder.from(c).calls.append("ReadRegisterUlong ext=\(hexString(UInt(bitPattern: ext)))")
            return 0x5150
        }
        port.pointee.WriteRegisterUlong = { c, _, register, value in
            CallRecorder.from(c).calls.append("WriteRegisterUlong \(hexString(value))")
        }
        port.pointee.GetPhysicalAddress = { c, _, srb, va, length in
            length!.pointee = 512
            CallRecorder.from(c).calls.append("GetPhysicalAddress lun=\(srb!.pointee.Lun)")
            return 0xFFFF_0000_1000
        }
    }

    @Test("StorPort DriverEntry's calls, notifications and extended functions arrive intact")
    func storPortCallsReachSwift() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try FixtureBuilder.buildSharedObject(["storport_probe.c"], name: "storport_probe.so", in: dir)
        let image = try MiniportImage.load(path: path)
        defer { image.unload() }
        let recorder = CallRecorder()
        Self.bindRecorder(image.importTable, recorder)
        #expect(image.callDriverEntry(driverObject: nil, registryPath: nil) == 0)

        #expect(recorder.calls == [
            "Initialize size=208 buildIo=true startIo=true map=2 features=5 ext=256 findAdapter=1",
            "RequestComplete 0:1:2",
            "NextRequest",
            "NextLuRequest 0:1:2",
            "ResetDetected",
            "RequestTimerCall timer=true 1000",
            "BusChangeDetected 0",
            "WMIEvent true 255:0:0",
            "WMIReregister 3:4:5",
            "LinkUp",
            "LinkDown",
            "QueryTickCount true",
            "BufferOverrunDetected",
            "TraceNotification 0x77",
            "GetExtendedFunctionTable true",
            "EnablePassiveInitialization routine=true",
            "InitializeDpc dpc=true routine=true",
            "IssueDpc 17 34",
            "AcquireSpinLock 3 handle=true",
            "ReleaseSpinLock handle=true",
            "StateChangeDetected entity=2 type=1",
            "MarkDeviceFailed bad",
            "MarkDeviceFailedEx code=0x42 critical=3:3",
            "UnknownNotification 0x4444",
            "UnknownNotification 0x4",
            "AllocatePool 4096 tag=0x636f7250",
            "ExtendedUnknown 0x7777",
            "DebugPrint 2 storport probe 7",
            "ReadRegisterUlong ext=0xc0",
            "WriteRegisterUlong 0x600df00d",
            "GetPhysicalAddress lun=2",
        ])
        #expect(recorder.unresolved.isEmpty)

        let results = try #require(image.symbol("StorProbeResults"))
        #expect(results.load(fromByteOffset: 0, as: UInt32.self) == 0)           // InitializeStatus
        #expect(results.load(fromByteOffset: 4, as: UInt8.self) == 1)            // PassiveAccepted
        #expect(results.load(fromByteOffset: 5, as: UInt8.self) == 1)            // DpcQueued
        #expect(results.load(fromByteOffset: 8, as: UInt32.self) == 0)           // StateChangeStatus
        #expect(results.load(fromByteOffset: 12, as: UInt32.self) == 0)          // AllocateStatus
        #expect(results.load(fromByteOffset: 16, as: UInt.self) == 0xBEEF000)    // AllocatedBuffer
        #expect(results.load(fromByteOffset: 24, as: UInt32.self) == UInt32(STOR_STATUS_NOT_IMPLEMENTED))
        #expect(results.load(fromByteOffset: 28, as: UInt32.self) == 0x5150)     // RegisterValue
        #expect(results.load(fromByteOffset: 32, as: UInt64.self) == 0xFFFF_0000_1000)
    }

    @Test("Only the import table and DriverEntry leave a miniport image; every port routine stays hidden")
    func stubExportsNothingElse() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for fixture in ["storport_probe.c", "import_probe.c"] {
            let path = try FixtureBuilder.buildSharedObject([fixture], name: "exports.so", in: dir)
            let table = try FixtureBuilder.run("nm", ["-D", "--defined-only", path])
            let names = Set(table.split(separator: "\n").compactMap { $0.split(separator: " ").last.map(String.init) })
            #expect(names.contains("MpAbiImportTable") && names.contains("DriverEntry"))
            let leaked = names.filter { $0.hasPrefix("ScsiPort") || $0.hasPrefix("StorPort") || $0.hasPrefix("READ_")
                || $0.hasPrefix("WRITE_") || $0.hasPrefix("MpAbi") && $0 != "MpAbiImportTable" }
            #expect(leaked.isEmpty, "exported port routines: \(leaked.sorted())")
        }
    }
}

func hexString<T: BinaryInteger>(_ value: T) -> String { "0x" + String(value, radix: 16) }
