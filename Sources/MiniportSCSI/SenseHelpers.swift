/// Convenience constructors for the sense data and completions devices report.

extension SenseData {
    /// Sense data from a key and a named ASC/ASCQ.
    public init(key: UInt8, _ code: AdditionalSenseCode, information: UInt32? = nil,
                senseKeySpecific: (UInt8, UInt8, UInt8)? = nil) {
        self.init(key: key, asc: code.asc, ascq: code.ascq, information: information,
                  senseKeySpecific: senseKeySpecific)
    }

    /// The ASC/ASCQ pair as one value.
    public var additionalSenseCode: AdditionalSenseCode { AdditionalSenseCode(asc: asc, ascq: ascq) }

    /// NO SENSE, 00/00: what REQUEST SENSE returns when nothing is pending.
    public static let noSense = SenseData(key: SenseKey.noSense, .noAdditionalSenseInformation)

    /// The sense-key-specific bytes of a field pointer (ILLEGAL REQUEST): SKSV set, C/D set for
    /// a CDB field or clear for a parameter-list field, and the bit pointer when `bit` is given.
    public static func fieldPointer(byte: Int, bit: Int?, inCDB: Bool) -> (UInt8, UInt8, UInt8) {
        let sksv: UInt8 = 0x80
        let commandData: UInt8 = inCDB ? 0x40 : 0x00
        let bitPointer: UInt8 = bit.map { 0x08 | UInt8($0 & 0x07) } ?? 0
        let field = UInt16(clamping: byte)
        return (sksv | commandData | bitPointer, UInt8(field >> 8), UInt8(field & 0xFF))
    }

    /// The INFORMATION field for an LBA: present only when the LBA fits fixed-format sense.
    static func information(forLBA lba: UInt64) -> UInt32? {
        lba <= UInt64(UInt32.max) ? UInt32(lba) : nil
    }
}

extension SCSICompletion {
    /// CHECK CONDITION with a named ASC/ASCQ.
    public static func checkCondition(_ key: UInt8, _ code: AdditionalSenseCode,
                                      information: UInt32? = nil) -> SCSICompletion {
        SCSICompletion(status: .checkCondition, sense: SenseData(key: key, code, information: information))
    }

    /// ILLEGAL REQUEST, INVALID FIELD IN CDB (05/24/00) pointing at `byte` (and `bit`) of the CDB.
    public static func invalidField(inCDBByte byte: Int, bit: Int? = nil) -> SCSICompletion {
        SCSICompletion(status: .checkCondition,
                       sense: SenseData(key: SenseKey.illegalRequest, .invalidFieldInCDB,
                                        senseKeySpecific: SenseData.fieldPointer(byte: byte, bit: bit, inCDB: true)))
    }

    /// ILLEGAL REQUEST, INVALID FIELD IN PARAMETER LIST (05/26/00) pointing at `byte` (and `bit`)
    /// of the parameter data.
    public static func invalidField(inParameterByte byte: Int, bit: Int? = nil) -> SCSICompletion {
        SCSICompletion(status: .checkCondition,
                       sense: SenseData(key: SenseKey.illegalRequest, .invalidFieldInParameterList,
                                        senseKeySpecific: SenseData.fieldPointer(byte: byte, bit: bit, inCDB: false)))
    }

    /// ILLEGAL REQUEST, INVALID COMMAND OPERATION CODE (05/20/00), pointing at CDB byte 0.
    public static let invalidOpcode = SCSICompletion(
        status: .checkCondition,
        sense: SenseData(key: SenseKey.illegalRequest, .invalidCommandOperationCode,
                         senseKeySpecific: SenseData.fieldPointer(byte: 0, bit: nil, inCDB: true)))

    /// ILLEGAL REQUEST, LOGICAL BLOCK ADDRESS OUT OF RANGE (05/21/00).
    public static let lbaOutOfRange = SCSICompletion.checkCondition(SenseKey.illegalRequest, .logicalBlockAddressOutOfRange)

    /// ILLEGAL REQUEST, PARAMETER LIST LENGTH ERROR (05/1A/00).
    public static let parameterListLengthError = SCSICompletion.checkCondition(SenseKey.illegalRequest, .parameterListLengthError)

    /// ILLEGAL REQUEST, LOGICAL UNIT NOT SUPPORTED (05/25/00).
    public static let logicalUnitNotSupported = SCSICompletion.checkCondition(SenseKey.illegalRequest, .logicalUnitNotSupported)

    /// DATA PROTECT, WRITE PROTECTED (07/27/00).
    public static let writeProtected = SCSICompletion.checkCondition(SenseKey.dataProtect, .writeProtected)

    /// NOT READY, INITIALIZING COMMAND REQUIRED (02/04/02): the unit is stopped.
    public static let notReadyStopped = SCSICompletion.checkCondition(SenseKey.notReady, .notReadyInitializingCommandRequired)

    /// MEDIUM ERROR, UNRECOVERED READ ERROR (03/11/00) at `lba`.
    public static func unrecoveredReadError(lba: UInt64) -> SCSICompletion {
        .checkCondition(SenseKey.mediumError, .unrecoveredReadError, information: SenseData.information(forLBA: lba))
    }

    /// MEDIUM ERROR, WRITE ERROR (03/0C/00) at `lba`.
    public static func writeError(lba: UInt64) -> SCSICompletion {
        .checkCondition(SenseKey.mediumError, .writeError, information: SenseData.information(forLBA: lba))
    }
}
