/// Named constants of the SCSI command sets this package implements (SPC-4, SBC-3).
///
/// Operation codes, sense keys and additional sense codes are plain values grouped in
/// caseless enums, so a `switch` over a CDB's operation code reads like the standard's tables.

/// Operation codes (byte 0 of the CDB).
public enum SCSIOpcode {
    /// TEST UNIT READY (00h).
    public static let testUnitReady: UInt8 = 0x00
    /// REQUEST SENSE (03h).
    public static let requestSense: UInt8 = 0x03
    /// FORMAT UNIT (04h).
    public static let formatUnit: UInt8 = 0x04
    /// READ(6) (08h).
    public static let read6: UInt8 = 0x08
    /// WRITE(6) (0Ah).
    public static let write6: UInt8 = 0x0A
    /// INQUIRY (12h).
    public static let inquiry: UInt8 = 0x12
    /// MODE SELECT(6) (15h).
    public static let modeSelect6: UInt8 = 0x15
    /// MODE SENSE(6) (1Ah).
    public static let modeSense6: UInt8 = 0x1A
    /// START STOP UNIT (1Bh).
    public static let startStopUnit: UInt8 = 0x1B
    /// PREVENT ALLOW MEDIUM REMOVAL (1Eh).
    public static let preventAllowMediumRemoval: UInt8 = 0x1E
    /// READ CAPACITY(10) (25h).
    public static let readCapacity10: UInt8 = 0x25
    /// READ(10) (28h).
    public static let read10: UInt8 = 0x28
    /// WRITE(10) (2Ah).
    public static let write10: UInt8 = 0x2A
    /// WRITE AND VERIFY(10) (2Eh).
    public static let writeAndVerify10: UInt8 = 0x2E
    /// VERIFY(10) (2Fh).
    public static let verify10: UInt8 = 0x2F
    /// SYNCHRONIZE CACHE(10) (35h).
    public static let synchronizeCache10: UInt8 = 0x35
    /// WRITE SAME(10) (41h).
    public static let writeSame10: UInt8 = 0x41
    /// UNMAP (42h).
    public static let unmap: UInt8 = 0x42
    /// MODE SELECT(10) (55h).
    public static let modeSelect10: UInt8 = 0x55
    /// MODE SENSE(10) (5Ah).
    public static let modeSense10: UInt8 = 0x5A
    /// READ(16) (88h).
    public static let read16: UInt8 = 0x88
    /// WRITE(16) (8Ah).
    public static let write16: UInt8 = 0x8A
    /// WRITE AND VERIFY(16) (8Eh).
    public static let writeAndVerify16: UInt8 = 0x8E
    /// VERIFY(16) (8Fh).
    public static let verify16: UInt8 = 0x8F
    /// SYNCHRONIZE CACHE(16) (91h).
    public static let synchronizeCache16: UInt8 = 0x91
    /// WRITE SAME(16) (93h).
    public static let writeSame16: UInt8 = 0x93
    /// SERVICE ACTION IN(16); the service action (byte 1, bits 4...0) selects the command.
    public static let serviceActionIn16: UInt8 = 0x9E
    /// REPORT LUNS (A0h).
    public static let reportLUNs: UInt8 = 0xA0
    /// READ(12) (A8h).
    public static let read12: UInt8 = 0xA8
    /// WRITE(12) (AAh).
    public static let write12: UInt8 = 0xAA
}

/// Service actions of SERVICE ACTION IN(16).
public enum SCSIServiceAction {
    /// READ CAPACITY(16) (service action 10h).
    public static let readCapacity16: UInt8 = 0x10
}

/// Sense keys (fixed-format sense byte 2, bits 3...0).
public enum SenseKey {
    /// NO SENSE (0h).
    public static let noSense: UInt8 = 0x0
    /// RECOVERED ERROR (1h).
    public static let recoveredError: UInt8 = 0x1
    /// NOT READY (2h).
    public static let notReady: UInt8 = 0x2
    /// MEDIUM ERROR (3h).
    public static let mediumError: UInt8 = 0x3
    /// HARDWARE ERROR (4h).
    public static let hardwareError: UInt8 = 0x4
    /// ILLEGAL REQUEST (5h).
    public static let illegalRequest: UInt8 = 0x5
    /// UNIT ATTENTION (6h).
    public static let unitAttention: UInt8 = 0x6
    /// DATA PROTECT (7h).
    public static let dataProtect: UInt8 = 0x7
    /// ABORTED COMMAND (Bh).
    public static let abortedCommand: UInt8 = 0xB
    /// MISCOMPARE (Eh).
    public static let miscompare: UInt8 = 0xE
}

/// An additional sense code and its qualifier (ASC/ASCQ), as one value.
public struct AdditionalSenseCode: Sendable, Equatable, Hashable {
    /// The additional sense code (ASC, fixed-format sense byte 12).
    public var asc: UInt8
    /// The additional sense code qualifier (ASCQ, fixed-format sense byte 13).
    public var ascq: UInt8

    /// The code `asc`/`ascq`.
    public init(asc: UInt8, ascq: UInt8) {
        self.asc = asc
        self.ascq = ascq
    }

    /// 00/00: no additional sense information.
    public static let noAdditionalSenseInformation = AdditionalSenseCode(asc: 0x00, ascq: 0x00)
    /// 04/02: the unit is stopped; START STOP UNIT with START=1 is needed.
    public static let notReadyInitializingCommandRequired = AdditionalSenseCode(asc: 0x04, ascq: 0x02)
    /// 0C/00: write error.
    public static let writeError = AdditionalSenseCode(asc: 0x0C, ascq: 0x00)
    /// 11/00: unrecovered read error.
    public static let unrecoveredReadError = AdditionalSenseCode(asc: 0x11, ascq: 0x00)
    /// 1A/00: parameter list length error.
    public static let parameterListLengthError = AdditionalSenseCode(asc: 0x1A, ascq: 0x00)
    /// 1D/00: miscompare during verify operation.
    public static let miscompareDuringVerify = AdditionalSenseCode(asc: 0x1D, ascq: 0x00)
    /// 20/00: invalid command operation code.
    public static let invalidCommandOperationCode = AdditionalSenseCode(asc: 0x20, ascq: 0x00)
    /// 21/00: logical block address out of range.
    public static let logicalBlockAddressOutOfRange = AdditionalSenseCode(asc: 0x21, ascq: 0x00)
    /// 24/00: invalid field in CDB.
    public static let invalidFieldInCDB = AdditionalSenseCode(asc: 0x24, ascq: 0x00)
    /// 25/00: logical unit not supported.
    public static let logicalUnitNotSupported = AdditionalSenseCode(asc: 0x25, ascq: 0x00)
    /// 26/00: invalid field in parameter list.
    public static let invalidFieldInParameterList = AdditionalSenseCode(asc: 0x26, ascq: 0x00)
    /// 27/00: write protected.
    public static let writeProtected = AdditionalSenseCode(asc: 0x27, ascq: 0x00)
    /// 29/00: power on, reset, or bus device reset occurred.
    public static let powerOnOrReset = AdditionalSenseCode(asc: 0x29, ascq: 0x00)
    /// 29/02: SCSI bus reset occurred.
    public static let busResetOccurred = AdditionalSenseCode(asc: 0x29, ascq: 0x02)
    /// 29/03: bus device reset function occurred (target or logical unit reset).
    public static let deviceResetOccurred = AdditionalSenseCode(asc: 0x29, ascq: 0x03)
    /// 2A/01: mode parameters changed.
    public static let modeParametersChanged = AdditionalSenseCode(asc: 0x2A, ascq: 0x01)
    /// 39/00: saving parameters not supported.
    public static let savingParametersNotSupported = AdditionalSenseCode(asc: 0x39, ascq: 0x00)
}

/// Vital product data page codes (INQUIRY with EVPD=1).
public enum VPDPage {
    /// 00h: the supported VPD pages.
    public static let supportedPages: UInt8 = 0x00
    /// 80h: unit serial number.
    public static let unitSerialNumber: UInt8 = 0x80
    /// 83h: device identification.
    public static let deviceIdentification: UInt8 = 0x83
    /// B0h: block limits.
    public static let blockLimits: UInt8 = 0xB0
    /// B1h: block device characteristics.
    public static let blockDeviceCharacteristics: UInt8 = 0xB1
    /// B2h: logical block provisioning.
    public static let logicalBlockProvisioning: UInt8 = 0xB2
}

/// Mode page codes (MODE SENSE / MODE SELECT).
public enum ModePage {
    /// 08h: the caching mode page.
    public static let caching: UInt8 = 0x08
    /// 0Ah: the control mode page.
    public static let control: UInt8 = 0x0A
    /// MODE SENSE only: every page the device has.
    public static let allPages: UInt8 = 0x3F
}

/// The PC field of MODE SENSE (byte 2, bits 7...6).
public enum ModePageControl {
    /// 0: current values.
    public static let current: UInt8 = 0
    /// 1: changeable values (a mask of the bits MODE SELECT may change).
    public static let changeable: UInt8 = 1
    /// 2: default values.
    public static let defaultValues: UInt8 = 2
    /// 3: saved values.
    public static let saved: UInt8 = 3
}

/// Peripheral device types and qualifiers (INQUIRY byte 0).
public enum PeripheralDevice {
    /// Direct-access block device, qualifier 000b (connected).
    public static let directAccessBlock: UInt8 = 0x00
    /// Qualifier 011b with type 1Fh: the target cannot support a logical unit at this LUN.
    public static let notSupported: UInt8 = 0x7F
}

/// Version values reported by this package's devices.
public enum SCSIVersion {
    /// INQUIRY VERSION field: the device claims SPC-4.
    public static let spc4: UInt8 = 0x06
    /// INQUIRY RESPONSE DATA FORMAT: the only value current standards allow.
    public static let responseDataFormat: UInt8 = 0x02
    /// Version descriptors (INQUIRY bytes 58...73).
    public static let sam5Descriptor: UInt16 = 0x00A0
    /// SPC-4 version descriptor.
    public static let spc4Descriptor: UInt16 = 0x0460
    /// SBC-3 version descriptor.
    public static let sbc3Descriptor: UInt16 = 0x04C0
}
