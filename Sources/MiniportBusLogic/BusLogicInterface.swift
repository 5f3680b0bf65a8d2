/// The programming interface of the BusLogic MultiMaster host adapter as this model implements
/// it (docs/buslogic-spec.md): register offsets and bits, host adapter command opcodes, and the
/// layouts of mailboxes, CCBs and scatter/gather entries.

/// Offsets of the four 8-bit registers, the same in the I/O BAR and in the memory BAR.
public enum BusLogicRegister {
    /// Write: CONTROL. Read: STATUS.
    public static let controlStatus: UInt64 = 0
    /// Write: COMMAND/PARAMETER. Read: DATA IN.
    public static let commandData: UInt64 = 1
    /// Read: INTERRUPT (writes are ignored).
    public static let interrupt: UInt64 = 2
    /// Read: GEOMETRY (writes are ignored).
    public static let geometry: UInt64 = 3
    /// Size of the I/O BAR (BAR 0).
    public static let ioBarSize: UInt32 = 4
    /// Size of the memory BAR (BAR 1); the registers repeat every 4 bytes.
    public static let memoryBarSize: UInt32 = 32
}

/// Bits of the CONTROL register (write only).
public enum BusLogicControl {
    /// Hard reset: full reset with diagnostics and a SCSI bus reset.
    public static let hardReset: UInt8 = 0x80
    /// Soft reset: reset without diagnostics and without a SCSI bus reset.
    public static let softReset: UInt8 = 0x40
    /// Clears the INTERRUPT register and releases INTx.
    public static let interruptReset: UInt8 = 0x20
    /// Resets the SCSI bus.
    public static let scsiBusReset: UInt8 = 0x10
}

/// Bits of the STATUS register.
public enum BusLogicStatus {
    /// Diagnostics are running (after a hard reset).
    public static let diagnosticActive: UInt8 = 0x80
    /// Diagnostics failed, or the adapter stopped: only a hard reset helps.
    public static let diagnosticFailure: UInt8 = 0x40
    /// The mailboxes must be initialised before SCSI commands can run.
    public static let initializationRequired: UInt8 = 0x20
    /// The adapter is idle and accepts a new host adapter command.
    public static let hostAdapterReady: UInt8 = 0x10
    /// The command/parameter register still holds a byte (never set by this model for long).
    public static let commandParameterBusy: UInt8 = 0x08
    /// The data-in register holds a reply byte.
    public static let dataInReady: UInt8 = 0x04
    /// The last host adapter command was invalid.
    public static let commandInvalid: UInt8 = 0x01
}

/// Bits of the INTERRUPT register.
public enum BusLogicInterrupt {
    /// An incoming mailbox was loaded.
    public static let incomingMailboxLoaded: UInt8 = 0x01
    /// An outgoing mailbox became free (when that interrupt is enabled).
    public static let outgoingMailboxAvailable: UInt8 = 0x02
    /// A host adapter command completed.
    public static let commandComplete: UInt8 = 0x04
    /// The SCSI bus was reset.
    public static let scsiResetState: UInt8 = 0x08
    /// Any of the above is set: the adapter requests an interrupt.
    public static let interruptValid: UInt8 = 0x80
}

/// Host adapter command opcodes (written to the command/parameter register).
public enum BusLogicCommand {
    public static let testCommandCompleteInterrupt: UInt8 = 0x00
    public static let initializeMailbox: UInt8 = 0x01
    public static let executeMailboxCommand: UInt8 = 0x02
    public static let executeBIOSCommand: UInt8 = 0x03
    public static let inquireBoardID: UInt8 = 0x04
    public static let enableOutgoingMailboxAvailableInterrupt: UInt8 = 0x05
    public static let setSelectionTimeout: UInt8 = 0x06
    public static let setPreemptTimeOnBus: UInt8 = 0x07
    public static let setTimeOffBus: UInt8 = 0x08
    public static let setBusTransferRate: UInt8 = 0x09
    public static let inquireInstalledDevices0to7: UInt8 = 0x0A
    public static let inquireConfiguration: UInt8 = 0x0B
    public static let enableTargetMode: UInt8 = 0x0C
    public static let inquireSetupInformation: UInt8 = 0x0D
    public static let echoCommandData: UInt8 = 0x1F
    public static let inquireInstalledDevices8to15: UInt8 = 0x23
    public static let inquireTargetDevices: UInt8 = 0x24
    public static let setHostAdapterInterrupt: UInt8 = 0x25
    public static let initializeExtendedMailbox: UInt8 = 0x81
    public static let inquireFirmwareVersion3rdDigit: UInt8 = 0x84
    public static let inquireFirmwareVersionLetter: UInt8 = 0x85
    public static let inquirePCIHostAdapterInformation: UInt8 = 0x86
    public static let inquireHostAdapterModelNumber: UInt8 = 0x8B
    public static let inquireSynchronousPeriod: UInt8 = 0x8C
    public static let inquireExtendedSetupInformation: UInt8 = 0x8D
    public static let enableStrictRoundRobin: UInt8 = 0x8F
    public static let storeLocalRAM: UInt8 = 0x90
    public static let fetchLocalRAM: UInt8 = 0x91
    public static let setCCBFormat: UInt8 = 0x96
}

/// Outgoing mailbox action codes (byte 7 of an outgoing mailbox).
public enum BusLogicAction {
    public static let free: UInt8 = 0
    public static let start: UInt8 = 1
    public static let abort: UInt8 = 2
}

/// Incoming mailbox completion codes (byte 7 of an incoming mailbox).
public enum BusLogicCompletion {
    public static let free: UInt8 = 0
    public static let withoutError: UInt8 = 1
    public static let aborted: UInt8 = 2
    public static let abortedNotFound: UInt8 = 3
    public static let withError: UInt8 = 4
    public static let invalidCCB: UInt8 = 5
}

/// Host adapter status codes (CCB byte 14 and incoming mailbox byte 4).
public enum BusLogicHostStatus {
    public static let completedNormally: UInt8 = 0x00
    public static let selectionTimeout: UInt8 = 0x11
    public static let dataOverUnderrun: UInt8 = 0x12
    public static let unexpectedBusFree: UInt8 = 0x13
    public static let invalidMailboxAction: UInt8 = 0x15
    public static let invalidCCBOpcode: UInt8 = 0x16
    public static let invalidCCBParameter: UInt8 = 0x1A
    public static let hostAdapterHardwareError: UInt8 = 0x20
    public static let hostAssertedBusDeviceReset: UInt8 = 0x25
}

/// CCB opcodes (byte 0).
public enum BusLogicCCBOpcode {
    public static let initiator: UInt8 = 0x00
    public static let initiatorScatterGather: UInt8 = 0x02
    public static let initiatorResidual: UInt8 = 0x03
    public static let initiatorScatterGatherResidual: UInt8 = 0x04
    public static let busDeviceReset: UInt8 = 0x81
}

/// Mailbox entries: 8 bytes each, outgoing ring first, incoming ring right after it.
public enum BusLogicMailboxLayout {
    public static let size = 8
    /// Outgoing: CCB bus address (32-bit). Incoming: the same.
    public static let ccb = 0
    /// Incoming: host adapter status.
    public static let hostStatus = 4
    /// Incoming: target device status.
    public static let targetStatus = 5
    /// Outgoing: action code; incoming: completion code.
    public static let code = 7
}

/// The CCB (40 bytes read by the adapter; a driver may keep private data after it).
public enum BusLogicCCBLayout {
    public static let size = 40
    public static let opcode = 0
    /// Bits 3-4: data direction; bit 5: tag enable; bits 6-7: queue tag.
    public static let control = 1
    public static let cdbLength = 2
    public static let senseLength = 3
    public static let dataLength = 4
    public static let dataPointer = 8
    public static let hostStatus = 14
    public static let targetStatus = 15
    public static let targetID = 16
    /// Legacy format: LUN in bits 0-2; wide LUN format: bits 0-5.
    public static let lun = 17
    public static let cdb = 18
    public static let cdbCapacity = 12
    public static let sensePointer = 36

    /// Direction (control bits 3-4): 0 decided by the command, 1 in (to host), 2 out, 3 no data.
    public static let directionShift: UInt8 = 3
    public static let directionByCommand: UInt8 = 0
    public static let directionIn: UInt8 = 1
    public static let directionOut: UInt8 = 2
    public static let directionNone: UInt8 = 3
}

/// Scatter/gather entries: 8 bytes, length then bus address (both 32-bit little-endian).
public enum BusLogicSGLayout {
    public static let size = 8
    public static let length = 0
    public static let address = 4
}
