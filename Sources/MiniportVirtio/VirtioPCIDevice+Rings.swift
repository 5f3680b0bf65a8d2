import MiniportPlatform

@inline(__always) private func le16(_ base: UnsafeMutableRawPointer, _ offset: Int) -> UInt16 {
    UInt16(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
}

@inline(__always) private func le32(_ base: UnsafeMutableRawPointer, _ offset: Int) -> UInt32 {
    UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
}

@inline(__always) private func le64(_ base: UnsafeMutableRawPointer, _ offset: Int) -> UInt64 {
    UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
}

@inline(__always) private func put16(_ base: UnsafeMutableRawPointer, _ offset: Int, _ value: UInt16) {
    base.storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt16.self)
}

@inline(__always) private func put32(_ base: UnsafeMutableRawPointer, _ offset: Int, _ value: UInt32) {
    base.storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt32.self)
}

private func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }

// The virtqueues: fetching and checking chains (split and packed), posting used entries, and
// deciding whether to interrupt.
extension VirtioPCIDevice {
    /// What fetching the next available chain found.
    enum Fetch {
        case empty
        /// A chain is in the queue's segment storage; `descriptors` ring slots (packed) it took.
        case chain(id: UInt16, descriptors: UInt16)
        case violation(String)
    }

    /// A driver notification: processes every available chain of the queue now.
    func notify(queue index: Int) {
        guard index >= 0, index < queues.count else {
            invalidRegisterAccesses += 1
            return
        }
        // The device owns its queues for its whole life: no reference counted per notify.
        Unmanaged.passUnretained(queues[index])._withUnsafeGuaranteedRef { queue in
            guard queue.enabled, !needsReset else { return }
            // A legacy driver may use its queues before DRIVER_OK; a modern one may not.
            guard interface == .legacy || status & VirtioStatus.driverOK != 0 else { return }
            if handToWorker(queue: index) { return }
            process(queue)
        }
    }

    /// Every queue with chains waiting is processed (used after a fault is cleared, and by tests).
    public func processAllQueues() {
        serialized {
            for queue in queues { notify(queue: queue.index) }
        }
    }

    /// Chains (requests) the device has taken from queue `index` since it was created (0 for a
    /// queue it does not have): which of a multi-queue driver's queues carried the I/O.
    public func chainsTaken(queue index: Int) -> Int {
        serialized { index >= 0 && index < queues.count ? queues[index].chainsTaken : 0 }
    }

    func process(_ queue: VirtioQueue) {
        let generation = resetGeneration
        var wantsInterrupt = false
        // A pass takes at most one queue's worth of chains (the driver cannot add during it).
        var budget = Int(queue.size)
        while budget > 0 {
            budget -= 1
            let fetch = queue.packed ? fetchPacked(queue) : fetchSplit(queue)
            let id: UInt16
            let descriptors: UInt16
            switch fetch {
            case .empty:
                budget = 0
                continue
            case .violation(let detail):
                protocolViolation("queue \(queue.index): " + detail)
                return
            case .chain(let chainID, let slots):
                queue.chainsTaken &+= 1
                id = chainID
                descriptors = slots
            }
            let writable = UInt32(clamping: queue.writableLength)
            var chain = VirtioChain(queue: queue.index, id: id, storage: queue.segments,
                                    readableCount: queue.readableCount, writableCount: queue.writableCount)
            let disposition = backend.process(queue: queue.index, chain: &chain)
            guard generation == resetGeneration, !needsReset, queue.enabled else { return }
            switch disposition {
            case .complete(let written):
                guard postUsed(queue, id: id, written: min(written, writable), descriptors: descriptors) else { return }
                wantsInterrupt = true
            case .completeSilently(let written):
                guard postUsed(queue, id: id, written: min(written, writable), descriptors: descriptors) else { return }
            case .hold(let written):
                guard hold(queue, id: id, descriptors: descriptors, writable: writable, written: written) else { return }
            case .delay(let written, let nanoseconds):
                guard hold(queue, id: id, descriptors: descriptors, writable: writable, written: written) else { return }
                let index = queue.index
                let epoch = queue.epoch
                let later = { [weak self] in
                    guard let self else { return }
                    self.serialized {
                        guard self.resetGeneration == generation, self.queues[index].epoch == epoch else { return }
                        self.complete(queue: index, id: id, written: written)
                    }
                }
                // Virtual time is the driving thread's: from the device's own thread, posted.
                if DeviceWorker.isCurrentThread { clock.post(after: nanoseconds, later) } else { clock.schedule(after: nanoseconds, later) }
            }
        }
        if !queue.packed, negotiated(VirtioFeature.ringEventIdx),
           let used = dma(queue.deviceAddress, length: queue.deviceBytes, access: .write) {
            put16(used, 4 + 8 * Int(queue.size), queue.lastAvail)   // avail_event: notify on the next one
        }
        if wantsInterrupt { interruptIfWanted(queue) }
    }

    private func hold(_ queue: VirtioQueue, id: UInt16, descriptors: UInt16, writable: UInt32, written: UInt32) -> Bool {
        let entry = VirtioQueue.Outstanding(id: id, descriptors: descriptors, writableLength: writable, written: min(written, writable))
        guard queue.hold(entry) else {
            protocolViolation("queue \(queue.index): more chains outstanding than the queue size \(queue.maxSize) "
                              + "(chain \(id) made available again before it was used)")
            return false
        }
        return true
    }

    // MARK: split ring

    func fetchSplit(_ queue: VirtioQueue) -> Fetch {
        guard pciFunction != nil else { return .empty }
        let size = Int(queue.size)
        guard let avail = dma(queue.driverAddress, length: queue.driverBytes, access: .read),
              let table = dma(queue.descAddress, length: queue.descBytes, access: .read) else {
            return .violation("the rings are no longer memory the device can reach")
        }
        let availIndex = le16(avail, 2)
        let pending = availIndex &- queue.lastAvail
        if pending == 0 { return .empty }
        guard Int(pending) <= size else {
            return .violation("available index \(availIndex) is \(pending) entries ahead of the device's \(queue.lastAvail) "
                              + "(more than the queue size \(size))")
        }
        let head = le16(avail, 4 + 2 * (Int(queue.lastAvail) % size))
        guard Int(head) < size else { return .violation("available ring names head descriptor \(head) of \(size)") }
        startChain(queue)
        var index = Int(head)
        var walked = 0
        while true {
            walked += 1
            guard walked <= size else {
                return .violation("the chain from head \(head) is longer than the queue size \(size) (a descriptor loop)")
            }
            let descriptor = table.advanced(by: 16 * index)
            let flags = le16(descriptor, 12)
            if flags & VirtqFlag.indirect != 0 {
                if let problem = addIndirect(queue, address: le64(descriptor, 0), length: le32(descriptor, 8), flags: flags) {
                    return .violation(problem)
                }
                break
            }
            if let problem = addSegment(queue, address: le64(descriptor, 0), length: le32(descriptor, 8),
                                        writable: flags & VirtqFlag.write != 0) {
                return .violation(problem)
            }
            guard flags & VirtqFlag.next != 0 else { break }
            let next = le16(descriptor, 14)
            guard Int(next) < size else {
                return .violation("descriptor \(index) chains to descriptor \(next), outside the table of \(size)")
            }
            index = Int(next)
        }
        queue.lastAvail &+= 1
        return .chain(id: head, descriptors: 1)
    }

    // MARK: packed ring

    @inline(__always) private func isAvailable(_ flags: UInt16, wrap: Bool) -> Bool {
        (flags & VirtqFlag.avail != 0) == wrap && (flags & VirtqFlag.used != 0) != wrap
    }

    func fetchPacked(_ queue: VirtioQueue) -> Fetch {
        guard pciFunction != nil else { return .empty }
        let size = Int(queue.size)
        guard let ring = dma(queue.descAddress, length: queue.descBytes, access: .read) else {
            return .violation("the descriptor ring is no longer memory the device can reach")
        }
        var position = Int(queue.availPosition)
        var wrap = queue.availWrap
        guard isAvailable(le16(ring, 16 * position + 14), wrap: wrap) else { return .empty }
        startChain(queue)
        var descriptors = 0
        var id: UInt16 = 0
        while true {
            descriptors += 1
            guard descriptors <= size else {
                return .violation("the chain at ring slot \(queue.availPosition) is longer than the queue size \(size)")
            }
            let descriptor = ring.advanced(by: 16 * position)
            let flags = le16(descriptor, 14)
            guard descriptors == 1 || isAvailable(flags, wrap: wrap) else {
                return .violation("the chain at ring slot \(queue.availPosition) continues into slot \(position), "
                                  + "which the driver has not made available")
            }
            id = le16(descriptor, 12)
            let problem = flags & VirtqFlag.indirect != 0
                ? addIndirect(queue, address: le64(descriptor, 0), length: le32(descriptor, 8), flags: flags)
                : addSegment(queue, address: le64(descriptor, 0), length: le32(descriptor, 8), writable: flags & VirtqFlag.write != 0)
            if let problem { return .violation(problem) }
            position += 1
            if position == size {
                position = 0
                wrap.toggle()
            }
            if flags & VirtqFlag.next == 0 { break }
        }
        queue.availPosition = UInt16(position)
        queue.availWrap = wrap
        return .chain(id: id, descriptors: UInt16(descriptors))
    }

    // MARK: segments

    private func startChain(_ queue: VirtioQueue) {
        queue.readableCount = 0
        queue.writableCount = 0
        queue.writableLength = 0
    }

    /// Resolves one buffer into the queue's segment storage; the violation, if any.
    private func addSegment(_ queue: VirtioQueue, address: UInt64, length: UInt32, writable: Bool) -> String? {
        if !writable, queue.writableCount > 0 {
            return "a driver-readable buffer (\(hex(address))) follows a device-writable one"
        }
        guard length > 0 else { return nil }
        guard queue.readableCount + queue.writableCount < queue.segmentCapacity else {
            return "a chain of more than \(queue.segmentCapacity) buffers"
        }
        if writable, queue.overlapsRings(address, Int(length)) {
            return "device-writable buffer \(hex(address)) (\(length) bytes) overlaps the queue's own rings"
        }
        guard let host = dma(address, length: Int(length), access: writable ? .write : .read) else {
            return "buffer \(hex(address)) (\(length) bytes) is not memory the device can reach"
        }
        queue.segments[queue.readableCount + queue.writableCount] = VirtioSegment(host: host, physical: address, length: Int(length))
        if writable {
            queue.writableCount += 1
            queue.writableLength += Int(length)
        } else {
            queue.readableCount += 1
        }
        return nil
    }

    /// Flattens an indirect table into the segment storage; the violation, if any.
    private func addIndirect(_ queue: VirtioQueue, address: UInt64, length: UInt32, flags: UInt16) -> String? {
        guard negotiated(VirtioFeature.ringIndirectDesc) else {
            return "an indirect descriptor without RING_INDIRECT_DESC negotiated"
        }
        guard flags & VirtqFlag.next == 0 else { return "a descriptor with both INDIRECT and NEXT" }
        guard length > 0, length % 16 == 0 else {
            return "indirect table length \(length) is not a non-zero multiple of 16"
        }
        let count = Int(length / 16)
        guard count <= Int(queue.maxSize) else {
            return "indirect table of \(count) descriptors is longer than the queue size \(queue.maxSize)"
        }
        guard let table = dma(address, length: Int(length), access: .read) else {
            return "indirect table \(hex(address)) (\(length) bytes) is not memory the device can reach"
        }
        if queue.packed {
            // Packed indirect tables are used in order, all entries.
            for index in 0..<count {
                let entry = table.advanced(by: 16 * index)
                let entryFlags = le16(entry, 14)
                guard entryFlags & VirtqFlag.indirect == 0 else { return "an indirect table inside an indirect table" }
                if let problem = addSegment(queue, address: le64(entry, 0), length: le32(entry, 8),
                                            writable: entryFlags & VirtqFlag.write != 0) { return problem }
            }
            return nil
        }
        var index = 0
        var walked = 0
        while true {
            walked += 1
            guard walked <= count else { return "the indirect chain is longer than its table of \(count) (a descriptor loop)" }
            let entry = table.advanced(by: 16 * index)
            let entryFlags = le16(entry, 12)
            guard entryFlags & VirtqFlag.indirect == 0 else { return "an indirect table inside an indirect table" }
            if let problem = addSegment(queue, address: le64(entry, 0), length: le32(entry, 8),
                                        writable: entryFlags & VirtqFlag.write != 0) { return problem }
            guard entryFlags & VirtqFlag.next != 0 else { return nil }
            let next = le16(entry, 14)
            guard Int(next) < count else {
                return "indirect descriptor \(index) chains to \(next), outside its table of \(count)"
            }
            index = Int(next)
        }
    }

    // MARK: used entries and interrupts

    /// Writes one used entry; false (and NEEDS_RESET) when the ring is out of reach.
    func postUsed(_ queue: VirtioQueue, id: UInt16, written: UInt32, descriptors: UInt16) -> Bool {
        guard pciFunction != nil else { return false }
        let size = Int(queue.size)
        if queue.packed {
            guard let ring = dma(queue.descAddress, length: queue.descBytes, access: .write) else {
                protocolViolation("queue \(queue.index): the descriptor ring is no longer memory the device can reach")
                return false
            }
            let slot = ring.advanced(by: 16 * Int(queue.usedPosition))
            put16(slot, 12, id)
            put32(slot, 8, written)
            var flags: UInt16 = queue.usedWrap ? VirtqFlag.avail | VirtqFlag.used : 0
            if written > 0 { flags |= VirtqFlag.write }
            put16(slot, 14, flags)
            var position = Int(queue.usedPosition) + Int(max(descriptors, 1))
            if position >= size {
                position -= size
                queue.usedWrap.toggle()
            }
            queue.usedPosition = UInt16(position)
        } else {
            guard let used = dma(queue.deviceAddress, length: queue.deviceBytes, access: .write) else {
                protocolViolation("queue \(queue.index): the used ring is no longer memory the device can reach")
                return false
            }
            let slot = 4 + 8 * (Int(queue.usedIndex) % size)
            put32(used, slot, UInt32(id))
            put32(used, slot + 4, written)
            queue.usedIndex &+= 1
            put16(used, 2, queue.usedIndex)
        }
        chainsCompleted += 1
        return true
    }

    /// The packed used position in the doubled (position, wrap) space.
    private func packedUsedMark(_ queue: VirtioQueue) -> Int {
        Int(queue.usedPosition) + (queue.usedWrap ? 0 : Int(queue.size))
    }

    /// Raises the queue interrupt unless the driver suppressed it for the entries posted since
    /// the last decision.
    func interruptIfWanted(_ queue: VirtioQueue) {
        guard pciFunction != nil else { return }
        let eventIndex = negotiated(VirtioFeature.ringEventIdx)
        if queue.packed {
            let new = packedUsedMark(queue)
            let old = Int(queue.signalled)
            queue.signalled = UInt16(new)
            guard let events = dma(queue.driverAddress, length: 4, access: .read) else { return }
            switch le16(events, 2) & 3 {
            case VirtqFlag.eventDisable:
                return
            case VirtqFlag.eventDesc where eventIndex:
                let offWrap = le16(events, 0)
                let span = 2 * Int(queue.size)
                let event = Int(offWrap & 0x7FFF) + (offWrap & 0x8000 != 0 ? 0 : Int(queue.size))
                let sinceEvent = ((new - event - 1) % span + span) % span
                let sinceOld = ((new - old) % span + span) % span
                guard sinceEvent < sinceOld else { return }
            default:
                break
            }
        } else {
            let new = queue.usedIndex
            let old = queue.signalled
            queue.signalled = new
            guard let avail = dma(queue.driverAddress, length: queue.driverBytes, access: .read) else { return }
            if eventIndex {
                let usedEvent = le16(avail, 4 + 2 * Int(queue.size))
                guard new &- usedEvent &- 1 < new &- old else { return }
            } else if le16(avail, 0) & VirtqFlag.availNoInterrupt != 0 {
                return
            }
        }
        raiseQueueInterrupt(queue)
    }
}
