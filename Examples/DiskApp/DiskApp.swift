// disk-app: a small Swift program that uses a disk through a Windows storage miniport.
//
// It builds an emulated machine (the SDK's PCI SCSI HBA with one disk behind it), loads the
// example C miniport with the SCSI Port driver, writes a message to LBA 0 through the disk
// class, reads it back and prints it:
//
//     swift run disk-app
//     swift run disk-app --message "hello, disk" --image /tmp/disk.img
//     swift run disk-app --miniport .build/debug/libPhbaSwiftMiniport.so
//
// Options:
//     --miniport PATH   a miniport .so, or C source built with cc, the SDK headers and the
//                       import stub (default: Examples/PhbaMiniport/phba.c)
//     --image PATH      back the disk with a raw image file (created with 2048 blocks of 512
//                       bytes if it does not exist) instead of a 1 MiB RAM disk
//     --message TEXT    what to write (default: a greeting); padded with zeros to whole blocks
//
// The exit status is 0 when the message read back equals the one written.

import Foundation
import MiniportKit

@main
struct DiskApp {
    struct Options {
        var miniport: String?
        var image: String?
        var message = "Hello from disk-app, through a Windows miniport on an emulated SCSI HBA."
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func main() {
        do {
            let options = try parse(Array(CommandLine.arguments.dropFirst()))
            let matched = try run(options)
            exit(matched ? 0 : 1)
        } catch {
            FileHandle.standardError.write(Data("disk-app: \(error)\n".utf8))
            exit(2)
        }
    }

    static func parse(_ arguments: [String]) throws -> Options {
        var options = Options()
        var rest = arguments[...]
        while let option = rest.popFirst() {
            guard let value = rest.popFirst() else { throw Failure(description: "\(option) needs a value") }
            switch option {
            case "--miniport": options.miniport = value
            case "--image": options.image = value
            case "--message": options.message = value
            default: throw Failure(description: "unknown option \(option) (--miniport, --image, --message)")
            }
        }
        return options
    }

    /// The whole program: machine, miniport, write, read back. Returns whether the data matched.
    static func run(_ options: Options) throws -> Bool {
        // 1. The machine: the HBA in PCI slot 3 (firmware assigns BARs and an interrupt), one
        //    SCSI target with a disk at LUN 0.
        let machine = Machine()
        let hba = EmulatedHBA(machine: machine)
        try machine.plug(hba, slot: 3)
        let store: any BlockStore
        if let image = options.image {
            store = FileManager.default.fileExists(atPath: image)
                ? try FileBlockStore(path: image)
                : try FileBlockStore(creatingAt: image, blockCount: 2048)
        } else {
            store = try RAMBlockStore(blockCount: 2048)
        }
        let target = SCSITarget(id: 0)
        try target.attach(SCSIDisk(store: store), lun: 0)
        try hba.attach(target, bus: 0)

        // 2. The miniport: a .so as is, C source compiled first (into a temporary file).
        let sdk = try SDKLocator.root(explicit: nil)
        let source = options.miniport ?? sdk.appendingPathComponent("Examples/PhbaMiniport/phba.c").path
        let image = try MiniportBuilder.soPath(for: source, sdkRoot: sdk)
        defer { if image != source { try? FileManager.default.removeItem(atPath: image) } }
        let driver = try PortDriver.load(path: image, machine: machine)   // DriverEntry, HwFindAdapter, scan
        guard let adapter = driver.adapters.first,
              let device = adapter.devices.first(where: { $0.deviceType == 0 }) else {
            throw Failure(description: "the miniport found no disk")
        }
        let disk = try DiskClass(adapter: adapter, device: device)
        print("miniport: \(source)")
        print("disk \(device.pathId):\(device.targetId):\(device.lun): \(device.vendor) \(device.product), "
              + "\(disk.blockCount) blocks of \(disk.blockSize) bytes")

        // 3. Write the message to LBA 0 (whole blocks, zero padded), read it back, compare.
        let text = Array(options.message.utf8)
        let blocks = max(1, (text.count + disk.blockSize - 1) / disk.blockSize)
        let out = UnsafeMutableRawBufferPointer.allocate(byteCount: blocks * disk.blockSize, alignment: 16)
        let back = UnsafeMutableRawBufferPointer.allocate(byteCount: blocks * disk.blockSize, alignment: 16)
        defer {
            out.deallocate()
            back.deallocate()
        }
        out.initializeMemory(as: UInt8.self, repeating: 0)
        back.initializeMemory(as: UInt8.self, repeating: 0)
        out.copyBytes(from: text)
        try disk.write(lba: 0, from: UnsafeRawBufferPointer(out))
        try disk.flush()
        print("wrote \(text.count) bytes (\(blocks) block(s)) at LBA 0")
        try disk.read(lba: 0, into: back)
        let readBack = String(decoding: back.prefix { $0 != 0 }, as: UTF8.self)
        print("read back: \(readBack)")
        return out.elementsEqual(back)
    }
}
