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

    @Test("The skeleton runs as far as it goes and says why it stops; a miniport without PCI IDs is told which field is missing")
    func skeletonSaysWhatItLacks() throws {
        let run = try miniport(["run", "--miniport", "Examples/SkeletonScsiPort/skeleton.c", "--no-dump"])
        #expect(run.status == 1 && run.error.contains("HwFindAdapter claimed none of the 1 function(s) matching PCI 6D70:5343"),
                "\(run.error)")

        // The same miniport without VendorId and DeviceId: nothing can match, and the error names both.
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let skeleton = FixtureBuilder.root.appendingPathComponent("Examples/SkeletonScsiPort/skeleton.c").path
        let source = dir.appendingPathComponent("no_ids.c")
        try Data("""
            #define DriverEntry SkeletonDriverEntry
            #include "\(skeleton)"
            #undef DriverEntry
            ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
            {
                HW_INITIALIZATION_DATA data;
                RtlZeroMemory(&data, sizeof(data));
                data.HwInitializationDataSize = sizeof(data);
                data.AdapterInterfaceType = PCIBus;
                data.HwFindAdapter = SkeletonFindAdapter;
                data.HwInitialize = SkeletonInitialize;
                data.HwStartIo = SkeletonStartIo;
                data.HwInterrupt = SkeletonInterrupt;
                data.HwResetBus = SkeletonResetBus;
                data.DeviceExtensionSize = sizeof(SKELETON_EXTENSION);
                return ScsiPortInitialize(DriverObject, RegistryPath, &data, NULL);
            }

            """.utf8).write(to: source)
        let output = dir.appendingPathComponent("no_ids.so").path
        try FixtureBuilder.run("cc", ["-shared", "-fPIC", "-O1", "-I", FixtureBuilder.includeDirectory, source.path]
                                     + FixtureBuilder.stubSources + ["-o", output])
        let machine = try MiniportRunner().makeMachine(disks: []).0
        #expect {
            _ = try PortDriver.load(path: output, machine: machine)
        } throws: { error in
            "\(error)".contains("HW_INITIALIZATION_DATA names no VendorId and no DeviceId")
        }
    }
}
