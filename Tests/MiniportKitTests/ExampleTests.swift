import CMiniportABI
import Foundation
import Testing
@testable import MiniportKit

@Suite("Examples build with plain cc and load")
struct ExampleTests {
    @Test("The SCSI Port skeleton compiles warning-free, loads, and registers its callbacks")
    func skeletonLoads() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = FixtureBuilder.root.appendingPathComponent("Examples/SkeletonScsiPort/skeleton.c").path
        let output = dir.appendingPathComponent("skeleton.so").path
        try FixtureBuilder.run("cc", ["-shared", "-fPIC", "-O2", "-Wall", "-Wextra", "-Werror",
                                      "-I", FixtureBuilder.includeDirectory, source]
                                     + FixtureBuilder.stubSources + ["-o", output])
        let image = try MiniportImage.load(path: output)
        defer { image.unload() }
        let recorder = CallRecorder()
        image.importTable.pointee.Header.Context = Unmanaged.passUnretained(recorder).toOpaque()
        image.importTable.pointee.ScsiPort.Initialize = { context, _, _, data, _ in
            let initData = data!.assumingMemoryBound(to: HW_INITIALIZATION_DATA.self).pointee
            let callbacks = [initData.HwFindAdapter != nil, initData.HwInitialize != nil, initData.HwStartIo != nil,
                             initData.HwInterrupt != nil, initData.HwResetBus != nil]
            CallRecorder.from(context).calls.append(
                "size=\(initData.HwInitializationDataSize) callbacks=\(callbacks.filter { $0 }.count) "
                    + "ext=\(initData.DeviceExtensionSize)")
            return 0
        }
        #expect(image.callDriverEntry(driverObject: nil, registryPath: nil) == 0)
        #expect(recorder.calls == ["size=128 callbacks=5 ext=16"])
    }
}
