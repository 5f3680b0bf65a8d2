// PhbaMiniport.swift - the SCSI Port miniport for the SDK's emulated PCI SCSI host bus adapter
// ("PHBA"), written in Swift.
//
// The same driver as Examples/PhbaMiniport/phba.c, routine for routine, written from
// docs/hba-spec.md (interface 1.0): the controller exchanges work with the driver through two
// rings in DMA memory, 64-byte request descriptors the driver produces (doorbell:
// REQUEST_TAIL) and 16-byte completion descriptors the controller produces (the driver hands
// slots back through COMPLETION_HEAD). README.md in this directory explains how a Swift
// miniport is built and what differs from the C original; phba.c's README walks through the
// design, and each section below names the spec section it follows.
//
// Swift specifics, in short:
//
// - Only `DriverEntry` is public (`@_cdecl`), everything else is `private`: in a debug build
//   (-enable-testing) internal declarations would be exported from the image too.
// - No mutable globals: everything the driver knows about an adapter lives in the device
//   extension, raw memory the port allocates (`DeviceExtensionSize`), and per-request state
//   in the SRB extension. A byte copy of the image (the dump port's copy) therefore works
//   independently, as with the C driver.
// - The entry points in HW_INITIALIZATION_DATA are global functions, which Swift converts to
//   `@convention(c)` function pointers (no closures, no captures).
// - ScsiPortNotification and ScsiDebugPrint are variadic, which Swift cannot call: the
//   headers' fixed-arity helpers (ScsiPortNotifyRequestComplete, ScsiDebugPrintText, ...)
//   stand in for them.
// - The controller's in-memory structures are read and written field by field at the offsets
//   the spec gives (RequestDescriptor.store(to:), CompletionDescriptor(from:)), so nothing
//   depends on how Swift lays out a struct.
//
// Concurrency model, as phba.c: SCSI Port serialises HwStartIo, HwInterrupt, HwResetBus and
// HwAdapterControl, so the device extension needs no lock. The emulated controller completes
// most commands inside the doorbell write; every routine finishes its bookkeeping before
// writing a register that can post completions and never touches an SRB after handing it to
// the controller (see AdapterState.busy for the re-entrancy guard).

import CMiniportStub
import Synchronization

// MARK: - The controller (spec sections 2, 4, 7, 8, 10, 11)

/// PCI identity (spec section 2): the strings SCSI Port matches PCI functions against.
private enum Identity {
    static let vendorId: StaticString = "6D70"
    static let deviceId: StaticString = "5343"
    static let bar0Length: UInt32 = 0x1000      // memory BAR: the whole register block
    static let bar1Length: UInt32 = 0x80        // I/O BAR: mirror of registers 0x00-0x7F
}

/// Register offsets (spec section 4). 32-bit accesses only.
private enum Register {
    static let magic: UInt32 = 0x00
    static let version: UInt32 = 0x04
    static let capBuses: UInt32 = 0x08
    static let capTargets: UInt32 = 0x0C
    static let capLuns: UInt32 = 0x10
    static let capQueueDepth: UInt32 = 0x14
    static let capMaxTransfer: UInt32 = 0x18
    static let capMaxSgEntries: UInt32 = 0x1C
    static let control: UInt32 = 0x20
    static let status: UInt32 = 0x24
    static let error: UInt32 = 0x28
    static let requestRingLow: UInt32 = 0x30
    static let requestRingHigh: UInt32 = 0x34
    static let completionRingLow: UInt32 = 0x38
    static let completionRingHigh: UInt32 = 0x3C
    static let ringEntries: UInt32 = 0x40
    static let requestTail: UInt32 = 0x44       // the doorbell
    static let requestHead: UInt32 = 0x48
    static let completionTail: UInt32 = 0x4C
    static let completionHead: UInt32 = 0x50
    static let interruptStatus: UInt32 = 0x54   // write 1 to clear
    static let interruptMask: UInt32 = 0x58
    static let busReset: UInt32 = 0x5C
    static let targetReset: UInt32 = 0x60
}

/// Identification, limits and bit fields (spec section 4).
private enum HBA {
    static let magic: UInt32 = 0x4142_4850      // "PHBA" in memory order
    static let supportedMajorVersion: UInt32 = 1

    static let maxBuses: UInt32 = 8
    static let maxTargets: UInt32 = 256
    static let maxLuns: UInt32 = 256
    static let minRingEntries: UInt32 = 2
    static let maxSgLimit: UInt32 = 4096
    static let maxCdbLength: UInt8 = 16
    static let ringAlignment: UInt64 = 64       // both ring bases

    static let controlEnable: UInt32 = 0x1
    static let controlReset: UInt32 = 0x2
    static let statusReady: UInt32 = 0x1
    static let statusFatal: UInt32 = 0x2
    static let interruptCompletion: UInt32 = 0x1
    static let interruptError: UInt32 = 0x2
    static let interruptAll: UInt32 = 0x3

    static let requestDataIn: UInt8 = 0x01
    static let requestDataOut: UInt8 = 0x02
    static let requestSgList: UInt8 = 0x04
    static let completionSenseValid: UInt8 = 0x01

    /// TARGET_RESET value: bus in bits 7:0, target in bits 15:8.
    static func targetResetValue(bus: UInt32, target: UInt32) -> UInt32 { (bus & 0xFF) | (target & 0xFF) << 8 }
}

/// COMPLETION.HBA_STATUS (spec section 8).
private enum HBAStatus {
    static let ok: UInt8 = 0x00
    static let selectionTimeout: UInt8 = 0x01
    static let invalidRequest: UInt8 = 0x02
    static let dmaError: UInt8 = 0x03
    static let busReset: UInt8 = 0x04
    static let targetReset: UInt8 = 0x05
}

/// A request descriptor (spec section 7): 64 bytes per request ring slot, built on the stack
/// and copied into the ring in one go.
private struct RequestDescriptor {
    var tag: UInt32 = 0                 // 0x00 returned unchanged in the completion
    var bus: UInt8 = 0                  // 0x04
    var target: UInt8 = 0               // 0x05
    var lun: UInt8 = 0                  // 0x06
    var cdbLength: UInt8 = 0            // 0x07 1..16
    var flags: UInt8 = 0                // 0x08 HBA.request*
    var senseLength: UInt8 = 0          // 0x09 0 disables autosense
    var sgCount: UInt16 = 0             // 0x0A entries when flags has SG_LIST
    var transferLength: UInt32 = 0      // 0x0C bytes
    var cdb: (UInt64, UInt64) = (0, 0)  // 0x10 16 CDB bytes (those past cdbLength are 0)
    var dataAddress: UInt64 = 0         // 0x20 data buffer, or the SG list
    var senseAddress: UInt64 = 0        // 0x28
                                        // 0x30 16 reserved bytes, written as 0

    static let size = 64

    /// Writes the descriptor at the spec's offsets (little-endian, like every supported host).
    func store(to slot: UnsafeMutableRawPointer) {
        slot.storeBytes(of: tag, toByteOffset: 0x00, as: UInt32.self)
        slot.storeBytes(of: bus, toByteOffset: 0x04, as: UInt8.self)
        slot.storeBytes(of: target, toByteOffset: 0x05, as: UInt8.self)
        slot.storeBytes(of: lun, toByteOffset: 0x06, as: UInt8.self)
        slot.storeBytes(of: cdbLength, toByteOffset: 0x07, as: UInt8.self)
        slot.storeBytes(of: flags, toByteOffset: 0x08, as: UInt8.self)
        slot.storeBytes(of: senseLength, toByteOffset: 0x09, as: UInt8.self)
        slot.storeBytes(of: sgCount, toByteOffset: 0x0A, as: UInt16.self)
        slot.storeBytes(of: transferLength, toByteOffset: 0x0C, as: UInt32.self)
        slot.storeBytes(of: cdb.0, toByteOffset: 0x10, as: UInt64.self)
        slot.storeBytes(of: cdb.1, toByteOffset: 0x18, as: UInt64.self)
        slot.storeBytes(of: dataAddress, toByteOffset: 0x20, as: UInt64.self)
        slot.storeBytes(of: senseAddress, toByteOffset: 0x28, as: UInt64.self)
        slot.storeBytes(of: 0, toByteOffset: 0x30, as: UInt64.self)
        slot.storeBytes(of: 0, toByteOffset: 0x38, as: UInt64.self)
    }
}

/// A completion descriptor (spec section 8): 16 bytes per completion ring slot.
private struct CompletionDescriptor {
    var tag: UInt32                     // 0x00 the request's TAG
    var hbaStatus: UInt8                // 0x04 HBAStatus
    var scsiStatus: UInt8               // 0x05 LU status byte when hbaStatus is OK
    var senseLength: UInt8              // 0x06 sense bytes written (0..18)
    var flags: UInt8                    // 0x07 HBA.completionSenseValid
    var residual: UInt32                // 0x08 TRANSFER_LENGTH minus bytes moved

    static let size = 16

    init(from slot: UnsafeRawPointer) {
        tag = slot.load(fromByteOffset: 0x00, as: UInt32.self)
        hbaStatus = slot.load(fromByteOffset: 0x04, as: UInt8.self)
        scsiStatus = slot.load(fromByteOffset: 0x05, as: UInt8.self)
        senseLength = slot.load(fromByteOffset: 0x06, as: UInt8.self)
        flags = slot.load(fromByteOffset: 0x07, as: UInt8.self)
        residual = slot.load(fromByteOffset: 0x08, as: UInt32.self)
    }
}

/// Scatter/gather entry (spec section 7): 16 bytes, ADDRESS at 0x00, LENGTH at 0x08.
private enum SgEntry {
    static let size = 16

    static func store(address: UInt64, length: UInt32, at entry: UnsafeMutableRawPointer) {
        entry.storeBytes(of: address, toByteOffset: 0x00, as: UInt64.self)
        entry.storeBytes(of: length, toByteOffset: 0x08, as: UInt32.self)
        entry.storeBytes(of: 0, toByteOffset: 0x0C, as: UInt32.self)
    }
}

// MARK: - Driver constants

private enum Limits {
    /// Ring size for normal operation: the tag table has this many entries, so N is
    /// min(CAP_QUEUE_DEPTH, this), rounded down to a power of two.
    static let maxRingEntries: UInt32 = 256
    /// Ring size in crash-dump / hibernation mode (spec 15.2: one request at a time).
    static let dumpRingEntries: UInt32 = 8
    /// Scatter/gather entries per request (the list lives in the SRB extension): 255 breaks
    /// of 4 KiB, SCSI Port's own ceiling.
    static let maxSgEntries: UInt32 = 256
    /// The granularity assumed for the pieces ScsiPortGetPhysicalAddress returns.
    static let pageSize: UInt32 = 0x1000
    /// Polling (spec 15.5 and 12): stall between polls, give up after a bounded time.
    static let pollIntervalMicroseconds: UInt32 = 100
    static let stopDrainTimeoutMicroseconds: UInt32 = 2_000_000
    /// "Any bus / any target" for the routines that fail requests by address.
    static let any = UInt32.max
}

/// TAG = sequence number (bits 31:16) | tag-table slot (bits 15:0). Each slot's sequence
/// advances on every reuse, so a completion for a request given up after a reset never
/// matches the slot's current owner.
private enum Tag {
    static let slotMask: UInt32 = 0xFFFF
    static func make(sequence: UInt16, slot: UInt32) -> UInt32 { UInt32(sequence) << 16 | (slot & slotMask) }
}

/// UniqueId values for ScsiPortLogError: 'P' 'H' in the top bytes, a site in bits 15:8, a
/// detail in bits 7:0 (the same values as phba.c).
private enum LogSite {
    static let fatalInterrupt: UInt32 = 0x01    // FATAL noticed by HwInterrupt / polling
    static let fatalReset: UInt32 = 0x02        // FATAL noticed by a reset path
    static let restartFailed: UInt32 = 0x03     // controller would not become READY again
    static let invalidRequest: UInt32 = 0x04    // completion with HBA status INVALID_REQUEST
    static let dmaError: UInt32 = 0x05          // completion with HBA status DMA_ERROR
    static let unknownStatus: UInt32 = 0x06     // completion with an HBA status we do not know
    static let sgOverflow: UInt32 = 0x07        // buffer needed more SG entries than allowed
    static let noPhysical: UInt32 = 0x08        // ScsiPortGetPhysicalAddress could not translate
    static let badResidual: UInt32 = 0x09       // residual larger than the transfer
    static let ringIndex: UInt32 = 0x0A         // COMPLETION_TAIL out of range

    static func id(_ site: UInt32, _ detail: UInt32) -> UInt32 { 0x5048_0000 | (site & 0xFF) << 8 | (detail & 0xFF) }
}

/// Debug output levels (ScsiDebugPrint).
private enum PrintLevel {
    static let error: UInt32 = 0
    static let info: UInt32 = 1
    static let trace: UInt32 = 3
}

/// SRB and SCSI status values as the UInt8 the SRB holds (the C macros import as Int32).
private enum Srb {
    static let pending = UInt8(SRB_STATUS_PENDING)
    static let success = UInt8(SRB_STATUS_SUCCESS)
    static let error = UInt8(SRB_STATUS_ERROR)
    static let busy = UInt8(SRB_STATUS_BUSY)
    static let invalidRequest = UInt8(SRB_STATUS_INVALID_REQUEST)
    static let noHba = UInt8(SRB_STATUS_NO_HBA)
    static let selectionTimeout = UInt8(SRB_STATUS_SELECTION_TIMEOUT)
    static let busReset = UInt8(SRB_STATUS_BUS_RESET)
    static let dataOverrun = UInt8(SRB_STATUS_DATA_OVERRUN)
    static let abortFailed = UInt8(SRB_STATUS_ABORT_FAILED)
    static let autosenseValid = UInt8(SRB_STATUS_AUTOSENSE_VALID)
    static let untagged = UInt8(0xFF)           // SP_UNTAGGED
}

// MARK: - Per-adapter and per-request state

/// One entry of the tag table: which SRB owns a slot, under which TAG, and how many bytes
/// were announced to the controller (TRANSFER_LENGTH), for the residual arithmetic.
private struct TagEntry {
    var srb: UnsafeMutablePointer<SCSI_REQUEST_BLOCK>?     // nil while the slot is free
    var tag: UInt32
    var transferLength: UInt32
}

/// Everything the driver knows about one adapter except the tag table. All-zero memory is a
/// valid value (nil pointers, false, 0), which is what the port hands over.
private struct AdapterState {
    // register access
    var registers: UnsafeMutableRawPointer?     // ScsiPortGetDeviceBase mapping of BAR0 (or BAR1)
    var portIo = false                          // registers is BAR1: use the port accessors

    // mode and state
    var dumpMode = false                        // crash-dump / hibernation copy: polled, masked
    var running = false                         // rings programmed and the controller READY
    var nextRequestOwed = false                 // NextRequest held back while the ring was full
    var errorPending = false                    // a nested HwInterrupt saw INTERRUPT_STATUS.ERROR
    var busy: UInt32 = 0                        // > 0 while draining or recovering

    // capabilities (spec section 4)
    var capBuses: UInt32 = 0
    var capTargets: UInt32 = 0
    var capLuns: UInt32 = 0
    var capQueueDepth: UInt32 = 0
    var capMaxTransfer: UInt32 = 0
    var capMaxSgEntries: UInt32 = 0

    // what this driver chose
    var ringEntries: UInt32 = 0                 // N
    var ringMask: UInt32 = 0                    // N - 1
    var maxOutstanding: UInt32 = 0              // N - 1 between doorbell and completion
    var sgEntries: UInt32 = 0                   // per-request SG entry limit
    var maxTransfer: UInt32 = 0                 // ConfigInfo->MaximumTransferLength

    // the rings, in the uncached extension
    var requestRing: UnsafeMutableRawPointer?
    var completionRing: UnsafeMutableRawPointer?
    var requestRingPhysical: UInt64 = 0
    var completionRingPhysical: UInt64 = 0

    // driver-side ring indices
    var requestTail: UInt32 = 0                 // next request slot the driver fills
    var completionHead: UInt32 = 0              // next completion slot the driver reads

    // tag table bookkeeping (the table itself follows the state in the extension)
    var outstanding: UInt32 = 0
    var freeCount: UInt32 = 0

    // counters for diagnostics
    var staleCompletions: UInt32 = 0
    var recoveries: UInt32 = 0
}

/// The device extension: AdapterState, then the tag table (entries, a stack of free slots
/// and a per-slot sequence number), at fixed offsets.
private enum ExtensionLayout {
    static let slots = Int(Limits.maxRingEntries)
    static let tagsOffset = (MemoryLayout<AdapterState>.stride + 15) & ~15
    static let freeSlotsOffset = tagsOffset + slots * MemoryLayout<TagEntry>.stride
    static let sequenceOffset = freeSlotsOffset + slots * MemoryLayout<UInt16>.stride
    static let size = sequenceOffset + slots * MemoryLayout<UInt16>.stride
}

/// The SRB extension: the scatter/gather list first (so it starts the port-allocated block,
/// whose physical address ScsiPortGetPhysicalAddress(ext, NULL, list, &length) gives), then
/// the request's TAG for diagnostics.
private enum SrbExtensionLayout {
    static let sgListOffset = 0
    static let tagOffset = Int(Limits.maxSgEntries) * SgEntry.size
    static let size = tagOffset + 8
}

/// A view of one adapter's device extension. A value with four pointers, made afresh in
/// every entry point from the pointer the port passes; all state stays in the extension.
private struct Phba {
    let deviceExtension: UnsafeMutableRawPointer
    let state: UnsafeMutablePointer<AdapterState>
    let tags: UnsafeMutablePointer<TagEntry>
    let freeSlots: UnsafeMutablePointer<UInt16>
    let sequence: UnsafeMutablePointer<UInt16>

    init(_ deviceExtension: UnsafeMutableRawPointer) {
        self.deviceExtension = deviceExtension
        state = deviceExtension.assumingMemoryBound(to: AdapterState.self)
        tags = (deviceExtension + ExtensionLayout.tagsOffset).assumingMemoryBound(to: TagEntry.self)
        freeSlots = (deviceExtension + ExtensionLayout.freeSlotsOffset).assumingMemoryBound(to: UInt16.self)
        sequence = (deviceExtension + ExtensionLayout.sequenceOffset).assumingMemoryBound(to: UInt16.self)
    }

    /// Zeroes the extension and binds its parts to their types (HwFindAdapter, first thing).
    static func initialize(_ deviceExtension: UnsafeMutableRawPointer) -> Phba {
        deviceExtension.initializeMemory(as: UInt8.self, repeating: 0, count: ExtensionLayout.size)
        deviceExtension.bindMemory(to: AdapterState.self, capacity: 1).initialize(to: AdapterState())
        (deviceExtension + ExtensionLayout.tagsOffset).bindMemory(to: TagEntry.self, capacity: ExtensionLayout.slots)
            .initialize(repeating: TagEntry(srb: nil, tag: 0, transferLength: 0), count: ExtensionLayout.slots)
        (deviceExtension + ExtensionLayout.freeSlotsOffset).bindMemory(to: UInt16.self, capacity: 2 * ExtensionLayout.slots)
        return Phba(deviceExtension)
    }
}

// MARK: - Helpers

/// ScsiDebugPrint with text formatted in Swift (the variadic routine is out of Swift's reach).
private func scsiDebugPrint(_ level: UInt32, _ text: String) {
    text.withCString { ScsiDebugPrintText(level, UnsafeMutablePointer(mutating: $0)) }
}

private func hex<T: BinaryInteger>(_ value: T) -> String { "0x" + String(value, radix: 16) }

/// Full memory barrier: descriptor stores must be visible to the device before the doorbell,
/// and completion loads must not be satisfied before COMPLETION_TAIL was read.
@inline(__always)
private func memoryBarrier() { atomicMemoryFence(ordering: .sequentiallyConsistent) }

/// Largest power of two that is <= value (0 for 0).
private func floorPowerOfTwo(_ value: UInt32) -> UInt32 {
    guard value != 0 else { return 0 }
    var result: UInt32 = 1
    while result <= value / 2 { result <<= 1 }
    return result
}

extension Phba {
    // ---- register access: 32-bit accesses only (spec section 3) ----

    func read(_ offset: UInt32) -> UInt32 {
        let address = (state.pointee.registers! + Int(offset)).assumingMemoryBound(to: ULONG.self)
        return state.pointee.portIo ? ScsiPortReadPortUlong(address) : ScsiPortReadRegisterUlong(address)
    }

    func write(_ offset: UInt32, _ value: UInt32) {
        let address = (state.pointee.registers! + Int(offset)).assumingMemoryBound(to: ULONG.self)
        if state.pointee.portIo {
            ScsiPortWritePortUlong(address, value)
        } else {
            ScsiPortWriteRegisterUlong(address, value)
        }
    }

    func logError(_ srb: UnsafeMutablePointer<SCSI_REQUEST_BLOCK>?, code: Int32, uniqueId: UInt32) {
        ScsiPortLogError(deviceExtension, srb, srb?.pointee.PathId ?? 0, srb?.pointee.TargetId ?? 0,
                         srb?.pointee.Lun ?? 0, ULONG(code), uniqueId)
    }

    // ---- tag table ----

    /// Forgets every slot (the caller has completed or will complete their SRBs). Sequence
    /// numbers are kept, so late completions for the forgotten tags still do not match.
    func resetTagTable() {
        var count: UInt32 = 0
        var slot = state.pointee.ringEntries
        while slot > 0 {
            tags[Int(slot - 1)].srb = nil
            freeSlots[Int(count)] = UInt16(slot - 1)
            count += 1
            slot -= 1
        }
        state.pointee.freeCount = count
        state.pointee.outstanding = 0
    }

    /// Takes a free slot and gives it a new TAG. The caller has checked `outstanding`.
    func allocateSlot() -> (slot: UInt32, tag: UInt32) {
        state.pointee.freeCount -= 1
        let slot = UInt32(freeSlots[Int(state.pointee.freeCount)])
        sequence[Int(slot)] &+= 1
        return (slot, Tag.make(sequence: sequence[Int(slot)], slot: slot))
    }

    /// Releases the slot of a request the driver is done with.
    func releaseSlot(_ slot: UInt32) {
        tags[Int(slot)].srb = nil
        freeSlots[Int(state.pointee.freeCount)] = UInt16(slot)
        state.pointee.freeCount += 1
        state.pointee.outstanding -= 1
    }

    // ---- NextRequest bookkeeping ----

    /// The port hands HwStartIo a new request only after NextRequest/NextLuRequest. While the
    /// ring is full (N - 1 outstanding) the notification is held back and sent by the first
    /// completion that frees a slot.
    func askForNextRequest() {
        if state.pointee.outstanding < state.pointee.maxOutstanding {
            state.pointee.nextRequestOwed = false
            ScsiPortNotifyNextRequest(deviceExtension)
        } else {
            state.pointee.nextRequestOwed = true
        }
    }

    func sendOwedNextRequest() {
        if state.pointee.nextRequestOwed && state.pointee.outstanding < state.pointee.maxOutstanding {
            state.pointee.nextRequestOwed = false
            ScsiPortNotifyNextRequest(deviceExtension)
        }
    }

    /// Completes an SRB the driver still owns (never handed to the controller, or taken back).
    func complete(_ srb: UnsafeMutablePointer<SCSI_REQUEST_BLOCK>, _ status: UInt8) {
        srb.pointee.SrbStatus = status
        ScsiPortNotifyRequestComplete(deviceExtension, srb)
    }

    /// Gives back every request in the tag table that matches path/target (Limits.any matches
    /// all) with `status`. `usePortSweep`: ScsiPortCompleteRequest does the completing
    /// (HwResetBus and the interrupt path) and the table is just cleared; otherwise each SRB
    /// gets its own RequestComplete (a reset SRB inside HwStartIo must not be swept along, and
    /// a minimal dump port should only ever see RequestComplete).
    func failOutstanding(path: UInt32, target: UInt32, usePortSweep: Bool, status: UInt8) {
        if usePortSweep {
            if path == Limits.any {
                // One call per bus: correct whether or not the port treats PathId 0xFF as "all".
                for bus in 0..<state.pointee.capBuses {
                    ScsiPortCompleteRequest(deviceExtension, UInt8(truncatingIfNeeded: bus), Srb.untagged, Srb.untagged, status)
                }
            } else {
                ScsiPortCompleteRequest(deviceExtension, UInt8(truncatingIfNeeded: path),
                                        target == Limits.any ? Srb.untagged : UInt8(truncatingIfNeeded: target),
                                        Srb.untagged, status)
            }
        }
        for slot in 0..<state.pointee.ringEntries {
            guard let srb = tags[Int(slot)].srb else { continue }
            if path != Limits.any && UInt32(srb.pointee.PathId) != path { continue }
            if target != Limits.any && UInt32(srb.pointee.TargetId) != target { continue }
            releaseSlot(slot)
            if !usePortSweep {
                srb.pointee.ScsiStatus = UInt8(SCSISTAT_GOOD)
                complete(srb, status)
            }
        }
    }

    // ---- controller start and stop ----

    /// Brings the controller from any state to ENABLED with empty rings (spec sections 5, 6,
    /// 13): CONTROL.RESET, both ring bases and RING_ENTRIES, clear stale interrupt status,
    /// ENABLE, check READY, then unmask both sources - except in dump mode, where the mask
    /// stays 0x3 and the port polls (spec section 15).
    func startController() -> Bool {
        let s = state
        s.pointee.running = false
        write(Register.control, HBA.controlReset)

        let entries = Int(s.pointee.ringEntries)
        s.pointee.requestRing?.initializeMemory(as: UInt8.self, repeating: 0, count: entries * RequestDescriptor.size)
        s.pointee.completionRing?.initializeMemory(as: UInt8.self, repeating: 0, count: entries * CompletionDescriptor.size)
        s.pointee.requestTail = 0
        s.pointee.completionHead = 0
        s.pointee.errorPending = false
        memoryBarrier()

        write(Register.requestRingLow, UInt32(truncatingIfNeeded: s.pointee.requestRingPhysical))
        write(Register.requestRingHigh, UInt32(truncatingIfNeeded: s.pointee.requestRingPhysical >> 32))
        write(Register.completionRingLow, UInt32(truncatingIfNeeded: s.pointee.completionRingPhysical))
        write(Register.completionRingHigh, UInt32(truncatingIfNeeded: s.pointee.completionRingPhysical >> 32))
        write(Register.ringEntries, s.pointee.ringEntries)
        write(Register.interruptStatus, HBA.interruptAll)
        write(Register.control, HBA.controlEnable)

        let status = read(Register.status)
        guard status & (HBA.statusReady | HBA.statusFatal) == HBA.statusReady else {
            let error = read(Register.error)
            scsiDebugPrint(PrintLevel.error, "phba-swift: controller not READY after enable (STATUS \(hex(status)), ERROR \(error))\n")
            logError(nil, code: SP_INTERNAL_ADAPTER_ERROR, uniqueId: LogSite.id(LogSite.restartFailed, error))
            // Leave it reset: masked, disabled, nothing in flight.
            write(Register.control, HBA.controlReset)
            return false
        }

        write(Register.interruptMask, s.pointee.dumpMode ? HBA.interruptAll : 0)
        s.pointee.running = true
        return true
    }

    /// Quiesce: mask interrupts, give outstanding commands a bounded time to complete
    /// (polling, with stalls so that virtual time advances), then reset the controller and
    /// complete whatever is left. Used by ScsiStopAdapter.
    func stopController() {
        var waited: UInt32 = 0
        if state.pointee.running {
            write(Register.interruptMask, HBA.interruptAll)
            while state.pointee.outstanding != 0 && state.pointee.running && waited < Limits.stopDrainTimeoutMicroseconds {
                _ = serviceController(polled: true)
                if state.pointee.outstanding == 0 { break }
                ScsiPortStallExecution(Limits.pollIntervalMicroseconds)
                waited += Limits.pollIntervalMicroseconds
            }
        }
        write(Register.control, HBA.controlReset)
        state.pointee.running = false
        if state.pointee.outstanding != 0 {
            failOutstanding(path: Limits.any, target: Limits.any, usePortSweep: false, status: Srb.busReset)
        }
    }
}

// MARK: - DriverEntry
//
// Describes the miniport to SCSI Port: a PCI bus-master adapter with two access ranges (BAR0
// memory, BAR1 I/O), tagged queuing, several requests per LU, autosense done by the adapter,
// and physical addresses for every buffer (spec section 14, "DriverEntry").

@_cdecl("DriverEntry")
public func driverEntry(_ driverObject: UnsafeMutableRawPointer?, _ registryPath: UnsafeMutableRawPointer?) -> UInt32 {
    var data = HW_INITIALIZATION_DATA()
    data.HwInitializationDataSize = ULONG(MemoryLayout<HW_INITIALIZATION_DATA>.size)
    data.AdapterInterfaceType = PCIBus

    data.HwFindAdapter = phbaHwFindAdapter
    data.HwInitialize = phbaHwInitialize
    data.HwStartIo = phbaHwStartIo
    data.HwInterrupt = phbaHwInterrupt
    data.HwResetBus = phbaHwResetBus
    data.HwAdapterControl = phbaHwAdapterControl

    data.DeviceExtensionSize = ULONG(ExtensionLayout.size)
    data.SpecificLuExtensionSize = 0
    data.SrbExtensionSize = ULONG(SrbExtensionLayout.size)
    data.NumberOfAccessRanges = 2

    data.MapBuffers = 0                 // the controller needs physical addresses only
    data.NeedPhysicalAddresses = 1
    data.TaggedQueuing = 1
    data.AutoRequestSense = 1
    data.MultipleRequestPerLu = 1
    data.ReceiveEvent = 0

    // String literals live in the image's constant data for as long as the image is loaded.
    data.VendorId = UnsafeMutableRawPointer(mutating: Identity.vendorId.utf8Start)
    data.VendorIdLength = USHORT(Identity.vendorId.utf8CodeUnitCount)
    data.DeviceId = UnsafeMutableRawPointer(mutating: Identity.deviceId.utf8Start)
    data.DeviceIdLength = USHORT(Identity.deviceId.utf8CodeUnitCount)

    return ScsiPortInitialize(driverObject, registryPath, &data, nil)
}

// MARK: - HwFindAdapter
//
// Spec section 14 steps 1-7, section 15 steps 1-2 in dump mode: locate and map the register
// block, identify the controller by MAGIC/VERSION, read the capabilities, reset it, fill
// ConfigInfo and allocate the rings from the uncached extension.

private func isArgumentSeparator(_ c: CChar) -> Bool {
    c == 0x20 || c == 0x09 || c == 0x3B || c == 0x2C      // ' ' '\t' ';' ','
}

/// True if the argument string holds "key=<value>" with a value other than 0 (keys compare
/// case-insensitively; tokens are separated by blanks, ';' or ','). The dump port passes
/// "dump=1"; "hiber=1" is accepted as well.
private func argumentIsSet(_ argumentString: UnsafeMutablePointer<CChar>?, _ key: StaticString) -> Bool {
    guard var cursor = argumentString else { return false }
    let keyLength = key.utf8CodeUnitCount
    let keyBytes = key.utf8Start
    while cursor.pointee != 0 {
        while cursor.pointee != 0 && isArgumentSeparator(cursor.pointee) { cursor += 1 }
        let token = cursor
        while cursor.pointee != 0 && !isArgumentSeparator(cursor.pointee) { cursor += 1 }
        let tokenLength = cursor - token

        var i = 0
        while i < keyLength && i < tokenLength {
            var c = UInt8(bitPattern: token[i])
            if c >= 0x41 && c <= 0x5A { c += 0x20 }           // to lower case
            guard c == keyBytes[i] else { break }
            i += 1
        }
        if i == keyLength && i < tokenLength && token[i] == 0x3D {     // '='
            var value = i + 1
            var nonZero = false
            while value < tokenLength {
                if token[value] != 0x30 { nonZero = true }                // '0'
                value += 1
            }
            if nonZero { return true }
        }
    }
    return false
}

extension Phba {
    /// Optional PCI sanity check (spec section 14 step 2). The IDs and class code are
    /// configurable per machine, so they are only reported; the function is rejected only if
    /// it reads as absent. Memory/I/O decoding and bus mastering are switched on if firmware
    /// left them off. Returns false if nothing answers in the slot.
    func checkPciFunction(_ config: UnsafeMutablePointer<PORT_CONFIGURATION_INFORMATION>, neededCommandBits: UInt16) -> Bool {
        var pci = PCI_COMMON_CONFIG()
        let headerLength = MemoryLayout<PCI_COMMON_CONFIG>.offset(of: \.DeviceSpecific) ?? 64
        let length = ScsiPortGetBusData(deviceExtension, ULONG(PCIConfiguration.rawValue), config.pointee.SystemIoBusNumber,
                                        config.pointee.SlotNumber, &pci, ULONG(headerLength))
        if length < 4 { return true }       // the port offers no configuration access: nothing to check
        if pci.VendorID == UInt16(PCI_INVALID_VENDORID) { return false }

        if length >= 0x0C && (pci.BaseClass != UInt8(PCI_CLASS_MASS_STORAGE_CTLR)
                              || pci.SubClass != UInt8(PCI_SUBCLASS_MSC_SCSI_BUS_CTLR)) {
            scsiDebugPrint(PrintLevel.info, "phba-swift: PCI \(hex(pci.VendorID)):\(hex(pci.DeviceID)) has class "
                  + "\(hex(pci.BaseClass))/\(hex(pci.SubClass)); identifying by MAGIC\n")
        }

        if length >= 6 && pci.Command & neededCommandBits != neededCommandBits {
            var command = pci.Command | neededCommandBits
            scsiDebugPrint(PrintLevel.info, "phba-swift: PCI command \(hex(pci.Command)) lacks \(hex(neededCommandBits)); enabling\n")
            let offset = MemoryLayout<PCI_COMMON_CONFIG>.offset(of: \.Command) ?? 4
            _ = ScsiPortSetBusDataByOffset(deviceExtension, ULONG(PCIConfiguration.rawValue), config.pointee.SystemIoBusNumber,
                                           config.pointee.SlotNumber, &command, ULONG(offset),
                                           ULONG(MemoryLayout<UInt16>.size))
        }
        return true
    }

    /// Maps one access range and checks MAGIC and the VERSION major through it.
    func mapAndIdentify(_ config: UnsafeMutablePointer<PORT_CONFIGURATION_INFORMATION>,
                        _ range: UnsafeMutablePointer<ACCESS_RANGE>, length: UInt32, inIoSpace: Bool) -> Int32 {
        guard let base = ScsiPortGetDeviceBase(deviceExtension, config.pointee.AdapterInterfaceType,
                                               config.pointee.SystemIoBusNumber, range.pointee.RangeStart, length,
                                               inIoSpace ? 1 : 0) else {
            return SP_RETURN_ERROR
        }
        state.pointee.registers = base
        state.pointee.portIo = inIoSpace

        let magic = read(Register.magic)
        let version = read(Register.version)
        if magic == HBA.magic && version >> 16 == HBA.supportedMajorVersion {
            if version & 0xFFFF != 0 {
                scsiDebugPrint(PrintLevel.info, "phba-swift: interface version \(version >> 16).\(version & 0xFFFF) (driver written for 1.0)\n")
            }
            return SP_RETURN_FOUND
        }

        scsiDebugPrint(PrintLevel.info, "phba-swift: not our controller (MAGIC \(hex(magic)), VERSION \(hex(version)))\n")
        ScsiPortFreeDeviceBase(deviceExtension, base)
        state.pointee.registers = nil
        state.pointee.portIo = false
        return SP_RETURN_NOT_FOUND
    }

    func findAdapter(_ argumentString: UnsafeMutablePointer<CChar>?,
                     _ config: UnsafeMutablePointer<PORT_CONFIGURATION_INFORMATION>) -> UInt32 {
        let s = state
        guard config.pointee.Length >= UInt32(MemoryLayout<PORT_CONFIGURATION_INFORMATION>.size) else {
            return ULONG(SP_RETURN_BAD_CONFIG)
        }

        s.pointee.dumpMode = argumentIsSet(argumentString, "dump") || argumentIsSet(argumentString, "hiber")

        // 1. The access ranges the port built from the BARs: BAR0 is memory, 4 KiB; BAR1 is
        //    I/O, 128 bytes. Order is not assumed.
        guard let ranges = UnsafeMutableRawPointer(config.pointee.AccessRanges)?.assumingMemoryBound(to: ACCESS_RANGE.self) else {
            return ULONG(SP_RETURN_NOT_FOUND)
        }
        var memoryRange: UnsafeMutablePointer<ACCESS_RANGE>?
        var ioRange: UnsafeMutablePointer<ACCESS_RANGE>?
        for index in 0..<Int(config.pointee.NumberOfAccessRanges) {
            let range = ranges + index
            if range.pointee.RangeLength == 0 || range.pointee.RangeStart.QuadPart == 0 { continue }
            if range.pointee.RangeInMemory != 0 && range.pointee.RangeLength >= Identity.bar0Length && memoryRange == nil {
                memoryRange = range
            } else if range.pointee.RangeInMemory == 0 && range.pointee.RangeLength >= Identity.bar1Length && ioRange == nil {
                ioRange = range
            }
        }
        if memoryRange == nil && ioRange == nil { return ULONG(SP_RETURN_NOT_FOUND) }

        // 2. PCI header (not on the dump path, whose port offers the bare minimum).
        if !s.pointee.dumpMode {
            let needed = UInt16(PCI_ENABLE_BUS_MASTER) | UInt16(memoryRange != nil ? PCI_ENABLE_MEMORY_SPACE : PCI_ENABLE_IO_SPACE)
            if !checkPciFunction(config, neededCommandBits: needed) { return ULONG(SP_RETURN_NOT_FOUND) }
        }

        // 3. Map BAR0 (memory accessors); fall back to BAR1 (port accessors) if BAR0 cannot be
        //    mapped or does not identify. Then MAGIC / VERSION.
        var result = SP_RETURN_NOT_FOUND
        if let memoryRange { result = mapAndIdentify(config, memoryRange, length: Identity.bar0Length, inIoSpace: false) }
        if result != SP_RETURN_FOUND, let ioRange {
            result = mapAndIdentify(config, ioRange, length: Identity.bar1Length, inIoSpace: true)
        }
        if result != SP_RETURN_FOUND { return ULONG(result) }

        // 4. Capabilities, then a controller reset: whatever state it is in (a crashed system
        //    may have left it enabled, busy or FATAL), it is now RESET with interrupts masked.
        s.pointee.capBuses = read(Register.capBuses)
        s.pointee.capTargets = read(Register.capTargets)
        s.pointee.capLuns = read(Register.capLuns)
        s.pointee.capQueueDepth = read(Register.capQueueDepth)
        s.pointee.capMaxTransfer = read(Register.capMaxTransfer)
        s.pointee.capMaxSgEntries = read(Register.capMaxSgEntries)

        if s.pointee.capBuses == 0 || s.pointee.capTargets == 0 || s.pointee.capLuns == 0
            || s.pointee.capQueueDepth < HBA.minRingEntries || s.pointee.capMaxTransfer == 0 {
            scsiDebugPrint(PrintLevel.error, "phba-swift: implausible capabilities (buses \(s.pointee.capBuses) targets "
                  + "\(s.pointee.capTargets) luns \(s.pointee.capLuns) depth \(s.pointee.capQueueDepth) "
                  + "max \(s.pointee.capMaxTransfer))\n")
            return ULONG(SP_RETURN_BAD_CONFIG)
        }
        s.pointee.capBuses = min(s.pointee.capBuses, HBA.maxBuses)
        s.pointee.capTargets = min(s.pointee.capTargets, HBA.maxTargets)
        s.pointee.capLuns = min(s.pointee.capLuns, HBA.maxLuns)
        s.pointee.capMaxSgEntries = min(s.pointee.capMaxSgEntries, HBA.maxSgLimit)

        write(Register.control, HBA.controlReset)

        // Ring size N: a power of two within CAP_QUEUE_DEPTH and the tag table; small on the
        // dump path (spec 15.2). At most N - 1 requests are ever outstanding.
        let ringLimit = s.pointee.dumpMode ? Limits.dumpRingEntries : Limits.maxRingEntries
        s.pointee.ringEntries = floorPowerOfTwo(min(s.pointee.capQueueDepth, ringLimit))
        if s.pointee.ringEntries < HBA.minRingEntries { return ULONG(SP_RETURN_BAD_CONFIG) }
        s.pointee.ringMask = s.pointee.ringEntries - 1
        s.pointee.maxOutstanding = s.pointee.ringEntries - 1

        // Transfer geometry: every piece ScsiPortGetPhysicalAddress returns is assumed to end at
        // a page boundary (except the last), so E entries carry (E - 1) pages in the worst case.
        s.pointee.sgEntries = min(s.pointee.capMaxSgEntries, Limits.maxSgEntries)
        if s.pointee.sgEntries == 0 { s.pointee.sgEntries = 1 }    // no lists: contiguous buffers only
        s.pointee.maxTransfer = s.pointee.capMaxTransfer
        if s.pointee.sgEntries > 1 {
            s.pointee.maxTransfer = min(s.pointee.maxTransfer, (s.pointee.sgEntries - 1) * Limits.pageSize)
        } else {
            s.pointee.maxTransfer = min(s.pointee.maxTransfer, Limits.pageSize)
        }

        // 5. ConfigInfo. The controller has no SCSI ID of its own: an initiator ID at or beyond
        //    CAP_TARGETS hides no device.
        let visibleTargets = min(s.pointee.capTargets, 255)
        config.pointee.MaximumTransferLength = s.pointee.maxTransfer
        config.pointee.NumberOfPhysicalBreaks = s.pointee.sgEntries - 1
        config.pointee.AlignmentMask = 0                // pieces need no alignment (spec section 7)
        config.pointee.ScatterGather = 1
        config.pointee.Master = 1
        config.pointee.CachesData = 0
        config.pointee.Dma32BitAddresses = 1
        config.pointee.Dma64BitAddresses = UInt8(SCSI_DMA64_MINIPORT_SUPPORTED)
        config.pointee.MapBuffers = 0
        config.pointee.NeedPhysicalAddresses = 1
        config.pointee.TaggedQueuing = 1
        config.pointee.MultipleRequestPerLu = 1
        config.pointee.AutoRequestSense = 1
        config.pointee.ResetTargetSupported = 1
        config.pointee.InterruptMode = LevelSensitive   // INTA#, level-triggered (spec section 2)
        config.pointee.NumberOfBuses = UInt8(s.pointee.capBuses)
        config.pointee.MaximumNumberOfTargets = UInt8(visibleTargets)
        config.pointee.MaximumNumberOfLogicalUnits = UInt8(min(s.pointee.capLuns, 255))
        withUnsafeMutableBytes(of: &config.pointee.InitiatorBusId) { ids in
            for index in ids.indices { ids[index] = UInt8(visibleTargets) }
        }
        config.pointee.SrbExtensionSize = ULONG(SrbExtensionLayout.size)

        if !s.pointee.dumpMode && config.pointee.BusInterruptLevel == 0 && config.pointee.BusInterruptVector == 0 {
            scsiDebugPrint(PrintLevel.info, "phba-swift: no interrupt assigned; completions will be found only by polling\n")
        }

        // 6. Rings from the uncached extension (allowed only here, after the DMA fields above).
        //    Request ring (N x 64) then completion ring (N x 16), both 64-byte aligned; the block
        //    is padded so that alignment can be established on the physical address.
        let ringBytes = s.pointee.ringEntries * UInt32(RequestDescriptor.size + CompletionDescriptor.size)
        let allocation = ringBytes + UInt32(HBA.ringAlignment)
        guard let uncached = ScsiPortGetUncachedExtension(deviceExtension, config, allocation) else {
            scsiDebugPrint(PrintLevel.error, "phba-swift: no uncached extension of \(allocation) bytes\n")
            ScsiPortFreeDeviceBase(deviceExtension, s.pointee.registers)
            s.pointee.registers = nil
            return ULONG(SP_RETURN_ERROR)
        }
        var contiguous: ULONG = 0
        let base = UInt64(bitPattern: ScsiPortGetPhysicalAddress(deviceExtension, nil, uncached, &contiguous).QuadPart)
        let padding = UInt32((HBA.ringAlignment - (base & (HBA.ringAlignment - 1))) & (HBA.ringAlignment - 1))
        guard base != 0, contiguous >= padding + ringBytes else {
            scsiDebugPrint(PrintLevel.error, "phba-swift: uncached extension not usable (physical \(hex(base)), contiguous \(contiguous))\n")
            ScsiPortFreeDeviceBase(deviceExtension, s.pointee.registers)
            s.pointee.registers = nil
            return ULONG(SP_RETURN_ERROR)
        }
        let requestRingBytes = Int(s.pointee.ringEntries) * RequestDescriptor.size
        s.pointee.requestRing = uncached + Int(padding)
        s.pointee.requestRingPhysical = base + UInt64(padding)
        s.pointee.completionRing = uncached + Int(padding) + requestRingBytes
        s.pointee.completionRingPhysical = s.pointee.requestRingPhysical + UInt64(requestRingBytes)
        uncached.initializeMemory(as: UInt8.self, repeating: 0, count: Int(allocation))

        resetTagTable()

        scsiDebugPrint(PrintLevel.info, "phba-swift: found adapter (\(s.pointee.portIo ? "I/O BAR" : "memory BAR")): "
              + "\(s.pointee.capBuses) bus(es), \(s.pointee.capTargets) targets, \(s.pointee.capLuns) LUNs, "
              + "ring \(s.pointee.ringEntries), SG \(s.pointee.sgEntries), max transfer \(s.pointee.maxTransfer)"
              + (s.pointee.dumpMode ? ", dump mode (polled)\n" : "\n"))

        // 7.
        return ULONG(SP_RETURN_FOUND)
    }
}

private func phbaHwFindAdapter(_ deviceExtension: UnsafeMutableRawPointer?, _ hwContext: UnsafeMutableRawPointer?,
                               _ busInformation: UnsafeMutableRawPointer?, _ argumentString: UnsafeMutablePointer<CChar>?,
                               _ config: UnsafeMutablePointer<PORT_CONFIGURATION_INFORMATION>?,
                               _ again: UnsafeMutablePointer<BOOLEAN>?) -> ULONG {
    again?.pointee = 0
    guard let deviceExtension, let config else { return ULONG(SP_RETURN_BAD_CONFIG) }
    // The kernel routines (mpabi_kernel.h) are Swift-callable; DbgPrintEx is variadic, so its
    // va_list form takes Swift's arguments through withVaList.
    _ = withVaList([UInt32(KeGetCurrentIrql())]) {
        vDbgPrintEx(ULONG(DPFLTR_IHVDRIVER_ID.rawValue), ULONG(DPFLTR_INFO_LEVEL), "phba (Swift): HwFindAdapter at IRQL %u", $0)
    }
    let result = Phba.initialize(deviceExtension).findAdapter(argumentString, config)
    again?.pointee = 0
    return result
}

// MARK: - HwInitialize
//
// Spec section 14 "HwInitialize" and 13 "Initialisation": reset, program the rings, enable,
// require READY, unmask (not in dump mode, spec 15.3). Returning FALSE fails the adapter.

private func phbaHwInitialize(_ deviceExtension: UnsafeMutableRawPointer?) -> BOOLEAN {
    guard let deviceExtension else { return 0 }
    let ext = Phba(deviceExtension)
    guard ext.state.pointee.registers != nil, ext.state.pointee.requestRing != nil else { return 0 }

    // Nothing should be outstanding here; if something is, the reset below drops it.
    if ext.state.pointee.outstanding != 0 {
        ext.failOutstanding(path: Limits.any, target: Limits.any, usePortSweep: false, status: Srb.busReset)
    }
    ext.resetTagTable()
    ext.state.pointee.nextRequestOwed = false
    return ext.startController() ? 1 : 0
}

// MARK: - HwStartIo
//
// EXECUTE_SCSI becomes one request descriptor (spec sections 7 and 14 "HwStartIo"); resets use
// the BUS_RESET / TARGET_RESET registers (section 10); everything else is answered directly.

/// Whether a CDB moves data to the device, for SRBs that leave the direction unspecified.
/// SPC/SBC meanings; anything unknown reads from the device.
private func cdbWritesToDevice(_ operationCode: UInt8) -> Bool {
    switch Int32(operationCode) {
    case SCSIOP_FORMAT_UNIT, SCSIOP_REASSIGN_BLOCKS, SCSIOP_WRITE6, SCSIOP_MODE_SELECT, SCSIOP_SEND_DIAGNOSTIC,
         SCSIOP_WRITE, SCSIOP_WRITE_VERIFY, SCSIOP_WRITE_DATA_BUFF, SCSIOP_WRITE_LONG, SCSIOP_WRITE_SAME,
         SCSIOP_UNMAP, SCSIOP_LOG_SELECT, SCSIOP_MODE_SELECT10, SCSIOP_PERSISTENT_RESERVE_OUT,
         SCSIOP_EXTENDED_COPY, SCSIOP_ACCESS_CONTROL_OUT, SCSIOP_COMPARE_AND_WRITE, SCSIOP_WRITE16,
         SCSIOP_WRITE_ATTRIBUTES, SCSIOP_WRITE_VERIFY16, SCSIOP_WRITE_SAME16, SCSIOP_SERVICE_ACTION_OUT16,
         SCSIOP_MAINTENANCE_OUT, SCSIOP_SERVICE_ACTION_OUT12, SCSIOP_WRITE12, SCSIOP_WRITE_VERIFY12,
         SCSIOP_SECURITY_PROTOCOL_OUT:
        return true
    default:
        return false
    }
}

/// FLAGS direction bits for an SRB (spec section 7, "Data direction").
private func directionFlags(_ srb: UnsafeMutablePointer<SCSI_REQUEST_BLOCK>) -> UInt8 {
    let direction = srb.pointee.SrbFlags & ULONG(SRB_FLAGS_DATA_IN | SRB_FLAGS_DATA_OUT)
    if srb.pointee.DataTransferLength == 0 || direction == ULONG(SRB_FLAGS_NO_DATA_TRANSFER) { return 0 }
    if direction == ULONG(SRB_FLAGS_DATA_IN) { return HBA.requestDataIn }
    if direction == ULONG(SRB_FLAGS_DATA_OUT) { return HBA.requestDataOut }
    return cdbWritesToDevice(srb.pointee.Cdb.0) ? HBA.requestDataOut : HBA.requestDataIn
}

extension Phba {
    /// Describes the data buffer to the controller. Walks DataBuffer with
    /// ScsiPortGetPhysicalAddress; each contiguous piece becomes one SG entry (pieces are not
    /// merged even when physically adjacent: every piece must lie inside one DMA mapping, and
    /// only the port knows where mappings end). One piece goes straight into DATA_ADDRESS;
    /// several go into the SRB extension's list, whose own physical address becomes
    /// DATA_ADDRESS with FLAGS.SG_LIST. Returns SRB_STATUS_PENDING on success.
    func buildDataPointer(_ srb: UnsafeMutablePointer<SCSI_REQUEST_BLOCK>, _ request: inout RequestDescriptor,
                          length: UInt32) -> UInt8 {
        let srbExtension = srb.pointee.SrbExtension
        guard var virtualAddress = srb.pointee.DataBuffer else { return Srb.invalidRequest }
        var remaining = length
        var count: UInt32 = 0
        let limit = srbExtension != nil ? state.pointee.sgEntries : 1
        var single: UInt64 = 0

        while remaining != 0 {
            var run: ULONG = 0
            let physical = UInt64(bitPattern: ScsiPortGetPhysicalAddress(deviceExtension, srb, virtualAddress, &run).QuadPart)
            if physical == 0 || run == 0 {
                scsiDebugPrint(PrintLevel.error, "phba-swift: no physical address for data at offset \(length - remaining) of \(length)\n")
                logError(srb, code: SP_INTERNAL_ADAPTER_ERROR, uniqueId: LogSite.id(LogSite.noPhysical, 0))
                return Srb.error
            }
            run = min(run, remaining)
            if count == limit {
                scsiDebugPrint(PrintLevel.error, "phba-swift: \(length)-byte buffer needs more than \(limit) SG entries\n")
                logError(srb, code: SP_INTERNAL_ADAPTER_ERROR, uniqueId: LogSite.id(LogSite.sgOverflow, 0))
                return Srb.invalidRequest
            }
            if let srbExtension {
                SgEntry.store(address: physical, length: run,
                              at: srbExtension + SrbExtensionLayout.sgListOffset + Int(count) * SgEntry.size)
            } else {
                single = physical
            }
            count += 1
            virtualAddress += Int(run)
            remaining -= run
        }

        if count == 1 {
            request.dataAddress = srbExtension.map { $0.load(fromByteOffset: SrbExtensionLayout.sgListOffset, as: UInt64.self) }
                ?? single
            return Srb.pending
        }

        // count > 1 implies an SRB extension (the limit is 1 without one).
        let list = srbExtension! + SrbExtensionLayout.sgListOffset
        var listLength: ULONG = 0
        let needed = count * UInt32(SgEntry.size)
        let listPhysical = UInt64(bitPattern: ScsiPortGetPhysicalAddress(deviceExtension, nil, list, &listLength).QuadPart)
        guard listPhysical != 0, listLength >= needed else {
            scsiDebugPrint(PrintLevel.error, "phba-swift: SRB extension not DMA-addressable (physical \(hex(listPhysical)), "
                  + "\(listLength) of \(needed) bytes)\n")
            logError(srb, code: SP_INTERNAL_ADAPTER_ERROR, uniqueId: LogSite.id(LogSite.noPhysical, 1))
            return Srb.error
        }
        request.flags |= HBA.requestSgList
        request.sgCount = UInt16(count)
        request.dataAddress = listPhysical
        return Srb.pending
    }

    /// Autosense: points the controller at the SRB's sense buffer unless the SRB disabled it.
    /// SENSE_LENGTH is capped to what is physically contiguous, so the range the controller
    /// writes always lies inside one mapping.
    func setSenseBuffer(_ srb: UnsafeMutablePointer<SCSI_REQUEST_BLOCK>, _ request: inout RequestDescriptor) {
        guard srb.pointee.SrbFlags & ULONG(SRB_FLAGS_DISABLE_AUTOSENSE) == 0, let sense = srb.pointee.SenseInfoBuffer,
              srb.pointee.SenseInfoBufferLength != 0 else { return }
        var contiguous: ULONG = 0
        let physical = UInt64(bitPattern: ScsiPortGetPhysicalAddress(deviceExtension, srb, sense, &contiguous).QuadPart)
        guard physical != 0, contiguous != 0 else {
            // Without SENSE_LENGTH the LU keeps its sense for a REQUEST SENSE (spec 7 step 5).
            scsiDebugPrint(PrintLevel.trace, "phba-swift: sense buffer has no physical address; autosense off\n")
            return
        }
        request.senseLength = UInt8(min(UInt32(srb.pointee.SenseInfoBufferLength), contiguous))
        request.senseAddress = physical
    }

    /// SRB_FUNCTION_EXECUTE_SCSI.
    func startExecuteScsi(_ srb: UnsafeMutablePointer<SCSI_REQUEST_BLOCK>) {
        let s = state
        let pathId = srb.pointee.PathId
        let targetId = srb.pointee.TargetId
        let lun = srb.pointee.Lun

        // Requests the controller would refuse anyway are answered here, without a ring slot.
        var status = Srb.pending
        if !s.pointee.running {
            status = Srb.noHba
        } else if srb.pointee.CdbLength == 0 || srb.pointee.CdbLength > HBA.maxCdbLength {
            status = Srb.invalidRequest
        } else if UInt32(pathId) >= s.pointee.capBuses || UInt32(targetId) >= s.pointee.capTargets {
            status = Srb.selectionTimeout       // what the controller itself would report
        } else if srb.pointee.DataTransferLength > s.pointee.capMaxTransfer {
            status = Srb.invalidRequest
        } else if s.pointee.outstanding >= s.pointee.maxOutstanding || s.pointee.freeCount == 0 {
            status = Srb.busy                   // ring full: the port retries it later
        }
        if status != Srb.pending {
            complete(srb, status)
            askForNextRequest()
            return
        }

        // The descriptor is built on the stack and copied into the slot in one go.
        var request = RequestDescriptor()
        request.bus = pathId
        request.target = targetId
        request.lun = lun
        request.cdbLength = srb.pointee.CdbLength
        withUnsafeMutableBytes(of: &request.cdb) { cdb in
            withUnsafeBytes(of: srb.pointee.Cdb) { source in
                for index in 0..<Int(srb.pointee.CdbLength) { cdb[index] = source[index] }
            }
        }
        request.flags = directionFlags(srb)
        let transferLength = request.flags != 0 ? srb.pointee.DataTransferLength : 0
        request.transferLength = transferLength

        if transferLength != 0 {
            status = buildDataPointer(srb, &request, length: transferLength)
            if status != Srb.pending {
                complete(srb, status)
                askForNextRequest()
                return
            }
        }
        setSenseBuffer(srb, &request)

        // Bookkeeping first: the doorbell may complete the request (and run HwInterrupt)
        // before it returns (spec section 12).
        let (slot, tag) = allocateSlot()
        request.tag = tag
        tags[Int(slot)] = TagEntry(srb: srb, tag: tag, transferLength: transferLength)
        s.pointee.outstanding += 1
        srb.pointee.SrbExtension?.storeBytes(of: tag, toByteOffset: SrbExtensionLayout.tagOffset, as: UInt32.self)

        request.store(to: s.pointee.requestRing! + Int(s.pointee.requestTail) * RequestDescriptor.size)
        s.pointee.requestTail = (s.pointee.requestTail + 1) & s.pointee.ringMask
        memoryBarrier()
        write(Register.requestTail, s.pointee.requestTail)

        // From here on the SRB may already be completed: only the saved address is used.
        if s.pointee.outstanding < s.pointee.maxOutstanding {
            s.pointee.nextRequestOwed = false
            ScsiPortNotifyNextLuRequest(deviceExtension, pathId, targetId, lun)
        } else {
            s.pointee.nextRequestOwed = true
        }
    }

    /// True if the reset registers can be used: READY, not FATAL, and every request the driver
    /// rang in has been consumed (a request still waiting in the request ring is not ended by
    /// a bus or target reset and would run later, after its SRB was given back - spec section
    /// 10). Otherwise a full controller reset is the only safe answer.
    func resetRegistersUsable() -> Bool {
        guard state.pointee.running else { return false }
        let status = read(Register.status)
        guard status & (HBA.statusReady | HBA.statusFatal) == HBA.statusReady else { return false }
        return read(Register.requestHead) == state.pointee.requestTail
    }

    /// Resets one SCSI bus (spec sections 10 and 14 "HwResetBus"): BUS_RESET ends every command
    /// in flight on the bus with a BUS_RESET completion, posted before the write returns; drain
    /// those, then give back whatever the tag table still holds for the bus. Escalates to a
    /// full controller reset if the controller is FATAL or requests still wait in the ring.
    func resetBus(_ pathId: UInt32, usePortSweep: Bool) {
        guard state.pointee.registers != nil, state.pointee.requestRing != nil else {
            failOutstanding(path: pathId, target: Limits.any, usePortSweep: usePortSweep, status: Srb.busReset)
            return
        }
        guard resetRegistersUsable() else {
            recoverController(usePortSweep: usePortSweep, uniqueId: LogSite.id(LogSite.fatalReset, 0))
            return
        }
        if pathId < state.pointee.capBuses { write(Register.busReset, pathId) }
        if drainCompletions() {
            recoverController(usePortSweep: usePortSweep, uniqueId: LogSite.id(LogSite.fatalReset, 1))
            return
        }
        failOutstanding(path: pathId, target: Limits.any, usePortSweep: usePortSweep, status: Srb.busReset)
        ScsiPortNotifyResetDetected(deviceExtension)
        sendOwedNextRequest()
    }

    /// Resets one target (RESET_DEVICE; RESET_LOGICAL_UNIT too, as the controller has no LU
    /// reset): TARGET_RESET ends the target's commands in flight with TARGET_RESET completions.
    /// Called from HwStartIo only, so leftovers are completed one by one.
    func resetTarget(_ pathId: UInt32, _ targetId: UInt32) {
        guard resetRegistersUsable() else {
            recoverController(usePortSweep: false, uniqueId: LogSite.id(LogSite.fatalReset, 2))
            return
        }
        if pathId < state.pointee.capBuses && targetId < state.pointee.capTargets {
            write(Register.targetReset, HBA.targetResetValue(bus: pathId, target: targetId))
        }
        if drainCompletions() {
            recoverController(usePortSweep: false, uniqueId: LogSite.id(LogSite.fatalReset, 3))
            return
        }
        failOutstanding(path: pathId, target: targetId, usePortSweep: false, status: Srb.busReset)
        sendOwedNextRequest()
    }
}

private func phbaHwStartIo(_ deviceExtension: UnsafeMutableRawPointer?,
                           _ srb: UnsafeMutablePointer<SCSI_REQUEST_BLOCK>?) -> BOOLEAN {
    guard let deviceExtension, let srb else { return 0 }
    let ext = Phba(deviceExtension)
    let status: UInt8

    switch Int32(srb.pointee.Function) {
    case SRB_FUNCTION_EXECUTE_SCSI:
        ext.startExecuteScsi(srb)
        return 1

    case SRB_FUNCTION_RESET_BUS:
        // As HwResetBus, but the reset SRB itself is active: complete the others one by one
        // instead of sweeping the bus with ScsiPortCompleteRequest.
        ext.resetBus(UInt32(srb.pointee.PathId), usePortSweep: false)
        status = Srb.success

    case SRB_FUNCTION_RESET_DEVICE, SRB_FUNCTION_RESET_LOGICAL_UNIT:
        ext.resetTarget(UInt32(srb.pointee.PathId), UInt32(srb.pointee.TargetId))
        status = Srb.success

    case SRB_FUNCTION_ABORT_COMMAND:
        // No register aborts a single command (spec section 10); the port escalates to a
        // reset, which is the controller's way of ending a command.
        status = Srb.abortFailed

    case SRB_FUNCTION_SHUTDOWN, SRB_FUNCTION_FLUSH:
        // The controller caches nothing (CachesData = FALSE); the class driver flushes the
        // disks' caches with SYNCHRONIZE CACHE itself.
        status = Srb.success

    default:
        status = Srb.invalidRequest
    }

    srb.pointee.ScsiStatus = UInt8(SCSISTAT_GOOD)
    ext.complete(srb, status)
    ext.askForNextRequest()
    return 1
}

// MARK: - HwInterrupt
//
// Spec section 9 (interrupt-driven and polled operation), 6 (consuming completions), 8
// (completion meaning) and 11 (fatal errors). In dump mode the same routine is the port's
// polling target (spec section 15 step 4).

extension Phba {
    /// Translates one completion into the SRB's status (spec section 14's table).
    func translate(_ completion: CompletionDescriptor, into srb: UnsafeMutablePointer<SCSI_REQUEST_BLOCK>,
                   transferLength: UInt32) {
        var status: UInt8
        srb.pointee.ScsiStatus = UInt8(SCSISTAT_GOOD)

        switch completion.hbaStatus {
        case HBAStatus.ok:
            srb.pointee.ScsiStatus = completion.scsiStatus
            switch Int32(completion.scsiStatus) {
            case SCSISTAT_GOOD, SCSISTAT_CONDITION_MET, SCSISTAT_INTERMEDIATE, SCSISTAT_INTERMEDIATE_COND_MET:
                if completion.residual > transferLength {
                    logError(srb, code: SP_PROTOCOL_ERROR, uniqueId: LogSite.id(LogSite.badResidual, 0))
                    status = Srb.error
                } else {
                    // Report what moved. An underrun is SRB_STATUS_DATA_OVERRUN with the
                    // shortened length, as Windows expects.
                    srb.pointee.DataTransferLength = transferLength - completion.residual
                    status = completion.residual != 0 ? Srb.dataOverrun : Srb.success
                }

            case SCSISTAT_CHECK_CONDITION:
                status = Srb.error
                if completion.flags & HBA.completionSenseValid != 0 && completion.senseLength != 0 {
                    status |= Srb.autosenseValid
                    srb.pointee.SenseInfoBufferLength = min(completion.senseLength, srb.pointee.SenseInfoBufferLength)
                }

            case SCSISTAT_BUSY:
                status = Srb.busy               // the port retries after a pause

            default:                            // TASK SET FULL, RESERVATION CONFLICT, ...
                status = Srb.error
            }

        case HBAStatus.selectionTimeout:
            status = Srb.selectionTimeout

        case HBAStatus.invalidRequest:
            // The controller refused a descriptor this driver built: a driver bug.
            scsiDebugPrint(PrintLevel.error, "phba-swift: INVALID_REQUEST for CDB \(hex(srb.pointee.Cdb.0)), \(transferLength) bytes\n")
            logError(srb, code: SP_INTERNAL_ADAPTER_ERROR,
                     uniqueId: LogSite.id(LogSite.invalidRequest, UInt32(completion.hbaStatus)))
            status = Srb.invalidRequest

        case HBAStatus.dmaError:
            // A data or list address outside the DMA map, or bus mastering off.
            scsiDebugPrint(PrintLevel.error, "phba-swift: DMA_ERROR for CDB \(hex(srb.pointee.Cdb.0)), \(transferLength) bytes\n")
            logError(srb, code: SP_INTERNAL_ADAPTER_ERROR, uniqueId: LogSite.id(LogSite.dmaError, UInt32(completion.hbaStatus)))
            status = Srb.error

        case HBAStatus.busReset, HBAStatus.targetReset:
            // Outcome unknown (it may have run): the class driver retries.
            status = Srb.busReset

        default:
            logError(srb, code: SP_INTERNAL_ADAPTER_ERROR,
                     uniqueId: LogSite.id(LogSite.unknownStatus, UInt32(completion.hbaStatus)))
            status = Srb.error
        }

        srb.pointee.SrbStatus = status
    }

    /// Matches one completion to its SRB by TAG, frees the slot and completes the SRB. A TAG
    /// that matches no current owner (a request given up after a reset) is counted and dropped.
    func process(_ completion: CompletionDescriptor) {
        let slot = completion.tag & Tag.slotMask
        guard slot < state.pointee.ringEntries, let srb = tags[Int(slot)].srb, tags[Int(slot)].tag == completion.tag else {
            state.pointee.staleCompletions += 1
            scsiDebugPrint(PrintLevel.trace, "phba-swift: dropping completion for stale tag \(hex(completion.tag)) "
                  + "(HBA status \(completion.hbaStatus))\n")
            return
        }
        let transferLength = tags[Int(slot)].transferLength
        releaseSlot(slot)
        translate(completion, into: srb, transferLength: transferLength)
        ScsiPortNotifyRequestComplete(deviceExtension, srb)
    }

    /// Consumes the completion ring (spec section 6, "The completion ring"): read
    /// COMPLETION_TAIL, process the slots from the driver's head up to it, write
    /// COMPLETION_HEAD, and read the tail again until it stops moving. The head is advanced
    /// before each SRB is completed, so a nested call always sees consistent state. Returns
    /// true if the controller needs a full recovery (COMPLETION_TAIL out of range, or a
    /// nested interrupt reported a fatal error).
    func drainCompletions() -> Bool {
        let s = state
        var broken = false
        var passes: UInt32 = 0

        s.pointee.busy += 1
        while true {
            let tail = read(Register.completionTail)
            if tail >= s.pointee.ringEntries {
                scsiDebugPrint(PrintLevel.error, "phba-swift: COMPLETION_TAIL \(hex(tail)) out of range\n")
                logError(nil, code: SP_INTERNAL_ADAPTER_ERROR, uniqueId: LogSite.id(LogSite.ringIndex, 0))
                broken = true
                break
            }
            if tail == s.pointee.completionHead { break }
            // Bounded by N - 1 outstanding requests; this only stops a malfunctioning
            // controller from holding the interrupt routine forever.
            passes += 1
            if passes > s.pointee.ringEntries + 1 { break }

            memoryBarrier()
            while s.pointee.completionHead != tail {
                let completion = CompletionDescriptor(
                    from: s.pointee.completionRing! + Int(s.pointee.completionHead) * CompletionDescriptor.size)
                s.pointee.completionHead = (s.pointee.completionHead + 1) & s.pointee.ringMask
                process(completion)
            }
            memoryBarrier()
            write(Register.completionHead, s.pointee.completionHead)
        }
        s.pointee.busy -= 1

        if s.pointee.errorPending { broken = true }
        return broken
    }

    /// The body of HwInterrupt, and the polled helper. `polled` false: interrupt-driven (spec
    /// section 9 steps 1-4). `polled` true: interrupts masked (dump mode, or the driver waiting
    /// itself): work is decided by COMPLETION_TAIL and STATUS, not INTERRUPT_STATUS, which is
    /// only cleared as a courtesy (spec section 15 step 4). Returns true if there was work.
    func serviceController(polled: Bool) -> Bool {
        let s = state
        guard s.pointee.registers != nil, s.pointee.running else { return false }

        let raw = read(Register.interruptStatus)
        if raw == UInt32.max { return false }   // the function does not decode (removed / off)
        let pending = raw & HBA.interruptAll

        if s.pointee.busy != 0 {
            // Entered from inside our own drain or recovery: acknowledge so the line drops,
            // remember a fatal error, and let the outer loop pick up the completions.
            if pending != 0 {
                write(Register.interruptStatus, pending)
                if pending & HBA.interruptError != 0 { s.pointee.errorPending = true }
            }
            return pending != 0
        }

        let tail = read(Register.completionTail)
        var fatal = false
        if polled { fatal = read(Register.status) & HBA.statusFatal != 0 }

        // Step 1: not ours (the line may be shared).
        if pending == 0 && tail == s.pointee.completionHead && !fatal { return false }

        // Step 2: acknowledge before draining, so an event during the drain sets the bit again.
        if pending != 0 { write(Register.interruptStatus, pending) }

        // Step 3: a fatal error.
        if !fatal && pending & HBA.interruptError != 0 { fatal = read(Register.status) & HBA.statusFatal != 0 }

        // Step 4: drain (recovery salvages the completions posted before the error itself).
        if !fatal { fatal = drainCompletions() }
        if fatal {
            recoverController(usePortSweep: !s.pointee.dumpMode, uniqueId: LogSite.id(LogSite.fatalInterrupt, 0))
        }

        sendOwedNextRequest()
        return true
    }
}

private func phbaHwInterrupt(_ deviceExtension: UnsafeMutableRawPointer?) -> BOOLEAN {
    guard let deviceExtension else { return 0 }
    let ext = Phba(deviceExtension)
    // In dump mode the line never rises: the port calls this routine in a loop.
    return ext.serviceController(polled: ext.state.pointee.dumpMode) ? 1 : 0
}

// MARK: - HwResetBus
//
// SCSI Port calls it when a request times out (commands the controller holds end only through
// a reset) - spec section 14 "HwResetBus", section 10 "Bus reset". Also home of the
// fatal-error recovery (spec sections 11 and 14 "Recovery from FATAL").

extension Phba {
    /// Full recovery: log the error code, salvage completions posted before the controller
    /// stopped, CONTROL.RESET (drops everything in flight, without completions), complete
    /// every request still outstanding with SRB_STATUS_BUS_RESET, bring the rings back up and
    /// tell the port a reset happened.
    func recoverController(usePortSweep: Bool, uniqueId: UInt32) {
        let s = state
        s.pointee.busy += 1
        s.pointee.recoveries += 1

        let status = read(Register.status)
        let error = read(Register.error)
        scsiDebugPrint(PrintLevel.error, "phba-swift: resetting controller (STATUS \(hex(status)), ERROR \(error), "
              + "\(s.pointee.outstanding) outstanding)\n")
        logError(nil, code: SP_INTERNAL_ADAPTER_ERROR, uniqueId: uniqueId | (error & 0xFF))

        // Completions already in the ring are genuine results (a WRITE that reached the
        // medium): report them rather than turning them into retries. Only while the ring is
        // live (READY or FATAL); a controller in RESET has nothing for us.
        if s.pointee.running && status & (HBA.statusReady | HBA.statusFatal) != 0 { _ = drainCompletions() }

        write(Register.control, HBA.controlReset)
        s.pointee.running = false
        s.pointee.errorPending = false

        failOutstanding(path: Limits.any, target: Limits.any, usePortSweep: usePortSweep, status: Srb.busReset)

        if !startController() {
            scsiDebugPrint(PrintLevel.error, "phba-swift: controller did not come back; failing new requests\n")
        }

        s.pointee.busy -= 1
        ScsiPortNotifyResetDetected(deviceExtension)
        sendOwedNextRequest()
    }
}

private func phbaHwResetBus(_ deviceExtension: UnsafeMutableRawPointer?, _ pathId: ULONG) -> BOOLEAN {
    guard let deviceExtension else { return 0 }
    let ext = Phba(deviceExtension)
    // ScsiPortCompleteRequest for the bus's leftovers, as SCSI Port expects from HwResetBus; in
    // dump mode every SRB is completed individually instead.
    ext.resetBus(pathId, usePortSweep: !ext.state.pointee.dumpMode)
    return 1
}

// MARK: - HwAdapterControl
//
// Stop (power down / PnP stop) and restart (power up), the two control types SCSI Port needs
// for power management. Restart reprograms everything, as after a power loss.

private func phbaHwAdapterControl(_ deviceExtension: UnsafeMutableRawPointer?, _ controlType: SCSI_ADAPTER_CONTROL_TYPE,
                                  _ parameters: UnsafeMutableRawPointer?) -> SCSI_ADAPTER_CONTROL_STATUS {
    guard let deviceExtension else { return ScsiAdapterControlUnsuccessful }
    let ext = Phba(deviceExtension)

    switch controlType {
    case ScsiQuerySupportedControlTypes:
        // SCSI_SUPPORTED_CONTROL_TYPE_LIST: MaxControlType, then one BOOLEAN per type.
        guard let list = parameters else { return ScsiAdapterControlUnsuccessful }
        let maxControlType = list.load(as: ULONG.self)
        let entries = list + MemoryLayout<ULONG>.size
        for type in [ScsiQuerySupportedControlTypes, ScsiStopAdapter, ScsiRestartAdapter]
            where maxControlType > UInt32(type.rawValue) {
            entries.storeBytes(of: 1, toByteOffset: Int(type.rawValue), as: BOOLEAN.self)
        }
        return ScsiAdapterControlSuccess

    case ScsiStopAdapter:
        if ext.state.pointee.registers != nil { ext.stopController() }
        return ScsiAdapterControlSuccess

    case ScsiRestartAdapter:
        guard ext.state.pointee.registers != nil, ext.state.pointee.requestRing != nil else {
            return ScsiAdapterControlUnsuccessful
        }
        if ext.state.pointee.outstanding != 0 {
            ext.failOutstanding(path: Limits.any, target: Limits.any, usePortSweep: false, status: Srb.busReset)
        }
        ext.resetTagTable()
        ext.state.pointee.nextRequestOwed = false
        return ext.startController() ? ScsiAdapterControlSuccess : ScsiAdapterControlUnsuccessful

    default:
        return ScsiAdapterControlUnsuccessful
    }
}
