import MiniportPlatform
import MiniportSCSI

/// Mailboxes and CCBs: what EXECUTE MAILBOX COMMAND starts.
extension BusLogicAdapter {
    // MARK: outgoing mailboxes

    /// Takes every outgoing mailbox a driver filled: from the current one up to the first free
    /// one; when that finds none and strict round robin is off, any other filled one (one
    /// pass). Each taken mailbox is freed (action code 0). Bounded by twice the mailbox count.
    func startMailboxes() {
        var freed = false
        var taken = 0
        while taken < mailboxCount {
            guard takeOutgoing(outgoingIndex, freed: &freed) else { break }
            outgoingIndex = (outgoingIndex + 1) % mailboxCount
            taken += 1
        }
        if !strictRoundRobin && taken == 0 {
            for index in 0..<mailboxCount where index != outgoingIndex {
                _ = takeOutgoing(index, freed: &freed)
            }
        }
        if freed && outgoingAvailableInterrupt { raise(BusLogicInterrupt.outgoingMailboxAvailable) }
    }

    /// Handles outgoing mailbox `index` if it is filled; false when it is free or unreadable.
    private func takeOutgoing(_ index: Int, freed: inout Bool) -> Bool {
        let address = mailboxBase + UInt64(index * BusLogicMailboxLayout.size)
        guard let box = dma(address, length: BusLogicMailboxLayout.size, access: .write) else {
            violation("outgoing mailbox \(index) at 0x\(String(address, radix: 16)) is no longer DMA memory")
            return false
        }
        let action = box.load(fromByteOffset: BusLogicMailboxLayout.code, as: UInt8.self)
        guard action != BusLogicAction.free else { return false }
        let ccb = box.le32(BusLogicMailboxLayout.ccb)
        box.storeBytes(of: BusLogicAction.free, toByteOffset: BusLogicMailboxLayout.code, as: UInt8.self)
        freed = true
        switch action {
        case BusLogicAction.start:
            executeCCB(at: ccb)
        case BusLogicAction.abort:
            abortCCB(at: ccb)
        default:
            violation("outgoing mailbox \(index) has action code 0x\(hex(action))")
            var record = Completion()
            record.ccb = ccb
            record.hostStatus = BusLogicHostStatus.invalidMailboxAction
            record.code = BusLogicCompletion.invalidCCB
            record.updateCCB = false
            post(record, raiseInterrupt: true)
        }
        return true
    }

    // MARK: CCBs

    /// Executes the CCB at `address`: validates it, runs it on its target, writes autosense
    /// and completes it (now, or later when a fault holds or delays it).
    private func executeCCB(at address: UInt32) {
        var record = Completion()
        record.ccb = address
        guard let ccb = dma(UInt64(address), length: BusLogicCCBLayout.size, access: .write) else {
            violation("a started CCB at 0x\(String(address, radix: 16)) is not DMA memory")
            record.hostStatus = BusLogicHostStatus.invalidCCBParameter
            record.code = BusLogicCompletion.invalidCCB
            record.updateCCB = false
            return post(record, raiseInterrupt: true)
        }
        let opcode = ccb.load(fromByteOffset: BusLogicCCBLayout.opcode, as: UInt8.self)
        let targetID = ccb.load(fromByteOffset: BusLogicCCBLayout.targetID, as: UInt8.self)
        let lunByte = ccb.load(fromByteOffset: BusLogicCCBLayout.lun, as: UInt8.self)
        let lun = wideLUNFormat ? lunByte & 0x3F : lunByte & 0x07
        let scatterGather: Bool, residual: Bool
        switch opcode {
        case BusLogicCCBOpcode.initiator: (scatterGather, residual) = (false, false)
        case BusLogicCCBOpcode.initiatorScatterGather: (scatterGather, residual) = (true, false)
        case BusLogicCCBOpcode.initiatorResidual: (scatterGather, residual) = (false, true)
        case BusLogicCCBOpcode.initiatorScatterGatherResidual: (scatterGather, residual) = (true, true)
        case BusLogicCCBOpcode.busDeviceReset:
            guard Int(targetID) < Self.targetCount else { return rejectCCB(address, BusLogicHostStatus.invalidCCBParameter) }
            return busDeviceReset(targetID, record: record)
        default:
            return rejectCCB(address, BusLogicHostStatus.invalidCCBOpcode)
        }
        let cdbLength = Int(ccb.load(fromByteOffset: BusLogicCCBLayout.cdbLength, as: UInt8.self))
        guard Int(targetID) < Self.targetCount, (1...BusLogicCCBLayout.cdbCapacity).contains(cdbLength) else {
            return rejectCCB(address, BusLogicHostStatus.invalidCCBParameter)
        }
        let action = faults.decide(bus: 0, target: targetID, lun: lun)
        guard scsiBus.hasTarget(Int(targetID)), !faults.isRemoved(bus: 0, target: targetID) else {
            record.hostStatus = BusLogicHostStatus.selectionTimeout
            record.code = BusLogicCompletion.withError
            return finish(record, target: targetID, action: action)
        }

        // Direction and data.
        var cdb = SCSICDB()
        withUnsafeMutableBytes(of: &cdb.bytes) { raw in
            raw.baseAddress!.copyMemory(from: ccb + BusLogicCCBLayout.cdb, byteCount: cdbLength)
        }
        cdb.length = cdbLength
        let control = ccb.load(fromByteOffset: BusLogicCCBLayout.control, as: UInt8.self)
        var direction = (control >> BusLogicCCBLayout.directionShift) & 3
        if direction == BusLogicCCBLayout.directionByCommand {
            direction = Self.writesData(cdb.operationCode) ? BusLogicCCBLayout.directionOut : BusLogicCCBLayout.directionIn
        }
        let dataLength = Int(ccb.le32(BusLogicCCBLayout.dataLength))
        let dataPointer = UInt64(ccb.le32(BusLogicCCBLayout.dataPointer))
        let access: PhysicalMemory.Access = direction == BusLogicCCBLayout.directionIn ? .write : .read
        var segmentCount = 0
        var total = 0
        if direction != BusLogicCCBLayout.directionNone && dataLength > 0 {
            if scatterGather {
                let entries = dataLength / BusLogicSGLayout.size
                guard dataLength % BusLogicSGLayout.size == 0, entries <= configuration.maxSGEntries else {
                    return rejectCCB(address, BusLogicHostStatus.invalidCCBParameter)
                }
                guard let list = dma(dataPointer, length: dataLength, access: .read) else {
                    violation("the scatter/gather list of the CCB at 0x\(String(address, radix: 16)) is not DMA memory")
                    return rejectCCB(address, BusLogicHostStatus.invalidCCBParameter)
                }
                for index in 0..<entries {
                    let entry = list + index * BusLogicSGLayout.size
                    let length = Int(entry.le32(BusLogicSGLayout.length))
                    let pointer = UInt64(entry.le32(BusLogicSGLayout.address))
                    guard length > 0 else { continue }
                    guard total + length <= configuration.maxTransfer else {
                        return rejectCCB(address, BusLogicHostStatus.invalidCCBParameter)
                    }
                    guard let host = dma(pointer, length: length, access: access) else {
                        violation("a data segment of the CCB at 0x\(String(address, radix: 16)) is not DMA memory")
                        return rejectCCB(address, BusLogicHostStatus.invalidCCBParameter)
                    }
                    segments[segmentCount] = UnsafeMutableRawBufferPointer(start: host, count: length)
                    segmentCount += 1
                    total += length
                }
            } else {
                guard dataLength <= configuration.maxTransfer else { return rejectCCB(address, BusLogicHostStatus.invalidCCBParameter) }
                guard let host = dma(dataPointer, length: dataLength, access: access) else {
                    violation("the data buffer of the CCB at 0x\(String(address, radix: 16)) is not DMA memory")
                    return rejectCCB(address, BusLogicHostStatus.invalidCCBParameter)
                }
                segments[0] = UnsafeMutableRawBufferPointer(start: host, count: dataLength)
                segmentCount = 1
                total = dataLength
            }
        }
        var data = SCSIDataTransfer(
            direction: segmentCount == 0 ? .none : direction == BusLogicCCBLayout.directionIn ? .toInitiator : .fromInitiator,
            segments: UnsafeBufferPointer(start: segments.baseAddress, count: segmentCount))
        // Through the bus, which keeps the target: no reference counted per command.
        guard let completion = scsiBus.withTarget(Int(targetID), { $0.execute(lun: Int(lun), cdb: cdb, data: &data) }) else {
            record.hostStatus = BusLogicHostStatus.selectionTimeout   // checked above; the bus changed meanwhile
            record.code = BusLogicCompletion.withError
            return finish(record, target: targetID, action: action)
        }
        let left = UInt32(max(0, total - min(data.transferred, total)))
        record.targetStatus = completion.status.rawValue
        if residual {
            record.residual = left
        } else if left > 0 && completion.status == .good {
            record.hostStatus = BusLogicHostStatus.dataOverUnderrun
        }

        // Autosense into the driver's buffer.
        let senseLength = Int(ccb.load(fromByteOffset: BusLogicCCBLayout.senseLength, as: UInt8.self))
        if completion.status == .checkCondition, let sense = completion.sense, senseLength > 0 {
            let length = min(senseLength, SenseData.fixedLength)
            if let host = dma(UInt64(ccb.le32(BusLogicCCBLayout.sensePointer)), length: length, access: .write) {
                _ = sense.write(to: UnsafeMutableRawBufferPointer(start: host, count: length))
            }
        }
        record.code = record.hostStatus == 0 && record.targetStatus == 0 ? BusLogicCompletion.withoutError
            : BusLogicCompletion.withError
        finish(record, target: targetID, action: action)
    }

    /// Completes a CCB the adapter refused with INVALID CCB and `status`.
    private func rejectCCB(_ address: UInt32, _ status: UInt8) {
        var record = Completion()
        record.ccb = address
        record.hostStatus = status
        record.code = BusLogicCompletion.invalidCCB
        post(record, raiseInterrupt: true)
    }

    /// CDB opcodes that move data from the initiator (for direction 0, decided by the command).
    static func writesData(_ opcode: UInt8) -> Bool {
        switch opcode {
        case 0x0A, 0x2A, 0xAA, 0x8A, 0x2E, 0xAE, 0x8E, 0x15, 0x55, 0x3B, 0x1D, 0x41, 0x93, 0x4C, 0x39, 0x3A, 0x3F, 0x2F, 0x42:
            return true
        default:
            return false
        }
    }

    /// BUS DEVICE RESET CCB: commands in flight for the target end with HOST ADAPTER ASSERTED
    /// BUS DEVICE RESET, the target's logical units are reset, the CCB completes normally (or
    /// with SELECTION TIMEOUT for an absent target).
    private func busDeviceReset(_ targetID: UInt8, record: Completion) {
        var record = record
        guard let target = scsiBus[Int(targetID)], !faults.isRemoved(bus: 0, target: targetID) else {
            record.hostStatus = BusLogicHostStatus.selectionTimeout
            record.code = BusLogicCompletion.withError
            return post(record, raiseInterrupt: true)
        }
        resetsPerformed += 1
        for slot in inFlight.indices where inFlight[slot].active && inFlight[slot].target == targetID {
            var ended = inFlight[slot].record
            ended.hostStatus = BusLogicHostStatus.hostAssertedBusDeviceReset
            ended.code = BusLogicCompletion.withError
            release(slot)
            post(ended, raiseInterrupt: true)
        }
        target.reset(.target)
        record.code = BusLogicCompletion.withoutError
        post(record, raiseInterrupt: true)
    }

    /// Abort: a held CCB ends with ABORTED; otherwise the incoming mailbox says ABORTED NOT FOUND.
    private func abortCCB(at address: UInt32) {
        var record = Completion()
        record.ccb = address
        record.updateCCB = false
        if let slot = inFlight.firstIndex(where: { $0.active && $0.ccb == address }) {
            release(slot)
            record.code = BusLogicCompletion.aborted
        } else {
            record.code = BusLogicCompletion.abortedNotFound
        }
        post(record, raiseInterrupt: true)
    }

    // MARK: completion

    private func finish(_ record: Completion, target: UInt8, action: TransportFaults.Action) {
        switch action {
        case .none, .loseInterrupt:
            post(record, raiseInterrupt: action != .loseInterrupt)
        case .hold, .delay:
            guard let slot = inFlight.firstIndex(where: { !$0.active }) else {
                return post(record, raiseInterrupt: true)
            }
            inFlight[slot].active = true
            inFlight[slot].ccb = record.ccb
            inFlight[slot].target = target
            inFlight[slot].record = record
            inFlight[slot].generation = resetGeneration
            inFlightCount += 1
            if case .delay(let nanoseconds) = action {
                let generation = resetGeneration
                inFlight[slot].timer = clock.schedule(after: nanoseconds) { [weak self] in
                    self?.completeDelayed(slot: slot, generation: generation)
                }
            }
        }
    }

    private func completeDelayed(slot: Int, generation: UInt32) {
        guard inFlight[slot].active, inFlight[slot].generation == generation, !stopped else { return }
        let record = inFlight[slot].record
        release(slot)
        post(record, raiseInterrupt: true)
    }

    func release(_ slot: Int) {
        if let timer = inFlight[slot].timer { clock.cancel(timer) }
        inFlight[slot] = InFlight()
        inFlightCount -= 1
    }

    /// Forgets every held CCB without completing it (resets, SCSI bus reset, fatal error).
    func dropInFlight() {
        resetGeneration &+= 1
        for slot in inFlight.indices where inFlight[slot].active { release(slot) }
    }

    /// Writes the CCB's status bytes, then the incoming mailbox (or queues the completion when
    /// the next incoming mailbox is still in use), and raises INCOMING MAILBOX LOADED.
    func post(_ record: Completion, raiseInterrupt: Bool) {
        guard mailboxCount > 0, !stopped else { return }
        if record.updateCCB, let ccb = dma(UInt64(record.ccb), length: BusLogicCCBLayout.size, access: .write) {
            ccb.storeBytes(of: record.hostStatus, toByteOffset: BusLogicCCBLayout.hostStatus, as: UInt8.self)
            ccb.storeBytes(of: record.targetStatus, toByteOffset: BusLogicCCBLayout.targetStatus, as: UInt8.self)
            if let residual = record.residual { ccb.putLE32(BusLogicCCBLayout.dataLength, residual) }
        }
        if pendingCount > 0 || !writeIncoming(record) {
            guard pendingCount < pending.count else {
                violation("completions overflowed: the driver frees no incoming mailboxes")
                return
            }
            pending[(pendingHead + pendingCount) % pending.count] = record
            pendingCount += 1
            flushPending()
            return
        }
        if raiseInterrupt { raise(BusLogicInterrupt.incomingMailboxLoaded) }
    }

    /// Moves queued completions into incoming mailboxes the driver has freed.
    func flushPending() {
        var moved = false
        while pendingCount > 0, writeIncoming(pending[pendingHead]) {
            pendingHead = (pendingHead + 1) % pending.count
            pendingCount -= 1
            moved = true
        }
        if moved { raise(BusLogicInterrupt.incomingMailboxLoaded) }
    }

    /// Fills the next incoming mailbox if it is free.
    private func writeIncoming(_ record: Completion) -> Bool {
        guard mailboxCount > 0 else { return false }
        let address = mailboxBase + UInt64((mailboxCount + incomingIndex) * BusLogicMailboxLayout.size)
        guard let box = dma(address, length: BusLogicMailboxLayout.size, access: .write) else {
            violation("incoming mailbox \(incomingIndex) at 0x\(String(address, radix: 16)) is no longer DMA memory")
            return false
        }
        guard box.load(fromByteOffset: BusLogicMailboxLayout.code, as: UInt8.self) == BusLogicCompletion.free else {
            return false
        }
        box.putLE32(BusLogicMailboxLayout.ccb, record.ccb)
        box.storeBytes(of: record.hostStatus, toByteOffset: BusLogicMailboxLayout.hostStatus, as: UInt8.self)
        box.storeBytes(of: record.targetStatus, toByteOffset: BusLogicMailboxLayout.targetStatus, as: UInt8.self)
        box.storeBytes(of: UInt8(0), toByteOffset: 6, as: UInt8.self)
        box.storeBytes(of: record.code, toByteOffset: BusLogicMailboxLayout.code, as: UInt8.self)
        incomingIndex = (incomingIndex + 1) % mailboxCount
        commandsCompleted += 1
        return true
    }
}
