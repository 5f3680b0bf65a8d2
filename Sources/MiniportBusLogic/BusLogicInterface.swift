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
    /// 0x00 TEST CMDC INTERRUPT: raises COMMAND COMPLETE.
    public static let testCommandCompleteInterrupt: UInt8 = 0x00
    /// 0x01 INITIALIZE MAILBOX (24-bit): always COMMAND INVALID here (24-bit mailboxes are not
    /// emulated; use ``initializeExtendedMailbox``).
    public static let initializeMailbox: UInt8 = 0x01
    /// 0x02 EXECUTE MAILBOX COMMAND: scans the outgoing mailboxes; completes silently.
    public static let executeMailboxCommand: UInt8 = 0x02
    /// 0x03 EXECUTE BIOS COMMAND: not emulated (COMMAND INVALID).
    public static let executeBIOSCommand: UInt8 = 0x03
    /// 0x04 INQUIRE BOARD ID: 4 reply bytes, 'A', 'A', firmware major '5', minor '0'.
    public static let inquireBoardID: UInt8 = 0x04
    /// 0x05 ENABLE OUTGOING MAILBOX AVAILABLE INTERRUPT: 1 parameter, 0 off, 1 on.
    public static let enableOutgoingMailboxAvailableInterrupt: UInt8 = 0x05
    /// 0x06 SET SELECTION TIMEOUT: 4 parameters (enable, reserved, timeout in ms big-endian);
    /// accepted, not used.
    public static let setSelectionTimeout: UInt8 = 0x06
    /// 0x07 SET PREEMPT TIME ON BUS: 1 parameter, reported by INQUIRE SETUP INFORMATION.
    public static let setPreemptTimeOnBus: UInt8 = 0x07
    /// 0x08 SET TIME OFF BUS: 1 parameter, reported by INQUIRE SETUP INFORMATION.
    public static let setTimeOffBus: UInt8 = 0x08
    /// 0x09 SET BUS TRANSFER RATE: 1 parameter, reported by INQUIRE SETUP INFORMATION.
    public static let setBusTransferRate: UInt8 = 0x09
    /// 0x0A INQUIRE INSTALLED DEVICES ID 0 TO 7: 8 reply bytes, byte *t* with bit *l* set when
    /// target *t* has LUN *l*.
    public static let inquireInstalledDevices0to7: UInt8 = 0x0A
    /// 0x0B INQUIRE CONFIGURATION: 3 reply bytes (DMA channel, IRQ bits, adapter SCSI ID).
    public static let inquireConfiguration: UInt8 = 0x0B
    /// 0x0C ENABLE TARGET MODE: 2 parameters; accepted, does nothing.
    public static let enableTargetMode: UInt8 = 0x0C
    /// 0x0D INQUIRE SETUP INFORMATION: 1 parameter, the reply length.
    public static let inquireSetupInformation: UInt8 = 0x0D
    /// 0x1F ECHO COMMAND DATA: replies with its one parameter byte.
    public static let echoCommandData: UInt8 = 0x1F
    /// 0x23 INQUIRE INSTALLED DEVICES ID 8 TO 15: as ``inquireInstalledDevices0to7`` for targets
    /// 8...15.
    public static let inquireInstalledDevices8to15: UInt8 = 0x23
    /// 0x24 INQUIRE TARGET DEVICES: 2 reply bytes, the 16-bit mask of present targets.
    public static let inquireTargetDevices: UInt8 = 0x24
    /// 0x25 SET HOST ADAPTER INTERRUPT: 1 parameter, 0 never drives INTx (polling), 1 normal.
    public static let setHostAdapterInterrupt: UInt8 = 0x25
    /// 0x81 INITIALIZE EXTENDED MAILBOX: 5 parameters, the mailbox count (1...255) then the 32-bit
    /// area address.
    public static let initializeExtendedMailbox: UInt8 = 0x81
    /// 0x84 INQUIRE FIRMWARE VERSION 3RD DIGIT: replies '7'.
    public static let inquireFirmwareVersion3rdDigit: UInt8 = 0x84
    /// 0x85 INQUIRE FIRMWARE VERSION LETTER: replies 'B' (firmware 5.07B).
    public static let inquireFirmwareVersionLetter: UInt8 = 0x85
    /// 0x86 INQUIRE PCI HOST ADAPTER INFORMATION: 6 reply bytes, the last the interrupt line.
    public static let inquirePCIHostAdapterInformation: UInt8 = 0x86
    /// 0x8B INQUIRE HOST ADAPTER MODEL NUMBER: 1 parameter, the reply length; "958" then padding.
    public static let inquireHostAdapterModelNumber: UInt8 = 0x8B
    /// 0x8C INQUIRE SYNCHRONOUS PERIOD: 1 parameter, the reply length; zeros (asynchronous).
    public static let inquireSynchronousPeriod: UInt8 = 0x8C
    /// 0x8D INQUIRE EXTENDED SETUP INFORMATION: 1 parameter, the reply length.
    public static let inquireExtendedSetupInformation: UInt8 = 0x8D
    /// 0x8F ENABLE STRICT ROUND ROBIN MODE: 1 parameter, 0 off, 1 on.
    public static let enableStrictRoundRobin: UInt8 = 0x8F
    /// 0x90 STORE LOCAL RAM: offset, count *n*, then *n* bytes into the adapter's local RAM.
    public static let storeLocalRAM: UInt8 = 0x90
    /// 0x91 FETCH LOCAL RAM: offset and count *n*; replies *n* bytes of the adapter's local RAM.
    public static let fetchLocalRAM: UInt8 = 0x91
    /// 0x96 SET CCB FORMAT: 1 parameter, 0 legacy LUN (3 bits), 1 wide LUN (6 bits).
    public static let setCCBFormat: UInt8 = 0x96
}

/// Outgoing mailbox action codes (byte 7 of an outgoing mailbox).
public enum BusLogicAction {
    /// 0: the mailbox is free.
    public static let free: UInt8 = 0
    /// 1: start the CCB.
    public static let start: UInt8 = 1
    /// 2: abort the CCB.
    public static let abort: UInt8 = 2
}

/// Incoming mailbox completion codes (byte 7 of an incoming mailbox).
public enum BusLogicCompletion {
    /// 0: the mailbox is free.
    public static let free: UInt8 = 0
    /// 1: the CCB completed without error.
    public static let withoutError: UInt8 = 1
    /// 2: the CCB was aborted by the host.
    public static let aborted: UInt8 = 2
    /// 3: the aborted CCB was not found.
    public static let abortedNotFound: UInt8 = 3
    /// 4: the CCB completed with error (see the statuses).
    public static let withError: UInt8 = 4
    /// 5: invalid CCB.
    public static let invalidCCB: UInt8 = 5
}

/// Host adapter status codes (CCB byte 14 and incoming mailbox byte 4).
public enum BusLogicHostStatus {
    /// 0x00: command completed normally (see the target status).
    public static let completedNormally: UInt8 = 0x00
    /// 0x11: selection timeout.
    public static let selectionTimeout: UInt8 = 0x11
    /// 0x12: data overrun/underrun.
    public static let dataOverUnderrun: UInt8 = 0x12
    /// 0x13: unexpected bus free (never produced by the model).
    public static let unexpectedBusFree: UInt8 = 0x13
    /// 0x15: invalid outgoing mailbox action code.
    public static let invalidMailboxAction: UInt8 = 0x15
    /// 0x16: invalid CCB opcode.
    public static let invalidCCBOpcode: UInt8 = 0x16
    /// 0x1A: invalid CCB or scatter/gather parameter.
    public static let invalidCCBParameter: UInt8 = 0x1A
    /// 0x20: host adapter hardware error (never produced by the model).
    public static let hostAdapterHardwareError: UInt8 = 0x20
    /// 0x25: host adapter asserted bus device reset.
    public static let hostAssertedBusDeviceReset: UInt8 = 0x25
}

/// CCB opcodes (byte 0).
public enum BusLogicCCBOpcode {
    /// 0x00: initiator CCB.
    public static let initiator: UInt8 = 0x00
    /// 0x02: initiator CCB with scatter/gather.
    public static let initiatorScatterGather: UInt8 = 0x02
    /// 0x03: initiator CCB with residual.
    public static let initiatorResidual: UInt8 = 0x03
    /// 0x04: initiator CCB with scatter/gather and residual.
    public static let initiatorScatterGatherResidual: UInt8 = 0x04
    /// 0x81: bus device reset.
    public static let busDeviceReset: UInt8 = 0x81
}

/// Mailbox entries: 8 bytes each, outgoing ring first, incoming ring right after it.
public enum BusLogicMailboxLayout {
    /// Bytes per mailbox.
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
    /// Bytes of the CCB the adapter reads.
    public static let size = 40
    /// Byte 0: the CCB opcode (``BusLogicCCBOpcode``).
    public static let opcode = 0
    /// Bits 3-4: data direction; bit 5: tag enable; bits 6-7: queue tag.
    public static let control = 1
    /// Byte 2: CDB length (1...12).
    public static let cdbLength = 2
    /// Byte 3: sense allocation length (0: no autosense).
    public static let senseLength = 3
    /// Bytes 4...7: data length, or scatter/gather list length (entries × 8); the residual after
    /// completion for the residual opcodes.
    public static let dataLength = 4
    /// Bytes 8...11: data pointer, or scatter/gather list pointer.
    public static let dataPointer = 8
    /// Byte 14: host adapter status, written by the adapter (``BusLogicHostStatus``).
    public static let hostStatus = 14
    /// Byte 15: target device status (the SCSI status byte), written by the adapter.
    public static let targetStatus = 15
    /// Byte 16: target ID (0...15).
    public static let targetID = 16
    /// Legacy format: LUN in bits 0-2; wide LUN format: bits 0-5.
    public static let lun = 17
    /// Bytes 18...29: the CDB.
    public static let cdb = 18
    /// Bytes available for the CDB.
    public static let cdbCapacity = 12
    /// Bytes 36...39: the sense data pointer.
    public static let sensePointer = 36

    /// Direction (control bits 3-4): 0 decided by the command, 1 in (to host), 2 out, 3 no data.
    public static let directionShift: UInt8 = 3
    /// Direction 0: decided by the command's opcode.
    public static let directionByCommand: UInt8 = 0
    /// Direction 1: in (target to host).
    public static let directionIn: UInt8 = 1
    /// Direction 2: out (host to target).
    public static let directionOut: UInt8 = 2
    /// Direction 3: no data transfer.
    public static let directionNone: UInt8 = 3
}

/// Scatter/gather entries: 8 bytes, length then bus address (both 32-bit little-endian).
public enum BusLogicSGLayout {
    /// Bytes per entry.
    public static let size = 8
    /// Bytes 0...3: the entry's length in bytes (zero-length entries are skipped).
    public static let length = 0
    /// Bytes 4...7: the entry's physical address.
    public static let address = 4
}
