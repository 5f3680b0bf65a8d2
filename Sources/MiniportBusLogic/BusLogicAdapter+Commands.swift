import MiniportPlatform
import MiniportSCSI

/// Host adapter commands: a command byte, its parameter bytes, then its reply bytes in DATA IN.
extension BusLogicAdapter {
    /// Firmware version the board ID and version commands report: 5.07B.
    static let firmware: (major: UInt8, minor: UInt8, third: UInt8, letter: UInt8) = (0x35, 0x30, 0x37, 0x42)

    /// Parameter bytes `opcode` takes (before the variable part of STORE LOCAL RAM), nil for a
    /// command the adapter does not implement (answered with COMMAND INVALID at once).
    static func parameterCount(_ opcode: UInt8) -> Int? {
        switch opcode {
        case BusLogicCommand.testCommandCompleteInterrupt, BusLogicCommand.executeMailboxCommand,
             BusLogicCommand.inquireBoardID, BusLogicCommand.inquireInstalledDevices0to7,
             BusLogicCommand.inquireConfiguration, BusLogicCommand.inquireInstalledDevices8to15,
             BusLogicCommand.inquireTargetDevices, BusLogicCommand.inquireFirmwareVersion3rdDigit,
             BusLogicCommand.inquireFirmwareVersionLetter, BusLogicCommand.inquirePCIHostAdapterInformation:
            return 0
        case BusLogicCommand.enableOutgoingMailboxAvailableInterrupt, BusLogicCommand.setPreemptTimeOnBus,
             BusLogicCommand.setTimeOffBus, BusLogicCommand.setBusTransferRate, BusLogicCommand.inquireSetupInformation,
             BusLogicCommand.echoCommandData, BusLogicCommand.setHostAdapterInterrupt,
             BusLogicCommand.inquireHostAdapterModelNumber, BusLogicCommand.inquireSynchronousPeriod,
             BusLogicCommand.inquireExtendedSetupInformation, BusLogicCommand.enableStrictRoundRobin,
             BusLogicCommand.setCCBFormat:
            return 1
        case BusLogicCommand.enableTargetMode, BusLogicCommand.storeLocalRAM, BusLogicCommand.fetchLocalRAM:
            return 2
        case BusLogicCommand.initializeMailbox, BusLogicCommand.setSelectionTimeout:
            return 4
        case BusLogicCommand.initializeExtendedMailbox:
            return 5
        default:
            return nil
        }
    }

    func writeCommandByte(_ value: UInt8) {
        guard !stopped else { return }
        guard !diagnosing else {
            violation("a command byte (0x\(hex(value))) was written while the diagnostics were running")
            return
        }
        guard let current = opcode else {
            // A new command: what is left of the last reply is dropped.
            replyLength = 0
            replyIndex = 0
            commandInvalid = false
            guard let count = Self.parameterCount(value) else {
                commandInvalid = true
                raise(BusLogicInterrupt.commandComplete)
                return
            }
            opcode = value
            parameterCount = 0
            parametersExpected = count
            if count == 0 { execute(value) }
            return
        }
        parameters[parameterCount] = value
        parameterCount += 1
        if current == BusLogicCommand.storeLocalRAM, parameterCount == 2 {
            parametersExpected = 2 + Int(parameters[1])
        }
        if parameterCount >= parametersExpected { execute(current) }
    }

    /// Runs a command whose parameters are all in, then reports COMMAND COMPLETE (except for
    /// a valid EXECUTE MAILBOX COMMAND, which completes silently).
    private func execute(_ command: UInt8) {
        opcode = nil
        var valid = true
        var silent = false
        switch command {
        case BusLogicCommand.testCommandCompleteInterrupt:
            break
        case BusLogicCommand.initializeMailbox:
            valid = false     // 24-bit mailboxes are not emulated: INITIALIZE EXTENDED MAILBOX
        case BusLogicCommand.executeMailboxCommand:
            if mailboxCount == 0 {
                violation("EXECUTE MAILBOX COMMAND before the mailboxes were initialised")
                valid = false
            } else {
                silent = true
                startMailboxes()
            }
        case BusLogicCommand.inquireBoardID:
            answer([0x41, 0x41, Self.firmware.major, Self.firmware.minor])
        case BusLogicCommand.enableOutgoingMailboxAvailableInterrupt:
            valid = parameters[0] <= 1
            if valid { outgoingAvailableInterrupt = parameters[0] == 1 }
        case BusLogicCommand.setSelectionTimeout:
            valid = parameters[0] <= 1
            if valid { busTimings.selectionTimeout = UInt16(parameters[2]) << 8 | UInt16(parameters[3]) }
        case BusLogicCommand.setPreemptTimeOnBus:
            busTimings.preempt = parameters[0]
        case BusLogicCommand.setTimeOffBus:
            busTimings.offBus = parameters[0]
        case BusLogicCommand.setBusTransferRate:
            busTimings.rate = parameters[0]
        case BusLogicCommand.inquireInstalledDevices0to7:
            answerInstalledDevices(from: 0)
        case BusLogicCommand.inquireInstalledDevices8to15:
            answerInstalledDevices(from: 8)
        case BusLogicCommand.inquireConfiguration:
            let line = function?.interrupt?.number ?? 0
            let irqBits: UInt8 = (9...15).contains(line) ? 1 << (line - 9) : 0
            answer([0, irqBits, Self.hostAdapterID])
        case BusLogicCommand.enableTargetMode:
            break     // target mode is not emulated; the command is accepted and does nothing
        case BusLogicCommand.inquireSetupInformation:
            answerSetupInformation(length: Int(parameters[0]))
        case BusLogicCommand.echoCommandData:
            answer([parameters[0]])
        case BusLogicCommand.inquireTargetDevices:
            var bits: UInt16 = 0
            for id in 0..<Self.targetCount where present(UInt8(id)) { bits |= 1 << UInt16(id) }
            answer([UInt8(truncatingIfNeeded: bits), UInt8(truncatingIfNeeded: bits >> 8)])
        case BusLogicCommand.setHostAdapterInterrupt:
            valid = parameters[0] <= 1
            if valid { adapterInterruptsEnabled = parameters[0] == 1 }
        case BusLogicCommand.initializeExtendedMailbox:
            valid = initializeMailboxes(count: Int(parameters[0]),
                                        base: UInt64(parameters[1]) | UInt64(parameters[2]) << 8
                                            | UInt64(parameters[3]) << 16 | UInt64(parameters[4]) << 24)
        case BusLogicCommand.inquireFirmwareVersion3rdDigit:
            answer([Self.firmware.third])
        case BusLogicCommand.inquireFirmwareVersionLetter:
            answer([Self.firmware.letter])
        case BusLogicCommand.inquirePCIHostAdapterInformation:
            // No ISA-compatible port; both bytes of the bus terminated; the interrupt line.
            answer([0xFF, 0x03, 0, 0, 0, function?.interrupt?.number ?? 0])
        case BusLogicCommand.inquireHostAdapterModelNumber:
            answerPadded([0x39, 0x35, 0x38, 0x20, 0x20], length: Int(parameters[0]))   // "958  "
        case BusLogicCommand.inquireSynchronousPeriod:
            answerPadded([], length: Int(parameters[0]))    // every target asynchronous
        case BusLogicCommand.inquireExtendedSetupInformation:
            answerExtendedSetup(length: Int(parameters[0]))
        case BusLogicCommand.enableStrictRoundRobin:
            valid = parameters[0] <= 1
            if valid { strictRoundRobin = parameters[0] == 1 }
        case BusLogicCommand.storeLocalRAM:
            let offset = Int(parameters[0]), count = Int(parameters[1])
            valid = offset + count <= Self.localRAMSize
            if valid { for index in 0..<count { localRAM[offset + index] = parameters[2 + index] } }
        case BusLogicCommand.fetchLocalRAM:
            let offset = Int(parameters[0]), count = Int(parameters[1])
            valid = offset + count <= Self.localRAMSize
            if valid {
                for index in 0..<count { reply[index] = localRAM[offset + index] }
                replyLength = count
            }
        case BusLogicCommand.setCCBFormat:
            valid = parameters[0] <= 1
            if valid { wideLUNFormat = parameters[0] == 1 }
        default:
            valid = false
        }
        if !valid {
            commandInvalid = true
            replyLength = 0
        }
        if !silent { raise(BusLogicInterrupt.commandComplete) }
    }

    /// INITIALIZE EXTENDED MAILBOX: `count` outgoing then `count` incoming 8-byte entries at
    /// `base`. Refused (COMMAND INVALID, a protocol violation) for a zero count, CCBs still in
    /// flight, or an area outside DMA memory.
    private func initializeMailboxes(count: Int, base: UInt64) -> Bool {
        guard count >= 1 else {
            violation("INITIALIZE EXTENDED MAILBOX with a mailbox count of 0")
            return false
        }
        guard inFlightCount == 0 else {
            violation("INITIALIZE EXTENDED MAILBOX with \(inFlightCount) CCB(s) still in flight")
            return false
        }
        guard dma(base, length: 2 * count * BusLogicMailboxLayout.size, access: .write) != nil else {
            violation("INITIALIZE EXTENDED MAILBOX: \(count) mailboxes at 0x\(String(base, radix: 16)) are not DMA memory")
            return false
        }
        mailboxCount = count
        mailboxBase = base
        outgoingIndex = 0
        incomingIndex = 0
        pendingHead = 0
        pendingCount = 0
        return true
    }

    private func answer(_ bytes: [UInt8]) {
        for (index, byte) in bytes.enumerated() { reply[index] = byte }
        replyLength = bytes.count
    }

    /// A reply of exactly `length` bytes (the driver asks for it): `bytes`, then zeros.
    private func answerPadded(_ bytes: [UInt8], length: Int) {
        let length = min(length, reply.count)
        for index in 0..<length { reply[index] = index < bytes.count ? bytes[index] : 0 }
        replyLength = length
    }

    /// Whether target `id` holds a device (a removed one still counts until it is detached).
    func present(_ id: UInt8) -> Bool { scsiBus[Int(id)] != nil }

    private func answerInstalledDevices(from first: Int) {
        var bytes = [UInt8](repeating: 0, count: 8)
        for index in 0..<8 {
            let id = first + index
            guard present(UInt8(id)), let target = scsiBus[id] else { continue }
            for lun in target.populatedLUNs where lun < 8 { bytes[index] |= 1 << UInt8(lun) }
        }
        answer(bytes)
    }

    private func answerSetupInformation(length: Int) {
        var bytes = [UInt8](repeating: 0, count: 34)
        bytes[1] = busTimings.rate
        bytes[2] = busTimings.preempt
        bytes[3] = busTimings.offBus
        bytes[4] = UInt8(truncatingIfNeeded: mailboxCount)
        bytes[5] = UInt8(truncatingIfNeeded: mailboxBase)
        bytes[6] = UInt8(truncatingIfNeeded: mailboxBase >> 8)
        bytes[7] = UInt8(truncatingIfNeeded: mailboxBase >> 16)
        bytes[16] = 0xFF                 // disconnection permitted for targets 0...7
        bytes[17] = 0x42                 // 'B'
        answerPadded(bytes, length: length)
    }

    private func answerExtendedSetup(length: Int) {
        var bytes = [UInt8](repeating: 0, count: 14)
        bytes[0] = 0x45                  // 'E': a 32-bit bus (EISA/PCI)
        bytes[2] = UInt8(truncatingIfNeeded: configuration.maxSGEntries)
        bytes[3] = UInt8(truncatingIfNeeded: configuration.maxSGEntries >> 8)
        bytes[4] = UInt8(truncatingIfNeeded: mailboxCount)
        for index in 0..<4 { bytes[5 + index] = UInt8(truncatingIfNeeded: mailboxBase >> (8 * UInt64(index))) }
        bytes[9] = 0x40                  // level-sensitive interrupt
        bytes[10] = Self.firmware.minor
        bytes[11] = Self.firmware.third
        bytes[12] = Self.firmware.letter
        bytes[13] = 0x01 | 0x08          // wide SCSI, Ultra SCSI
        answerPadded(bytes, length: length)
    }

    func hex(_ value: UInt8) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return text.count == 1 ? "0" + text : text
    }
}

