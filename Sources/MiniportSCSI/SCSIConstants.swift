/// Named constants of the SCSI command sets this package implements (SPC-4, SBC-3).
///
/// Operation codes, sense keys and additional sense codes are plain values grouped in
/// caseless enums, so a `switch` over a CDB's operation code reads like the standard's tables.

/// Operation codes (byte 0 of the CDB).
public enum SCSIOpcode {
    public static let testUnitReady: UInt8 = 0x00
    public static let requestSense: UInt8 = 0x03
    public static let formatUnit: UInt8 = 0x04
    public static let read6: UInt8 = 0x08
    public static let write6: UInt8 = 0x0A
    public static let inquiry: UInt8 = 0x12
    public static let modeSelect6: UInt8 = 0x15
    public static let modeSense6: UInt8 = 0x1A
    public static let startStopUnit: UInt8 = 0x1B
    public static let preventAllowMediumRemoval: UInt8 = 0x1E
    public static let readCapacity10: UInt8 = 0x25
    public static let read10: UInt8 = 0x28
    public static let write10: UInt8 = 0x2A
    public static let writeAndVerify10: UInt8 = 0x2E
    public static let verify10: UInt8 = 0x2F
    public static let synchronizeCache10: UInt8 = 0x35
    public static let writeSame10: UInt8 = 0x41
    public static let unmap: UInt8 = 0x42
    public static let modeSelect10: UInt8 = 0x55
    public static let modeSense10: UInt8 = 0x5A
    public static let read16: UInt8 = 0x88
    public static let write16: UInt8 = 0x8A
    public static let writeAndVerify16: UInt8 = 0x8E
    public static let verify16: UInt8 = 0x8F
    public static let synchronizeCache16: UInt8 = 0x91
    public static let writeSame16: UInt8 = 0x93
    /// SERVICE ACTION IN(16); the service action (byte 1, bits 4...0) selects the command.
    public static let serviceActionIn16: UInt8 = 0x9E
    public static let reportLUNs: UInt8 = 0xA0
    public static let read12: UInt8 = 0xA8
    public static let write12: UInt8 = 0xAA
}

/// Service actions of SERVICE ACTION IN(16).
public enum SCSIServiceAction {
    public static let readCapacity16: UInt8 = 0x10
}

/// Sense keys (fixed-format sense byte 2, bits 3...0).
public enum SenseKey {
    public static let noSense: UInt8 = 0x0
    public static let recoveredError: UInt8 = 0x1
    public static let notReady: UInt8 = 0x2
    public static let mediumError: UInt8 = 0x3
    public static let hardwareError: UInt8 = 0x4
    public static let illegalRequest: UInt8 = 0x5
    public static let unitAttention: UInt8 = 0x6
    public static let dataProtect: UInt8 = 0x7
    public static let abortedCommand: UInt8 = 0xB
    public static let miscompare: UInt8 = 0xE
}

/// An additional sense code and its qualifier (ASC/ASCQ), as one value.
public struct AdditionalSenseCode: Sendable, Equatable, Hashable {
    public var asc: UInt8
    public var ascq: UInt8

    public init(asc: UInt8, ascq: UInt8) {
        self.asc = asc
        self.ascq = ascq
    }

    public static let noAdditionalSenseInformation = AdditionalSenseCode(asc: 0x00, ascq: 0x00)
    /// 04/02: the unit is stopped; START STOP UNIT with START=1 is needed.
    public static let notReadyInitializingCommandRequired = AdditionalSenseCode(asc: 0x04, ascq: 0x02)
    public static let writeError = AdditionalSenseCode(asc: 0x0C, ascq: 0x00)
    public static let unrecoveredReadError = AdditionalSenseCode(asc: 0x11, ascq: 0x00)
    public static let parameterListLengthError = AdditionalSenseCode(asc: 0x1A, ascq: 0x00)
    public static let miscompareDuringVerify = AdditionalSenseCode(asc: 0x1D, ascq: 0x00)
    public static let invalidCommandOperationCode = AdditionalSenseCode(asc: 0x20, ascq: 0x00)
    public static let logicalBlockAddressOutOfRange = AdditionalSenseCode(asc: 0x21, ascq: 0x00)
    public static let invalidFieldInCDB = AdditionalSenseCode(asc: 0x24, ascq: 0x00)
    public static let logicalUnitNotSupported = AdditionalSenseCode(asc: 0x25, ascq: 0x00)
    public static let invalidFieldInParameterList = AdditionalSenseCode(asc: 0x26, ascq: 0x00)
    public static let writeProtected = AdditionalSenseCode(asc: 0x27, ascq: 0x00)
    /// 29/00: power on, reset, or bus device reset occurred.
    public static let powerOnOrReset = AdditionalSenseCode(asc: 0x29, ascq: 0x00)
    public static let busResetOccurred = AdditionalSenseCode(asc: 0x29, ascq: 0x02)
    /// 29/03: bus device reset function occurred (target or logical unit reset).
    public static let deviceResetOccurred = AdditionalSenseCode(asc: 0x29, ascq: 0x03)
    public static let modeParametersChanged = AdditionalSenseCode(asc: 0x2A, ascq: 0x01)
    public static let savingParametersNotSupported = AdditionalSenseCode(asc: 0x39, ascq: 0x00)
}

/// Vital product data page codes (INQUIRY with EVPD=1).
public enum VPDPage {
    public static let supportedPages: UInt8 = 0x00
    public static let unitSerialNumber: UInt8 = 0x80
    public static let deviceIdentification: UInt8 = 0x83
    public static let blockLimits: UInt8 = 0xB0
    public static let blockDeviceCharacteristics: UInt8 = 0xB1
    public static let logicalBlockProvisioning: UInt8 = 0xB2
}

/// Mode page codes (MODE SENSE / MODE SELECT).
public enum ModePage {
    public static let caching: UInt8 = 0x08
    public static let control: UInt8 = 0x0A
    /// MODE SENSE only: every page the device has.
    public static let allPages: UInt8 = 0x3F
}

/// The PC field of MODE SENSE (byte 2, bits 7...6).
public enum ModePageControl {
    public static let current: UInt8 = 0
    public static let changeable: UInt8 = 1
    public static let defaultValues: UInt8 = 2
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
    public static let spc4Descriptor: UInt16 = 0x0460
    public static let sbc3Descriptor: UInt16 = 0x04C0
}
