/*
 * scsi.h - SCSI command, status, sense and device-data definitions with the
 * names, values and Windows x64 layouts of the WDK header of the same name.
 *
 * Part of the miniport SDK's CMiniportABI module. Miniport source written
 * against the WDK uses these types unchanged: every structure below has the
 * offsets, sizes and bit positions the Microsoft compiler gives it.
 *
 * Layout notes:
 *   - The WDK declares all SCSI data structures byte-packed; they are
 *     declared here inside #pragma pack(1) too, so a structure that carries
 *     a ULONG or LARGE_INTEGER (CDB, READ_CAPACITY_DATA_EX, ...) has the
 *     Windows size and alignment 1.
 *   - Every bit-field is declared on UCHAR, and within a byte the first
 *     declared field is the least significant bit. gcc/clang and MSVC agree
 *     on that allocation, so no ms_struct attribute is needed.
 *   - Multi-byte fields that SPC/SBC define as big-endian are byte arrays;
 *     the REVERSE_* helpers further down convert them.
 */
#ifndef _NTSCSI_
#define _NTSCSI_

#include "mpabi_types.h"

MPABI_EXTERN_C_BEGIN

/* ---- small layout helpers the WDK provides through this header ---- */
#ifndef RTL_SIZEOF_THROUGH_FIELD
#define RTL_SIZEOF_THROUGH_FIELD(type, field) \
    (FIELD_OFFSET(type, field) + RTL_FIELD_SIZE(type, field))
#endif
#ifndef RTL_CONTAINS_FIELD
#define RTL_CONTAINS_FIELD(Struct, Size, Field) \
    ((((PCHAR)(&(Struct)->Field)) + sizeof((Struct)->Field)) <= (((PCHAR)(Struct)) + (Size)))
#endif

/*
 * Tag for a structure declared inside an anonymous union: C keeps the WDK
 * tag, C++ does not allow a named type there.
 */
#ifdef __cplusplus
#define MPABI_SCSI_NESTED_TAG(tag)
#else
#define MPABI_SCSI_NESTED_TAG(tag) tag
#endif

/* =========================================================================
 * Operation codes (byte 0 of every CDB)
 * ========================================================================= */

/* group 0: 6-byte CDBs */
#define SCSIOP_TEST_UNIT_READY              0x00
#define SCSIOP_REZERO_UNIT                  0x01
#define SCSIOP_REWIND                       0x01
#define SCSIOP_REQUEST_BLOCK_ADDR           0x02
#define SCSIOP_REQUEST_SENSE                0x03
#define SCSIOP_FORMAT_UNIT                  0x04
#define SCSIOP_READ_BLOCK_LIMITS            0x05
#define SCSIOP_REASSIGN_BLOCKS              0x07
#define SCSIOP_INIT_ELEMENT_STATUS          0x07
#define SCSIOP_READ6                        0x08
#define SCSIOP_RECEIVE                      0x08
#define SCSIOP_WRITE6                       0x0A
#define SCSIOP_PRINT                        0x0A
#define SCSIOP_SEND                         0x0A
#define SCSIOP_SEEK6                        0x0B
#define SCSIOP_TRACK_SELECT                 0x0B
#define SCSIOP_SLEW_PRINT                   0x0B
#define SCSIOP_SET_CAPACITY                 0x0B
#define SCSIOP_SEEK_BLOCK                   0x0C
#define SCSIOP_PARTITION                    0x0D
#define SCSIOP_READ_REVERSE                 0x0F
#define SCSIOP_WRITE_FILEMARKS              0x10
#define SCSIOP_FLUSH_BUFFER                 0x10
#define SCSIOP_SPACE                        0x11
#define SCSIOP_INQUIRY                      0x12
#define SCSIOP_VERIFY6                      0x13
#define SCSIOP_RECOVER_BUF_DATA             0x14
#define SCSIOP_MODE_SELECT                  0x15
#define SCSIOP_RESERVE_UNIT                 0x16
#define SCSIOP_RELEASE_UNIT                 0x17
#define SCSIOP_COPY                         0x18
#define SCSIOP_ERASE                        0x19
#define SCSIOP_MODE_SENSE                   0x1A
#define SCSIOP_START_STOP_UNIT              0x1B
#define SCSIOP_STOP_PRINT                   0x1B
#define SCSIOP_LOAD_UNLOAD                  0x1B
#define SCSIOP_RECEIVE_DIAGNOSTIC           0x1C
#define SCSIOP_SEND_DIAGNOSTIC              0x1D
#define SCSIOP_MEDIUM_REMOVAL               0x1E

/* groups 1 and 2: 10-byte CDBs */
#define SCSIOP_READ_FORMATTED_CAPACITY      0x23
#define SCSIOP_READ_CAPACITY                0x25
#define SCSIOP_READ                         0x28
#define SCSIOP_WRITE                        0x2A
#define SCSIOP_SEEK                         0x2B
#define SCSIOP_LOCATE                       0x2B
#define SCSIOP_POSITION_TO_ELEMENT          0x2B
#define SCSIOP_WRITE_VERIFY                 0x2E
#define SCSIOP_VERIFY                       0x2F
#define SCSIOP_SEARCH_DATA_HIGH             0x30
#define SCSIOP_SEARCH_DATA_EQUAL            0x31
#define SCSIOP_SEARCH_DATA_LOW              0x32
#define SCSIOP_SET_LIMITS                   0x33
#define SCSIOP_READ_POSITION                0x34
#define SCSIOP_SYNCHRONIZE_CACHE            0x35
#define SCSIOP_COMPARE                      0x39
#define SCSIOP_COPY_COMPARE                 0x3A
#define SCSIOP_WRITE_DATA_BUFF              0x3B
#define SCSIOP_READ_DATA_BUFF               0x3C
#define SCSIOP_WRITE_LONG                   0x3F
#define SCSIOP_CHANGE_DEFINITION            0x40
#define SCSIOP_WRITE_SAME                   0x41
#define SCSIOP_READ_SUB_CHANNEL             0x42
#define SCSIOP_UNMAP                        0x42
#define SCSIOP_READ_TOC                     0x43
#define SCSIOP_READ_HEADER                  0x44
#define SCSIOP_REPORT_DENSITY_SUPPORT       0x44
#define SCSIOP_PLAY_AUDIO                   0x45
#define SCSIOP_GET_CONFIGURATION            0x46
#define SCSIOP_PLAY_AUDIO_MSF               0x47
#define SCSIOP_PLAY_TRACK_INDEX             0x48
#define SCSIOP_SANITIZE                     0x48
#define SCSIOP_PLAY_TRACK_RELATIVE          0x49
#define SCSIOP_GET_EVENT_STATUS             0x4A
#define SCSIOP_PAUSE_RESUME                 0x4B
#define SCSIOP_LOG_SELECT                   0x4C
#define SCSIOP_LOG_SENSE                    0x4D
#define SCSIOP_STOP_PLAY_SCAN               0x4E
#define SCSIOP_XDWRITE                      0x50
#define SCSIOP_XPWRITE                      0x51
#define SCSIOP_READ_DISK_INFORMATION        0x51
#define SCSIOP_READ_DISC_INFORMATION        0x51
#define SCSIOP_READ_TRACK_INFORMATION       0x52
#define SCSIOP_XDWRITE_READ                 0x53
#define SCSIOP_RESERVE_TRACK_RZONE          0x53
#define SCSIOP_SEND_OPC_INFORMATION         0x54
#define SCSIOP_MODE_SELECT10                0x55
#define SCSIOP_RESERVE_UNIT10               0x56
#define SCSIOP_RESERVE_ELEMENT              0x56
#define SCSIOP_RELEASE_UNIT10               0x57
#define SCSIOP_RELEASE_ELEMENT              0x57
#define SCSIOP_REPAIR_TRACK                 0x58
#define SCSIOP_MODE_SENSE10                 0x5A
#define SCSIOP_CLOSE_TRACK_SESSION          0x5B
#define SCSIOP_READ_BUFFER_CAPACITY         0x5C
#define SCSIOP_SEND_CUE_SHEET               0x5D
#define SCSIOP_PERSISTENT_RESERVE_IN        0x5E
#define SCSIOP_PERSISTENT_RESERVE_OUT       0x5F

/* group 3: variable length (32-byte) CDBs */
#define SCSIOP_OPERATION32                  0x7F

/* group 4: 16-byte CDBs */
#define SCSIOP_XDWRITE_EXTENDED16           0x80
#define SCSIOP_WRITE_FILEMARKS16            0x80
#define SCSIOP_REBUILD16                    0x81
#define SCSIOP_READ_REVERSE16               0x81
#define SCSIOP_REGENERATE16                 0x82
#define SCSIOP_EXTENDED_COPY                0x83
#define SCSIOP_POPULATE_TOKEN               0x83
#define SCSIOP_WRITE_USING_TOKEN            0x83
#define SCSIOP_RECEIVE_COPY_RESULTS         0x84
#define SCSIOP_RECEIVE_ROD_TOKEN_INFORMATION 0x84
#define SCSIOP_ATA_PASSTHROUGH16            0x85
#define SCSIOP_ACCESS_CONTROL_IN            0x86
#define SCSIOP_ACCESS_CONTROL_OUT           0x87
#define SCSIOP_READ16                       0x88
#define SCSIOP_COMPARE_AND_WRITE            0x89
#define SCSIOP_WRITE16                      0x8A
#define SCSIOP_READ_ATTRIBUTES              0x8C
#define SCSIOP_WRITE_ATTRIBUTES             0x8D
#define SCSIOP_WRITE_VERIFY16               0x8E
#define SCSIOP_VERIFY16                     0x8F
#define SCSIOP_PREFETCH16                   0x90
#define SCSIOP_SYNCHRONIZE_CACHE16          0x91
#define SCSIOP_SPACE16                      0x91
#define SCSIOP_LOCK_UNLOCK_CACHE16          0x92
#define SCSIOP_LOCATE16                     0x92
#define SCSIOP_WRITE_SAME16                 0x93
#define SCSIOP_ERASE16                      0x93
#define SCSIOP_ZBC_OUT                      0x94
#define SCSIOP_ZBC_IN                       0x95
#define SCSIOP_READ_DATA_BUFF16             0x9B
#define SCSIOP_READ_CAPACITY16              0x9E
#define SCSIOP_GET_LBA_STATUS               0x9E
#define SCSIOP_GET_PHYSICAL_ELEMENT_STATUS  0x9E
#define SCSIOP_REMOVE_ELEMENT_AND_TRUNCATE  0x9E
#define SCSIOP_SERVICE_ACTION_IN16          0x9E
#define SCSIOP_SERVICE_ACTION_OUT16         0x9F

/* group 5: 12-byte CDBs */
#define SCSIOP_REPORT_LUNS                  0xA0
#define SCSIOP_BLANK                        0xA1
#define SCSIOP_ATA_PASSTHROUGH12            0xA1
#define SCSIOP_SEND_EVENT                   0xA2
#define SCSIOP_SECURITY_PROTOCOL_IN         0xA2
#define SCSIOP_SEND_KEY                     0xA3
#define SCSIOP_MAINTENANCE_IN               0xA3
#define SCSIOP_REPORT_KEY                   0xA4
#define SCSIOP_MAINTENANCE_OUT              0xA4
#define SCSIOP_MOVE_MEDIUM                  0xA5
#define SCSIOP_LOAD_UNLOAD_SLOT             0xA6
#define SCSIOP_EXCHANGE_MEDIUM              0xA6
#define SCSIOP_SET_READ_AHEAD               0xA7
#define SCSIOP_MOVE_MEDIUM_ATTACHED         0xA7
#define SCSIOP_READ12                       0xA8
#define SCSIOP_GET_MESSAGE                  0xA8
#define SCSIOP_SERVICE_ACTION_OUT12         0xA9
#define SCSIOP_WRITE12                      0xAA
#define SCSIOP_SEND_MESSAGE                 0xAB
#define SCSIOP_SERVICE_ACTION_IN12          0xAB
#define SCSIOP_GET_PERFORMANCE              0xAC
#define SCSIOP_READ_DVD_STRUCTURE           0xAD
#define SCSIOP_WRITE_VERIFY12               0xAE
#define SCSIOP_VERIFY12                     0xAF
#define SCSIOP_SEARCH_DATA_HIGH12           0xB0
#define SCSIOP_SEARCH_DATA_EQUAL12          0xB1
#define SCSIOP_SEARCH_DATA_LOW12            0xB2
#define SCSIOP_SET_LIMITS12                 0xB3
#define SCSIOP_READ_ELEMENT_STATUS_ATTACHED 0xB4
#define SCSIOP_REQUEST_VOL_ELEMENT          0xB5
#define SCSIOP_SECURITY_PROTOCOL_OUT        0xB5
#define SCSIOP_SEND_VOLUME_TAG              0xB6
#define SCSIOP_SET_STREAMING                0xB6
#define SCSIOP_READ_DEFECT_DATA             0xB7
#define SCSIOP_READ_ELEMENT_STATUS          0xB8
#define SCSIOP_READ_CD_MSF                  0xB9
#define SCSIOP_SCAN_CD                      0xBA
#define SCSIOP_REDUNDANCY_GROUP_IN          0xBA
#define SCSIOP_SET_CD_SPEED                 0xBB
#define SCSIOP_REDUNDANCY_GROUP_OUT         0xBB
#define SCSIOP_PLAY_CD                      0xBC
#define SCSIOP_SPARE_IN                     0xBC
#define SCSIOP_MECHANISM_STATUS             0xBD
#define SCSIOP_SPARE_OUT                    0xBD
#define SCSIOP_READ_CD                      0xBE
#define SCSIOP_VOLUME_SET_IN                0xBE
#define SCSIOP_SEND_DVD_STRUCTURE           0xBF
#define SCSIOP_VOLUME_SET_OUT               0xBF

/* vendor specific */
#define SCSIOP_INIT_ELEMENT_RANGE           0xE7
#define SCSIOP_DENON_EJECT_DISC             0xE6
#define SCSIOP_DENON_STOP_AUDIO             0xE7
#define SCSIOP_DENON_PLAY_AUDIO             0xE8
#define SCSIOP_DENON_READ_TOC               0xE9
#define SCSIOP_DENON_READ_SUBCODE           0xEB

/* ---- service actions, by the operation code that carries them ---- */

/* SANITIZE (0x48) */
#define SERVICE_ACTION_OVERWRITE            0x01
#define SERVICE_ACTION_BLOCK_ERASE          0x02
#define SERVICE_ACTION_CRYPTO_ERASE         0x03
#define SERVICE_ACTION_EXIT_FAILURE         0x1f

/* 32-byte CDB (0x7F), two-byte service action field */
#define SERVICE_ACTION_XDWRITE              0x0004
#define SERVICE_ACTION_XPWRITE              0x0006
#define SERVICE_ACTION_XDWRITEREAD          0x0007
#define SERVICE_ACTION_WRITE                0x000B
#define SERVICE_ACTION_WRITE_VERIFY         0x000C
#define SERVICE_ACTION_WRITE_SAME           0x000D
#define SERVICE_ACTION_ORWRITE              0x000E

/* POPULATE TOKEN / WRITE USING TOKEN (0x83), RECEIVE ROD TOKEN INFORMATION (0x84) */
#define SERVICE_ACTION_POPULATE_TOKEN       0x10
#define SERVICE_ACTION_WRITE_USING_TOKEN    0x11
#define SERVICE_ACTION_RECEIVE_TOKEN_INFORMATION 0x07

/* ZBC OUT (0x94) and ZBC IN (0x95) */
#define SERVICE_ACTION_CLOSE_ZONE           0x01
#define SERVICE_ACTION_FINISH_ZONE          0x02
#define SERVICE_ACTION_OPEN_ZONE            0x03
#define SERVICE_ACTION_RESET_WRITE_POINTER  0x04
#define SERVICE_ACTION_REPORT_ZONES         0x00

/* REPORT ZONES reporting options */
#define REPORT_ZONES_OPTION_LIST_ALL_ZONES                                   0x00
#define REPORT_ZONES_OPTION_LIST_EMPTY_ZONES                                 0x01
#define REPORT_ZONES_OPTION_LIST_IMPLICITLY_OPENED_ZONES                     0x02
#define REPORT_ZONES_OPTION_LIST_EXPLICITLY_OPENED_ZONES                     0x03
#define REPORT_ZONES_OPTION_LIST_CLOSED_ZONES                                0x04
#define REPORT_ZONES_OPTION_LIST_FULL_ZONES                                  0x05
#define REPORT_ZONES_OPTION_LIST_READ_ONLY_ZONES                             0x06
#define REPORT_ZONES_OPTION_LIST_OFFLINE_ZONES                               0x07
#define REPORT_ZONES_OPTION_LIST_RWP_ZONES                                   0x10
#define REPORT_ZONES_OPTION_LIST_NON_SEQUENTIAL_WRITE_RESOURCES_ACTIVE_ZONES 0x11
#define REPORT_ZONES_OPTION_LIST_NOT_WRITE_POINTER_ZONES                     0x3F

/* SERVICE ACTION IN(16) (0x9E) */
#define SERVICE_ACTION_READ_CAPACITY16              0x10
#define SERVICE_ACTION_GET_LBA_STATUS               0x12
#define SERVICE_ACTION_GET_PHYSICAL_ELEMENT_STATUS  0x17
#define SERVICE_ACTION_REMOVE_ELEMENT_AND_TRUNCATE  0x18

/* MAINTENANCE IN (0xA3) / MAINTENANCE OUT (0xA4) */
#define SERVICE_ACTION_REPORT_TIMESTAMP                 0x0F
#define SERVICE_ACTION_REPORT_SUPPORTED_OPERATION_CODES 0x0C
#define SERVICE_ACTION_SET_TIMESTAMP                    0x0F

/* =========================================================================
 * CDB field values and lengths
 * ========================================================================= */

#define CDB6GENERIC_LENGTH                  6
#define CDB10GENERIC_LENGTH                 10
#define CDB12GENERIC_LENGTH                 12
#ifndef CDB16GENERIC_LENGTH
#define CDB16GENERIC_LENGTH                 16
#endif

#define SETBITON                            1
#define SETBITOFF                           0

/* IMMED bit: report status at once or after the operation completes */
#define CDB_RETURN_ON_COMPLETION            0
#define CDB_RETURN_IMMEDIATE                1

/* FUA bit as a mask on byte 1 of READ(10)/WRITE(10) */
#define CDB_FORCE_MEDIA_ACCESS              0x08

/* INQUIRY byte 1: return a vital product data page */
#define CDB_INQUIRY_EVPD                    0x01

/* FORMAT UNIT defaults */
#define LUN0_FORMAT_SAVING_DEFECT_LIST      0
#define USE_DEFAULTMSB                      0
#define USE_DEFAULTLSB                      0

/* START STOP UNIT byte 4 */
#define START_UNIT_CODE                     0x01
#define STOP_UNIT_CODE                      0x00

/* CD-ROM audio and media control */
#define CDB_AUDIO_PAUSE                     0x00
#define CDB_AUDIO_RESUME                    0x01
#define CDB_DEVICE_START                    0x11
#define CDB_DEVICE_STOP                     0x10
#define CDB_EJECT_MEDIA                     0x10
#define CDB_LOAD_MEDIA                      0x01
#define CDB_SUBCHANNEL_HEADER               0x00
#define CDB_SUBCHANNEL_BLOCK                0x01
#define CDB_USE_MSF                         0x01

#define CDROM_AUDIO_CONTROL_PAGE            0x0E
#define MODE_SELECT_IMMEDIATE               0x04
#define MODE_SELECT_PFBIT                   0x10

/* multisession CD-ROM (READ TOC session queries) */
#define GET_LAST_SESSION                    0x01
#define GET_SESSION_DATA                    0x02

/* READ TOC format field */
#define READ_TOC_FORMAT_TOC                 0x00
#define READ_TOC_FORMAT_SESSION             0x01
#define READ_TOC_FORMAT_FULL_TOC            0x02
#define READ_TOC_FORMAT_PMA                 0x03
#define READ_TOC_FORMAT_ATIP                0x04

/* BLANK blanking type */
#define BLANK_FULL                          0x0
#define BLANK_MINIMAL                       0x1
#define BLANK_TRACK                         0x2
#define BLANK_UNRESERVE_TRACK               0x3
#define BLANK_TAIL                          0x4
#define BLANK_UNCLOSE_SESSION               0x5
#define BLANK_SESSION                       0x6

/* READ CD / PLAY CD expected sector type */
#define CD_EXPECTED_SECTOR_ANY              0x0
#define CD_EXPECTED_SECTOR_CDDA             0x1
#define CD_EXPECTED_SECTOR_MODE1            0x2
#define CD_EXPECTED_SECTOR_MODE2            0x3
#define CD_EXPECTED_SECTOR_MODE2_FORM1      0x4
#define CD_EXPECTED_SECTOR_MODE2_FORM2      0x5

/* WRITE BUFFER modes and mode-specific bits */
#define SCSI_WRITE_BUFFER_MODE_DOWNLOAD_MICROCODE_WITH_OFFSETS_SAVE_DEFER_ACTIVATE 0x0E
#define SCSI_WRITE_BUFFER_MODE_ACTIVATE_DEFERRED_MICROCODE                         0x0F
#define SCSI_WRITE_BUFFER_MODE_0D_MODE_SPECIFIC_VSE_ACT     0x01
#define SCSI_WRITE_BUFFER_MODE_0D_MODE_SPECIFIC_HR_ACT      0x02
#define SCSI_WRITE_BUFFER_MODE_0D_MODE_SPECIFIC_PO_ACT      0x04

/* =========================================================================
 * Command descriptor blocks
 *
 * One union overlays every CDB shape a miniport may meet; the member name is
 * the command (Cdb->CDB10.LogicalBlockByte0, Cdb->START_STOP.Start, ...).
 * Everything from here to the end of the data definitions is byte-packed.
 * ========================================================================= */

#pragma pack(push, 1)

typedef union _CDB {

    /* ---- generic shapes ---- */

    struct _CDB6GENERIC {
        UCHAR OperationCode;
        UCHAR Immediate             : 1;
        UCHAR CommandUniqueBits     : 4;
        UCHAR LogicalUnitNumber     : 3;
        UCHAR CommandUniqueBytes[3];
        UCHAR Link                  : 1;
        UCHAR Flag                  : 1;
        UCHAR Reserved              : 4;
        UCHAR VendorUnique          : 2;
    } CDB6GENERIC;

    struct _CDB6READWRITE {             /* READ(6), WRITE(6) */
        UCHAR OperationCode;
        UCHAR LogicalBlockMsb1      : 5;
        UCHAR LogicalUnitNumber     : 3;
        UCHAR LogicalBlockMsb0;
        UCHAR LogicalBlockLsb;
        UCHAR TransferBlocks;
        UCHAR Control;
    } CDB6READWRITE;

    struct _CDB6INQUIRY {               /* INQUIRY, SCSI-1 form */
        UCHAR OperationCode;
        UCHAR Reserved1             : 5;
        UCHAR LogicalUnitNumber     : 3;
        UCHAR PageCode;
        UCHAR IReserved;
        UCHAR AllocationLength;
        UCHAR Control;
    } CDB6INQUIRY;

    struct _CDB6INQUIRY3 {              /* INQUIRY, SPC form */
        UCHAR OperationCode;
        UCHAR EnableVitalProductData : 1;
        UCHAR CommandSupportData    : 1;
        UCHAR Reserved1             : 6;
        UCHAR PageCode;
        UCHAR Reserved2;
        UCHAR AllocationLength;
        UCHAR Control;
    } CDB6INQUIRY3;

    struct _CDB6VERIFY {                /* VERIFY(6), tape */
        UCHAR OperationCode;
        UCHAR Fixed                 : 1;
        UCHAR ByteCompare           : 1;
        UCHAR Immediate             : 1;
        UCHAR Reserved              : 2;
        UCHAR LogicalUnitNumber     : 3;
        UCHAR VerificationLength[3];
        UCHAR Control;
    } CDB6VERIFY;

    struct _RECEIVE_DIAGNOSTIC {
        UCHAR OperationCode;
        UCHAR PageCodeValid         : 1;
        UCHAR Reserved              : 7;
        UCHAR PageCode;
        UCHAR AllocationLength[2];
        UCHAR Control;
    } RECEIVE_DIAGNOSTIC;

    struct _SEND_DIAGNOSTIC {
        UCHAR OperationCode;
        UCHAR UnitOffline           : 1;
        UCHAR DeviceOffline         : 1;
        UCHAR SelfTest              : 1;
        UCHAR Reserved1             : 1;
        UCHAR PageFormat            : 1;
        UCHAR SelfTestCode          : 3;
        UCHAR Reserved2;
        UCHAR ParameterListLength[2];
        UCHAR Control;
    } SEND_DIAGNOSTIC;

    struct _CDB6FORMAT {                /* FORMAT UNIT */
        UCHAR OperationCode;
        UCHAR FormatControl         : 5;
        UCHAR LogicalUnitNumber     : 3;
        UCHAR FReserved1;
        UCHAR InterleaveMsb;
        UCHAR InterleaveLsb;
        UCHAR FReserved2;
    } CDB6FORMAT;

    struct _CDB10 {                     /* READ(10), WRITE(10), VERIFY(10), ... */
        UCHAR OperationCode;
        UCHAR RelativeAddress       : 1;
        UCHAR Reserved1             : 2;
        UCHAR ForceUnitAccess       : 1;
        UCHAR DisablePageOut        : 1;
        UCHAR LogicalUnitNumber     : 3;
        UCHAR LogicalBlockByte0;        /* most significant */
        UCHAR LogicalBlockByte1;
        UCHAR LogicalBlockByte2;
        UCHAR LogicalBlockByte3;        /* least significant */
        UCHAR Reserved2;
        UCHAR TransferBlocksMsb;
        UCHAR TransferBlocksLsb;
        UCHAR Control;
    } CDB10;

    struct _CDB12 {
        UCHAR OperationCode;
        UCHAR RelativeAddress       : 1;
        UCHAR Reserved1             : 2;
        UCHAR ForceUnitAccess       : 1;
        UCHAR DisablePageOut        : 1;
        UCHAR LogicalUnitNumber     : 3;
        UCHAR LogicalBlock[4];
        UCHAR TransferLength[4];
        UCHAR Reserved2;
        UCHAR Control;
    } CDB12;

    struct _CDB16 {
        UCHAR OperationCode;
        UCHAR Reserved1             : 3;
        UCHAR ForceUnitAccess       : 1;
        UCHAR DisablePageOut        : 1;
        UCHAR Protection            : 3;
        UCHAR LogicalBlock[8];
        UCHAR TransferLength[4];
        UCHAR Reserved2;
        UCHAR Control;
    } CDB16;

    /* ---- SPC buffer and security commands ---- */

    struct _READ_BUFFER_10 {            /* 0x3C */
        UCHAR OperationCode;
        UCHAR Mode                  : 5;
        UCHAR ModeSpecific          : 3;
        UCHAR BufferId;
        UCHAR BufferOffset[3];
        UCHAR AllocationLength[3];
        UCHAR Control;
    } READ_BUFFER_10;

    struct _READ_BUFFER_16 {            /* 0x9B */
        UCHAR OperationCode;
        UCHAR Mode                  : 5;
        UCHAR ModeSpecific          : 3;
        UCHAR BufferOffset[8];
        UCHAR AllocationLength[4];
        UCHAR BufferId;
        UCHAR Control;
    } READ_BUFFER_16;

    struct _SECURITY_PROTOCOL_IN {      /* 0xA2 */
        UCHAR OperationCode;
        UCHAR SecurityProtocol;
        UCHAR SecurityProtocolSpecific[2];
        UCHAR Reserved1             : 7;
        UCHAR INC_512               : 1;
        UCHAR Reserved2;
        UCHAR AllocationLength[4];
        UCHAR Reserved3;
        UCHAR Control;
    } SECURITY_PROTOCOL_IN;

    struct _SECURITY_PROTOCOL_OUT {     /* 0xB5 */
        UCHAR OperationCode;
        UCHAR SecurityProtocol;
        UCHAR SecurityProtocolSpecific[2];
        UCHAR Reserved1             : 7;
        UCHAR INC_512               : 1;
        UCHAR Reserved2;
        UCHAR AllocationLength[4];
        UCHAR Reserved3;
        UCHAR Control;
    } SECURITY_PROTOCOL_OUT;

    /* ---- SBC block provisioning ---- */

    struct _UNMAP {                     /* 0x42 */
        UCHAR OperationCode;
        UCHAR Anchor                : 1;
        UCHAR Reserved1             : 7;
        UCHAR Reserved2[4];
        UCHAR GroupNumber           : 5;
        UCHAR Reserved3             : 3;
        UCHAR AllocationLength[2];
        UCHAR Control;
    } UNMAP;

    struct _SANITIZE {                  /* 0x48 */
        UCHAR OperationCode;
        UCHAR ServiceAction         : 5;
        UCHAR AUSE                  : 1;
        UCHAR Reserved1             : 1;
        UCHAR Immediate             : 1;
        UCHAR Reserved2[5];
        UCHAR ParameterListLength[2];
        UCHAR Control;
    } SANITIZE;

    /* ---- MMC (CD/DVD) commands ---- */

    struct _PAUSE_RESUME {              /* 0x4B */
        UCHAR OperationCode;
        UCHAR Reserved1             : 5;
        UCHAR LogicalUnitNumber     : 3;
        UCHAR Reserved2[6];
        UCHAR Action;
        UCHAR Control;
    } PAUSE_RESUME;

    struct _READ_TOC {                  /* 0x43 */
        UCHAR OperationCode;
        UCHAR Reserved0             : 1;
        UCHAR Msf                   : 1;
        UCHAR Reserved1             : 3;
        UCHAR LogicalUnitNumber     : 3;
        UCHAR Format2               : 4;
        UCHAR Reserved2             : 4;
        UCHAR Reserved3[3];
        UCHAR StartingTrack;
        UCHAR AllocationLength[2];
        UCHAR Control               : 6;
        UCHAR Format                : 2;
    } READ_TOC;

    struct _READ_DISK_INFORMATION {     /* 0x51; both spellings name it */
        UCHAR OperationCode;
        UCHAR Reserved1             : 5;
        UCHAR Lun                   : 3;
        UCHAR Reserved2[5];
        UCHAR AllocationLength[2];
        UCHAR Control;
    } READ_DISK_INFORMATION, READ_DISC_INFORMATION;

    struct _READ_TRACK_INFORMATION {    /* 0x52 */
        UCHAR OperationCode;
        UCHAR Track                 : 2;
        UCHAR Reserved4             : 3;
        UCHAR Lun                   : 3;
        UCHAR BlockAddress[4];          /* LBA or track number */
        UCHAR Reserved3;
        UCHAR AllocationLength[2];
        UCHAR Control;
    } READ_TRACK_INFORMATION;

    struct _RESERVE_TRACK_RZONE {       /* 0x53 */
        UCHAR OperationCode;
        UCHAR Reserved1[4];
        UCHAR ReservationSize[4];
        UCHAR Control;
    } RESERVE_TRACK_RZONE;

    struct _SEND_OPC_INFORMATION {      /* 0x54 */
        UCHAR OperationCode;
        UCHAR DoOpc                 : 1;
        UCHAR Reserved1             : 7;
        UCHAR Exclude0              : 1;
        UCHAR Exclude1              : 1;
        UCHAR Reserved2             : 6;
        UCHAR Reserved3[4];
        UCHAR ParameterListLength[2];
        UCHAR Reserved4;
    } SEND_OPC_INFORMATION;

    struct _REPAIR_TRACK {              /* 0x58 */
        UCHAR OperationCode;
        UCHAR Immediate             : 1;
        UCHAR Reserved1             : 7;
        UCHAR Reserved2[2];
        UCHAR TrackNumber[2];
        UCHAR Reserved3[3];
        UCHAR Control;
    } REPAIR_TRACK;

    struct _CLOSE_TRACK {               /* 0x5B */
        UCHAR OperationCode;
        UCHAR Immediate             : 1;
        UCHAR Reserved1             : 7;
        UCHAR Track                 : 1;
        UCHAR Session               : 1;
        UCHAR Reserved2             : 6;
        UCHAR Reserved3;
        UCHAR TrackNumber[2];
        UCHAR Reserved4[3];
        UCHAR Control;
    } CLOSE_TRACK;

    struct _READ_BUFFER_CAPACITY {      /* 0x5C */
        UCHAR OperationCode;
        UCHAR BlockInfo             : 1;
        UCHAR Reserved1             : 7;
        UCHAR Reserved2[5];
        UCHAR AllocationLength[2];
        UCHAR Control;
    } READ_BUFFER_CAPACITY;

    struct _SEND_CUE_SHEET {            /* 0x5D */
        UCHAR OperationCode;
        UCHAR Reserved[5];
        UCHAR CueSheetSize[3];
        UCHAR Control;
    } SEND_CUE_SHEET;

    struct _READ_HEADER {               /* 0x44 */
        UCHAR OperationCode;
        UCHAR Reserved1             : 1;
        UCHAR Msf                   : 1;
        UCHAR Reserved2             : 3;
        UCHAR Lun                   : 3;
        UCHAR LogicalBlockAddress[4];
        UCHAR Reserved3;
        UCHAR AllocationLength[2];
        UCHAR Control;
    } READ_HEADER;

    struct _PLAY_AUDIO {                /* 0x45 */
        UCHAR OperationCode;
        UCHAR Reserved1             : 5;
        UCHAR LogicalUnitNumber     : 3;
        UCHAR StartingBlockAddress[4];
        UCHAR Reserved2;
        UCHAR PlayLength[2];
        UCHAR Control;
    } PLAY_AUDIO;

    struct _PLAY_AUDIO_MSF {            /* 0x47 */
        UCHAR OperationCode;
        UCHAR Reserved1             : 5;
        UCHAR LogicalUnitNumber     : 3;
        UCHAR Reserved2;
        UCHAR StartingM;
        UCHAR StartingS;
        UCHAR StartingF;
        UCHAR EndingM;
        UCHAR EndingS;
        UCHAR EndingF;
        UCHAR Control;
    } PLAY_AUDIO_MSF;

    struct _BLANK_MEDIA {               /* 0xA1 */
        UCHAR OperationCode;
        UCHAR BlankType             : 3;
        UCHAR Reserved1             : 1;
        UCHAR Immediate             : 1;
        UCHAR Reserved2             : 3;
        UCHAR AddressOrTrack[4];
        UCHAR Reserved3[5];
        UCHAR Control;
    } BLANK_MEDIA;

    struct _PLAY_CD {                   /* 0xBC */
        UCHAR OperationCode;
        UCHAR Reserved1             : 1;
        UCHAR CMSF                  : 1;    /* 0: LBA form, 1: MSF form */
        UCHAR ExpectedSectorType    : 3;
        UCHAR Lun                   : 3;
        union {
            struct MPABI_SCSI_NESTED_TAG(_LBA) {
                UCHAR StartingBlockAddress[4];
                UCHAR PlayLength[4];
            } LBA;
            struct MPABI_SCSI_NESTED_TAG(_MSF) {
                UCHAR Reserved1;
                UCHAR StartingM;
                UCHAR StartingS;
                UCHAR StartingF;
                UCHAR EndingM;
                UCHAR EndingS;
                UCHAR EndingF;
                UCHAR Reserved2;
            } MSF;
        };
        UCHAR Audio                 : 1;
        UCHAR Composite             : 1;
        UCHAR Port1                 : 1;
        UCHAR Port2                 : 1;
        UCHAR Reserved2             : 3;
        UCHAR Speed                 : 1;
        UCHAR Control;
    } PLAY_CD;

    struct _SCAN_CD {                   /* 0xBA */
        UCHAR OperationCode;
        UCHAR RelativeAddress       : 1;
        UCHAR Reserved1             : 3;
        UCHAR Direct                : 1;
        UCHAR Lun                   : 3;
        UCHAR StartingAddress[4];
        UCHAR Reserved2[3];
        UCHAR Reserved3             : 6;
        UCHAR Type                  : 2;
        UCHAR Reserved4;
        UCHAR Control;
    } SCAN_CD;

    struct _STOP_PLAY_SCAN {            /* 0x4E */
        UCHAR OperationCode;
        UCHAR Reserved1             : 5;
        UCHAR Lun                   : 3;
        UCHAR Reserved2[7];
        UCHAR Control;
    } STOP_PLAY_SCAN;

    struct _SUBCHANNEL {                /* 0x42, READ SUB-CHANNEL */
        UCHAR OperationCode;
        UCHAR Reserved0             : 1;
        UCHAR Msf                   : 1;
        UCHAR Reserved1             : 3;
        UCHAR LogicalUnitNumber     : 3;
        UCHAR Reserved2             : 6;
        UCHAR SubQ                  : 1;
        UCHAR Reserved3             : 1;
        UCHAR Format;
        UCHAR Reserved4[2];
        UCHAR TrackNumber;
        UCHAR AllocationLength[2];
        UCHAR Control;
    } SUBCHANNEL;

    struct _READ_CD {                   /* 0xBE, raw sector reads */
        UCHAR OperationCode;
        UCHAR RelativeAddress       : 1;
        UCHAR Reserved0             : 1;
        UCHAR ExpectedSectorType    : 3;
        UCHAR Lun                   : 3;
        UCHAR StartingLBA[4];
        UCHAR TransferBlocks[3];
        UCHAR Reserved2             : 1;
        UCHAR ErrorFlags            : 2;
        UCHAR IncludeEDC            : 1;
        UCHAR IncludeUserData       : 1;
        UCHAR HeaderCode            : 2;
        UCHAR IncludeSyncData       : 1;
        UCHAR SubChannelSelection   : 3;
        UCHAR Reserved3             : 5;
        UCHAR Control;
    } READ_CD;

    struct _READ_CD_MSF {               /* 0xB9 */
        UCHAR OperationCode;
        UCHAR RelativeAddress       : 1;
        UCHAR Reserved1             : 1;
        UCHAR ExpectedSectorType    : 3;
        UCHAR Lun                   : 3;
        UCHAR Reserved2;
        UCHAR StartingM;
        UCHAR StartingS;
        UCHAR StartingF;
        UCHAR EndingM;
        UCHAR EndingS;
        UCHAR EndingF;
        UCHAR Reserved3;
        UCHAR Reserved4             : 1;
        UCHAR ErrorFlags            : 2;
        UCHAR IncludeEDC            : 1;
        UCHAR IncludeUserData       : 1;
        UCHAR HeaderCode            : 2;
        UCHAR IncludeSyncData       : 1;
        UCHAR SubChannelSelection   : 3;
        UCHAR Reserved5             : 5;
        UCHAR Control;
    } READ_CD_MSF;

    struct _PLXTR_READ_CDDA {           /* vendor specific CD-DA read */
        UCHAR OperationCode;
        UCHAR Reserved0             : 5;
        UCHAR LogicalUnitNumber     : 3;
        UCHAR LogicalBlockByte0;
        UCHAR LogicalBlockByte1;
        UCHAR LogicalBlockByte2;
        UCHAR LogicalBlockByte3;
        UCHAR TransferBlockByte0;
        UCHAR TransferBlockByte1;
        UCHAR TransferBlockByte2;
        UCHAR TransferBlockByte3;
        UCHAR SubCode;
        UCHAR Control;
    } PLXTR_READ_CDDA;

    struct _NEC_READ_CDDA {             /* vendor specific CD-DA read */
        UCHAR OperationCode;
        UCHAR Reserved0;
        UCHAR LogicalBlockByte0;
        UCHAR LogicalBlockByte1;
        UCHAR LogicalBlockByte2;
        UCHAR LogicalBlockByte3;
        UCHAR Reserved1;
        UCHAR TransferBlockByte0;
        UCHAR TransferBlockByte1;
        UCHAR Control;
    } NEC_READ_CDDA;

    /* ---- mode and log pages ---- */

    struct _MODE_SENSE {                /* 0x1A */
        UCHAR OperationCode;
        UCHAR Reserved1             : 3;
        UCHAR Dbd                   : 1;
        UCHAR Reserved2             : 4;
        UCHAR PageCode              : 6;
        UCHAR Pc                    : 2;
        UCHAR SubPageCode;
        UCHAR AllocationLength;
        UCHAR Control;
    } MODE_SENSE;

    struct _MODE_SENSE10 {              /* 0x5A */
        UCHAR OperationCode;
        UCHAR Reserved1             : 3;
        UCHAR Dbd                   : 1;
        UCHAR LongLBAAccepted       : 1;
        UCHAR Reserved2             : 3;
        UCHAR PageCode              : 6;
        UCHAR Pc                    : 2;
        UCHAR SubPageCode;
        UCHAR Reserved3[3];
        UCHAR AllocationLength[2];
        UCHAR Control;
    } MODE_SENSE10;

    struct _MODE_SELECT {               /* 0x15 */
        UCHAR OperationCode;
        UCHAR SPBit                 : 1;
        UCHAR Reserved1             : 3;
        UCHAR PFBit                 : 1;
        UCHAR LogicalUnitNumber     : 3;
        UCHAR Reserved2[2];
        UCHAR ParameterListLength;
        UCHAR Control;
    } MODE_SELECT;

    struct _MODE_SELECT10 {             /* 0x55 */
        UCHAR OperationCode;
        UCHAR SPBit                 : 1;
        UCHAR Reserved1             : 3;
        UCHAR PFBit                 : 1;
        UCHAR LogicalUnitNumber     : 3;
        UCHAR Reserved2[5];
        UCHAR ParameterListLength[2];
        UCHAR Control;
    } MODE_SELECT10;

    struct _LOCATE {                    /* 0x2B, tape */
        UCHAR OperationCode;
        UCHAR Immediate             : 1;
        UCHAR CPBit                 : 1;
        UCHAR BTBit                 : 1;
        UCHAR Reserved1             : 2;
        UCHAR LogicalUnitNumber     : 3;
        UCHAR Reserved3;
        UCHAR LogicalBlockAddress[4];
        UCHAR Reserved4;
        UCHAR Partition;
        UCHAR Control;
    } LOCATE;

    struct _LOGSENSE {                  /* 0x4D */
        UCHAR OperationCode;
        UCHAR SPBit                 : 1;
        UCHAR PPCBit                : 1;
        UCHAR Reserved1             : 3;
        UCHAR LogicalUnitNumber     : 3;
        UCHAR PageCode              : 6;
        UCHAR PCBit                 : 2;
        union {
            UCHAR SubPageCode;
            UCHAR Reserved2;
        };
        UCHAR Reserved3;
        UCHAR ParameterPointer[2];
        UCHAR AllocationLength[2];
        UCHAR Control;
    } LOGSENSE;

    struct _LOGSELECT {                 /* 0x4C */
        UCHAR OperationCode;
        UCHAR SPBit                 : 1;
        UCHAR PCRBit                : 1;
        UCHAR Reserved1             : 3;
        UCHAR LogicalUnitNumber     : 3;
        UCHAR Reserved              : 6;
        UCHAR PCBit                 : 2;
        UCHAR Reserved2[4];
        UCHAR ParameterListLength[2];
        UCHAR Control;
    } LOGSELECT;

    /* ---- printer, seek and unit control ---- */

    struct _PRINT {                     /* 0x0A */
        UCHAR OperationCode;
        UCHAR Reserved              : 5;
        UCHAR LogicalUnitNumber     : 3;
        UCHAR TransferLength[3];
        UCHAR Control;
    } PRINT;

    struct _SEEK {                      /* 0x2B */
        UCHAR OperationCode;
        UCHAR Reserved1             : 5;
        UCHAR LogicalUnitNumber     : 3;
        UCHAR LogicalBlockAddress[4];
        UCHAR Reserved2[3];
        UCHAR Control;
    } SEEK;

    struct _ERASE {                     /* 0x19 */
        UCHAR OperationCode;
        UCHAR Long                  : 1;
        UCHAR Immediate             : 1;
        UCHAR Reserved1             : 3;
        UCHAR LogicalUnitNumber     : 3;
        UCHAR Reserved2[3];
        UCHAR Control;
    } ERASE;

    struct _START_STOP {                /* 0x1B */
        UCHAR OperationCode;
        UCHAR Immediate             : 1;
        UCHAR Reserved1             : 4;
        UCHAR LogicalUnitNumber     : 3;
        UCHAR Reserved2[2];
        UCHAR Start                 : 1;
        UCHAR LoadEject             : 1;
        UCHAR Reserved3             : 6;
        UCHAR Control;
    } START_STOP;

    struct _MEDIA_REMOVAL {             /* 0x1E */
        UCHAR OperationCode;
        UCHAR Reserved1             : 5;
        UCHAR LogicalUnitNumber     : 3;
        UCHAR Reserved2[2];
        UCHAR Prevent               : 1;
        UCHAR Persistant            : 1;
        UCHAR Reserved3             : 6;
        UCHAR Control;
    } MEDIA_REMOVAL;

    /* ---- tape (SSC) ---- */

    struct _SEEK_BLOCK {                /* 0x0C */
        UCHAR OperationCode;
        UCHAR Immediate             : 1;
        UCHAR Reserved1             : 7;
        UCHAR BlockAddress[3];
        UCHAR Link                  : 1;
        UCHAR Flag                  : 1;
        UCHAR Reserved2             : 4;
        UCHAR VendorUnique          : 2;
    } SEEK_BLOCK;

    struct _REQUEST_BLOCK_ADDRESS {     /* 0x02 */
        UCHAR OperationCode;
        UCHAR Reserved1[3];
        UCHAR AllocationLength;
        UCHAR Link                  : 1;
        UCHAR Flag                  : 1;
        UCHAR Reserved2             : 4;
        UCHAR VendorUnique          : 2;
    } REQUEST_BLOCK_ADDRESS;

    struct _PARTITION {                 /* 0x0D */
        UCHAR OperationCode;
        UCHAR Immediate             : 1;
        UCHAR Sel                   : 1;
        UCHAR PartitionSelect       : 6;
        UCHAR Reserved1[3];
        UCHAR Control;
    } PARTITION;

    struct _WRITE_TAPE_MARKS {
        UCHAR OperationCode;
        UCHAR Immediate             : 1;
        UCHAR WriteSetMarks         : 1;
        UCHAR Reserved              : 3;
        UCHAR LogicalUnitNumber     : 3;
        UCHAR TransferLength[3];
        UCHAR Control;
    } WRITE_TAPE_MARKS;

    struct _SPACE_TAPE_MARKS {
        UCHAR OperationCode;
        UCHAR Code                  : 3;
        UCHAR Reserved              : 2;
        UCHAR LogicalUnitNumber     : 3;
        UCHAR NumMarksMSB;
        UCHAR NumMarks;
        UCHAR NumMarksLSB;
        union {
            UCHAR value;
            struct {
                UCHAR Link          : 1;
                UCHAR Flag          : 1;
                UCHAR Reserved      : 4;
                UCHAR VendorUnique  : 2;
            } Fields;
        } Byte6;
    } SPACE_TAPE_MARKS;

    struct _READ_POSITION {             /* 0x34 */
        UCHAR Operation;
        UCHAR BlockType             : 1;
        UCHAR Reserved1             : 4;
        UCHAR Lun                   : 3;
        UCHAR Reserved2[7];
        UCHAR Control;
    } READ_POSITION;

    struct _CDB6READWRITETAPE {
        UCHAR OperationCode;
        UCHAR VendorSpecific        : 5;
        UCHAR Reserved              : 3;
        UCHAR TransferLenMSB;
        UCHAR TransferLen;
        UCHAR TransferLenLSB;
        UCHAR Link                  : 1;
        UCHAR Flag                  : 1;
        UCHAR Reserved1             : 4;
        UCHAR VendorUnique          : 2;
    } CDB6READWRITETAPE;

    /* ---- medium changer (SMC) ---- */

    struct _INIT_ELEMENT_STATUS {       /* 0x07 */
        UCHAR OperationCode;
        UCHAR Reserved1             : 5;
        UCHAR LogicalUnitNubmer     : 3;    /* WDK spelling */
        UCHAR Reserved2[3];
        UCHAR Reserved3             : 7;
        UCHAR NoBarCode             : 1;
    } INIT_ELEMENT_STATUS;

    struct _INITIALIZE_ELEMENT_RANGE {  /* 0xE7 */
        UCHAR OperationCode;
        UCHAR Range                 : 1;
        UCHAR Reserved1             : 4;
        UCHAR LogicalUnitNubmer     : 3;
        UCHAR FirstElementAddress[2];
        UCHAR Reserved2[2];
        UCHAR NumberOfElements[2];
        UCHAR Reserved3;
        UCHAR Reserved4             : 7;
        UCHAR NoBarCode             : 1;
    } INITIALIZE_ELEMENT_RANGE;

    struct _POSITION_TO_ELEMENT {       /* 0x2B */
        UCHAR OperationCode;
        UCHAR Reserved1             : 5;
        UCHAR LogicalUnitNumber     : 3;
        UCHAR TransportElementAddress[2];
        UCHAR DestinationElementAddress[2];
        UCHAR Reserved2[2];
        UCHAR Flip                  : 1;
        UCHAR Reserved3             : 7;
        UCHAR Control;
    } POSITION_TO_ELEMENT;

    struct _MOVE_MEDIUM {               /* 0xA5 */
        UCHAR OperationCode;
        UCHAR Reserved1             : 5;
        UCHAR LogicalUnitNumber     : 3;
        UCHAR TransportElementAddress[2];
        UCHAR SourceElementAddress[2];
        UCHAR DestinationElementAddress[2];
        UCHAR Reserved2[2];
        UCHAR Flip                  : 1;
        UCHAR Reserved3             : 7;
        UCHAR Control;
    } MOVE_MEDIUM;

    struct _EXCHANGE_MEDIUM {           /* 0xA6 */
        UCHAR OperationCode;
        UCHAR Reserved1             : 5;
        UCHAR LogicalUnitNumber     : 3;
        UCHAR TransportElementAddress[2];
        UCHAR SourceElementAddress[2];
        UCHAR Destination1ElementAddress[2];
        UCHAR Destination2ElementAddress[2];
        UCHAR Flip1                 : 1;
        UCHAR Flip2                 : 1;
        UCHAR Reserved3             : 6;
        UCHAR Control;
    } EXCHANGE_MEDIUM;

    struct _READ_ELEMENT_STATUS {       /* 0xB8 */
        UCHAR OperationCode;
        UCHAR ElementType           : 4;
        UCHAR VolTag                : 1;
        UCHAR LogicalUnitNumber     : 3;
        UCHAR StartingElementAddress[2];
        UCHAR NumberOfElements[2];
        UCHAR Reserved1;
        UCHAR AllocationLength[3];
        UCHAR Reserved2;
        UCHAR Control;
    } READ_ELEMENT_STATUS;

    struct _SEND_VOLUME_TAG {           /* 0xB6 */
        UCHAR OperationCode;
        UCHAR ElementType           : 4;
        UCHAR Reserved1             : 1;
        UCHAR LogicalUnitNumber     : 3;
        UCHAR StartingElementAddress[2];
        UCHAR Reserved2;
        UCHAR ActionCode            : 5;
        UCHAR Reserved3             : 3;
        UCHAR Reserved4[2];
        UCHAR ParameterListLength[2];
        UCHAR Reserved5;
        UCHAR Control;
    } SEND_VOLUME_TAG;

    struct _REQUEST_VOLUME_ELEMENT_ADDRESS {
        UCHAR OperationCode;
        UCHAR ElementType           : 4;
        UCHAR VolTag                : 1;
        UCHAR LogicalUnitNumber     : 3;
        UCHAR StartingElementAddress[2];
        UCHAR NumberElements[2];
        UCHAR Reserved1;
        UCHAR AllocationLength[3];
        UCHAR Reserved2;
        UCHAR Control;
    } REQUEST_VOLUME_ELEMENT_ADDRESS;

    /* ATAPI 2.5 changer */
    struct _LOAD_UNLOAD {               /* 0xA6 */
        UCHAR OperationCode;
        UCHAR Immediate             : 1;
        UCHAR Reserved1             : 4;
        UCHAR Lun                   : 3;
        UCHAR Reserved2[2];
        UCHAR Start                 : 1;
        UCHAR LoadEject             : 1;
        UCHAR Reserved3             : 6;
        UCHAR Reserved4[3];
        UCHAR Slot;
        UCHAR Reserved5[3];
    } LOAD_UNLOAD;

    struct _MECH_STATUS {               /* 0xBD */
        UCHAR OperationCode;
        UCHAR Reserved              : 5;
        UCHAR Lun                   : 3;
        UCHAR Reserved1[6];
        UCHAR AllocationLength[2];
        UCHAR Reserved2[1];
        UCHAR Control;
    } MECH_STATUS;

    /* ---- cache, events, DVD ---- */

    struct _SYNCHRONIZE_CACHE10 {       /* 0x35 */
        UCHAR OperationCode;
        UCHAR RelAddr               : 1;
        UCHAR Immediate             : 1;
        UCHAR Reserved              : 3;
        UCHAR Lun                   : 3;
        UCHAR LogicalBlockAddress[4];
        UCHAR Reserved2;
        UCHAR BlockCount[2];
        UCHAR Control;
    } SYNCHRONIZE_CACHE10;

    struct _GET_EVENT_STATUS_NOTIFICATION { /* 0x4A */
        UCHAR OperationCode;
        UCHAR Immediate             : 1;
        UCHAR Reserved              : 4;
        UCHAR Lun                   : 3;
        UCHAR Reserved2[2];
        UCHAR NotificationClassRequest;
        UCHAR Reserved3[2];
        UCHAR EventListLength[2];
        UCHAR Control;
    } GET_EVENT_STATUS_NOTIFICATION;

    struct _GET_PERFORMANCE {           /* 0xAC */
        UCHAR OperationCode;
        UCHAR Except                : 2;
        UCHAR Write                 : 1;
        UCHAR Tolerance             : 2;
        UCHAR Reserved0             : 3;
        UCHAR StartingLBA[4];
        UCHAR Reserved1[2];
        UCHAR MaximumNumberOfDescriptors[2];
        UCHAR Type;
        UCHAR Control;
    } GET_PERFORMANCE;

    struct _READ_DVD_STRUCTURE {        /* 0xAD */
        UCHAR OperationCode;
        UCHAR Reserved1             : 5;
        UCHAR Lun                   : 3;
        UCHAR RMDBlockNumber[4];
        UCHAR LayerNumber;
        UCHAR Format;
        UCHAR AllocationLength[2];
        UCHAR Reserved3             : 6;
        UCHAR AGID                  : 2;
        UCHAR Control;
    } READ_DVD_STRUCTURE;

    struct _SET_STREAMING {             /* 0xB6 */
        UCHAR OperationCode;
        UCHAR Reserved[8];
        UCHAR ParameterListLength[2];
        UCHAR Control;
    } SET_STREAMING;

    struct _SEND_DVD_STRUCTURE {        /* 0xBF */
        UCHAR OperationCode;
        UCHAR Reserved1             : 5;
        UCHAR Lun                   : 3;
        UCHAR Reserved2[5];
        UCHAR Format;
        UCHAR ParameterListLength[2];
        UCHAR Reserved3;
        UCHAR Control;
    } SEND_DVD_STRUCTURE;

    struct _SEND_KEY {                  /* 0xA3 */
        UCHAR OperationCode;
        UCHAR Reserved1             : 5;
        UCHAR Lun                   : 3;
        UCHAR Reserved2[6];
        UCHAR ParameterListLength[2];
        UCHAR KeyFormat             : 6;
        UCHAR AGID                  : 2;
        UCHAR Control;
    } SEND_KEY;

    struct _REPORT_KEY {                /* 0xA4 */
        UCHAR OperationCode;
        UCHAR Reserved1             : 5;
        UCHAR Lun                   : 3;
        UCHAR LogicalBlockAddress[4];   /* title key requests */
        UCHAR Reserved2[2];
        UCHAR AllocationLength[2];
        UCHAR KeyFormat             : 6;
        UCHAR AGID                  : 2;
        UCHAR Control;
    } REPORT_KEY;

    struct _SET_READ_AHEAD {            /* 0xA7 */
        UCHAR OperationCode;
        UCHAR Reserved1             : 5;
        UCHAR Lun                   : 3;
        UCHAR TriggerLBA[4];
        UCHAR ReadAheadLBA[4];
        UCHAR Reserved2;
        UCHAR Control;
    } SET_READ_AHEAD;

    struct _READ_FORMATTED_CAPACITIES { /* 0x23 */
        UCHAR OperationCode;
        UCHAR Reserved1             : 5;
        UCHAR Lun                   : 3;
        UCHAR Reserved2[5];
        UCHAR AllocationLength[2];
        UCHAR Control;
    } READ_FORMATTED_CAPACITIES;

    /* ---- SPC-3 and later ---- */

    struct _REPORT_LUNS {               /* 0xA0 */
        UCHAR OperationCode;
        UCHAR Reserved1[5];
        UCHAR AllocationLength[4];
        UCHAR Reserved2[1];
        UCHAR Control;
    } REPORT_LUNS;

    struct _PERSISTENT_RESERVE_IN {     /* 0x5E */
        UCHAR OperationCode;
        UCHAR ServiceAction         : 5;
        UCHAR Reserved1             : 3;
        UCHAR Reserved2[5];
        UCHAR AllocationLength[2];
        UCHAR Control;
    } PERSISTENT_RESERVE_IN;

    struct _PERSISTENT_RESERVE_OUT {    /* 0x5F */
        UCHAR OperationCode;
        UCHAR ServiceAction         : 5;
        UCHAR Reserved1             : 3;
        UCHAR Type                  : 4;
        UCHAR Scope                 : 4;
        UCHAR Reserved2[4];
        UCHAR ParameterListLength[2];
        UCHAR Control;
    } PERSISTENT_RESERVE_OUT;

    struct _REPORT_TIMESTAMP {          /* MAINTENANCE IN, action 0x0F */
        UCHAR OperationCode;
        UCHAR ServiceAction         : 5;
        UCHAR Reserved1             : 3;
        UCHAR Reserved2[4];
        UCHAR AllocationLength[4];
        UCHAR Reserved3;
        UCHAR Control;
    } REPORT_TIMESTAMP;

    struct _SET_TIMESTAMP {             /* MAINTENANCE OUT, action 0x0F */
        UCHAR OperationCode;
        UCHAR ServiceAction         : 5;
        UCHAR Reserved1             : 3;
        UCHAR Reserved2[4];
        UCHAR ParameterListLength[4];
        UCHAR Reserved3;
        UCHAR Control;
    } SET_TIMESTAMP;

    struct _REPORT_SUPPORTED_OPERATION_CODES { /* MAINTENANCE IN, action 0x0C */
        UCHAR OperationCode;
        UCHAR ServiceAction         : 5;
        UCHAR Reserved0             : 3;
        UCHAR ReportOptions         : 3;
        UCHAR Reserved1             : 4;
        UCHAR ReturnCommandTimeoutsDescriptor : 1;
        UCHAR RequestedOperationCode;
        UCHAR RequestedServiceAction[2];
        UCHAR AllocationLength[4];
        UCHAR Reserved2;
        UCHAR Control;
    } REPORT_SUPPORTED_OPERATION_CODES;

    struct _GET_CONFIGURATION {         /* 0x46 */
        UCHAR OperationCode;
        UCHAR RequestType           : 2;
        UCHAR Reserved1             : 6;
        UCHAR StartingFeature[2];
        UCHAR Reserved2[3];
        UCHAR AllocationLength[2];
        UCHAR Control;
    } GET_CONFIGURATION;

    struct _SET_CD_SPEED {              /* 0xBB */
        UCHAR OperationCode;
        union {
            UCHAR Reserved1;
            struct {
                UCHAR RotationControl : 2;
                UCHAR Reserved3     : 6;
            };
        };
        UCHAR ReadSpeed[2];             /* 1x = 75 * 2352 bytes/s */
        UCHAR WriteSpeed[2];
        UCHAR Reserved2[5];
        UCHAR Control;
    } SET_CD_SPEED;

    struct _READ12 {                    /* 0xA8 */
        UCHAR OperationCode;
        UCHAR RelativeAddress       : 1;
        UCHAR Reserved1             : 2;
        UCHAR ForceUnitAccess       : 1;
        UCHAR DisablePageOut        : 1;
        UCHAR LogicalUnitNumber     : 3;
        UCHAR LogicalBlock[4];
        UCHAR TransferLength[4];
        UCHAR Reserved2             : 7;
        UCHAR Streaming             : 1;
        UCHAR Control;
    } READ12;

    struct _WRITE12 {                   /* 0xAA */
        UCHAR OperationCode;
        UCHAR RelativeAddress       : 1;
        UCHAR Reserved1             : 1;
        UCHAR EBP                   : 1;
        UCHAR ForceUnitAccess       : 1;
        UCHAR DisablePageOut        : 1;
        UCHAR LogicalUnitNumber     : 3;
        UCHAR LogicalBlock[4];
        UCHAR TransferLength[4];
        UCHAR Reserved2             : 7;
        UCHAR Streaming             : 1;
        UCHAR Control;
    } WRITE12;

    struct _ATA_PASSTHROUGH12 {         /* 0xA1 */
        UCHAR OperationCode;
        UCHAR Reserved1             : 1;
        UCHAR Protocol              : 4;
        UCHAR MultipleCount         : 3;
        UCHAR TLength               : 2;
        UCHAR ByteBlock             : 1;
        UCHAR TDir                  : 1;
        UCHAR Reserved2             : 1;
        UCHAR CkCond                : 1;
        UCHAR Offline               : 2;
        UCHAR Features;
        UCHAR SectorCount;
        UCHAR LbaLow;
        UCHAR LbaMid;
        UCHAR LbaHigh;
        UCHAR Device;
        UCHAR Command;
        UCHAR Reserved3;
        UCHAR Control;
    } ATA_PASSTHROUGH12;

    /* ---- 16-byte commands ---- */

    /*
     * READ(16)/WRITE(16): bytes 1 and 14 carry both the older names
     * (Reserved1/Reserved2/Streaming) and the command duration limit names
     * of current SBC; the overlays describe the same bits.
     */
    struct _READ16 {                    /* 0x88 */
        UCHAR OperationCode;
        union {
            struct {
                UCHAR Reserved1             : 3;
                UCHAR ForceUnitAccess       : 1;
                UCHAR DisablePageOut        : 1;
                UCHAR ReadProtect           : 3;
            };
            struct {
                UCHAR DurationLimitDescriptor2     : 1;
                UCHAR                              : 1;
                UCHAR RebuildAssistRecoveryControl : 1;
                UCHAR                              : 5;
            };
        };
        UCHAR LogicalBlock[8];
        UCHAR TransferLength[4];
        union {
            struct {
                UCHAR Reserved2             : 7;
                UCHAR Streaming             : 1;
            };
            struct {
                UCHAR Group                     : 6;
                UCHAR DurationLimitDescriptor0  : 1;
                UCHAR DurationLimitDescriptor1  : 1;
            };
        };
        UCHAR Control;
    } READ16;

    struct _WRITE16 {                   /* 0x8A */
        UCHAR OperationCode;
        union {
            struct {
                UCHAR Reserved1             : 3;
                UCHAR ForceUnitAccess       : 1;
                UCHAR DisablePageOut        : 1;
                UCHAR WriteProtect          : 3;
            };
            struct {
                UCHAR DurationLimitDescriptor2     : 1;
                UCHAR                              : 7;
            };
        };
        UCHAR LogicalBlock[8];
        UCHAR TransferLength[4];
        union {
            struct {
                UCHAR Reserved2             : 7;
                UCHAR Streaming             : 1;
            };
            struct {
                UCHAR Group                     : 6;
                UCHAR DurationLimitDescriptor0  : 1;
                UCHAR DurationLimitDescriptor1  : 1;
            };
        };
        UCHAR Control;
    } WRITE16;

    struct _VERIFY16 {                  /* 0x8F */
        UCHAR OperationCode;
        UCHAR Reserved1             : 1;
        UCHAR ByteCheck             : 1;
        UCHAR BlockVerify           : 1;
        UCHAR Reserved2             : 1;
        UCHAR DisablePageOut        : 1;
        UCHAR VerifyProtect         : 3;
        UCHAR LogicalBlock[8];
        UCHAR VerificationLength[4];
        UCHAR Reserved3             : 7;
        UCHAR Streaming             : 1;
        UCHAR Control;
    } VERIFY16;

    struct _SYNCHRONIZE_CACHE16 {       /* 0x91 */
        UCHAR OperationCode;
        UCHAR Reserved1             : 1;
        UCHAR Immediate             : 1;
        UCHAR Reserved2             : 6;
        UCHAR LogicalBlock[8];
        UCHAR BlockCount[4];
        UCHAR Reserved3;
        UCHAR Control;
    } SYNCHRONIZE_CACHE16;

    struct _READ_CAPACITY16 {           /* 0x9E, action 0x10 */
        UCHAR OperationCode;
        UCHAR ServiceAction         : 5;
        UCHAR Reserved1             : 3;
        UCHAR LogicalBlock[8];
        union {                         /* older and current names */
            UCHAR BlockCount[4];
            UCHAR AllocationLength[4];
        };
        UCHAR PMI                   : 1;
        UCHAR Reserved2             : 7;
        UCHAR Control;
    } READ_CAPACITY16;

    struct _ATA_PASSTHROUGH16 {         /* 0x85 */
        UCHAR OperationCode;
        UCHAR Extend                : 1;
        UCHAR Protocol              : 4;
        UCHAR MultipleCount         : 3;
        UCHAR TLength               : 2;
        UCHAR ByteBlock             : 1;
        UCHAR TDir                  : 1;
        UCHAR Reserved1             : 1;
        UCHAR CkCond                : 1;
        UCHAR Offline               : 2;
        UCHAR Features15_8;
        UCHAR Features7_0;
        UCHAR SectorCount15_8;
        UCHAR SectorCount7_0;
        UCHAR LbaLow15_8;
        UCHAR LbaLow7_0;
        UCHAR LbaMid15_8;
        UCHAR LbaMid7_0;
        UCHAR LbaHigh15_8;
        UCHAR LbaHigh7_0;
        UCHAR Device;
        UCHAR Command;
        UCHAR Control;
    } ATA_PASSTHROUGH16;

    struct _GET_LBA_STATUS {            /* 0x9E, action 0x12 */
        UCHAR OperationCode;
        UCHAR ServiceAction         : 5;
        UCHAR Reserved1             : 3;
        UCHAR StartingLBA[8];
        UCHAR AllocationLength[4];
        UCHAR Reserved2;
        UCHAR Control;
    } GET_LBA_STATUS;

    struct _TOKEN_OPERATION {           /* 0x83: POPULATE TOKEN, WRITE USING TOKEN */
        UCHAR OperationCode;
        UCHAR ServiceAction         : 5;
        UCHAR Reserved1             : 3;
        UCHAR Reserved2[4];
        UCHAR ListIdentifier[4];
        UCHAR ParameterListLength[4];
        UCHAR GroupNumber           : 5;
        UCHAR Reserved3             : 3;
        UCHAR Control;
    } TOKEN_OPERATION;

    struct _RECEIVE_TOKEN_INFORMATION { /* 0x84 */
        UCHAR OperationCode;
        UCHAR ServiceAction         : 5;
        UCHAR Reserved1             : 3;
        UCHAR ListIdentifier[4];
        UCHAR Reserved2[4];
        UCHAR AllocationLength[4];
        UCHAR Reserved3;
        UCHAR Control;
    } RECEIVE_TOKEN_INFORMATION;

    struct _WRITE_BUFFER {              /* 0x3B */
        UCHAR OperationCode;
        UCHAR Mode                  : 5;
        UCHAR ModeSpecific          : 3;
        UCHAR BufferID;
        UCHAR BufferOffset[3];
        UCHAR ParameterListLength[3];
        UCHAR Control;
    } WRITE_BUFFER;

    /* ---- zoned block devices (ZBC) ---- */

    struct _CLOSE_ZONE {                /* ZBC OUT, action 0x01 */
        UCHAR OperationCode;
        UCHAR ServiceAction         : 5;
        UCHAR Reserved1             : 3;
        UCHAR ZoneId[8];
        UCHAR Reserved2[4];
        UCHAR All                   : 1;
        UCHAR Reserved3             : 7;
        UCHAR Control;
    } CLOSE_ZONE;

    struct _FINISH_ZONE {               /* ZBC OUT, action 0x02 */
        UCHAR OperationCode;
        UCHAR ServiceAction         : 5;
        UCHAR Reserved1             : 3;
        UCHAR ZoneId[8];
        UCHAR Reserved2[4];
        UCHAR All                   : 1;
        UCHAR Reserved3             : 7;
        UCHAR Control;
    } FINISH_ZONE;

    struct _OPEN_ZONE {                 /* ZBC OUT, action 0x03 */
        UCHAR OperationCode;
        UCHAR ServiceAction         : 5;
        UCHAR Reserved1             : 3;
        UCHAR ZoneId[8];
        UCHAR Reserved2[4];
        UCHAR All                   : 1;
        UCHAR Reserved3             : 7;
        UCHAR Control;
    } OPEN_ZONE;

    struct _RESET_WRITE_POINTER {       /* ZBC OUT, action 0x04 */
        UCHAR OperationCode;
        UCHAR ServiceAction         : 5;
        UCHAR Reserved1             : 3;
        UCHAR ZoneId[8];
        UCHAR Reserved2[4];
        UCHAR All                   : 1;
        UCHAR Reserved3             : 7;
        UCHAR Control;
    } RESET_WRITE_POINTER;

    struct _REPORT_ZONES {              /* ZBC IN, action 0x00 */
        UCHAR OperationCode;
        UCHAR ServiceAction         : 5;
        UCHAR Reserved1             : 3;
        UCHAR ZoneStartLBA[8];
        UCHAR AllocationLength[4];
        UCHAR ReportingOptions      : 6;
        UCHAR Reserved3             : 1;
        UCHAR Partial               : 1;
        UCHAR Control;
    } REPORT_ZONES;

    struct _GET_PHYSICAL_ELEMENT_STATUS { /* 0x9E, action 0x17 */
        UCHAR OperationCode;
        UCHAR ServiceAction         : 5;
        UCHAR Reserved1             : 3;
        UCHAR Reserved2[4];
        UCHAR StartingElement[4];
        UCHAR AllocationLength[4];
        UCHAR ReportType            : 4;
        UCHAR Reserved3             : 2;
        UCHAR Filter                : 2;
        UCHAR Control;
    } GET_PHYSICAL_ELEMENT_STATUS;

    struct _REMOVE_ELEMENT_AND_TRUNCATE { /* 0x9E, action 0x18 */
        UCHAR OperationCode;
        UCHAR ServiceAction         : 5;
        UCHAR Reserved1             : 3;
        UCHAR RequestedCapacity[8];
        UCHAR ElementIdentifier[4];
        UCHAR Reserved2;
        UCHAR Control;
    } REMOVE_ELEMENT_AND_TRUNCATE;

    /* raw views */
    ULONG AsUlong[4];
    UCHAR AsByte[16];

} CDB, *PCDB;

/* Variable-length (32-byte) CDB, operation code 0x7F. */
typedef union _CDB32 {

    struct _CDB32GENERIC {
        UCHAR OperationCode;
        UCHAR Control;
        UCHAR Reserved1[4];
        UCHAR Group                 : 5;
        UCHAR Reserved2             : 3;
        UCHAR AdditionalCDBLength;
        UCHAR ServiceAction[2];
        UCHAR Reserved3;
        UCHAR DurationLimitDescriptor0 : 1;
        UCHAR DurationLimitDescriptor1 : 1;
        UCHAR DurationLimitDescriptor2 : 1;
        UCHAR Reserved4             : 5;
        UCHAR LogicalBlock[8];
        UCHAR Reserved5[8];
        UCHAR TransferLength[4];
    } CDB32GENERIC;

    struct _XDWRITEREAD32 {             /* service action 0x0007 */
        UCHAR OperationCode;
        UCHAR Control;
        UCHAR Reserved1[4];
        UCHAR Group                 : 5;
        UCHAR Reserved2             : 3;
        UCHAR AdditionalCDBLength;
        UCHAR ServiceAction[2];
        UCHAR XorProtectionInfo     : 1;
        UCHAR Reservede             : 1;    /* WDK spelling */
        UCHAR DisableWrite          : 1;
        UCHAR ForceUnitAccess       : 1;
        UCHAR DisablePageOut        : 1;
        UCHAR WriteProtect          : 1;
        UCHAR Reserved4;
        UCHAR LogicalBlock[8];
        UCHAR Reserved5[8];
        UCHAR TransferLength[4];
    } XDWRITEREAD32;

    ULONG AsUlong[8];
    UCHAR AsByte[32];

} CDB32, *PCDB32;

/* =========================================================================
 * GET EVENT STATUS NOTIFICATION (MMC)
 * ========================================================================= */

/* notification class request bits (CDB byte 4) */
#define NOTIFICATION_OPERATIONAL_CHANGE_CLASS_MASK      0x02
#define NOTIFICATION_POWER_MANAGEMENT_CLASS_MASK        0x04
#define NOTIFICATION_EXTERNAL_REQUEST_CLASS_MASK        0x08
#define NOTIFICATION_MEDIA_STATUS_CLASS_MASK            0x10
#define NOTIFICATION_MULTI_HOST_CLASS_MASK              0x20
#define NOTIFICATION_DEVICE_BUSY_CLASS_MASK             0x40

/* notification class reported in the header */
#define NOTIFICATION_NO_CLASS_EVENTS                    0x0
#define NOTIFICATION_OPERATIONAL_CHANGE_CLASS_EVENTS    0x1
#define NOTIFICATION_POWER_MANAGEMENT_CLASS_EVENTS      0x2
#define NOTIFICATION_EXTERNAL_REQUEST_CLASS_EVENTS      0x3
#define NOTIFICATION_MEDIA_STATUS_CLASS_EVENTS          0x4
#define NOTIFICATION_MULTI_HOST_CLASS_EVENTS            0x5
#define NOTIFICATION_DEVICE_BUSY_CLASS_EVENTS           0x6

/* operational change class */
#define NOTIFICATION_OPERATIONAL_EVENT_NO_CHANGE            0x0
#define NOTIFICATION_OPERATIONAL_EVENT_CHANGE_REQUESTED     0x1
#define NOTIFICATION_OPERATIONAL_EVENT_CHANGE_OCCURRED      0x2
#define NOTIFICATION_OPERATIONAL_STATUS_AVAILABLE           0x0
#define NOTIFICATION_OPERATIONAL_STATUS_TEMPORARY_BUSY      0x1
#define NOTIFICATION_OPERATIONAL_STATUS_EXTENDED_BUSY       0x2
#define NOTIFICATION_OPERATIONAL_OPCODE_NONE                0x0
#define NOTIFICATION_OPERATIONAL_OPCODE_FEATURE_CHANGE      0x1
#define NOTIFICATION_OPERATIONAL_OPCODE_FEATURE_ADDED       0x2
#define NOTIFICATION_OPERATIONAL_OPCODE_UNIT_RESET          0x3
#define NOTIFICATION_OPERATIONAL_OPCODE_FIRMWARE_CHANGED    0x4
#define NOTIFICATION_OPERATIONAL_OPCODE_INQUIRY_CHANGED     0x5

/* power management class */
#define NOTIFICATION_POWER_EVENT_NO_CHANGE                  0x0
#define NOTIFICATION_POWER_EVENT_CHANGE_SUCCEEDED           0x1
#define NOTIFICATION_POWER_EVENT_CHANGE_FAILED              0x2
#define NOTIFICATION_POWER_STATUS_ACTIVE                    0x1
#define NOTIFICATION_POWER_STATUS_IDLE                      0x2
#define NOTIFICATION_POWER_STATUS_STANDBY                   0x3
#define NOTIFICATION_POWER_STATUS_SLEEP                     0x4

/* external request class */
#define NOTIFICATION_EXTERNAL_EVENT_NO_CHANGE               0x0
#define NOTIFICATION_EXTERNAL_EVENT_BUTTON_DOWN             0x1
#define NOTIFICATION_EXTERNAL_EVENT_BUTTON_UP               0x2
#define NOTIFICATION_EXTERNAL_EVENT_EXTERNAL                0x3
#define NOTIFICATION_EXTERNAL_STATUS_READY                  0x0
#define NOTIFICATION_EXTERNAL_STATUS_PREVENT                0x1
#define NOTIFICATION_EXTERNAL_REQUEST_NONE                  0x0000
#define NOTIFICATION_EXTERNAL_REQUEST_QUEUE_OVERRUN         0x0001
#define NOTIFICATION_EXTERNAL_REQUEST_PLAY                  0x0101
#define NOTIFICATION_EXTERNAL_REQUEST_REWIND_BACK           0x0102
#define NOTIFICATION_EXTERNAL_REQUEST_FAST_FORWARD          0x0103
#define NOTIFICATION_EXTERNAL_REQUEST_PAUSE                 0x0104
#define NOTIFICATION_EXTERNAL_REQUEST_STOP                  0x0106
#define NOTIFICATION_EXTERNAL_REQUEST_ASCII_LOW             0x0200
#define NOTIFICATION_EXTERNAL_REQUEST_ASCII_HIGH            0x02ff

/* media status class */
#define NOTIFICATION_MEDIA_EVENT_NO_EVENT                   0x0
#define NOTIFICATION_MEDIA_EVENT_NO_CHANGE                  0x0
#define NOTIFICATION_MEDIA_EVENT_EJECT_REQUEST              0x1
#define NOTIFICATION_MEDIA_EVENT_NEW_MEDIA                  0x2
#define NOTIFICATION_MEDIA_EVENT_MEDIA_REMOVAL              0x3
#define NOTIFICATION_MEDIA_EVENT_MEDIA_CHANGE               0x4

/* multi-host class */
#define NOTIFICATION_MULTI_HOST_EVENT_NO_CHANGE             0x0
#define NOTIFICATION_MULTI_HOST_EVENT_CONTROL_REQUEST       0x1
#define NOTIFICATION_MULTI_HOST_EVENT_CONTROL_GRANT         0x2
#define NOTIFICATION_MULTI_HOST_EVENT_CONTROL_RELEASE       0x3
#define NOTIFICATION_MULTI_HOST_STATUS_READY                0x0
#define NOTIFICATION_MULTI_HOST_STATUS_PREVENT              0x1
#define NOTIFICATION_MULTI_HOST_PRIORITY_NO_REQUESTS        0x0
#define NOTIFICATION_MULTI_HOST_PRIORITY_LOW                0x1
#define NOTIFICATION_MULTI_HOST_PRIORITY_MEDIUM             0x2
#define NOTIFICATION_MULTI_HOST_PRIORITY_HIGH               0x3

/* device busy class */
#define NOTIFICATION_BUSY_EVENT_NO_EVENT                    0x0
#define NOTIFICATION_BUSY_EVENT_NO_CHANGE                   0x0
#define NOTIFICATION_BUSY_EVENT_BUSY                        0x1
#define NOTIFICATION_BUSY_EVENT_LO_CHANGE                   0x2
#define NOTIFICATION_BUSY_STATUS_NO_EVENT                   0x0
#define NOTIFICATION_BUSY_STATUS_POWER                      0x1
#define NOTIFICATION_BUSY_STATUS_IMMEDIATE                  0x2
#define NOTIFICATION_BUSY_STATUS_DEFERRED                   0x3

typedef struct _NOTIFICATION_EVENT_STATUS_HEADER {
    UCHAR EventDataLength[2];
    UCHAR NotificationClass         : 3;
    UCHAR Reserved                  : 4;
    UCHAR NEA                       : 1;    /* no event available */
    UCHAR SupportedEventClasses;
    UCHAR ClassEventData[0];
} NOTIFICATION_EVENT_STATUS_HEADER, *PNOTIFICATION_EVENT_STATUS_HEADER;

/* event class 1 */
typedef struct _NOTIFICATION_OPERATIONAL_STATUS {
    UCHAR OperationalEvent          : 4;
    UCHAR Reserved1                 : 4;
    UCHAR OperationalStatus         : 4;
    UCHAR Reserved2                 : 3;
    UCHAR PersistentPrevented       : 1;
    UCHAR Operation[2];
} NOTIFICATION_OPERATIONAL_STATUS, *PNOTIFICATION_OPERATIONAL_STATUS;

/* event class 2 */
typedef struct _NOTIFICATION_POWER_STATUS {
    UCHAR PowerEvent                : 4;
    UCHAR Reserved                  : 4;
    UCHAR PowerStatus;
    UCHAR Reserved2[2];
} NOTIFICATION_POWER_STATUS, *PNOTIFICATION_POWER_STATUS;

/* event class 3 */
typedef struct _NOTIFICATION_EXTERNAL_STATUS {
    UCHAR ExternalEvent             : 4;
    UCHAR Reserved1                 : 4;
    UCHAR ExternalStatus            : 4;
    UCHAR Reserved2                 : 3;
    UCHAR PersistentPrevented       : 1;
    UCHAR Request[2];
} NOTIFICATION_EXTERNAL_STATUS, *PNOTIFICATION_EXTERNAL_STATUS;

/* event class 4; PowerStatus is the historical name of MediaStatus */
typedef struct _NOTIFICATION_MEDIA_STATUS {
    UCHAR MediaEvent                : 4;
    UCHAR Reserved                  : 4;
    union {
        UCHAR PowerStatus;
        UCHAR MediaStatus;
        struct {
            UCHAR DoorTrayOpen      : 1;
            UCHAR MediaPresent      : 1;
            UCHAR ReservedX         : 6;
        };
    };
    UCHAR StartSlot;
    UCHAR EndSlot;
} NOTIFICATION_MEDIA_STATUS, *PNOTIFICATION_MEDIA_STATUS;

/* event class 5 */
typedef struct _NOTIFICATION_MULTI_HOST_STATUS {
    UCHAR MultiHostEvent            : 4;
    UCHAR Reserved1                 : 4;
    UCHAR MultiHostStatus           : 4;
    UCHAR Reserved2                 : 3;
    UCHAR PersistentPrevented       : 1;
    UCHAR Priority[2];
} NOTIFICATION_MULTI_HOST_STATUS, *PNOTIFICATION_MULTI_HOST_STATUS;

/* event class 6 */
typedef struct _NOTIFICATION_BUSY_STATUS {
    UCHAR DeviceBusyEvent           : 4;
    UCHAR Reserved                  : 4;
    UCHAR DeviceBusyStatus;
    UCHAR Time[2];
} NOTIFICATION_BUSY_STATUS, *PNOTIFICATION_BUSY_STATUS;

/* =========================================================================
 * SECURITY PROTOCOL IN/OUT (SPC-4)
 * ========================================================================= */

#define SECURITY_PROTOCOL_IEEE1667          0xEE
#define TCG_SECURITY_PROTOCOL_ID_0          0x00
#define TCG_SECURITY_PROTOCOL_ID_1          0x01
#define TCG_SECURITY_PROTOCOL_ID_2          0x02

/* protocol 0x00 list of supported protocols */
typedef struct _SUPPORTED_SECURITY_PROTOCOLS_PARAMETER_DATA {
    UCHAR Reserved1[6];
    UCHAR SupportedSecurityListLength[2];
    UCHAR SupportedSecurityProtocol[0];
} SUPPORTED_SECURITY_PROTOCOLS_PARAMETER_DATA, *PSUPPORTED_SECURITY_PROTOCOLS_PARAMETER_DATA;

/* =========================================================================
 * DVD structures and CSS key exchange
 * ========================================================================= */

/* READ DVD STRUCTURE format codes */
#define DVD_FORMAT_LEAD_IN                  0x00
#define DVD_FORMAT_COPYRIGHT                0x01
#define DVD_FORMAT_DISK_KEY                 0x02
#define DVD_FORMAT_BCA                      0x03
#define DVD_FORMAT_MANUFACTURING            0x04

/* REPORT KEY / SEND KEY key formats */
#define DVD_REPORT_AGID                     0x00
#define DVD_CHALLENGE_KEY                   0x01
#define DVD_KEY_1                           0x02
#define DVD_KEY_2                           0x03
#define DVD_TITLE_KEY                       0x04
#define DVD_REPORT_ASF                      0x05
#define DVD_INVALIDATE_AGID                 0x3F

typedef struct _READ_DVD_STRUCTURES_HEADER {
    UCHAR Length[2];
    UCHAR Reserved[2];
    UCHAR Data[0];
} READ_DVD_STRUCTURES_HEADER, *PREAD_DVD_STRUCTURES_HEADER;

typedef struct _CDVD_KEY_HEADER {
    UCHAR DataLength[2];
    UCHAR Reserved[2];
    UCHAR Data[0];
} CDVD_KEY_HEADER, *PCDVD_KEY_HEADER;

typedef struct _CDVD_REPORT_AGID_DATA {
    UCHAR Reserved1[3];
    UCHAR Reserved2                 : 6;
    UCHAR AGID                      : 2;
} CDVD_REPORT_AGID_DATA, *PCDVD_REPORT_AGID_DATA;

typedef struct _CDVD_CHALLENGE_KEY_DATA {
    UCHAR ChallengeKeyValue[10];
    UCHAR Reserved[2];
} CDVD_CHALLENGE_KEY_DATA, *PCDVD_CHALLENGE_KEY_DATA;

typedef struct _CDVD_KEY_DATA {
    UCHAR Key[5];
    UCHAR Reserved[3];
} CDVD_KEY_DATA, *PCDVD_KEY_DATA;

typedef struct _CDVD_REPORT_ASF_DATA {
    UCHAR Reserved1[3];
    UCHAR Success                   : 1;
    UCHAR Reserved2                 : 7;
} CDVD_REPORT_ASF_DATA, *PCDVD_REPORT_ASF_DATA;

typedef struct _CDVD_TITLE_KEY_HEADER {
    UCHAR DataLength[2];
    UCHAR Reserved1[1];
    UCHAR Reserved2                 : 3;
    UCHAR CGMS                      : 2;
    UCHAR CP_SEC                    : 1;
    UCHAR CPM                       : 1;
    UCHAR Zero                      : 1;
    CDVD_KEY_DATA TitleKey;
} CDVD_TITLE_KEY_HEADER, *PCDVD_TITLE_KEY_HEADER;

/* =========================================================================
 * FORMAT UNIT parameter list and READ FORMAT CAPACITIES data
 * ========================================================================= */

typedef struct _FORMAT_DESCRIPTOR {
    UCHAR NumberOfBlocks[4];
    UCHAR FormatSubType             : 2;
    UCHAR FormatType                : 6;
    UCHAR BlockLength[3];
} FORMAT_DESCRIPTOR, *PFORMAT_DESCRIPTOR;

typedef struct _FORMAT_LIST_HEADER {
    UCHAR Reserved;
    UCHAR VendorSpecific            : 1;
    UCHAR Immediate                 : 1;
    UCHAR TryOut                    : 1;
    UCHAR IP                        : 1;
    UCHAR STPF                      : 1;
    UCHAR DCRT                      : 1;
    UCHAR DPRY                      : 1;
    UCHAR FOV                       : 1;
    UCHAR FormatDescriptorLength[2];
    FORMAT_DESCRIPTOR Descriptors[0];
} FORMAT_LIST_HEADER, *PFORMAT_LIST_HEADER;

typedef struct _FORMATTED_CAPACITY_DESCRIPTOR {
    UCHAR NumberOfBlocks[4];
    UCHAR Maximum                   : 1;
    UCHAR Valid                     : 1;
    UCHAR FormatType                : 6;
    UCHAR BlockLength[3];
} FORMATTED_CAPACITY_DESCRIPTOR, *PFORMATTED_CAPACITY_DESCRIPTOR;

typedef struct _FORMATTED_CAPACITY_LIST {
    UCHAR Reserved[3];
    UCHAR CapacityListLength;
    FORMATTED_CAPACITY_DESCRIPTOR Descriptors[0];
} FORMATTED_CAPACITY_LIST, *PFORMATTED_CAPACITY_LIST;

/* =========================================================================
 * READ DISC INFORMATION / READ TRACK INFORMATION / READ HEADER (MMC)
 * ========================================================================= */

#define DISK_STATUS_EMPTY                   0x00
#define DISK_STATUS_INCOMPLETE              0x01
#define DISK_STATUS_COMPLETE                0x02
#define DISK_STATUS_OTHERS                  0x03

#define LAST_SESSION_EMPTY                  0x00
#define LAST_SESSION_INCOMPLETE             0x01
#define LAST_SESSION_RESERVED_DAMAGED       0x02
#define LAST_SESSION_COMPLETE               0x03

#define DISK_TYPE_CDDA                      0x00
#define DISK_TYPE_CDI                       0x10
#define DISK_TYPE_XA                        0x20
#define DISK_TYPE_UNDEFINED                 0xFF

/* MrwStatus (background format state) */
#define DISC_BGFORMAT_STATE_NONE            0x0
#define DISC_BGFORMAT_STATE_INCOMPLETE      0x1
#define DISC_BGFORMAT_STATE_RUNNING         0x2
#define DISC_BGFORMAT_STATE_COMPLETE        0x3

/* READ HEADER data mode */
#define DATA_BLOCK_MODE0                    0x0
#define DATA_BLOCK_MODE1                    0x1
#define DATA_BLOCK_MODE2                    0x2

typedef struct _OPC_TABLE_ENTRY {
    UCHAR Speed[2];
    UCHAR OPCValue[6];
} OPC_TABLE_ENTRY, *POPC_TABLE_ENTRY;

typedef struct _DISC_INFORMATION {
    UCHAR Length[2];
    UCHAR DiscStatus                : 2;
    UCHAR LastSessionStatus         : 2;
    UCHAR Erasable                  : 1;
    UCHAR Reserved1                 : 3;
    UCHAR FirstTrackNumber;
    UCHAR NumberOfSessionsLsb;
    UCHAR LastSessionFirstTrackLsb;
    UCHAR LastSessionLastTrackLsb;
    UCHAR MrwStatus                 : 2;
    UCHAR MrwDirtyBit               : 1;
    UCHAR Reserved2                 : 2;
    UCHAR URU                       : 1;
    UCHAR DBC_V                     : 1;
    UCHAR DID_V                     : 1;
    UCHAR DiscType;
    UCHAR NumberOfSessionsMsb;
    UCHAR LastSessionFirstTrackMsb;
    UCHAR LastSessionLastTrackMsb;
    UCHAR DiskIdentification[4];
    UCHAR LastSessionLeadIn[4];             /* HMSF */
    UCHAR LastPossibleLeadOutStartTime[4];  /* HMSF */
    UCHAR DiskBarCode[8];
    UCHAR Reserved4;
    UCHAR NumberOPCEntries;
    OPC_TABLE_ENTRY OPCTable[1];            /* NumberOPCEntries of them */
} DISC_INFORMATION, *PDISC_INFORMATION;

/* older form of the same data; note the different size */
typedef struct _DISK_INFORMATION {
    UCHAR Length[2];
    UCHAR DiskStatus                : 2;
    UCHAR LastSessionStatus         : 2;
    UCHAR Erasable                  : 1;
    UCHAR Reserved1                 : 3;
    UCHAR FirstTrackNumber;
    UCHAR NumberOfSessions;
    UCHAR LastSessionFirstTrack;
    UCHAR LastSessionLastTrack;
    UCHAR Reserved2                 : 5;
    UCHAR GEN                       : 1;
    UCHAR DBC_V                     : 1;
    UCHAR DID_V                     : 1;
    UCHAR DiskType;
    UCHAR Reserved3[3];
    UCHAR DiskIdentification[4];
    UCHAR LastSessionLeadIn[4];             /* MSF */
    UCHAR LastPossibleStartTime[4];         /* MSF */
    UCHAR DiskBarCode[8];
    UCHAR Reserved4;
    UCHAR NumberOPCEntries;
    OPC_TABLE_ENTRY OPCTable[0];
} DISK_INFORMATION, *PDISK_INFORMATION;

typedef struct _DATA_BLOCK_HEADER {
    UCHAR DataMode;
    UCHAR Reserved[4];
    union {
        UCHAR LogicalBlockAddress[4];
        struct {
            UCHAR Reserved;
            UCHAR M;
            UCHAR S;
            UCHAR F;
        } MSF;
    };
} DATA_BLOCK_HEADER, *PDATA_BLOCK_HEADER;

/* first revision of the track information block */
typedef struct _TRACK_INFORMATION {
    UCHAR Length[2];
    UCHAR TrackNumber;
    UCHAR SessionNumber;
    UCHAR Reserved1;
    UCHAR TrackMode                 : 4;
    UCHAR Copy                      : 1;
    UCHAR Damage                    : 1;
    UCHAR Reserved2                 : 2;
    UCHAR DataMode                  : 4;
    UCHAR FP                        : 1;
    UCHAR Packet                    : 1;
    UCHAR Blank                     : 1;
    UCHAR RT                        : 1;
    UCHAR NWA_V                     : 1;
    UCHAR Reserved3                 : 7;
    UCHAR TrackStartAddress[4];
    UCHAR NextWritableAddress[4];
    UCHAR FreeBlocks[4];
    UCHAR FixedPacketSize[4];
} TRACK_INFORMATION, *PTRACK_INFORMATION;

/* second revision: 16-bit track/session numbers, track size, LRA */
typedef struct _TRACK_INFORMATION2 {
    UCHAR Length[2];
    UCHAR TrackNumberLsb;
    UCHAR SessionNumberLsb;
    UCHAR Reserved4;
    UCHAR TrackMode                 : 4;
    UCHAR Copy                      : 1;
    UCHAR Damage                    : 1;
    UCHAR Reserved5                 : 2;
    UCHAR DataMode                  : 4;
    UCHAR FixedPacket               : 1;
    UCHAR Packet                    : 1;
    UCHAR Blank                     : 1;
    UCHAR ReservedTrack             : 1;
    UCHAR NWA_V                     : 1;
    UCHAR LRA_V                     : 1;
    UCHAR Reserved6                 : 6;
    UCHAR TrackStartAddress[4];
    UCHAR NextWritableAddress[4];
    UCHAR FreeBlocks[4];
    UCHAR FixedPacketSize[4];
    UCHAR TrackSize[4];
    UCHAR LastRecordedAddress[4];
    UCHAR TrackNumberMsb;
    UCHAR SessionNumberMsb;
    UCHAR Reserved7[2];
} TRACK_INFORMATION2, *PTRACK_INFORMATION2;

/* third revision: adds the read compatibility LBA */
typedef struct _TRACK_INFORMATION3 {
    UCHAR Length[2];
    UCHAR TrackNumberLsb;
    UCHAR SessionNumberLsb;
    UCHAR Reserved4;
    UCHAR TrackMode                 : 4;
    UCHAR Copy                      : 1;
    UCHAR Damage                    : 1;
    UCHAR Reserved5                 : 2;
    UCHAR DataMode                  : 4;
    UCHAR FixedPacket               : 1;
    UCHAR Packet                    : 1;
    UCHAR Blank                     : 1;
    UCHAR ReservedTrack             : 1;
    UCHAR NWA_V                     : 1;
    UCHAR LRA_V                     : 1;
    UCHAR Reserved6                 : 6;
    UCHAR TrackStartAddress[4];
    UCHAR NextWritableAddress[4];
    UCHAR FreeBlocks[4];
    UCHAR FixedPacketSize[4];
    UCHAR TrackSize[4];
    UCHAR LastRecordedAddress[4];
    UCHAR TrackNumberMsb;
    UCHAR SessionNumberMsb;
    UCHAR Reserved7[2];
    UCHAR ReadCompatibilityLba[4];
} TRACK_INFORMATION3, *PTRACK_INFORMATION3;

/* SET STREAMING performance descriptor */
typedef struct _PERFORMANCE_DESCRIPTOR {
    UCHAR RandomAccess              : 1;
    UCHAR Exact                     : 1;
    UCHAR RestoreDefaults           : 1;
    UCHAR WriteRotationControl      : 2;
    UCHAR Reserved1                 : 3;
    UCHAR Reserved[3];
    UCHAR StartLba[4];
    UCHAR EndLba[4];
    UCHAR ReadSize[4];
    UCHAR ReadTime[4];
    UCHAR WriteSize[4];
    UCHAR WriteTime[4];
} PERFORMANCE_DESCRIPTOR, *PPERFORMANCE_DESCRIPTOR;

/* =========================================================================
 * Parallel SCSI bus messages
 * ========================================================================= */

#define SCSIMESS_ABORT                      0x06
#define SCSIMESS_ABORT_WITH_TAG             0x0D
#define SCSIMESS_BUS_DEVICE_RESET           0x0C
#define SCSIMESS_CLEAR_QUEUE                0x0E
#define SCSIMESS_COMMAND_COMPLETE           0x00
#define SCSIMESS_DISCONNECT                 0x04
#define SCSIMESS_EXTENDED_MESSAGE           0x01
#define SCSIMESS_IDENTIFY                   0x80
#define SCSIMESS_IDENTIFY_WITH_DISCON       0xC0
#define SCSIMESS_IGNORE_WIDE_RESIDUE        0x23
#define SCSIMESS_INITIATE_RECOVERY          0x0F
#define SCSIMESS_INIT_DETECTED_ERROR        0x05
#define SCSIMESS_LINK_CMD_COMP              0x0A
#define SCSIMESS_LINK_CMD_COMP_W_FLAG       0x0B
#define SCSIMESS_MESS_PARITY_ERROR          0x09
#define SCSIMESS_MESSAGE_REJECT             0x07
#define SCSIMESS_NO_OPERATION               0x08
#define SCSIMESS_HEAD_OF_QUEUE_TAG          0x21
#define SCSIMESS_ORDERED_QUEUE_TAG          0x22
#define SCSIMESS_SIMPLE_QUEUE_TAG           0x20
#define SCSIMESS_RELEASE_RECOVERY           0x10
#define SCSIMESS_RESTORE_POINTERS           0x03
#define SCSIMESS_SAVE_DATA_POINTER          0x02
#define SCSIMESS_TERMINATE_IO_PROCESS       0x11

/* extended message codes and their lengths */
#define SCSIMESS_MODIFY_DATA_POINTER        0x00
#define SCSIMESS_SYNCHRONOUS_DATA_REQ       0x01
#define SCSIMESS_WIDE_DATA_REQUEST          0x03
#define SCSIMESS_MODIFY_DATA_LENGTH         5
#define SCSIMESS_SYNCH_DATA_LENGTH          3
#define SCSIMESS_WIDE_DATA_LENGTH           2

typedef struct _SCSI_EXTENDED_MESSAGE {
    UCHAR InitialMessageCode;
    UCHAR MessageLength;
    UCHAR MessageType;
    union _EXTENDED_ARGUMENTS {
        struct {
            UCHAR Modifier[4];
        } Modify;
        struct {
            UCHAR TransferPeriod;
            UCHAR ReqAckOffset;
        } Synchronous;
        struct {
            UCHAR Width;
        } Wide;
    } ExtendedArguments;
} SCSI_EXTENDED_MESSAGE, *PSCSI_EXTENDED_MESSAGE;

/* =========================================================================
 * Status byte (SAM)
 * ========================================================================= */

#define SCSISTAT_GOOD                       0x00
#define SCSISTAT_CHECK_CONDITION            0x02
#define SCSISTAT_CONDITION_MET              0x04
#define SCSISTAT_BUSY                       0x08
#define SCSISTAT_INTERMEDIATE               0x10
#define SCSISTAT_INTERMEDIATE_COND_MET      0x14
#define SCSISTAT_RESERVATION_CONFLICT       0x18
#define SCSISTAT_COMMAND_TERMINATED         0x22
#define SCSISTAT_QUEUE_FULL                 0x28
#define SCSISTAT_TASK_ABORTED               0x40

/* =========================================================================
 * Standard INQUIRY data
 * ========================================================================= */

/* the bytes a port driver asks for: everything up to ProductRevisionLevel */
#define INQUIRYDATABUFFERSIZE               36

typedef USHORT VERSION_DESCRIPTOR, *PVERSION_DESCRIPTOR;

/* HotPluggable field (byte 1, bits 4-5) */
#define HOT_PLUGGABLE_NO_INFORMATION_PROVIDED       0x0
#define HOT_PLUGGABLE_REMOVE_AS_SINGLE_OBJECT       0x1
#define HOT_PLUGGABLE_NOT_REMOVE_FROM_SCSI_DOMAIN   0x2
#define HOT_PLUGGABLE_RESERVED                      0x3
#define HOT_PLUGGABLE_FIELD_SHIFT                   0x4

#ifndef _INQUIRYDATA_DEFINED
#define _INQUIRYDATA_DEFINED

typedef struct _INQUIRYDATA {
    /* byte 0 */
    UCHAR DeviceType                : 5;
    UCHAR DeviceTypeQualifier       : 3;
    /* byte 1: old and current views */
    union {
        struct {
            UCHAR DeviceTypeModifier : 7;
            UCHAR ReservedField1    : 1;
        };
        struct {
            UCHAR ReservedField2    : 4;
            UCHAR HotPluggable      : 2;
            UCHAR LU_CONG           : 1;
            UCHAR RemovableMedia    : 1;
        };
    };
    /* byte 2 */
    union {
        UCHAR Versions;
        struct {
            UCHAR ANSIVersion       : 3;
            UCHAR ECMAVersion       : 3;
            UCHAR ISOVersion        : 2;
        };
    };
    /* byte 3 */
    UCHAR ResponseDataFormat        : 4;
    UCHAR HiSupport                 : 1;
    UCHAR NormACA                   : 1;
    UCHAR TerminateTask             : 1;
    UCHAR AERC                      : 1;
    /* byte 4 */
    UCHAR AdditionalLength;
    /* byte 5 */
    union {
        UCHAR Reserved;
        struct {
            UCHAR PROTECT           : 1;
            UCHAR Reserved_1        : 2;
            UCHAR ThirdPartyCoppy   : 1;    /* WDK spelling */
            UCHAR TPGS              : 2;
            UCHAR ACC               : 1;
            UCHAR SCCS              : 1;
        };
    };
    /* byte 6 */
    UCHAR Addr16                    : 1;
    UCHAR Addr32                    : 1;
    UCHAR AckReqQ                   : 1;
    UCHAR MediumChanger             : 1;
    UCHAR MultiPort                 : 1;
    UCHAR ReservedBit2              : 1;
    UCHAR EnclosureServices         : 1;
    UCHAR ReservedBit3              : 1;
    /* byte 7 */
    UCHAR SoftReset                 : 1;
    UCHAR CommandQueue              : 1;
    UCHAR TransferDisable           : 1;
    UCHAR LinkedCommands            : 1;
    UCHAR Synchronous               : 1;
    UCHAR Wide16Bit                 : 1;
    UCHAR Wide32Bit                 : 1;
    UCHAR RelativeAddressing        : 1;
    /* bytes 8-57 */
    UCHAR VendorId[8];
    UCHAR ProductId[16];
    UCHAR ProductRevisionLevel[4];
    UCHAR VendorSpecific[20];
    UCHAR Reserved3[2];
    /* bytes 58-73 */
    VERSION_DESCRIPTOR VersionDescriptors[8];
    UCHAR Reserved4[30];
} INQUIRYDATA, *PINQUIRYDATA;

#endif /* _INQUIRYDATA_DEFINED */

#define OFFSET_VER_DESCRIPTOR_ONE           (FIELD_OFFSET(INQUIRYDATA, VersionDescriptors[0]))
#define OFFSET_VER_DESCRIPTOR_EIGHT         (FIELD_OFFSET(INQUIRYDATA, VersionDescriptors[8]))

/* peripheral device type (INQUIRYDATA.DeviceType) */
#define DIRECT_ACCESS_DEVICE                0x00    /* disk */
#define SEQUENTIAL_ACCESS_DEVICE            0x01    /* tape */
#define PRINTER_DEVICE                      0x02
#define PROCESSOR_DEVICE                    0x03
#define WRITE_ONCE_READ_MULTIPLE_DEVICE     0x04
#define READ_ONLY_DIRECT_ACCESS_DEVICE      0x05    /* CD/DVD */
#define SCANNER_DEVICE                      0x06
#define OPTICAL_DEVICE                      0x07
#define MEDIUM_CHANGER                      0x08
#define COMMUNICATION_DEVICE                0x09
#define ARRAY_CONTROLLER_DEVICE             0x0C
#define SCSI_ENCLOSURE_DEVICE               0x0D
#define REDUCED_BLOCK_DEVICE                0x0E
#define OPTICAL_CARD_READER_WRITER_DEVICE   0x0F
#define BRIDGE_CONTROLLER_DEVICE            0x10
#define OBJECT_BASED_STORAGE_DEVICE         0x11
#define HOST_MANAGED_ZONED_BLOCK_DEVICE     0x14
#define UNKNOWN_OR_NO_DEVICE                0x1F
#define LOGICAL_UNIT_NOT_PRESENT_DEVICE     0x7F

/* peripheral qualifier (INQUIRYDATA.DeviceTypeQualifier) */
#define DEVICE_QUALIFIER_ACTIVE             0x00
#define DEVICE_QUALIFIER_NOT_ACTIVE         0x01
#define DEVICE_QUALIFIER_NOT_SUPPORTED      0x03
#define DEVICE_CONNECTED                    0x00

/* version descriptor values (SPC-4) */
#define VER_DESCRIPTOR_SPC4_NOVERSION       0x0460
#define VER_DESCRIPTOR_SPC4_T10_1731D_R16   0x0461
#define VER_DESCRIPTOR_SPC4_T10_1731D_R18   0x0462
#define VER_DESCRIPTOR_SPC4_T10_1731D_R23   0x0463
#define VER_DESCRIPTOR_SBC3                 0x04C0
#define VER_DESCRIPTOR_1667_NOVERSION       0xFFC0
#define VER_DESCRIPTOR_1667_2006            0xFFC1
#define VER_DESCRIPTOR_1667_2009            0xFFC2

/* =========================================================================
 * Vital product data pages (INQUIRY with EVPD=1)
 * ========================================================================= */

#define VPD_MAX_BUFFER_SIZE                 0xff

#define VPD_SUPPORTED_PAGES                 0x00
#define VPD_SERIAL_NUMBER                   0x80
#define VPD_DEVICE_IDENTIFIERS              0x83
#define VPD_MEDIA_SERIAL_NUMBER             0x84
#define VPD_SOFTWARE_INTERFACE_IDENTIFIERS  0x84
#define VPD_NETWORK_MANAGEMENT_ADDRESSES    0x85
#define VPD_EXTENDED_INQUIRY_DATA           0x86
#define VPD_MODE_PAGE_POLICY                0x87
#define VPD_SCSI_PORTS                      0x88
#define VPD_ATA_INFORMATION                 0x89
#define VPD_THIRD_PARTY_COPY                0x8F
#define VPD_BLOCK_LIMITS                    0xB0
#define VPD_BLOCK_DEVICE_CHARACTERISTICS    0xB1
#define VPD_LOGICAL_BLOCK_PROVISIONING      0xB2
#define VPD_ZONED_BLOCK_DEVICE_CHARACTERISTICS 0xB6

/* page 0x00 */
typedef struct _VPD_SUPPORTED_PAGES_PAGE {
    UCHAR DeviceType                : 5;
    UCHAR DeviceTypeQualifier       : 3;
    UCHAR PageCode;
    UCHAR Reserved;
    UCHAR PageLength;
    UCHAR SupportedPageList[0];
} VPD_SUPPORTED_PAGES_PAGE, *PVPD_SUPPORTED_PAGES_PAGE;

/* page 0x80 */
typedef struct _VPD_SERIAL_NUMBER_PAGE {
    UCHAR DeviceType                : 5;
    UCHAR DeviceTypeQualifier       : 3;
    UCHAR PageCode;
    UCHAR Reserved;
    UCHAR PageLength;
    UCHAR SerialNumber[0];
} VPD_SERIAL_NUMBER_PAGE, *PVPD_SERIAL_NUMBER_PAGE;

/* page 0x84 (media serial number) */
typedef struct _VPD_MEDIA_SERIAL_NUMBER_PAGE {
    UCHAR DeviceType                : 5;
    UCHAR DeviceTypeQualifier       : 3;
    UCHAR PageCode;
    UCHAR Reserved;
    UCHAR PageLength;
    UCHAR SerialNumber[0];
} VPD_MEDIA_SERIAL_NUMBER_PAGE, *PVPD_MEDIA_SERIAL_NUMBER_PAGE;

/* page 0x83 descriptor fields */
typedef enum _VPD_CODE_SET {
    VpdCodeSetReserved = 0,
    VpdCodeSetBinary = 1,
    VpdCodeSetAscii = 2,
    VpdCodeSetUTF8 = 3
} VPD_CODE_SET, *PVPD_CODE_SET;

typedef enum _VPD_ASSOCIATION {
    VpdAssocDevice = 0,
    VpdAssocPort = 1,
    VpdAssocTarget = 2,
    VpdAssocReserved1 = 3,
    VpdAssocReserved2 = 4
} VPD_ASSOCIATION, *PVPD_ASSOCIATION;

typedef enum _VPD_IDENTIFIER_TYPE {
    VpdIdentifierTypeVendorSpecific = 0,
    VpdIdentifierTypeVendorId = 1,
    VpdIdentifierTypeEUI64 = 2,
    VpdIdentifierTypeFCPHName = 3,
    VpdIdentifierTypePortRelative = 4,
    VpdIdentifierTypeTargetPortGroup = 5,
    VpdIdentifierTypeLogicalUnitGroup = 6,
    VpdIdentifierTypeMD5LogicalUnitId = 7,
    VpdIdentifierTypeSCSINameString = 8
} VPD_IDENTIFIER_TYPE, *PVPD_IDENTIFIER_TYPE;

typedef struct _VPD_IDENTIFICATION_DESCRIPTOR {
    UCHAR CodeSet                   : 4;    /* VPD_CODE_SET */
    UCHAR Reserved                  : 4;
    UCHAR IdentifierType            : 4;    /* VPD_IDENTIFIER_TYPE */
    UCHAR Association               : 2;    /* VPD_ASSOCIATION */
    UCHAR Reserved2                 : 2;
    UCHAR Reserved3;
    UCHAR IdentifierLength;
    UCHAR Identifier[0];
} VPD_IDENTIFICATION_DESCRIPTOR, *PVPD_IDENTIFICATION_DESCRIPTOR;

/* page 0x83: Descriptors holds variable-length identification descriptors */
typedef struct _VPD_IDENTIFICATION_PAGE {
    UCHAR DeviceType                : 5;
    UCHAR DeviceTypeQualifier       : 3;
    UCHAR PageCode;
    UCHAR Reserved;
    UCHAR PageLength;
    UCHAR Descriptors[0];
} VPD_IDENTIFICATION_PAGE, *PVPD_IDENTIFICATION_PAGE;

/* page 0x86 */
typedef struct _VPD_EXTENDED_INQUIRY_DATA_PAGE {
    UCHAR DeviceType                : 5;
    UCHAR DeviceTypeQualifier       : 3;
    UCHAR PageCode;
    UCHAR PageLength[2];
    /* byte 4 */
    UCHAR RefChk                    : 1;
    UCHAR AppChk                    : 1;
    UCHAR GrdChk                    : 1;
    UCHAR Spt                       : 3;
    UCHAR ActivateMicrocode         : 2;
    /* byte 5 */
    UCHAR SimpSup                   : 1;
    UCHAR OrdSup                    : 1;
    UCHAR HeadSup                   : 1;
    UCHAR PriorSup                  : 1;
    UCHAR GroupSup                  : 1;
    UCHAR UaskSup                   : 1;
    UCHAR Reserved0                 : 2;
    /* byte 6 */
    UCHAR VSup                      : 1;
    UCHAR NvSup                     : 1;
    UCHAR Obsolete0                 : 1;
    UCHAR WuSup                     : 1;
    UCHAR Reserved1                 : 4;
    /* byte 7 */
    UCHAR LuiClr                    : 1;
    UCHAR Reserved2                 : 3;
    UCHAR PiiSup                    : 1;
    UCHAR NoPiChk                   : 1;
    UCHAR Reserved3                 : 2;
    /* byte 8 */
    UCHAR Obsolete1                 : 1;
    UCHAR HssRelef                  : 1;
    UCHAR Reserved4                 : 1;
    UCHAR RtdSup                    : 1;
    UCHAR RSup                      : 1;
    UCHAR LuCollectionType          : 3;
    /* byte 9 */
    UCHAR Multi_i_t_Nexus_Microcode_Download : 4;
    UCHAR Reserved5                 : 4;
    /* bytes 10-11 */
    UCHAR ExtendedSelfTestCompletionMinutes[2];
    /* byte 12 */
    UCHAR Reserved6                 : 5;
    UCHAR VsaSup                    : 1;
    UCHAR HraSup                    : 1;
    UCHAR PoaSup                    : 1;
    /* byte 13 */
    UCHAR MaxSupportedSenseDataLength;
    /* byte 14 */
    UCHAR Nrd0                      : 1;
    UCHAR Nrd1                      : 1;
    UCHAR Sac                       : 1;
    UCHAR Reserved7                 : 3;
    UCHAR Ias                       : 1;
    UCHAR Ibs                       : 1;
    /* bytes 15-63 */
    UCHAR MaxInquiryChangeLogs[2];
    UCHAR MaxModePageChangeLogs[2];
    UCHAR Reserved8[45];
} VPD_EXTENDED_INQUIRY_DATA_PAGE, *PVPD_EXTENDED_INQUIRY_DATA_PAGE;

/* page 0x89 (SAT) */
typedef struct _VPD_ATA_INFORMATION_PAGE {
    UCHAR DeviceType                : 5;
    UCHAR DeviceTypeQualifier       : 3;
    UCHAR PageCode;
    UCHAR PageLength[2];                /* 0x238 */
    UCHAR Reserved0[4];
    UCHAR VendorId[8];
    UCHAR ProductId[16];
    UCHAR ProductRevisionLevel[4];
    UCHAR DeviceSignature[20];
    UCHAR CommandCode;
    UCHAR Reserved1[3];
    UCHAR IdentifyDeviceData[512];
} VPD_ATA_INFORMATION_PAGE, *PVPD_ATA_INFORMATION_PAGE;

/* page 0x8F */
typedef struct _VPD_THIRD_PARTY_COPY_PAGE {
    UCHAR DeviceType                : 5;
    UCHAR DeviceTypeQualifier       : 3;
    UCHAR PageCode;
    UCHAR PageLength[2];
    UCHAR ThirdPartyCopyDescriptors[ANYSIZE_ARRAY];
} VPD_THIRD_PARTY_COPY_PAGE, *PVPD_THIRD_PARTY_COPY_PAGE;

/* third party copy descriptor used for offloaded data transfer */
#define BLOCK_DEVICE_TOKEN_LIMITS_DESCRIPTOR_TYPE_WINDOWS   0x00

typedef struct _WINDOWS_BLOCK_DEVICE_TOKEN_LIMITS_DESCRIPTOR {
    UCHAR DescriptorType[2];
    UCHAR DescriptorLength[2];
    UCHAR VendorSpecific[6];
    UCHAR MaximumRangeDescriptors[2];
    UCHAR MaximumInactivityTimer[4];
    UCHAR DefaultInactivityTimer[4];
    UCHAR MaximumTokenTransferSize[8];
    UCHAR OptimalTransferCount[8];
} WINDOWS_BLOCK_DEVICE_TOKEN_LIMITS_DESCRIPTOR, *PWINDOWS_BLOCK_DEVICE_TOKEN_LIMITS_DESCRIPTOR;

/* page 0xB0 */
typedef struct _VPD_BLOCK_LIMITS_PAGE {
    UCHAR DeviceType                : 5;
    UCHAR DeviceTypeQualifier       : 3;
    UCHAR PageCode;
    UCHAR PageLength[2];                /* 0x3C */
    union {
        struct {
            UCHAR Reserved0;
            UCHAR MaximumCompareAndWriteLength;
            UCHAR OptimalTransferLengthGranularity[2];
            UCHAR MaximumTransferLength[4];
            UCHAR OptimalTransferLength[4];
            UCHAR MaxPrefetchXDReadXDWriteTransferLength[4];
            UCHAR MaximumUnmapLBACount[4];
            UCHAR MaximumUnmapBlockDescriptorCount[4];
            UCHAR OptimalUnmapGranularity[4];
            union {
                struct {
                    UCHAR UnmapGranularityAlignmentByte3 : 7;
                    UCHAR UGAValid  : 1;
                    UCHAR UnmapGranularityAlignmentByte2;
                    UCHAR UnmapGranularityAlignmentByte1;
                    UCHAR UnmapGranularityAlignmentByte0;
                };
                UCHAR UnmapGranularityAlignment[4];
            };
            UCHAR Reserved1[28];
        };
        UCHAR Descriptors[0];
    };
} VPD_BLOCK_LIMITS_PAGE, *PVPD_BLOCK_LIMITS_PAGE;

/* page 0xB1 ZONED field */
#define ZONED_CAPABILITIES_NOT_REPORTED     0x0
#define ZONED_CAPABILITIES_HOST_AWARE       0x1
#define ZONED_CAPABILITIES_DEVICE_MANAGED   0x2

/* page 0xB1 */
typedef struct _VPD_BLOCK_DEVICE_CHARACTERISTICS_PAGE {
    UCHAR DeviceType                : 5;
    UCHAR DeviceTypeQualifier       : 3;
    UCHAR PageCode;
    UCHAR Reserved0;
    UCHAR PageLength;                   /* 0x3C */
    UCHAR MediumRotationRateMsb;
    UCHAR MediumRotationRateLsb;
    UCHAR MediumProductType;
    UCHAR NominalFormFactor         : 4;
    UCHAR WACEREQ                   : 2;
    UCHAR WABEREQ                   : 2;
    UCHAR VBULS                     : 1;
    UCHAR FUAB                      : 1;
    UCHAR BOCS                      : 1;
    UCHAR Reserved1                 : 1;
    UCHAR ZONED                     : 2;
    UCHAR Reserved2                 : 2;
    UCHAR Reserved3[3];
    UCHAR DepopulationTime[4];
    UCHAR Reserved4[48];
} VPD_BLOCK_DEVICE_CHARACTERISTICS_PAGE, *PVPD_BLOCK_DEVICE_CHARACTERISTICS_PAGE;

/* page 0xB2 ProvisioningType */
#define PROVISIONING_TYPE_UNKNOWN           0x0
#define PROVISIONING_TYPE_RESOURCE          0x1
#define PROVISIONING_TYPE_THIN              0x2

/* page 0xB2 */
typedef struct _VPD_LOGICAL_BLOCK_PROVISIONING_PAGE {
    UCHAR DeviceType                : 5;
    UCHAR DeviceTypeQualifier       : 3;
    UCHAR PageCode;
    UCHAR PageLength[2];
    UCHAR ThresholdExponent;
    UCHAR DP                        : 1;
    UCHAR ANC_SUP                   : 1;
    UCHAR LBPRZ                     : 1;
    UCHAR Reserved0                 : 2;
    UCHAR LBPWS10                   : 1;
    UCHAR LBPWS                     : 1;
    UCHAR LBPU                      : 1;
    UCHAR ProvisioningType          : 3;
    UCHAR Reserved1                 : 5;
    UCHAR Reserved2;
    UCHAR ProvisioningGroupDescr[0];
} VPD_LOGICAL_BLOCK_PROVISIONING_PAGE, *PVPD_LOGICAL_BLOCK_PROVISIONING_PAGE;

/* page 0xB6 */
typedef struct _VPD_ZONED_BLOCK_DEVICE_CHARACTERISTICS_PAGE {
    UCHAR DeviceType                : 5;
    UCHAR DeviceTypeQualifier       : 3;
    UCHAR PageCode;
    UCHAR PageLength[2];                /* 0x3C */
    UCHAR URSWRZ                    : 1;
    UCHAR Reserved1                 : 7;
    UCHAR Reserved2[3];
    UCHAR OptimalNumberOfOpenSequentialWritePreferredZone[4];
    UCHAR OptimalNumberOfNonSequentiallyWrittenSequentialWritePreferredZone[4];
    UCHAR MaxNumberOfOpenSequentialWriteRequiredZone[4];
    UCHAR Reserved3[44];
} VPD_ZONED_BLOCK_DEVICE_CHARACTERISTICS_PAGE, *PVPD_ZONED_BLOCK_DEVICE_CHARACTERISTICS_PAGE;

/* =========================================================================
 * Log pages (LOG SENSE / LOG SELECT)
 * ========================================================================= */

#define LOG_PAGE_CODE_SUPPORTED_LOG_PAGES           0x00
#define LOG_PAGE_CODE_WRITE_ERROR_COUNTERS          0x02
#define LOG_PAGE_CODE_READ_ERROR_COUNTERS           0x03
#define LOG_PAGE_CODE_LOGICAL_BLOCK_PROVISIONING    0x0C
#define LOG_PAGE_CODE_TEMPERATURE                   0x0D
#define LOG_PAGE_CODE_ENVIRONMENTAL_REPORTING       0x0D
#define LOG_PAGE_CODE_STARTSTOP_CYCLE_COUNTERS      0x0E
#define LOG_PAGE_CODE_UTILIZATION                   0x0E
#define LOG_PAGE_CODE_SELFTEST_RESULTS              0x10
#define LOG_PAGE_CODE_SOLID_STATE_MEDIA             0x11
#define LOG_PAGE_CODE_BACKGROUND_SCAN_RESULTS       0x15
#define LOG_PAGE_CODE_PERFORMANCE_AND_STATISTICS    0x19
#define LOG_PAGE_CODE_INFORMATIONAL_EXCEPTIONS      0x2F

#define LOG_SUBPAGE_CODE_WRITE_ERROR_COUNTERS       0x00
#define LOG_SUBPAGE_CODE_READ_ERROR_COUNTERS        0x00
#define LOG_SUBPAGE_CODE_LOGICAL_BLOCK_PROVISIONING 0x00
#define LOG_SUBPAGE_CODE_TEMPERATURE                0x00
#define LOG_SUBPAGE_CODE_ENVIRONMENTAL_REPORTING    0x01
#define LOG_SUBPAGE_CODE_STARTSTOP_CYCLE_COUNTERS   0x00
#define LOG_SUBPAGE_CODE_UTILIZATION                0x01
#define LOG_SUBPAGE_CODE_SELFTEST_RESULTS           0x00
#define LOG_SUBPAGE_CODE_SOLID_STATE_MEDIA          0x00
#define LOG_SUBPAGE_CODE_BACKGROUND_SCAN_RESULTS    0x00
#define LOG_SUBPAGE_CODE_INFORMATIONAL_EXCEPTIONS   0x00
#define LOG_SUBPAGE_CODE_COMMAND_DURATION_LIMIT_STATISTICS 0x21
#define LOG_SUBPAGE_CODE_SUPPORTED_SUBPAGES         0xFF

typedef struct _LOG_PARAMETER_HEADER {
    UCHAR ParameterCode[2];
    union {
        UCHAR ControlByte;
        struct {
            UCHAR FormatAndLinking  : 2;
            UCHAR TMC               : 2;
            UCHAR ETC               : 1;
            UCHAR TSD               : 1;
            UCHAR Obsolete          : 1;
            UCHAR DU                : 1;
        };
    };
    UCHAR ParameterLength;
} LOG_PARAMETER_HEADER, *PLOG_PARAMETER_HEADER;

/* one log parameter: a header and a page-specific value */
typedef struct _LOG_PARAMETER {
    LOG_PARAMETER_HEADER Header;
    union {
        UCHAR AsByte[0];

        struct MPABI_SCSI_NESTED_TAG(_THRESHOLD_RESOURCE_COUNT) {
            UCHAR ResourceCount[4];
            UCHAR Scope             : 2;
            UCHAR Reserved1         : 6;
            UCHAR Reserved2[3];
        } THRESHOLD_RESOURCE_COUNT;

        struct MPABI_SCSI_NESTED_TAG(_TEMPERATURE) {
            UCHAR Reserved;
            UCHAR Temperature;
        } TEMPERATURE;

        struct MPABI_SCSI_NESTED_TAG(_DATE_OF_MANUFACTURE) {
            UCHAR Year[4];
            UCHAR Week[2];
        } DATE_OF_MANUFACTURE;

        struct MPABI_SCSI_NESTED_TAG(_WORKLOAD_UTILIZATION) {
            UCHAR WorkloadUtilization[2];
        } WORKLOAD_UTILIZATION;

        struct MPABI_SCSI_NESTED_TAG(_SELF_TEST_RESULTS) {
            UCHAR SelfTestResults   : 4;
            UCHAR Reserved1         : 1;
            UCHAR SelfTestCode      : 3;
            UCHAR SelfTestNumber;
            UCHAR PowerOnHours[2];
            UCHAR AddressOfFirstFailure[8];
            UCHAR SenseKey          : 4;
            UCHAR Reserved2         : 4;
            UCHAR AdditionalSenseCode;
            UCHAR AdditionalSenseCodeQualifier;
            UCHAR VendorSpecific;
        } SELF_TEST_RESULTS;

        struct MPABI_SCSI_NESTED_TAG(_SOLID_STATE_MEDIA) {
            UCHAR Reserved[3];
            UCHAR PercentageUsed;
        } SOLID_STATE_MEDIA;

        struct MPABI_SCSI_NESTED_TAG(_BACKGROUND_SCAN_STATUS) {
            UCHAR PowerOnMinutes[4];
            UCHAR Reserved;
            UCHAR ScanStatus;
            UCHAR ScansPerformed[2];
            UCHAR ScanProgress[2];
            UCHAR MediumScansPerformed[2];
        } BACKGROUND_SCAN_STATUS;

        struct MPABI_SCSI_NESTED_TAG(_INFORMATIONAL_EXCEPTIONS) {
            UCHAR ASC;
            UCHAR ASCQ;
            UCHAR MostRecentTemperature;
            UCHAR VendorSpecific[ANYSIZE_ARRAY];
        } INFORMATIONAL_EXCEPTIONS;
    };
} LOG_PARAMETER, *PLOG_PARAMETER;

typedef struct _LOG_PAGE {
    UCHAR PageCode                  : 6;
    UCHAR SPF                       : 1;
    UCHAR DS                        : 1;
    UCHAR SubPageCode;
    UCHAR PageLength[2];
    LOG_PARAMETER Parameters[0];
} LOG_PAGE, *PLOG_PAGE;

/* logical block provisioning log page (0x0C) */
#define LOG_PAGE_LBP_PARAMETER_CODE_AVAILABLE               0x1
#define LOG_PAGE_LBP_PARAMETER_CODE_USED                    0x2
#define LOG_PAGE_LBP_RESOURCE_SCOPE_NOT_REPORTED            0x0
#define LOG_PAGE_LBP_RESOURCE_SCOPE_DEDICATED_TO_LUN        0x1
#define LOG_PAGE_LBP_RESOURCE_SCOPE_NOT_DEDICATED_TO_LUN    0x2

typedef struct _LOG_PARAMETER_THRESHOLD_RESOURCE_COUNT {
    LOG_PARAMETER_HEADER Header;
    UCHAR ResourceCount[4];
    UCHAR Scope                     : 2;
    UCHAR Reserved0                 : 6;
    UCHAR Reserved1[3];
} LOG_PARAMETER_THRESHOLD_RESOURCE_COUNT, *PLOG_PARAMETER_THRESHOLD_RESOURCE_COUNT;

typedef struct _LOG_PAGE_LOGICAL_BLOCK_PROVISIONING {
    UCHAR PageCode                  : 6;
    UCHAR SPF                       : 1;
    UCHAR DS                        : 1;
    UCHAR SubPageCode;
    UCHAR PageLength[2];
    LOG_PARAMETER_HEADER Parameters[0];
} LOG_PAGE_LOGICAL_BLOCK_PROVISIONING, *PLOG_PAGE_LOGICAL_BLOCK_PROVISIONING;

/* =========================================================================
 * Persistent reservations
 * ========================================================================= */

/* PERSISTENT RESERVE IN service actions */
#define RESERVATION_ACTION_READ_KEYS                    0x00
#define RESERVATION_ACTION_READ_RESERVATIONS            0x01
#define RESERVATION_ACTION_REPORT_CAPABILITIES          0x02
#define RESERVATION_ACTION_READ_FULL_STATUS             0x03

/* PERSISTENT RESERVE OUT service actions */
#define RESERVATION_ACTION_REGISTER                     0x00
#define RESERVATION_ACTION_RESERVE                      0x01
#define RESERVATION_ACTION_RELEASE                      0x02
#define RESERVATION_ACTION_CLEAR                        0x03
#define RESERVATION_ACTION_PREEMPT                      0x04
#define RESERVATION_ACTION_PREEMPT_ABORT                0x05
#define RESERVATION_ACTION_REGISTER_IGNORE_EXISTING     0x06
#define RESERVATION_ACTION_REGISTER_AND_MOVE            0x07
#define RESERVATION_ACTION_REPLACE_LOST_RESERVATION     0x08

#define RESERVATION_SCOPE_LU                            0x00
#define RESERVATION_SCOPE_ELEMENT                       0x02

#define RESERVATION_TYPE_WRITE_EXCLUSIVE                0x01
#define RESERVATION_TYPE_EXCLUSIVE                      0x03
#define RESERVATION_TYPE_WRITE_EXCLUSIVE_REGISTRANTS    0x05
#define RESERVATION_TYPE_EXCLUSIVE_REGISTRANTS          0x06
#define RESERVATION_TYPE_WRITE_EXCLUSIVE_ALL_REGISTRANTS 0x07
#define RESERVATION_TYPE_EXCLUSIVE_ALL_REGISTRANTS      0x08

/* READ KEYS */
typedef struct _PRI_REGISTRATION_LIST {
    UCHAR Generation[4];
    UCHAR AdditionalLength[4];
    UCHAR ReservationKeyList[0][8];
} PRI_REGISTRATION_LIST, *PPRI_REGISTRATION_LIST;

/* READ RESERVATION */
typedef struct _PRI_RESERVATION_DESCRIPTOR {
    UCHAR ReservationKey[8];
    UCHAR ScopeSpecificAddress[4];
    UCHAR Reserved;
    UCHAR Type                      : 4;
    UCHAR Scope                     : 4;
    UCHAR Obsolete[2];
} PRI_RESERVATION_DESCRIPTOR, *PPRI_RESERVATION_DESCRIPTOR;

typedef struct _PRI_RESERVATION_LIST {
    UCHAR Generation[4];
    UCHAR AdditionalLength[4];
    PRI_RESERVATION_DESCRIPTOR Reservations[0];
} PRI_RESERVATION_LIST, *PPRI_RESERVATION_LIST;

/* READ FULL STATUS */
typedef struct _PRI_FULL_STATUS_DESCRIPTOR_HEADER {
    UCHAR ReservationKey[8];
    UCHAR Reserved[4];
    UCHAR ReservationHolder         : 1;
    UCHAR AllTargetPorts            : 1;
    UCHAR Reserved1                 : 6;
    UCHAR Type                      : 4;
    UCHAR Scope                     : 4;
    UCHAR Reserved2[4];
    UCHAR RelativeTargetPortIdentifier[2];
    UCHAR AdditionalDescriptorLength[4];
} PRI_FULL_STATUS_DESCRIPTOR_HEADER, *PPRI_FULL_STATUS_DESCRIPTOR_HEADER;

typedef struct _PRI_FULL_STATUS_DESCRIPTOR {
    PRI_FULL_STATUS_DESCRIPTOR_HEADER Header;
    UCHAR TransportID[ANYSIZE_ARRAY];
} PRI_FULL_STATUS_DESCRIPTOR, *PPRI_FULL_STATUS_DESCRIPTOR;

typedef struct _PRI_FULL_STATUS_LIST_HEADER {
    UCHAR Generation[4];
    UCHAR AdditionalLength[4];
} PRI_FULL_STATUS_LIST_HEADER, *PPRI_FULL_STATUS_LIST_HEADER;

/* descriptors vary in length; the array only marks where they start */
typedef struct _PRI_FULL_STATUS_LIST {
    UCHAR Generation[4];
    UCHAR AdditionalLength[4];
    PRI_FULL_STATUS_DESCRIPTOR_HEADER FullStatusDescriptors[ANYSIZE_ARRAY];
} PRI_FULL_STATUS_LIST, *PPRI_FULL_STATUS_LIST;

/* REPORT CAPABILITIES */
typedef struct _PRI_REPORT_CAPABILITIES {
    UCHAR Length[2];
    /* byte 2 */
    UCHAR PersistThroughPowerLossCapable : 1;
    UCHAR Reserved                  : 1;
    UCHAR AllTargetPortsCapable     : 1;
    UCHAR SpecifyInitiatorPortsCapable : 1;
    UCHAR CompatibleReservationHandling : 1;
    UCHAR Reserved1                 : 2;
    UCHAR ReplaceLostReservationCapable : 1;
    /* byte 3 */
    UCHAR PersistThroughPowerLossActivated : 1;
    UCHAR Reserved2                 : 3;
    UCHAR AllowCommands             : 3;
    UCHAR TypeMaskValid             : 1;
    /* byte 4 */
    UCHAR Reserved3                 : 1;
    UCHAR WriteExclusive            : 1;
    UCHAR Reserved4                 : 1;
    UCHAR ExclusiveAccess           : 1;
    UCHAR Reserved5                 : 1;
    UCHAR WriteExclusiveRegistrantsOnly : 1;
    UCHAR ExclusiveAccessRegistrantsOnly : 1;
    UCHAR WriteExclusiveAllRegistrants : 1;
    /* byte 5 */
    UCHAR ExclusiveAccessAllRegistrants : 1;
    UCHAR Reserved6                 : 7;
    UCHAR Reserved7[2];
} PRI_REPORT_CAPABILITIES, *PPRI_REPORT_CAPABILITIES;

/* PERSISTENT RESERVE OUT parameter list (basic form) */
typedef struct _PRO_PARAMETER_LIST {
    UCHAR ReservationKey[8];
    UCHAR ServiceActionReservationKey[8];
    UCHAR ScopeSpecificAddress[4];
    UCHAR ActivatePersistThroughPowerLoss : 1;
    UCHAR Reserved1                 : 1;
    UCHAR AllTargetPorts            : 1;
    UCHAR SpecifyInitiatorPorts     : 1;
    UCHAR Reserved2                 : 4;
    UCHAR Reserved3;
    UCHAR Obsolete[2];
} PRO_PARAMETER_LIST, *PPRO_PARAMETER_LIST;

/* =========================================================================
 * Timestamps and REPORT SUPPORTED OPERATION CODES
 * ========================================================================= */

/* REPORT TIMESTAMP parameter data */
typedef struct _RT_PARAMETER_DATA {
    UCHAR ParameterDataLength[2];
    UCHAR Origin                    : 3;
    UCHAR Reserved1                 : 5;
    UCHAR Reserved2;
    UCHAR Timestamp[6];                 /* milliseconds since the epoch */
    UCHAR Reserved3[2];
} RT_PARAMETER_DATA, *PRT_PARAMETER_DATA;

/* SET TIMESTAMP parameter list */
typedef struct _ST_PARAMETER_DATA {
    UCHAR Reserved1[4];
    UCHAR Timestamp[6];
    UCHAR Reserved2[2];
} ST_PARAMETER_DATA, *PST_PARAMETER_DATA;

#define REPORT_SUPPORTED_OPERATION_CODES_REPORTING_OPTIONS_ALL              0x0
#define REPORT_SUPPORTED_OPERATION_CODES_REPORTING_OPTIONS_OP               0x1
#define REPORT_SUPPORTED_OPERATION_CODES_REPORTING_OPTIONS_OP_SA            0x2
#define REPORT_SUPPORTED_OPERATION_CODES_REPORTING_OPTIONS_OP_SA_OVERWRITE  0x3

#define REPORT_SUPPORTED_OPERATION_CODES_SUPPORT_NOT_AVAILABLE              0x0
#define REPORT_SUPPORTED_OPERATION_CODES_SUPPORT_NONE                       0x1
#define REPORT_SUPPORTED_OPERATION_CODES_SUPPORT_SUPPORT_STANDARD           0x3
#define REPORT_SUPPORTED_OPERATION_CODES_SUPPORT_SUPPORT_VENDOR             0x5

typedef struct _RS_COMMAND_TIMEOUTS_DESCRIPTOR {
    UCHAR DescriptorLength[2];          /* 0x0A */
    UCHAR Reserved;
    UCHAR CommandSpecific;
    UCHAR NominalCommandProcessingTimeoutInSec[4];
    UCHAR RecommendedCommandTimeoutInSec[4];
} RS_COMMAND_TIMEOUTS_DESCRIPTOR, *PRS_COMMAND_TIMEOUTS_DESCRIPTOR;

/* one-command format; a timeouts descriptor may follow the usage data */
typedef struct _RS_ONE_COMMAND_PARAMETER_DATA {
    UCHAR ReadWriteCommandDurationLimitsPage : 1;
    UCHAR Reserved                  : 7;
    UCHAR Support                   : 3;
    UCHAR CommandDurationLimitPage  : 2;
    UCHAR MultipleLogicalUnits      : 2;
    UCHAR CommandTimeoutsDescriptorPresent : 1;
    UCHAR CdbSize[2];
    UCHAR CdbUsageData[ANYSIZE_ARRAY];
} RS_ONE_COMMAND_PARAMETER_DATA, *PRS_ONE_COMMAND_PARAMETER_DATA;

/* all-commands format: one descriptor per command */
typedef struct _RS_COMMAND_DESCRIPTOR {
    UCHAR OperationCode;
    UCHAR Reserved;
    UCHAR ServiceAction[2];
    UCHAR Reserved1;
    UCHAR ServiceActionValid        : 1;
    UCHAR CommandTimeoutsDescriptorPresent : 1;
    UCHAR CommandDurationLimitPage  : 2;
    UCHAR MultipleLogicalUnits      : 2;
    UCHAR ReadWriteCommandDurationLimitsPage : 1;
    UCHAR Reserved2                 : 1;
    UCHAR CdbLength[2];
} RS_COMMAND_DESCRIPTOR, *PRS_COMMAND_DESCRIPTOR;

typedef struct _RS_ALL_COMMANDS_PARAMETER_DATA {
    UCHAR CommandDataLength[4];
    RS_COMMAND_DESCRIPTOR CommandDescriptor[ANYSIZE_ARRAY];
} RS_ALL_COMMANDS_PARAMETER_DATA, *PRS_ALL_COMMANDS_PARAMETER_DATA;

/* =========================================================================
 * Offloaded data transfer (POPULATE TOKEN / WRITE USING TOKEN / RRTI)
 * ========================================================================= */

#define BLOCK_DEVICE_TOKEN_SIZE             512

typedef struct _BLOCK_DEVICE_RANGE_DESCRIPTOR {
    UCHAR LogicalBlockAddress[8];
    UCHAR TransferLength[4];
    UCHAR Reserved[4];
} BLOCK_DEVICE_RANGE_DESCRIPTOR, *PBLOCK_DEVICE_RANGE_DESCRIPTOR;

typedef struct _POPULATE_TOKEN_HEADER {
    UCHAR PopulateTokenDataLength[2];
    UCHAR Immediate                 : 1;
    UCHAR Reserved1                 : 7;
    UCHAR Reserved2;
    UCHAR InactivityTimeout[4];
    UCHAR Reserved3[6];
    UCHAR BlockDeviceRangeDescriptorListLength[2];
    UCHAR BlockDeviceRangeDescriptor[ANYSIZE_ARRAY];
} POPULATE_TOKEN_HEADER, *PPOPULATE_TOKEN_HEADER;

typedef struct _WRITE_USING_TOKEN_HEADER {
    UCHAR WriteUsingTokenDataLength[2];
    UCHAR Immediate                 : 1;
    UCHAR Reserved1                 : 7;
    UCHAR Reserved2[5];
    UCHAR BlockOffsetIntoToken[8];
    UCHAR Token[BLOCK_DEVICE_TOKEN_SIZE];
    UCHAR Reserved3[6];
    UCHAR BlockDeviceRangeDescriptorListLength[2];
    UCHAR BlockDeviceRangeDescriptor[ANYSIZE_ARRAY];
} WRITE_USING_TOKEN_HEADER, *PWRITE_USING_TOKEN_HEADER;

typedef struct _RECEIVE_TOKEN_INFORMATION_HEADER {
    UCHAR AvailableData[4];
    UCHAR ResponseToServiceAction   : 5;
    UCHAR Reserved1                 : 3;
    UCHAR OperationStatus           : 7;
    UCHAR Reserved2                 : 1;
    UCHAR OperationCounter[2];
    UCHAR EstimatedStatusUpdateDelay[4];
    UCHAR CompletionStatus;
    UCHAR SenseDataFieldLength;
    UCHAR SenseDataLength;
    UCHAR TransferCountUnits;
    UCHAR TransferCount[8];
    UCHAR SegmentsProcessed[2];
    UCHAR Reserved3[6];
    UCHAR SenseData[ANYSIZE_ARRAY];
} RECEIVE_TOKEN_INFORMATION_HEADER, *PRECEIVE_TOKEN_INFORMATION_HEADER;

typedef struct _RECEIVE_TOKEN_INFORMATION_RESPONSE_HEADER {
    UCHAR TokenDescriptorsLength[4];
    UCHAR TokenDescriptor[ANYSIZE_ARRAY];
} RECEIVE_TOKEN_INFORMATION_RESPONSE_HEADER, *PRECEIVE_TOKEN_INFORMATION_RESPONSE_HEADER;

typedef struct _BLOCK_DEVICE_TOKEN_DESCRIPTOR {
    UCHAR TokenIdentifier[2];
    UCHAR Token[BLOCK_DEVICE_TOKEN_SIZE];
} BLOCK_DEVICE_TOKEN_DESCRIPTOR, *PBLOCK_DEVICE_TOKEN_DESCRIPTOR;

typedef enum _OPERATION_STATUS {
    OPERATION_COMPLETED_WITH_SUCCESS = 0x01,
    OPERATION_COMPLETED_WITH_ERROR = 0x02,
    OPERATION_COMPLETED_WITH_RESIDUAL_DATA = 0x03,
    OPERATION_IN_PROGRESS_IN_FOREGROUND = 0x11,
    OPERATION_IN_PROGRESS_IN_BACKGROUND = 0x12,
    OPERATION_TERMINATED = 0x60
} OPERATION_STATUS, *POPERATION_STATUS;

/* unit of RECEIVE_TOKEN_INFORMATION_HEADER.TransferCount */
typedef enum _TRANSFER_COUNT_UNITS {
    TRANSFER_COUNT_UNITS_BYTES = 0,
    TRANSFER_COUNT_UNITS_KIBIBYTES = 1,
    TRANSFER_COUNT_UNITS_MEBIBYTES = 2,
    TRANSFER_COUNT_UNITS_GIBIBYTES = 3,
    TRANSFER_COUNT_UNITS_TEBIBYTES = 4,
    TRANSFER_COUNT_UNITS_PEBIBYTES = 5,
    TRANSFER_COUNT_UNITS_EXBIBYTES = 6,
    TRANSFER_COUNT_UNITS_NUMBER_BLOCKS = 0xF1   /* logical blocks */
} TRANSFER_COUNT_UNITS, *PTRANSFER_COUNT_UNITS;

/* SANITIZE overwrite parameter list */
typedef struct _OVERWRITE_PARAMETER_LIST {
    UCHAR OverWriteCount            : 5;
    UCHAR Test                      : 2;
    UCHAR Invert                    : 1;
    UCHAR Reserved1;
    UCHAR InitializationPatternLength[2];
    UCHAR InitializationPattern[ANYSIZE_ARRAY];
} OVERWRITE_PARAMETER_LIST, *POVERWRITE_PARAMETER_LIST;

/* =========================================================================
 * Sense data
 * ========================================================================= */

/* fixed format (response codes 0x70/0x71) */
typedef struct _SENSE_DATA {
    UCHAR ErrorCode                 : 7;
    UCHAR Valid                     : 1;
    UCHAR SegmentNumber;
    UCHAR SenseKey                  : 4;
    UCHAR Reserved                  : 1;
    UCHAR IncorrectLength           : 1;
    UCHAR EndOfMedia                : 1;
    UCHAR FileMark                  : 1;
    UCHAR Information[4];
    UCHAR AdditionalSenseLength;        /* bytes after this one */
    UCHAR CommandSpecificInformation[4];
    UCHAR AdditionalSenseCode;
    UCHAR AdditionalSenseCodeQualifier;
    UCHAR FieldReplaceableUnitCode;
    UCHAR SenseKeySpecific[3];
} SENSE_DATA, *PSENSE_DATA;

typedef struct _SENSE_DATA FIXED_SENSE_DATA, *PFIXED_SENSE_DATA;

/* descriptor format (response codes 0x72/0x73) and its descriptors */
typedef struct _SCSI_SENSE_DESCRIPTOR_HEADER {
    UCHAR DescriptorType;
    UCHAR AdditionalLength;
} SCSI_SENSE_DESCRIPTOR_HEADER, *PSCSI_SENSE_DESCRIPTOR_HEADER;

typedef struct _SCSI_SENSE_DESCRIPTOR_INFORMATION {
    SCSI_SENSE_DESCRIPTOR_HEADER Header;
    UCHAR Valid                     : 1;
    UCHAR Reserved1                 : 7;
    UCHAR Reserved2;
    UCHAR Information[8];
} SCSI_SENSE_DESCRIPTOR_INFORMATION, *PSCSI_SENSE_DESCRIPTOR_INFORMATION;

typedef struct _SCSI_SENSE_DESCRIPTOR_BLOCK_COMMAND {
    SCSI_SENSE_DESCRIPTOR_HEADER Header;
    UCHAR Reserved1;
    UCHAR Reserved2                 : 5;
    UCHAR IncorrectLength           : 1;
    UCHAR Reserved3                 : 2;
} SCSI_SENSE_DESCRIPTOR_BLOCK_COMMAND, *PSCSI_SENSE_DESCRIPTOR_BLOCK_COMMAND;

typedef struct _SCSI_SENSE_DESCRIPTOR_ATA_STATUS_RETURN {
    SCSI_SENSE_DESCRIPTOR_HEADER Header;
    UCHAR Extend                    : 1;
    UCHAR Reserved1                 : 7;
    UCHAR Error;
    UCHAR SectorCount15_8;
    UCHAR SectorCount7_0;
    UCHAR LbaLow15_8;
    UCHAR LbaLow7_0;
    UCHAR LbaMid15_8;
    UCHAR LbaMid7_0;
    UCHAR LbaHigh15_8;
    UCHAR LbaHigh7_0;
    UCHAR Device;
    UCHAR Status;
} SCSI_SENSE_DESCRIPTOR_ATA_STATUS_RETURN, *PSCSI_SENSE_DESCRIPTOR_ATA_STATUS_RETURN;

typedef struct _DESCRIPTOR_SENSE_DATA {
    UCHAR ErrorCode                 : 7;
    UCHAR Reserved1                 : 1;
    UCHAR SenseKey                  : 4;
    UCHAR Reserved2                 : 4;
    UCHAR AdditionalSenseCode;
    UCHAR AdditionalSenseCodeQualifier;
    UCHAR Reserved3[3];
    UCHAR AdditionalSenseLength;
    UCHAR DescriptorBuffer[ANYSIZE_ARRAY];
} DESCRIPTOR_SENSE_DATA, *PDESCRIPTOR_SENSE_DATA;

typedef union _SENSE_DATA_EX {
    FIXED_SENSE_DATA FixedData;
    DESCRIPTOR_SENSE_DATA DescriptorData;
} SENSE_DATA_EX, *PSENSE_DATA_EX;

/* request sense buffer sizes (the WDK spells the first two as sizeof) */
#define SENSE_BUFFER_SIZE                   18      /* sizeof(SENSE_DATA) */
#define SENSE_BUFFER_SIZE_EX                18      /* sizeof(SENSE_DATA_EX) */
#define MAX_SENSE_BUFFER_SIZE               255
#define MAX_ADDITIONAL_SENSE_BYTES          (MAX_SENSE_BUFFER_SIZE - SENSE_BUFFER_SIZE)
#define MAX_ADDITIONAL_SENSE_BYTES_EX       (MAX_SENSE_BUFFER_SIZE - SENSE_BUFFER_SIZE_EX)

/* response codes (SENSE_DATA.ErrorCode) */
#define SCSI_SENSE_ERRORCODE_FIXED_CURRENT          0x70
#define SCSI_SENSE_ERRORCODE_FIXED_DEFERRED         0x71
#define SCSI_SENSE_ERRORCODE_DESCRIPTOR_CURRENT     0x72
#define SCSI_SENSE_ERRORCODE_DESCRIPTOR_DEFERRED    0x73

/* sense data descriptor types */
#define SCSI_SENSE_DESCRIPTOR_TYPE_INFORMATION                  0x00
#define SCSI_SENSE_DESCRIPTOR_TYPE_COMMAND_SPECIFIC             0x01
#define SCSI_SENSE_DESCRIPTOR_TYPE_SENSE_KEY_SPECIFIC           0x02
#define SCSI_SENSE_DESCRIPTOR_TYPE_FIELD_REPLACEABLE_UNIT       0x03
#define SCSI_SENSE_DESCRIPTOR_TYPE_STREAM_COMMAND               0x04
#define SCSI_SENSE_DESCRIPTOR_TYPE_BLOCK_COMMAND                0x05
#define SCSI_SENSE_DESCRIPTOR_TYPE_OSD_OBJECT_IDENTIFICATION    0x06
#define SCSI_SENSE_DESCRIPTOR_TYPE_OSD_RESPONSE_INTEGRITY_CHECK 0x07
#define SCSI_SENSE_DESCRIPTOR_TYPE_OSD_ATTRIBUTE_IDENTIFICATION 0x08
#define SCSI_SENSE_DESCRIPTOR_TYPE_ATA_STATUS_RETURN            0x09
#define SCSI_SENSE_DESCRIPTOR_TYPE_PROGRESS_INDICATION          0x0A
#define SCSI_SENSE_DESCRIPTOR_TYPE_USER_DATA_SEGMENT_REFERRAL   0x0B
#define SCSI_SENSE_DESCRIPTOR_TYPE_FORWARDED_SENSE_DATA         0x0C

/* sense keys */
#define SCSI_SENSE_NO_SENSE                 0x00
#define SCSI_SENSE_RECOVERED_ERROR          0x01
#define SCSI_SENSE_NOT_READY                0x02
#define SCSI_SENSE_MEDIUM_ERROR             0x03
#define SCSI_SENSE_HARDWARE_ERROR           0x04
#define SCSI_SENSE_ILLEGAL_REQUEST          0x05
#define SCSI_SENSE_UNIT_ATTENTION           0x06
#define SCSI_SENSE_DATA_PROTECT             0x07
#define SCSI_SENSE_BLANK_CHECK              0x08
#define SCSI_SENSE_UNIQUE                   0x09
#define SCSI_SENSE_COPY_ABORTED             0x0A
#define SCSI_SENSE_ABORTED_COMMAND          0x0B
#define SCSI_SENSE_EQUAL                    0x0C
#define SCSI_SENSE_VOL_OVERFLOW             0x0D
#define SCSI_SENSE_MISCOMPARE               0x0E
#define SCSI_SENSE_RESERVED                 0x0F

/* tape flags in byte 2 of fixed sense data */
#define SCSI_ILLEGAL_LENGTH                 0x20
#define SCSI_EOM                            0x40
#define SCSI_FILE_MARK                      0x80

/* additional sense codes (ASC) */
#define SCSI_ADSENSE_NO_SENSE                               0x00
#define SCSI_ADSENSE_NO_SEEK_COMPLETE                       0x02
#define SCSI_ADSENSE_WRITE                                  0x03
#define SCSI_ADSENSE_LUN_NOT_READY                          0x04
#define SCSI_ADSENSE_LUN_COMMUNICATION                      0x08
#define SCSI_ADSENSE_SERVO_ERROR                            0x09
#define SCSI_ADSENSE_WARNING                                0x0B
#define SCSI_ADSENSE_WRITE_ERROR                            0x0C
#define SCSI_ADSENSE_COPY_TARGET_DEVICE_ERROR               0x0D
#define SCSI_ADSENSE_CRC_OR_ECC_ERROR                       0x10
#define SCSI_ADSENSE_UNRECOVERED_ERROR                      0x11
#define SCSI_ADSENSE_TRACK_ERROR                            0x14
#define SCSI_ADSENSE_SEEK_ERROR                             0x15
#define SCSI_ADSENSE_REC_DATA_NOECC                         0x17
#define SCSI_ADSENSE_REC_DATA_ECC                           0x18
#define SCSI_ADSENSE_DEFECT_LIST_ERROR                      0x19
#define SCSI_ADSENSE_PARAMETER_LIST_LENGTH                  0x1A
#define SCSI_ADSENSE_MISCOMPARE_DURING_VERIFY_OPERATION     0x1D
#define SCSI_ADSENSE_ILLEGAL_COMMAND                        0x20
#define SCSI_ADSENSE_ACCESS_DENIED                          0x20
#define SCSI_ADSENSE_ILLEGAL_BLOCK                          0x21
#define SCSI_ADSENSE_INVALID_TOKEN                          0x23
#define SCSI_ADSENSE_INVALID_CDB                            0x24
#define SCSI_ADSENSE_INVALID_LUN                            0x25
#define SCSI_ADSENSE_INVALID_FIELD_PARAMETER_LIST           0x26
#define SCSI_ADSENSE_WRITE_PROTECT                          0x27
#define SCSI_ADSENSE_MEDIUM_CHANGED                         0x28
#define SCSI_ADSENSE_BUS_RESET                              0x29
#define SCSI_ADSENSE_PARAMETERS_CHANGED                     0x2A
#define SCSI_ADSENSE_COMMAND_SEQUENCE_ERROR                 0x2C
#define SCSI_ADSENSE_INSUFFICIENT_TIME_FOR_OPERATION        0x2E
#define SCSI_ADSENSE_INVALID_MEDIA                          0x30
#define SCSI_ADSENSE_MEDIUM_FORMAT_CORRUPTED                0x31
#define SCSI_ADSENSE_DEFECT_LIST                            0x32
#define SCSI_ADSENSE_LB_PROVISIONING                        0x38
#define SCSI_ADSENSE_NO_MEDIA_IN_DEVICE                     0x3a
#define SCSI_ADSENSE_POSITION_ERROR                         0x3b
#define SCSI_ADSENSE_LOGICAL_UNIT_ERROR                     0x3e
#define SCSI_ADSENSE_OPERATING_CONDITIONS_CHANGED           0x3f
#define SCSI_ADSENSE_DATA_PATH_FAILURE                      0x41
#define SCSI_ADSENSE_POWER_ON_SELF_TEST_FAILURE             0x42
#define SCSI_ADSENSE_INTERNAL_TARGET_FAILURE                0x44
#define SCSI_ADSENSE_DATA_TRANSFER_ERROR                    0x4b
#define SCSI_ADSENSE_LUN_FAILED_SELF_CONFIGURATION          0x4c
#define SCSI_ADSENSE_RESOURCE_FAILURE                       0x55
#define SCSI_ADSENSE_OPERATOR_REQUEST                       0x5a
#define SCSI_ADSENSE_FAILURE_PREDICTION_THRESHOLD_EXCEEDED  0x5d
#define SCSI_ADSENSE_ILLEGAL_MODE_FOR_THIS_TRACK            0x64
#define SCSI_ADSENSE_COPY_PROTECTION_FAILURE                0x6f
#define SCSI_ADSENSE_POWER_CALIBRATION_ERROR                0x73
#define SCSI_ADSENSE_VENDOR_UNIQUE                          0x80    /* and above */
#define SCSI_ADSENSE_MUSIC_AREA                             0xA0
#define SCSI_ADSENSE_DATA_AREA                              0xA1
#define SCSI_ADSENSE_VOLUME_OVERFLOW                        0xA7

/* older names */
#define SCSI_ADWRITE_PROTECT                        SCSI_ADSENSE_WRITE_PROTECT
#define SCSI_FAILURE_PREDICTION_THRESHOLD_EXCEEDED  SCSI_ADSENSE_FAILURE_PREDICTION_THRESHOLD_EXCEEDED

/* ---- additional sense code qualifiers (ASCQ), by ASC ---- */

/* 0x00 NO SENSE */
#define SCSI_SENSEQ_FILEMARK_DETECTED                       0x01
#define SCSI_SENSEQ_END_OF_MEDIA_DETECTED                   0x02
#define SCSI_SENSEQ_SETMARK_DETECTED                        0x03
#define SCSI_SENSEQ_BEGINNING_OF_MEDIA_DETECTED             0x04
#define SCSI_SENSEQ_OPERATION_IS_IN_PROGRESS                0x16

/* 0x03 WRITE */
#define SCSI_SENSEQ_PERIPHERAL_DEVICE_WRITE_FAULT           0x00
#define SCSI_SENSEQ_NO_WRITE_CURRENT                        0x01
#define SCSI_SENSEQ_EXCESSIVE_WRITE_ERRORS                  0x02

/* 0x04 LUN NOT READY */
#define SCSI_SENSEQ_CAUSE_NOT_REPORTABLE                    0x00
#define SCSI_SENSEQ_BECOMING_READY                          0x01
#define SCSI_SENSEQ_INIT_COMMAND_REQUIRED                   0x02
#define SCSI_SENSEQ_MANUAL_INTERVENTION_REQUIRED            0x03
#define SCSI_SENSEQ_FORMAT_IN_PROGRESS                      0x04
#define SCSI_SENSEQ_REBUILD_IN_PROGRESS                     0x05
#define SCSI_SENSEQ_RECALCULATION_IN_PROGRESS               0x06
#define SCSI_SENSEQ_OPERATION_IN_PROGRESS                   0x07
#define SCSI_SENSEQ_LONG_WRITE_IN_PROGRESS                  0x08
#define SCSI_SENSEQ_SPACE_ALLOC_IN_PROGRESS                 0x14

/* 0x08 LUN COMMUNICATION (the SESNEQ spelling is the WDK's) */
#define SCSI_SENSEQ_COMM_FAILURE                            0x00
#define SCSI_SENSEQ_COMM_TIMEOUT                            0x01
#define SCSI_SENSEQ_COMM_PARITY_ERROR                       0x02
#define SCSI_SESNEQ_COMM_CRC_ERROR                          0x03
#define SCSI_SENSEQ_UNREACHABLE_TARGET                      0x04

/* 0x09 SERVO ERROR */
#define SCSI_SENSEQ_TRACK_FOLLOWING_ERROR                   0x00
#define SCSI_SENSEQ_TRACKING_SERVO_FAILURE                  0x01
#define SCSI_SENSEQ_FOCUS_SERVO_FAILURE                     0x02
#define SCSI_SENSEQ_SPINDLE_SERVO_FAILURE                   0x03
#define SCSI_SENSEQ_HEAD_SELECT_FAULT                       0x04

/* 0x0B WARNING */
#define SCSI_SENSEQ_POWER_LOSS_EXPECTED                     0x08

/* 0x0C WRITE ERROR */
#define SCSI_SENSEQ_LOSS_OF_STREAMING                       0x09
#define SCSI_SENSEQ_PADDING_BLOCKS_ADDED                    0x0A

/* 0x0D COPY TARGET DEVICE ERROR */
#define SCSI_SENSEQ_NOT_REACHABLE                           0x02
#define SCSI_SENSEQ_DATA_UNDERRUN                           0x04

/* 0x10 CRC OR ECC ERROR (protection information) */
#define SCSI_SENSEQ_LOGICAL_BLOCK_GUARD_CHECK_FAILED        0x01
#define SCSI_SENSEQ_LOGICAL_BLOCK_TAG_CHECK_FAILED          0x02
#define SCSI_SENSEQ_LOGICAL_BLOCK_REF_TAG_CHECK_FAILED      0x03

/* 0x11 UNRECOVERED ERROR */
#define SCSI_SENSEQ_UNRECOVERED_READ_ERROR                  0x00
#define SCSI_SENSEQ_ERROR_TOO_LONG_TO_CORRECT               0x02

/* 0x15 SEEK ERROR */
#define SCSI_SENSEQ_RANDOM_POSITIONING_ERROR                0x00
#define SCSI_SENSEQ_MECHANICAL_POSITIONING_ERROR            0x01
#define SCSI_SENSEQ_POSITIONING_ERROR_DETECTED_BY_READ_OF_MEDIUM 0x02

/* 0x19 DEFECT LIST ERROR */
#define SCSI_SENSEQ_DEFECT_LIST_ERROR                       0x00
#define SCSI_SENSEQ_DEFECT_LIST_NOT_AVAILABLE               0x01
#define SCSI_SENSEQ_DEFECT_LIST_ERROR_IN_PRIMARY_LIST       0x02
#define SCSI_SENSEQ_DEFECT_LIST_ERROR_IN_GROWN_LIST         0x03

/* 0x20 ACCESS DENIED */
#define SCSI_SENSEQ_NO_ACCESS_RIGHTS                        0x02
#define SCSI_SENSEQ_INVALID_LU_ID                           0x09

/* 0x21 ILLEGAL BLOCK */
#define SCSI_SENSEQ_LOGICAL_ADDRESS_OUT_OF_RANGE            0x00
#define SCSI_SENSEQ_ILLEGAL_ELEMENT_ADDR                    0x01
#define SCSI_SENSEQ_INVALID_WRITE_ADDRESS                   0x02
#define SCSI_SENSEQ_INVALID_WRITE_CROSSING_LAYER_JUMP       0x03
#define SCSI_SENSEQ_UNALIGNED_WRITE                         0x04
#define SCSI_SENSEQ_WRITE_BOUNDARY_VIOLATION                0x05
#define SCSI_SENSEQ_READ_INVALID_DATA                       0x06
#define SCSI_SENSEQ_READ_BOUNDARY_VIOLATION                 0x07
#define SCSI_SENSEQ_MISALIGNED_WRITE                        0x08

/* 0x26 INVALID FIELD IN PARAMETER LIST */
#define SCSI_SENSEQ_INVALID_RELEASE_OF_PERSISTENT_RESERVATION 0x04
#define SCSI_SENSEQ_TOO_MANY_SEGMENT_DESCRIPTORS            0x08

/* 0x27 WRITE PROTECT */
#define SCSI_SENSEQ_SPACE_ALLOC_FAILED_WRITE_PROTECT        0x07

/* 0x2A PARAMETERS CHANGED */
#define SCSI_SENSEQ_CAPACITY_DATA_CHANGED                   0x09

/* 0x2C COMMAND SEQUENCE ERROR */
#define SCSI_SENSEQ_PREVIOUS_RESERVATION_CONFLICT           0x09

/* 0x30 INVALID MEDIA */
#define SCSI_SENSEQ_INCOMPATIBLE_MEDIA_INSTALLED            0x00
#define SCSI_SENSEQ_UNKNOWN_FORMAT                          0x01
#define SCSI_SENSEQ_INCOMPATIBLE_FORMAT                     0x02
#define SCSI_SENSEQ_CLEANING_CARTRIDGE_INSTALLED            0x03

/* 0x31 MEDIUM FORMAT CORRUPTED */
#define SCSI_SENSEQ_FORMAT_COMMAND_FAILED                   0x01

/* 0x32 DEFECT LIST */
#define SCSI_SENSEQ_NO_DEFECT_SPARE_LOCATION_AVAILABLE      0x00
#define SCSI_SENSEQ_DEFECT_LIST_UPDATE_FAILURE              0x01

/* 0x38 LB PROVISIONING */
#define SCSI_SENSEQ_SOFT_THRESHOLD_REACHED                  0x07

/* 0x3B POSITION ERROR */
#define SCSI_SENSEQ_DESTINATION_FULL                        0x0d
#define SCSI_SENSEQ_SOURCE_EMPTY                            0x0e

/* 0x3E LOGICAL UNIT ERROR */
#define SCSI_SENSEQ_LOGICAL_UNIT_HAS_NOT_SELF_CONFIGURED_YET    0x00
#define SCSI_SENSEQ_LOGICAL_UNIT_FAILURE                        0x01
#define SCSI_SENSEQ_TIMEOUT_ON_LOGICAL_UNIT                     0x02
#define SCSI_SENSEQ_LOGICAL_UNIT_FAILED_SELF_TEST               0x03
#define SCSI_SENSEQ_LOGICAL_UNIT_FAILED_TO_UPDATE_SELF_TEST_LOG 0x04

/* 0x3F OPERATING CONDITIONS CHANGED */
#define SCSI_SENSEQ_TARGET_OPERATING_CONDITIONS_CHANGED     0x00
#define SCSI_SENSEQ_MICROCODE_CHANGED                       0x01
#define SCSI_SENSEQ_OPERATING_DEFINITION_CHANGED            0x02
#define SCSI_SENSEQ_INQUIRY_DATA_CHANGED                    0x03
#define SCSI_SENSEQ_COMPONENT_DEVICE_ATTACHED               0x04
#define SCSI_SENSEQ_DEVICE_IDENTIFIER_CHANGED               0x05
#define SCSI_SENSEQ_REDUNDANCY_GROUP_MODIFIED               0x06
#define SCSI_SENSEQ_REDUNDANCY_GROUP_DELETED                0x07
#define SCSI_SENSEQ_SPARE_MODIFIED                          0x08
#define SCSI_SENSEQ_SPARE_DELETED                           0x09
#define SCSI_SENSEQ_VOLUME_SET_MODIFIED                     0x0A
#define SCSI_SENSEQ_VOLUME_SET_DELETED                      0x0B
#define SCSI_SENSEQ_VOLUME_SET_DEASSIGNED                   0x0C
#define SCSI_SENSEQ_VOLUME_SET_REASSIGNED                   0x0D
#define SCSI_SENSEQ_REPORTED_LUNS_DATA_CHANGED              0x0E
#define SCSI_SENSEQ_ECHO_BUFFER_OVERWRITTEN                 0x0F
#define SCSI_SENSEQ_MEDIUM_LOADABLE                         0x10
#define SCSI_SENSEQ_MEDIUM_AUXILIARY_MEMORY_ACCESSIBLE      0x11

/* 0x44 INTERNAL TARGET FAILURE (PRESISTENT is the WDK's spelling) */
#define SCSI_SENSEQ_INTERNAL_TARGET_FAILURE                 0x00
#define SCSI_SENSEQ_PRESISTENT_RESERVATION_INFORMATION_LOST 0x01
#define SCSI_SENSEQ_ATA_DEVICE_FAILED_SET_FEATURES          0x71

/* 0x4B DATA TRANSFER ERROR */
#define SCSI_SENSEQ_INITIATOR_RESPONSE_TIMEOUT              0x06

/* 0x55 RESOURCE FAILURE */
#define SCSI_SENSEQ_SYSTEM_RESOURCE_FAILURE                 0x00
#define SCSI_SENSEQ_SYSTEM_BUFFER_FULL                      0x01
#define SCSI_SENSEQ_INSUFFICIENT_RESERVATION_RESOURCES      0x02
#define SCSI_SENSEQ_INSUFFICIENT_RESOURCES                  0x03

/* 0x5A OPERATOR REQUEST */
#define SCSI_SENSEQ_STATE_CHANGE_INPUT                      0x00
#define SCSI_SENSEQ_MEDIUM_REMOVAL                          0x01
#define SCSI_SENSEQ_WRITE_PROTECT_ENABLE                    0x02
#define SCSI_SENSEQ_WRITE_PROTECT_DISABLE                   0x03

/* 0x5D FAILURE PREDICTION THRESHOLD EXCEEDED */
#define SCSI_SENSEQ_FAILURE_PREDICTION_THRESHOLD_EXCEEDED               0x00
#define SCSI_SENSEQ_MEDIA_FAILURE_PREDICTION_THRESHOLD_EXCEEDED         0x01
#define SCSI_SENSEQ_LUN_FAILURE_PREDICTION_THRESHOLD_EXCEEDED           0x02
#define SCSI_SENSEQ_SPARE_AREA_EXHAUSTION_PREDICTION_THRESHOLD_EXCEEDED 0x03
#define SCSI_SENSEQ_GENERAL_HARD_DRIVE_FAILURE                          0x10
#define SCSI_SENSEQ_DRIVE_ERROR_RATE_TOO_HIGH                           0x11
#define SCSI_SENSEQ_DATA_ERROR_RATE_TOO_HIGH                            0x12
#define SCSI_SENSEQ_SEEK_ERROR_RATE_TOO_HIGH                            0x13
#define SCSI_SENSEQ_TOO_MANY_BLOCK_REASSIGNS                            0x14
#define SCSI_SENSEQ_ACCESS_TIMES_TOO_HIGH                               0x15
#define SCSI_SENSEQ_START_UNIT_TIMES_TOO_HIGH                           0x16
#define SCSI_SENSEQ_CHANNEL_PARAMETRICS                                 0x17
#define SCSI_SENSEQ_CONTROLLER_DETECTED                                 0x18
#define SCSI_SENSEQ_THROUGHPUT_PERFORMANCE                              0x19
#define SCSI_SENSEQ_SEEK_TIME_PERFORMANCE                               0x1A
#define SCSI_SENSEQ_SPIN_UP_RETRY_COUNT                                 0x1B
#define SCSI_SENSEQ_DRIVE_CALIBRATION_RETRY_COUNT                       0x1C
#define SCSI_SENSEQ_DATA_CHANNEL_DATA_ERROR_RATE_TOO_HIGH               0x32
#define SCSI_SENSEQ_SERVO_DATA_ERROR_RATE_TOO_HIGH                      0x42
#define SCSI_SENSEQ_SERVER_SEEK_ERROR_RATE_TOO_HIGH                     0x43
#define SCSI_SENSEQ_FAILURE_PREDICTION_THRESHOLD_EXCEEDED_FALSE         0xFF

/* 0x6F COPY PROTECTION FAILURE */
#define SCSI_SENSEQ_AUTHENTICATION_FAILURE                          0x00
#define SCSI_SENSEQ_KEY_NOT_PRESENT                                 0x01
#define SCSI_SENSEQ_KEY_NOT_ESTABLISHED                             0x02
#define SCSI_SENSEQ_READ_OF_SCRAMBLED_SECTOR_WITHOUT_AUTHENTICATION 0x03
#define SCSI_SENSEQ_MEDIA_CODE_MISMATCHED_TO_LOGICAL_UNIT           0x04
#define SCSI_SENSEQ_LOGICAL_UNIT_RESET_COUNT_ERROR                  0x05

/* 0x73 POWER CALIBRATION ERROR */
#define SCSI_SENSEQ_POWER_CALIBRATION_AREA_ALMOST_FULL      0x01
#define SCSI_SENSEQ_POWER_CALIBRATION_AREA_FULL             0x02
#define SCSI_SENSEQ_POWER_CALIBRATION_AREA_ERROR            0x03
#define SCSI_SENSEQ_PMA_RMA_UPDATE_FAILURE                  0x04
#define SCSI_SENSEQ_PMA_RMA_IS_FULL                         0x05
#define SCSI_SENSEQ_PMA_RMA_ALMOST_FULL                     0x06

/* =========================================================================
 * SCSI miniport I/O control codes (SRB_IO_CONTROL.ControlCode values)
 * ========================================================================= */

#ifndef FILE_DEVICE_SCSI
#define FILE_DEVICE_SCSI                    0x0000001b
#endif

#define IOCTL_SCSI_EXECUTE_IN               ((FILE_DEVICE_SCSI << 16) + 0x0011)
#define IOCTL_SCSI_EXECUTE_OUT              ((FILE_DEVICE_SCSI << 16) + 0x0012)
#define IOCTL_SCSI_EXECUTE_NONE             ((FILE_DEVICE_SCSI << 16) + 0x0013)

/* IOCTL_SCSI_MINIPORT_* control codes (one home, shared with ntddscsi.h) */
#include "mpabi_scsi_miniport_ioctl.h"

/* =========================================================================
 * Capacity, LBA status and block limits (big-endian on the wire)
 * ========================================================================= */

/* READ CAPACITY(10) data */
typedef struct _READ_CAPACITY_DATA {
    ULONG LogicalBlockAddress;
    ULONG BytesPerBlock;
} READ_CAPACITY_DATA, *PREAD_CAPACITY_DATA;

/* first 12 bytes of READ CAPACITY(16) data */
typedef struct _READ_CAPACITY_DATA_EX {
    LARGE_INTEGER LogicalBlockAddress;
    ULONG BytesPerBlock;
} READ_CAPACITY_DATA_EX, *PREAD_CAPACITY_DATA_EX;

/* READ CAPACITY(16) RC BASIS field */
#define RC_BASIS_LAST_LBA_NOT_SEQUENTIAL_WRITE_REQUIRED_ZONES   0x0
#define RC_BASIS_LAST_LBA_ON_LOGICAL_UNIT                       0x1

/* full READ CAPACITY(16) data */
typedef struct _READ_CAPACITY16_DATA {
    LARGE_INTEGER LogicalBlockAddress;
    ULONG BytesPerBlock;
    UCHAR ProtectionEnable          : 1;
    UCHAR ProtectionType            : 3;
    UCHAR RcBasis                   : 2;
    UCHAR Reserved                  : 2;
    UCHAR LogicalPerPhysicalExponent : 4;
    UCHAR ProtectionInfoExponent    : 4;
    UCHAR LowestAlignedBlock_MSB    : 6;
    UCHAR LBPRZ                     : 1;
    UCHAR LBPME                     : 1;
    UCHAR LowestAlignedBlock_LSB;
    UCHAR Reserved3[16];
} READ_CAPACITY16_DATA, *PREAD_CAPACITY16_DATA;

/* GET LBA STATUS data */
typedef struct _LBA_STATUS_DESCRIPTOR {
    ULONGLONG StartingLBA;
    ULONG LogicalBlockCount;
    UCHAR ProvisioningStatus        : 4;
    UCHAR Reserved1                 : 4;
    UCHAR Reserved2[3];
} LBA_STATUS_DESCRIPTOR, *PLBA_STATUS_DESCRIPTOR;

typedef struct _LBA_STATUS_LIST_HEADER {
    ULONG ParameterLength;
    ULONG Reserved;
    LBA_STATUS_DESCRIPTOR Descriptors[0];
} LBA_STATUS_LIST_HEADER, *PLBA_STATUS_LIST_HEADER;

#define LBA_STATUS_MAPPED                   0x0
#define LBA_STATUS_DEALLOCATED              0x1
#define LBA_STATUS_ANCHORED                 0x2

/* READ BLOCK LIMITS data (tape) */
typedef struct _READ_BLOCK_LIMITS {
    UCHAR Reserved;
    UCHAR BlockMaximumSize[3];
    UCHAR BlockMinimumSize[2];
} READ_BLOCK_LIMITS_DATA, *PREAD_BLOCK_LIMITS_DATA;

/* READ BUFFER CAPACITY data (MMC) */
typedef struct _READ_BUFFER_CAPACITY_DATA {
    UCHAR DataLength[2];
    UCHAR Reserved1;
    UCHAR BlockDataReturned         : 1;
    UCHAR Reserved4                 : 7;
    UCHAR TotalBufferSize[4];
    UCHAR AvailableBufferSize[4];
} READ_BUFFER_CAPACITY_DATA, *PREAD_BUFFER_CAPACITY_DATA;

/* =========================================================================
 * REPORT ZONES data (ZBC): a header followed by zone descriptors
 * ========================================================================= */

#define ZONE_TYPE_CONVENTIONAL                      0x1
#define ZONE_TYPE_SEQUENTIAL_WRITE_REQUIRED         0x2
#define ZONE_TYPE_SEQUENTIAL_WRITE_PREFERRED        0x3

#define ZONE_CONDITION_NOT_WRITE_POINTER            0x0
#define ZONE_CONDITION_EMPTY                        0x1
#define ZONE_CONDITION_IMPLICITLY_OPENED            0x2
#define ZONE_CONDITION_EXPLICITLY_OPENED            0x3
#define ZONE_CONDITION_CLOSED                       0x4
#define ZONE_CONDITION_READ_ONLY                    0xD
#define ZONE_CONDITION_FULL                         0xE
#define ZONE_CONDITION_OFFLINE                      0xF

/* the WDK spells this type "DESCRIPTIOR" */
typedef struct _ZONE_DESCRIPTIOR {
    UCHAR ZoneType                  : 4;
    UCHAR Reserved1                 : 4;
    UCHAR Reset                     : 1;
    UCHAR Non_Seq                   : 1;
    UCHAR Reserved2                 : 2;
    UCHAR ZoneCondition             : 4;
    UCHAR Reserved3[6];
    UCHAR ZoneLength[8];
    UCHAR ZoneStartLBA[8];
    UCHAR WritePointerLBA[8];
    UCHAR Reserved4[32];
} ZONE_DESCRIPTIOR, *PZONE_DESCRIPTIOR;

/* REPORT_ZONES_DATA.Same */
#define ZONES_TYPE_AND_LENGTH_MAY_DIFFERENT         0x0
#define ZONES_TYPE_SAME_LENGTH_SAME                 0x1
#define ZONES_TYPE_SAME_LAST_ZONE_LENGTH_DIFFERENT  0x2
#define ZONES_TYPE_MAY_DIFFERENT_LENGTH_SAME        0x3

typedef struct _REPORT_ZONES_DATA {
    UCHAR ZoneListLength[4];
    UCHAR Same                      : 4;
    UCHAR Reserved1                 : 4;
    UCHAR Reserved2[3];
    UCHAR MaxLBA[8];
    UCHAR Reserved3[48];
    ZONE_DESCRIPTIOR ZoneDescriptors[ANYSIZE_ARRAY];
} REPORT_ZONES_DATA, *PREPORT_ZONES_DATA;

/* =========================================================================
 * Mode parameters (MODE SENSE / MODE SELECT)
 * ========================================================================= */

/* page codes; several codes mean different pages on disk and CD devices */
#define MODE_PAGE_VENDOR_SPECIFIC           0x00
#define MODE_PAGE_ERROR_RECOVERY            0x01
#define MODE_PAGE_DISCONNECT                0x02
#define MODE_PAGE_FORMAT_DEVICE             0x03    /* disk */
#define MODE_PAGE_MRW                       0x03    /* CD */
#define MODE_PAGE_RIGID_GEOMETRY            0x04
#define MODE_PAGE_FLEXIBILE                 0x05    /* disk (WDK spelling) */
#define MODE_PAGE_WRITE_PARAMETERS          0x05    /* CD */
#define MODE_PAGE_VERIFY_ERROR              0x07
#define MODE_PAGE_CACHING                   0x08
#define MODE_PAGE_PERIPHERAL                0x09
#define MODE_PAGE_CONTROL                   0x0A
#define MODE_PAGE_MEDIUM_TYPES              0x0B
#define MODE_PAGE_NOTCH_PARTITION           0x0C
#define MODE_PAGE_CD_AUDIO_CONTROL          0x0E
#define MODE_PAGE_DATA_COMPRESS             0x0F
#define MODE_PAGE_DEVICE_CONFIG             0x10
#define MODE_PAGE_XOR_CONTROL               0x10
#define MODE_PAGE_MEDIUM_PARTITION          0x11
#define MODE_PAGE_ENCLOSURE_SERVICES_MANAGEMENT 0x14
#define MODE_PAGE_EXTENDED                  0x15
#define MODE_PAGE_EXTENDED_DEVICE_SPECIFIC  0x16
#define MODE_PAGE_CDVD_FEATURE_SET          0x18
#define MODE_PAGE_PROTOCOL_SPECIFIC_LUN     0x18
#define MODE_PAGE_PROTOCOL_SPECIFIC_PORT    0x19
#define MODE_PAGE_POWER_CONDITION           0x1A
#define MODE_PAGE_LUN_MAPPING               0x1B
#define MODE_PAGE_FAULT_REPORTING           0x1C
#define MODE_PAGE_CDVD_INACTIVITY           0x1D    /* CD */
#define MODE_PAGE_ELEMENT_ADDRESS           0x1D
#define MODE_PAGE_TRANSPORT_GEOMETRY        0x1E
#define MODE_PAGE_DEVICE_CAPABILITIES       0x1F
#define MODE_PAGE_CAPABILITIES              0x2A    /* CD */

#define MODE_SENSE_RETURN_ALL               0x3f

/* page control, pre-shifted into CDB byte 2 (VAULES is the WDK spelling) */
#define MODE_SENSE_CURRENT_VALUES           0x00
#define MODE_SENSE_CHANGEABLE_VALUES        0x40
#define MODE_SENSE_DEFAULT_VAULES           0x80
#define MODE_SENSE_SAVED_VALUES             0xc0

/* page control as the value of the 2-bit Pc field */
#define MODE_SENSE_CURRENT_VALUES_PAGE_CONTROL      0
#define MODE_SENSE_CHANGEABLE_VALUES_PAGE_CONTROL   1
#define MODE_SENSE_DEFAULT_VALUES_PAGE_CONTROL      2
#define MODE_SENSE_SAVED_VALUES_PAGE_CONTROL        3

/* control page (0x0A) subpages for command duration limits */
#define MODE_SUBPAGE_COMMAND_DURATION_LIMIT_A_MODE      0x03
#define MODE_SUBPAGE_COMMAND_DURATION_LIMIT_B_MODE      0x04
#define MODE_SUBPAGE_COMMAND_DURATION_LIMIT_T2A_MODE    0x07
#define MODE_SUBPAGE_COMMAND_DURATION_LIMIT_T2B_MODE    0x08

/* header and block descriptor lengths */
#define MODE_BLOCK_DESC_LENGTH              8
#define MODE_HEADER_LENGTH                  4
#define MODE_HEADER_LENGTH10                8

/* MediumType / DeviceSpecificParameter values */
#define MODE_FD_SINGLE_SIDE                 0x01
#define MODE_FD_DOUBLE_SIDE                 0x02
#define MODE_FD_MAXIMUM_TYPE                0x1E
#define MODE_DSP_FUA_SUPPORTED              0x10
#define MODE_DSP_WRITE_PROTECT              0x80

/* 6-byte command header */
typedef struct _MODE_PARAMETER_HEADER {
    UCHAR ModeDataLength;
    UCHAR MediumType;
    UCHAR DeviceSpecificParameter;
    UCHAR BlockDescriptorLength;
} MODE_PARAMETER_HEADER, *PMODE_PARAMETER_HEADER;

/* 10-byte command header */
typedef struct _MODE_PARAMETER_HEADER10 {
    UCHAR ModeDataLength[2];
    UCHAR MediumType;
    UCHAR DeviceSpecificParameter;
    UCHAR Reserved[2];
    UCHAR BlockDescriptorLength[2];
} MODE_PARAMETER_HEADER10, *PMODE_PARAMETER_HEADER10;

/* short block descriptor */
typedef struct _MODE_PARAMETER_BLOCK {
    UCHAR DensityCode;
    UCHAR NumberOfBlocks[3];
    UCHAR Reserved;
    UCHAR BlockLength[3];
} MODE_PARAMETER_BLOCK, *PMODE_PARAMETER_BLOCK;

/* header plus one block descriptor, used to set the block length */
typedef struct _MODE_PARM_READ_WRITE {
    MODE_PARAMETER_HEADER ParameterListHeader;
    MODE_PARAMETER_BLOCK ParameterListBlock;
} MODE_PARM_READ_WRITE_DATA, *PMODE_PARM_READ_WRITE_DATA;

/* page_0 header of a subpage-format page */
typedef struct _MODE_PAGE_SUBPAGE_HEADER {
    UCHAR PageCode                  : 6;
    UCHAR SubPageFormat             : 1;
    UCHAR PageSavable               : 1;
    UCHAR SubPageCode;
    UCHAR PageLength[2];
} MODE_PAGE_SUBPAGE_HEADER, *PMODE_PAGE_SUBPAGE_HEADER;

/* page 0x01, read/write error recovery */
typedef struct _MODE_READ_WRITE_RECOVERY_PAGE {
    UCHAR PageCode                  : 6;
    UCHAR Reserved1                 : 1;
    UCHAR PSBit                     : 1;
    UCHAR PageLength;
    UCHAR DCRBit                    : 1;
    UCHAR DTEBit                    : 1;
    UCHAR PERBit                    : 1;
    UCHAR EERBit                    : 1;
    UCHAR RCBit                     : 1;
    UCHAR TBBit                     : 1;
    UCHAR ARRE                      : 1;
    UCHAR AWRE                      : 1;
    UCHAR ReadRetryCount;
    UCHAR Reserved4[4];
    UCHAR WriteRetryCount;
    UCHAR Reserved5[3];
} MODE_READ_WRITE_RECOVERY_PAGE, *PMODE_READ_WRITE_RECOVERY_PAGE;

/* page 0x01, read error recovery (CD) */
typedef struct _MODE_READ_RECOVERY_PAGE {
    UCHAR PageCode                  : 6;
    UCHAR Reserved1                 : 1;
    UCHAR PSBit                     : 1;
    UCHAR PageLength;
    UCHAR DCRBit                    : 1;
    UCHAR DTEBit                    : 1;
    UCHAR PERBit                    : 1;
    UCHAR Reserved2                 : 1;
    UCHAR RCBit                     : 1;
    UCHAR TBBit                     : 1;
    UCHAR Reserved3                 : 2;
    UCHAR ReadRetryCount;
    UCHAR Reserved4[4];
} MODE_READ_RECOVERY_PAGE, *PMODE_READ_RECOVERY_PAGE;

/* page 0x02, disconnect-reconnect */
typedef struct _MODE_DISCONNECT_PAGE {
    UCHAR PageCode                  : 6;
    UCHAR Reserved                  : 1;
    UCHAR PageSavable               : 1;
    UCHAR PageLength;
    UCHAR BufferFullRatio;
    UCHAR BufferEmptyRatio;
    UCHAR BusInactivityLimit[2];
    UCHAR BusDisconnectTime[2];
    UCHAR BusConnectTime[2];
    UCHAR MaximumBurstSize[2];
    UCHAR DataTransferDisconnect    : 2;
    UCHAR Reserved2[3];
} MODE_DISCONNECT_PAGE, *PMODE_DISCONNECT_PAGE;

/* page 0x03, format device */
typedef struct _MODE_FORMAT_PAGE {
    UCHAR PageCode                  : 6;
    UCHAR Reserved                  : 1;
    UCHAR PageSavable               : 1;
    UCHAR PageLength;
    UCHAR TracksPerZone[2];
    UCHAR AlternateSectorsPerZone[2];
    UCHAR AlternateTracksPerZone[2];
    UCHAR AlternateTracksPerLogicalUnit[2];
    UCHAR SectorsPerTrack[2];
    UCHAR BytesPerPhysicalSector[2];
    UCHAR Interleave[2];
    UCHAR TrackSkewFactor[2];
    UCHAR CylinderSkewFactor[2];
    UCHAR Reserved2                 : 4;
    UCHAR SurfaceFirst              : 1;
    UCHAR RemovableMedia            : 1;
    UCHAR HardSectorFormating       : 1;
    UCHAR SoftSectorFormating       : 1;
    UCHAR Reserved3[3];
} MODE_FORMAT_PAGE, *PMODE_FORMAT_PAGE;

/* page 0x03, Mount Rainier (CD) */
typedef struct _MODE_MRW_PAGE {
    UCHAR PageCode                  : 6;
    UCHAR Reserved                  : 1;
    UCHAR PageSavable               : 1;
    UCHAR PageLength;                   /* 0x06 */
    UCHAR Reserved1;
    UCHAR LbaSpace                  : 1;
    UCHAR Reserved2                 : 7;
    UCHAR Reserved3[4];
} MODE_MRW_PAGE, *PMODE_MRW_PAGE;

/* page 0x04, rigid disk geometry (field spellings are the WDK's) */
typedef struct _MODE_RIGID_GEOMETRY_PAGE {
    UCHAR PageCode                  : 6;
    UCHAR Reserved                  : 1;
    UCHAR PageSavable               : 1;
    UCHAR PageLength;
    UCHAR NumberOfCylinders[3];
    UCHAR NumberOfHeads;
    UCHAR StartWritePrecom[3];
    UCHAR StartReducedCurrent[3];
    UCHAR DriveStepRate[2];
    UCHAR LandZoneCyclinder[3];
    UCHAR RotationalPositionLock    : 2;
    UCHAR Reserved2                 : 6;
    UCHAR RotationOffset;
    UCHAR Reserved3;
    UCHAR RoataionRate[2];
    UCHAR Reserved4[2];
} MODE_RIGID_GEOMETRY_PAGE, *PMODE_RIGID_GEOMETRY_PAGE;

/* page 0x05, flexible disk (field spellings are the WDK's) */
typedef struct _MODE_FLEXIBLE_DISK_PAGE {
    UCHAR PageCode                  : 6;
    UCHAR Reserved                  : 1;
    UCHAR PageSavable               : 1;
    UCHAR PageLength;
    UCHAR TransferRate[2];
    UCHAR NumberOfHeads;
    UCHAR SectorsPerTrack;
    UCHAR BytesPerSector[2];
    UCHAR NumberOfCylinders[2];
    UCHAR StartWritePrecom[2];
    UCHAR StartReducedCurrent[2];
    UCHAR StepRate[2];
    UCHAR StepPluseWidth;
    UCHAR HeadSettleDelay[2];
    UCHAR MotorOnDelay;
    UCHAR MotorOffDelay;
    UCHAR Reserved2                 : 5;
    UCHAR MotorOnAsserted           : 1;
    UCHAR StartSectorNumber         : 1;
    UCHAR TrueReadySignal           : 1;
    UCHAR StepPlusePerCyclynder     : 4;
    UCHAR Reserved3                 : 4;
    UCHAR WriteCompenstation;
    UCHAR HeadLoadDelay;
    UCHAR HeadUnloadDelay;
    UCHAR Pin2Usage                 : 4;
    UCHAR Pin34Usage                : 4;
    UCHAR Pin1Usage                 : 4;
    UCHAR Pin4Usage                 : 4;
    UCHAR MediumRotationRate[2];
    UCHAR Reserved4[2];
} MODE_FLEXIBLE_DISK_PAGE, *PMODE_FLEXIBLE_DISK_PAGE;

/* page 0x05, CD write parameters */
typedef struct _MODE_CDROM_WRITE_PARAMETERS_PAGE2 {
    UCHAR PageCode                  : 6;
    UCHAR Reserved                  : 1;
    UCHAR PageSavable               : 1;
    UCHAR PageLength;
    UCHAR WriteType                 : 4;
    UCHAR TestWrite                 : 1;
    UCHAR LinkSizeValid             : 1;
    UCHAR BufferUnderrunFreeEnabled : 1;
    UCHAR Reserved2                 : 1;
    UCHAR TrackMode                 : 4;
    UCHAR Copy                      : 1;
    UCHAR FixedPacket               : 1;
    UCHAR MultiSession              : 2;
    UCHAR DataBlockType             : 4;
    UCHAR Reserved3                 : 4;
    UCHAR LinkSize;
    UCHAR Reserved4;
    UCHAR HostApplicationCode       : 6;
    UCHAR Reserved5                 : 2;
    UCHAR SessionFormat;
    UCHAR Reserved6;
    UCHAR PacketSize[4];
    UCHAR AudioPauseLength[2];
    UCHAR MediaCatalogNumber[16];
    UCHAR ISRC[16];
    UCHAR SubHeaderData[4];
} MODE_CDROM_WRITE_PARAMETERS_PAGE2, *PMODE_CDROM_WRITE_PARAMETERS_PAGE2;

#ifndef DEPRECATE_DDK_FUNCTIONS
/* retired form of the write parameters page: starts at the length byte */
typedef struct _MODE_CDROM_WRITE_PARAMETERS_PAGE {
    UCHAR PageLength;
    UCHAR WriteType                 : 4;
    UCHAR TestWrite                 : 1;
    UCHAR LinkSizeValid             : 1;
    UCHAR BufferUnderrunFreeEnabled : 1;
    UCHAR Reserved2                 : 1;
    UCHAR TrackMode                 : 4;
    UCHAR Copy                      : 1;
    UCHAR FixedPacket               : 1;
    UCHAR MultiSession              : 2;
    UCHAR DataBlockType             : 4;
    UCHAR Reserved3                 : 4;
    UCHAR LinkSize;
    UCHAR Reserved4;
    UCHAR HostApplicationCode       : 6;
    UCHAR Reserved5                 : 2;
    UCHAR SessionFormat;
    UCHAR Reserved6;
    UCHAR PacketSize[4];
    UCHAR AudioPauseLength[2];
    UCHAR Reserved7                 : 7;
    UCHAR MediaCatalogNumberValid   : 1;
    UCHAR MediaCatalogNumber[13];
    UCHAR MediaCatalogNumberZero;
    UCHAR MediaCatalogNumberAFrame;
    UCHAR Reserved8                 : 7;
    UCHAR ISRCValid                 : 1;
    UCHAR ISRCCountry[2];
    UCHAR ISRCOwner[3];
    UCHAR ISRCRecordingYear[2];
    UCHAR ISRCSerialNumber[5];
    UCHAR ISRCZero;
    UCHAR ISRCAFrame;
    UCHAR ISRCReserved;
    UCHAR SubHeaderData[4];
} MODE_CDROM_WRITE_PARAMETERS_PAGE, *PMODE_CDROM_WRITE_PARAMETERS_PAGE;
#endif

/* page 0x08, caching (Retension is the WDK spelling) */
typedef struct _MODE_CACHING_PAGE {
    UCHAR PageCode                  : 6;
    UCHAR Reserved                  : 1;
    UCHAR PageSavable               : 1;
    UCHAR PageLength;
    UCHAR ReadDisableCache          : 1;
    UCHAR MultiplicationFactor      : 1;
    UCHAR WriteCacheEnable          : 1;
    UCHAR Reserved2                 : 5;
    UCHAR WriteRetensionPriority    : 4;
    UCHAR ReadRetensionPriority     : 4;
    UCHAR DisablePrefetchTransfer[2];
    UCHAR MinimumPrefetch[2];
    UCHAR MaximumPrefetch[2];
    UCHAR MaximumPrefetchCeiling[2];
} MODE_CACHING_PAGE, *PMODE_CACHING_PAGE;

/* page 0x08, caching, full SBC form */
typedef struct _MODE_CACHING_PAGE_EX {
    UCHAR PageCode                  : 6;
    UCHAR SubPageFormat             : 1;
    UCHAR PageSavable               : 1;
    UCHAR PageLength;
    UCHAR ReadDisableCache          : 1;
    UCHAR MultiplicationFactor      : 1;
    UCHAR WriteCacheEnable          : 1;
    UCHAR SizeEnable                : 1;
    UCHAR Discontinuity             : 1;
    UCHAR CachingAnalysisPermitted  : 1;
    UCHAR AbortPreFetch             : 1;
    UCHAR InitiatorControl          : 1;
    UCHAR WriteRetensionPriority    : 4;
    UCHAR ReadRetensionPriority     : 4;
    UCHAR DisablePrefetchTransfer[2];
    UCHAR MinimumPrefetch[2];
    UCHAR MaximumPrefetch[2];
    UCHAR MaximumPrefetchCeiling[2];
    UCHAR NvCacheDisable            : 1;
    UCHAR SyncCacheProgress         : 2;
    UCHAR VendorSpecific            : 2;
    UCHAR DisableReadAhead          : 1;
    UCHAR LogicalBlockCacheSegmentSize : 1;
    UCHAR ForceSequentialWrite      : 1;
    UCHAR NumberOfCacheSegments;
    UCHAR CacheSegmentSize[2];
    UCHAR Reserved[4];
} MODE_CACHING_PAGE_EX, *PMODE_CACHING_PAGE_EX;

/* page 0x0A, control */
typedef struct _MODE_CONTROL_PAGE {
    UCHAR PageCode                  : 6;
    UCHAR Reserved1                 : 1;
    UCHAR PageSavable               : 1;
    UCHAR PageLength;
    /* byte 2 */
    UCHAR RLEC                      : 1;
    UCHAR GLTSD                     : 1;
    UCHAR D_SENSE                   : 1;
    UCHAR DPICZ                     : 1;
    UCHAR TMF_ONLY                  : 1;
    UCHAR TST                       : 3;
    /* byte 3 */
    UCHAR Obsolete1                 : 1;
    UCHAR QERR                      : 2;
    UCHAR NUAR                      : 1;
    UCHAR QueueAlgorithmModifier    : 4;
    /* byte 4 */
    UCHAR Obsolete2                 : 3;
    UCHAR SWP                       : 1;
    UCHAR UA_INTLCK_CTRL            : 2;
    UCHAR RAC                       : 1;
    UCHAR VS                        : 1;
    /* byte 5 */
    UCHAR AutoloadMode              : 3;
    UCHAR Reserved2                 : 1;
    UCHAR RWWP                      : 1;
    UCHAR ATMPE                     : 1;
    UCHAR TAS                       : 1;
    UCHAR ATO                       : 1;
    UCHAR Obsolete3[2];
    UCHAR BusyTimeoutPeriod[2];
    UCHAR ExtendeSelfTestCompletionTime[2];    /* WDK spelling */
} MODE_CONTROL_PAGE, *PMODE_CONTROL_PAGE;

/* command duration limit T2 subpages of the control page */
#define COMMAND_DURATION_LIMIT_T2_UNIT_NONE     0
#define COMMAND_DURATION_LIMIT_T2_UNIT_500NS    0x06
#define COMMAND_DURATION_LIMIT_T2_UNIT_1US      0x08
#define COMMAND_DURATION_LIMIT_T2_UNIT_10MS     0x0A
#define COMMAND_DURATION_LIMIT_T2_UNIT_500MS    0x0E

#define DURATION_LIMIT_T2_DESCRIPTOR_COUNT      7

#define COMMAND_DURATION_LIMIT_T2_POLICY_DO_NOTHING                     0
#define COMMAND_DURATION_LIMIT_T2_POLICY_CONTINUE_WITH_NEXT             0x01
#define COMMAND_DURATION_LIMIT_T2_POLICY_CONTINUE                       0x02
#define COMMAND_DURATION_LIMIT_T2_POLICY_COMPLETE_DATA_UNAVAILABLE      0x0D
#define COMMAND_DURATION_LIMIT_T2_POLICY_ABORT_TIMEOUT_PARTIAL_TRANSFER 0x0E
#define COMMAND_DURATION_LIMIT_T2_POLICY_AOBRT_TIMEOUT                  0x0F

typedef struct _T2_COMMAND_DURATION_LIMIT_DESCRIPTOR {
    UCHAR T2CDLUNITS                : 4;
    UCHAR Reserved                  : 4;
    UCHAR Reserved1;
    UCHAR MAX_INACTIVE_TIME[2];
    UCHAR MAX_ACTIVE_TIME[2];
    UCHAR MAX_ACTIVE_TIME_POLICY    : 4;
    UCHAR MAX_INACTIVE_TIME_POLICY  : 4;
    UCHAR Reserved2[3];
    UCHAR COMMAND_DURATION_GUIDELINE[2];
    UCHAR Reserved3[2];
    UCHAR COMMAND_DURATION_GUIDELINE_POLICY : 4;
    UCHAR Reserved4                 : 4;
    UCHAR BypassSequestration       : 1;
    UCHAR Reserved5                 : 7;
    UCHAR Reserved6[16];
} T2_COMMAND_DURATION_LIMIT_DESCRIPTOR, *PT2_COMMAND_DURATION_LIMIT_DESCRIPTOR;

typedef struct _MODE_COMMAND_DURATION_LIMIT_PAGE_T2A_SUBPAGE {
    UCHAR PageCode                  : 6;
    UCHAR SubPageFormat             : 1;
    UCHAR PageSavable               : 1;
    UCHAR SubPageCode;                  /* 0x07 */
    UCHAR PageLength[2];                /* 0x00E4 */
    UCHAR Reserved[3];
    UCHAR Reserved1                 : 4;
    UCHAR PerfvsCommandDurationGuidelines : 4;
    T2_COMMAND_DURATION_LIMIT_DESCRIPTOR T2CommandDurationLimitDescriptors[DURATION_LIMIT_T2_DESCRIPTOR_COUNT];
} MODE_COMMAND_DURATION_LIMIT_PAGE_T2A_SUBPAGE, *PMODE_COMMAND_DURATION_LIMIT_PAGE_T2A_SUBPAGE;

typedef struct _MODE_COMMAND_DURATION_LIMIT_PAGE_T2B_SUBPAGE {
    UCHAR PageCode                  : 6;
    UCHAR SubPageFormat             : 1;
    UCHAR PageSavable               : 1;
    UCHAR SubPageCode;                  /* 0x08 */
    UCHAR PageLength[2];                /* 0x00E4 */
    UCHAR Reserved[3];
    UCHAR Reserved1                 : 4;
    UCHAR PerfvsLatencyControls     : 4;
    T2_COMMAND_DURATION_LIMIT_DESCRIPTOR T2CommandDurationLimitDescriptors[DURATION_LIMIT_T2_DESCRIPTOR_COUNT];
} MODE_COMMAND_DURATION_LIMIT_PAGE_T2B_SUBPAGE, *PMODE_COMMAND_DURATION_LIMIT_PAGE_T2B_SUBPAGE;

/* page 0x0E, CD audio control */
#define CDDA_CHANNEL_MUTED                  0x0
#define CDDA_CHANNEL_ZERO                   0x1
#define CDDA_CHANNEL_ONE                    0x2
#define CDDA_CHANNEL_TWO                    0x4
#define CDDA_CHANNEL_THREE                  0x8

typedef struct _CDDA_OUTPUT_PORT {
    UCHAR ChannelSelection          : 4;
    UCHAR Reserved                  : 4;
    UCHAR Volume;
} CDDA_OUTPUT_PORT, *PCDDA_OUTPUT_PORT;

typedef struct _CDAUDIO_CONTROL_PAGE {
    UCHAR PageCode                  : 6;
    UCHAR Reserved                  : 1;
    UCHAR PSBit                     : 1;
    UCHAR PageLength;
    UCHAR Reserved2                 : 1;
    UCHAR StopOnTrackCrossing       : 1;
    UCHAR Immediate                 : 1;
    UCHAR Reserved3                 : 5;
    UCHAR Reserved4[3];
    UCHAR Obsolete[2];
    CDDA_OUTPUT_PORT CDDAOutputPorts[4];
} CDAUDIO_CONTROL_PAGE, *PCDAUDIO_CONTROL_PAGE;

/* page 0x1C, informational exceptions control (failure prediction) */
typedef struct _MODE_INFO_EXCEPTIONS {
    UCHAR PageCode                  : 6;
    UCHAR Reserved1                 : 1;
    UCHAR PSBit                     : 1;
    UCHAR PageLength;
    union {
        UCHAR Flags;
        struct {
            UCHAR LogErr            : 1;
            UCHAR Reserved2         : 1;
            UCHAR Test              : 1;
            UCHAR Dexcpt            : 1;
            UCHAR Reserved3         : 3;
            UCHAR Perf              : 1;
        };
    };
    UCHAR ReportMethod              : 4;
    UCHAR Reserved4                 : 4;
    UCHAR IntervalTimer[4];
    UCHAR ReportCount[4];
} MODE_INFO_EXCEPTIONS, *PMODE_INFO_EXCEPTIONS;

/* page 0x1A, power condition */
typedef struct _POWER_CONDITION_PAGE {
    UCHAR PageCode                  : 6;
    UCHAR Reserved                  : 1;
    UCHAR PSBit                     : 1;
    UCHAR PageLength;                   /* 0x0A */
    UCHAR Reserved2;
    UCHAR Standby                   : 1;
    UCHAR Idle                      : 1;
    UCHAR Reserved3                 : 6;
    UCHAR IdleTimer[4];
    UCHAR StandbyTimer[4];
} POWER_CONDITION_PAGE, *PPOWER_CONDITION_PAGE;

/* page 0x18, C/DVD feature set support and version */
typedef struct _CDVD_FEATURE_SET_PAGE {
    UCHAR PageCode                  : 6;
    UCHAR Reserved                  : 1;
    UCHAR PSBit                     : 1;
    UCHAR PageLength;                   /* 0x16 */
    UCHAR CDAudio[2];
    UCHAR EmbeddedChanger[2];
    UCHAR PacketSMART[2];
    UCHAR PersistantPrevent[2];
    UCHAR EventStatusNotification[2];
    UCHAR DigitalOutput[2];
    UCHAR CDSequentialRecordable[2];
    UCHAR DVDSequentialRecordable[2];
    UCHAR RandomRecordable[2];
    UCHAR KeyExchange[2];
    UCHAR Reserved2[2];
} CDVD_FEATURE_SET_PAGE, *PCDVD_FEATURE_SET_PAGE;

/* page 0x1D, C/DVD inactivity time-out */
typedef struct _CDVD_INACTIVITY_TIMEOUT_PAGE {
    UCHAR PageCode                  : 6;
    UCHAR Reserved                  : 1;
    UCHAR PSBit                     : 1;
    UCHAR PageLength;                   /* 0x08 */
    UCHAR Reserved2[2];
    UCHAR SWPP                      : 1;
    UCHAR DISP                      : 1;
    UCHAR Reserved3                 : 6;
    UCHAR Reserved4;
    UCHAR GroupOneMinimumTimeout[2];
    UCHAR GroupTwoMinimumTimeout[2];
} CDVD_INACTIVITY_TIMEOUT_PAGE, *PCDVD_INACTIVITY_TIMEOUT_PAGE;

/* page 0x2A loading mechanism type */
#define CDVD_LMT_CADDY                      0
#define CDVD_LMT_TRAY                       1
#define CDVD_LMT_POPUP                      2
#define CDVD_LMT_RESERVED1                  3
#define CDVD_LMT_CHANGER_INDIVIDUAL         4
#define CDVD_LMT_CHANGER_CARTRIDGE          5
#define CDVD_LMT_RESERVED2                  6
#define CDVD_LMT_RESERVED3                  7

#define LOADING_MECHANISM_CADDY             0x00
#define LOADING_MECHANISM_TRAY              0x01
#define LOADING_MECHANISM_POPUP             0x02
#define LOADING_MECHANISM_INDIVIDUAL_CHANGER 0x04
#define LOADING_MECHANISM_CARTRIDGE_CHANGER 0x05

/* page 0x2A, C/DVD capabilities and mechanism status */
typedef struct _CDVD_CAPABILITIES_PAGE {
    UCHAR PageCode                  : 6;
    UCHAR Reserved                  : 1;
    UCHAR PSBit                     : 1;
    UCHAR PageLength;                   /* 0x18 or more */
    /* byte 2 */
    UCHAR CDRRead                   : 1;
    UCHAR CDERead                   : 1;
    UCHAR Method2                   : 1;
    UCHAR DVDROMRead                : 1;
    UCHAR DVDRRead                  : 1;
    UCHAR DVDRAMRead                : 1;
    UCHAR Reserved2                 : 2;
    /* byte 3 */
    UCHAR CDRWrite                  : 1;
    UCHAR CDEWrite                  : 1;
    UCHAR TestWrite                 : 1;
    UCHAR Reserved3                 : 1;
    UCHAR DVDRWrite                 : 1;
    UCHAR DVDRAMWrite               : 1;
    UCHAR Reserved4                 : 2;
    /* byte 4 */
    UCHAR AudioPlay                 : 1;
    UCHAR Composite                 : 1;
    UCHAR DigitalPortOne            : 1;
    UCHAR DigitalPortTwo            : 1;
    UCHAR Mode2Form1                : 1;
    UCHAR Mode2Form2                : 1;
    UCHAR MultiSession              : 1;
    UCHAR BufferUnderrunFree        : 1;
    /* byte 5 */
    UCHAR CDDA                      : 1;
    UCHAR CDDAAccurate              : 1;
    UCHAR RWSupported               : 1;
    UCHAR RWDeinterleaved           : 1;
    UCHAR C2Pointers                : 1;
    UCHAR ISRC                      : 1;
    UCHAR UPC                       : 1;
    UCHAR ReadBarCodeCapable        : 1;
    /* byte 6 */
    UCHAR Lock                      : 1;
    UCHAR LockState                 : 1;
    UCHAR PreventJumper             : 1;
    UCHAR Eject                     : 1;
    UCHAR Reserved6                 : 1;
    UCHAR LoadingMechanismType      : 3;
    /* byte 7 */
    UCHAR SeparateVolume            : 1;
    UCHAR SeperateChannelMute       : 1;
    UCHAR SupportsDiskPresent       : 1;
    UCHAR SWSlotSelection           : 1;
    UCHAR SideChangeCapable         : 1;
    UCHAR RWInLeadInReadable        : 1;
    UCHAR Reserved7                 : 2;
    /* bytes 8-16 */
    union {
        UCHAR ReadSpeedMaximum[2];
        UCHAR ObsoleteReserved[2];
    };
    UCHAR NumberVolumeLevels[2];
    UCHAR BufferSize[2];
    union {
        UCHAR ReadSpeedCurrent[2];
        UCHAR ObsoleteReserved2[2];
    };
    UCHAR ObsoleteReserved3;
    /* byte 17 */
    UCHAR Reserved8                 : 1;
    UCHAR BCK                       : 1;
    UCHAR RCK                       : 1;
    UCHAR LSBF                      : 1;
    UCHAR Length                    : 2;
    UCHAR Reserved9                 : 2;
    /* bytes 18-23 */
    union {
        UCHAR WriteSpeedMaximum[2];
        UCHAR ObsoleteReserved4[2];
    };
    union {
        UCHAR WriteSpeedCurrent[2];
        UCHAR ObsoleteReserved11[2];
    };
    union {
        UCHAR CopyManagementRevision[2];
        UCHAR Reserved10[2];
    };
} CDVD_CAPABILITIES_PAGE, *PCDVD_CAPABILITIES_PAGE;

/* =========================================================================
 * REPORT LUNS data
 * ========================================================================= */

typedef struct _LUN_LIST {
    UCHAR LunListLength[4];             /* 8 bytes per LUN */
    UCHAR Reserved[4];
    UCHAR Lun[0][8];                    /* four 2-byte addressing levels */
} LUN_LIST, *PLUN_LIST;

/* =========================================================================
 * CD audio output and ATAPI 2.5 changer data
 * ========================================================================= */

typedef struct _PORT_OUTPUT {
    UCHAR ChannelSelection;
    UCHAR Volume;
} PORT_OUTPUT, *PPORT_OUTPUT;

typedef struct _AUDIO_OUTPUT {
    UCHAR CodePage;
    UCHAR ParameterLength;
    UCHAR Immediate;
    UCHAR Reserved[2];
    UCHAR LbaFormat;
    UCHAR LogicalBlocksPerSecond[2];
    PORT_OUTPUT PortOutput[4];
} AUDIO_OUTPUT, *PAUDIO_OUTPUT;

typedef struct _MECHANICAL_STATUS_INFORMATION_HEADER {
    UCHAR CurrentSlot               : 5;
    UCHAR ChangerState              : 2;
    UCHAR Fault                     : 1;
    UCHAR Reserved                  : 5;
    UCHAR MechanismState            : 3;
    UCHAR CurrentLogicalBlockAddress[3];
    UCHAR NumberAvailableSlots;
    UCHAR SlotTableLength[2];
} MECHANICAL_STATUS_INFORMATION_HEADER, *PMECHANICAL_STATUS_INFORMATION_HEADER;

typedef struct _SLOT_TABLE_INFORMATION {
    UCHAR DiscChanged               : 1;
    UCHAR Reserved                  : 6;
    UCHAR DiscPresent               : 1;
    UCHAR Reserved2[3];
} SLOT_TABLE_INFORMATION, *PSLOT_TABLE_INFORMATION;

typedef struct _MECHANICAL_STATUS {
    MECHANICAL_STATUS_INFORMATION_HEADER MechanicalStatusHeader;
    SLOT_TABLE_INFORMATION SlotTableInfo[1];
} MECHANICAL_STATUS, *PMECHANICAL_STATUS;

/* =========================================================================
 * UNMAP parameter list
 * ========================================================================= */

typedef struct _UNMAP_BLOCK_DESCRIPTOR {
    UCHAR StartingLba[8];
    UCHAR LbaCount[4];
    UCHAR Reserved[4];
} UNMAP_BLOCK_DESCRIPTOR, *PUNMAP_BLOCK_DESCRIPTOR;

typedef struct _UNMAP_LIST_HEADER {
    UCHAR DataLength[2];
    UCHAR BlockDescrDataLength[2];
    UCHAR Reserved[4];
    UNMAP_BLOCK_DESCRIPTOR Descriptors[0];
} UNMAP_LIST_HEADER, *PUNMAP_LIST_HEADER;

/* =========================================================================
 * Tape READ POSITION data
 * ========================================================================= */

typedef struct _TAPE_POSITION_DATA {
    UCHAR Reserved1                 : 2;
    UCHAR BlockPositionUnsupported  : 1;
    UCHAR Reserved2                 : 3;
    UCHAR EndOfPartition            : 1;
    UCHAR BeginningOfPartition      : 1;
    UCHAR PartitionNumber;
    USHORT Reserved3;
    UCHAR FirstBlock[4];
    UCHAR LastBlock[4];
    UCHAR Reserved4;
    UCHAR NumberOfBlocks[3];
    UCHAR NumberOfBytes[4];
} TAPE_POSITION_DATA, *PTAPE_POSITION_DATA;

/* =========================================================================
 * Byte views for big-endian conversion
 * ========================================================================= */

typedef union _EIGHT_BYTE {
    struct {
        UCHAR Byte0;
        UCHAR Byte1;
        UCHAR Byte2;
        UCHAR Byte3;
        UCHAR Byte4;
        UCHAR Byte5;
        UCHAR Byte6;
        UCHAR Byte7;
    };
    ULONGLONG AsULongLong;
} EIGHT_BYTE, *PEIGHT_BYTE;

typedef union _FOUR_BYTE {
    struct {
        UCHAR Byte0;
        UCHAR Byte1;
        UCHAR Byte2;
        UCHAR Byte3;
    };
    ULONG AsULong;
} FOUR_BYTE, *PFOUR_BYTE;

typedef union _TWO_BYTE {
    struct {
        UCHAR Byte0;
        UCHAR Byte1;
    };
    USHORT AsUShort;
} TWO_BYTE, *PTWO_BYTE;

#pragma pack(pop)   /* end of the byte-packed SCSI data definitions */

/*
 * REVERSE_BYTES_n(Destination, Source): store the n bytes at Source in
 * reverse order at Destination (big-endian <-> little-endian). Both are
 * pointers; the source is read completely before the destination is
 * written, so the two may be the same buffer. REVERSE_SHORT/LONG/LONGLONG
 * swap a value in place. Each expands to a brace block, as in the WDK.
 */
#define MPABI_SCSI_REVERSE_N(Destination, Source, Count) {                  \
    UCHAR _mpRevTmp[8];                                                     \
    PUCHAR _mpRevDst = (PUCHAR)(Destination);                               \
    ULONG _mpRevIdx;                                                        \
    memcpy(_mpRevTmp, (const void *)(Source), (Count));                     \
    for (_mpRevIdx = 0; _mpRevIdx < (ULONG)(Count); _mpRevIdx++) {          \
        _mpRevDst[_mpRevIdx] = _mpRevTmp[(Count) - 1 - _mpRevIdx];          \
    }                                                                       \
}

#define REVERSE_BYTES_8(Destination, Source)    MPABI_SCSI_REVERSE_N(Destination, Source, 8)
#define REVERSE_BYTES_6(Destination, Source)    MPABI_SCSI_REVERSE_N(Destination, Source, 6)
#define REVERSE_BYTES_4(Destination, Source)    MPABI_SCSI_REVERSE_N(Destination, Source, 4)
#define REVERSE_BYTES_2(Destination, Source)    MPABI_SCSI_REVERSE_N(Destination, Source, 2)

#define REVERSE_BYTES_QUAD                      REVERSE_BYTES_8
#define REVERSE_BYTES                           REVERSE_BYTES_4
#define REVERSE_BYTES_SHORT                     REVERSE_BYTES_2

#define REVERSE_SHORT(Short)                    MPABI_SCSI_REVERSE_N(Short, Short, 2)
#define REVERSE_LONG(Long)                      MPABI_SCSI_REVERSE_N(Long, Long, 4)
#define REVERSE_LONGLONG(Longlong)              MPABI_SCSI_REVERSE_N(Longlong, Longlong, 8)

/* Bit = index of the highest set bit of the 32-bit Data (log2); 0 for 0 */
#define WHICH_BIT(Data, Bit) {                                              \
    ULONG _mpWhichVal = (ULONG)(Data);                                      \
    (Bit) = (UCHAR)(_mpWhichVal ? 31 - __builtin_clz(_mpWhichVal) : 0);     \
}

/* =========================================================================
 * Storage addresses (extended SRB)
 *
 * Not byte-packed: the WDK aligns every address structure to 8 bytes on
 * 64-bit Windows so the variable parts of an extended SRB stay aligned.
 * ========================================================================= */

#ifndef STOR_ADDRESS_ALIGN
#define STOR_ADDRESS_ALIGN                  DECLSPEC_ALIGN(8)
#endif

#define STOR_ADDRESS_TYPE_UNKNOWN           0x0
#define STOR_ADDRESS_TYPE_BTL8              0x1
/* 0x2 (NVMe) is defined with the SRB definitions */
#define STOR_ADDRESS_TYPE_MAX               0xffff

/* common head of every address: Type, Port, AddressLength */
typedef struct STOR_ADDRESS_ALIGN _STOR_ADDRESS {
    USHORT Type;
    USHORT Port;
    ULONG AddressLength;
    UCHAR AddressData[ANYSIZE_ARRAY];
} STOR_ADDRESS, *PSTOR_ADDRESS;

/* 8-bit bus (path), target and LUN */
#define STOR_ADDR_BTL8_ADDRESS_LENGTH       4

typedef struct STOR_ADDRESS_ALIGN _STOR_ADDR_BTL8 {
    USHORT Type;                        /* STOR_ADDRESS_TYPE_BTL8 */
    USHORT Port;
    ULONG AddressLength;                /* STOR_ADDR_BTL8_ADDRESS_LENGTH */
    UCHAR Path;
    UCHAR Target;
    UCHAR Lun;
    UCHAR Reserved;
} STOR_ADDR_BTL8, *PSTOR_ADDR_BTL8;

/* =========================================================================
 * SCSI enclosure services (SES) diagnostic pages
 * ========================================================================= */

#define SES_DIAGNOSTIC_PAGE_CONFIGURATION               0x01
#define SES_DIAGNOSTIC_PAGE_CONTROL                     0x02
#define SES_DIAGNOSTIC_PAGE_STATUS                      0x02
#define SES_DIAGNOSTIC_PAGE_STRING_IN                   0x04
#define SES_DIAGNOSTIC_PAGE_ADDITIONAL_ELEMENT_STATUS   0x0A
#define SES_DIAGNOSTIC_PAGE_DOWNLOAD_MICROCODE          0x0E

#define SES_SAS_PROTOCOL_IDENTIFIER                     6

typedef enum _SES_ELEMENT_TYPE {
    SesElementTypeUnknown = 0,
    SesElementTypeDeviceSlot,
    SesElementTypePowerSupply,
    SesElementTypeCooling,
    SesElementTypeTemperatureSensor,
    SesElementTypeDoor,
    SesElementTypeAudibleAlarm,
    SesElementTypeController,
    SesElementTypeScsiController,
    SesElementTypeNonVolatileCache,
    SesElementTypeInvalidOperationReason,
    SesElementTypeUps,
    SesElementTypeDisplay,
    SesElementTypeKeypad,
    SesElementTypeEnclosure,
    SesElementTypeScsiPort,
    SesElementTypeLanguage,
    SesElementTypeCommunicationPort,
    SesElementTypeVoltageSensor,
    SesElementTypeCurrentSensor,
    SesElementTypeScsiTargetPort,
    SesElementTypeScsiInitiatorPort,
    SesElementTypeSubEnclosure,
    SesElementTypeArrayDeviceSlot,
    SesElementTypeSasExpander,
    SesElementTypeSasConnector,
    SesElementTypeMax
} SES_ELEMENT_TYPE, *PSES_ELEMENT_TYPE;

typedef enum _SES_ELEMENT_STATE {
    SesElementStateNotReported = 0,
    SesElementStateOkay,
    SesElementStateCritical,
    SesElementStateNonCritical,
    SesElementStateUnrecoverable,
    SesElementStateNotInstalled,
    SesElementStateUnknown,
    SesElementStateNotAvailable,
    SesElementStateNoAccessAllowed,
    SesElementStateMax
} SES_ELEMENT_STATE, *PSES_ELEMENT_STATE;

typedef enum _SES_DOWNLOAD_MICROCODE_STATE {
    SesDownloadMcStateNoneInProgress = 0x00,
    SesDownloadMcStateInProgress = 0x01,
    SesDownloadMcStateCompletedPendingReset = 0x11,
    SesDownloadMcStateCompletedPendingPowerOn = 0x12,
    SesDownloadMcStateCompletedPendingActivation = 0x13
} SES_DOWNLOAD_MICROCODE_STATE, *PSES_DOWNLOAD_MICROCODE_STATE;

#pragma pack(push, 1)

typedef struct _SES_DIAGNOSTIC_PAGE {
    UCHAR PageCode;
    UCHAR Reserved;
    UCHAR PageLength[2];
    UCHAR PageData[ANYSIZE_ARRAY];
} SES_DIAGNOSTIC_PAGE, *PSES_DIAGNOSTIC_PAGE;

typedef struct _SES_TYPE_DESCRIPTOR_HEADER {
    UCHAR ElementType;
    UCHAR NumberOfPossibleElements;
    UCHAR SubEnclosureId;
    UCHAR TypeDescriptorTextLength;
} SES_TYPE_DESCRIPTOR_HEADER, *PSES_TYPE_DESCRIPTOR_HEADER;

typedef struct _SES_ENCLOSURE_DESCRIPTOR {
    UCHAR NumberOfEnclosureServices : 3;
    UCHAR Reserved1                 : 1;
    UCHAR RelativeEnclosureServicesId : 3;
    UCHAR Reserved2                 : 1;
    UCHAR SubEnclosureId;
    UCHAR NumberOfTypeDescriptorHeaders;
    UCHAR EnclosureDescriptorLength;
    UCHAR Identifier[8];
    UCHAR VendorId[8];
    UCHAR ProductId[16];
    UCHAR ProductRevisionLevel[4];
    UCHAR VendorSpecific[ANYSIZE_ARRAY];
} SES_ENCLOSURE_DESCRIPTOR, *PSES_ENCLOSURE_DESCRIPTOR;

typedef struct _SES_CONFIGURATION_DIAGNOSTIC_PAGE {
    UCHAR PageCode;
    UCHAR NumberOfSecondarySubEnclosures;
    UCHAR PageLength[2];
    UCHAR GenerationCode[4];
    SES_ENCLOSURE_DESCRIPTOR Descriptors[ANYSIZE_ARRAY];
} SES_CONFIGURATION_DIAGNOSTIC_PAGE, *PSES_CONFIGURATION_DIAGNOSTIC_PAGE;

/* control element: byte 0 is common, bytes 1-3 depend on the element type */
typedef struct _SES_CONTROL_DESCRIPTOR {
    UCHAR Reserved                  : 4;
    UCHAR ResetSwap                 : 1;
    UCHAR Disable                   : 1;
    UCHAR PredictFailure            : 1;
    UCHAR Select                    : 1;
    union {
        struct {
            UCHAR Reserved1;
            UCHAR Reserved2         : 1;
            UCHAR RequestIdentify   : 1;
            UCHAR RequestRemove     : 1;
            UCHAR RequestInsert     : 1;
            UCHAR RequestMissing    : 1;
            UCHAR Reserved3         : 1;
            UCHAR DoNotRemove       : 1;
            UCHAR RequestActive     : 1;
            UCHAR Reserved4         : 2;
            UCHAR EnableBypassB     : 1;
            UCHAR EnableBypassA     : 1;
            UCHAR DeviceOff         : 1;
            UCHAR RequestFault      : 1;
            UCHAR Reserved5         : 2;
        } DeviceSlot;
        struct {
            UCHAR Reserved1         : 7;
            UCHAR RequestIdentify   : 1;
            UCHAR Reserved2;
            UCHAR Reserved3         : 5;
            UCHAR RequestOn         : 1;
            UCHAR RequestFail       : 1;
            UCHAR Reserved4         : 1;
        } PowerSupply;
        struct {
            UCHAR Reserved1         : 7;
            UCHAR RequestIdentify   : 1;
            UCHAR Reserved2;
            UCHAR RequestSpeedCode  : 3;
            UCHAR Reserved3         : 2;
            UCHAR RequestOn         : 1;
            UCHAR RequestFail       : 1;
            UCHAR Reserved4         : 1;
        } Cooling;
        struct {
            UCHAR Reserved1         : 6;
            UCHAR RequestFail       : 1;
            UCHAR RequestIdentify   : 1;
            UCHAR Reserved2;
            UCHAR Reserved3;
        } TemperatureSensor;
        struct {
            UCHAR Reserved1         : 6;
            UCHAR RequestFail       : 1;
            UCHAR RequestIdentify   : 1;
            UCHAR Reserved2;
            UCHAR Reserved3;
        } VoltageSensor;
        struct {
            UCHAR Reserved1         : 6;
            UCHAR RequestFail       : 1;
            UCHAR RequestIdentify   : 1;
            UCHAR Reserved2;
            UCHAR Reserved3;
        } CurrentSensor;
        struct {
            UCHAR Reserved1         : 7;
            UCHAR RequestIdentify   : 1;
            UCHAR PowerCycleDelay   : 6;
            UCHAR PowerCycleRequest : 2;
            UCHAR RequestWarning    : 1;
            UCHAR RequestFailure    : 1;
            UCHAR PowerOffDuration  : 6;
        } Enclosure;
        struct {
            UCHAR RequestRebuildAbort     : 1;
            UCHAR RequestRebuild          : 1;
            UCHAR RequestInFailedArray    : 1;
            UCHAR RequestInCriticalArray  : 1;
            UCHAR RequestConsistencyArray : 1;
            UCHAR RequestHotSpare         : 1;
            UCHAR RequestReservedDevice   : 1;
            UCHAR RequestOK               : 1;
            UCHAR Reserved1         : 1;
            UCHAR RequestIdentify   : 1;
            UCHAR RequestRemove     : 1;
            UCHAR RequestInsert     : 1;
            UCHAR RequestMissing    : 1;
            UCHAR Reserved2         : 1;
            UCHAR DoNotRemove       : 1;
            UCHAR RequestActive     : 1;
            UCHAR Reserved3         : 2;
            UCHAR EnableBypassB     : 1;
            UCHAR EnableBypassA     : 1;
            UCHAR DeviceOff         : 1;
            UCHAR RequestFault      : 1;
            UCHAR Reserved4         : 2;
        } ArrayDeviceSlot;
    };
} SES_CONTROL_DESCRIPTOR, *PSES_CONTROL_DESCRIPTOR;

typedef struct _SES_CONTROL_DIAGNOSTIC_PAGE {
    UCHAR PageCode;
    UCHAR Unrecoverable             : 1;
    UCHAR Critical                  : 1;
    UCHAR NonCritical               : 1;
    UCHAR Informational             : 1;
    UCHAR Reserved                  : 4;
    UCHAR PageLength[2];
    UCHAR ExpectedGenerationCode[4];
    SES_CONTROL_DESCRIPTOR Descriptors[ANYSIZE_ARRAY];
} SES_CONTROL_DIAGNOSTIC_PAGE, *PSES_CONTROL_DIAGNOSTIC_PAGE;

/* status element: byte 0 is common, bytes 1-3 depend on the element type */
typedef struct _SES_STATUS_DESCRIPTOR {
    UCHAR ElementStatus             : 4;
    UCHAR Swap                      : 1;
    UCHAR Disabled                  : 1;
    UCHAR PredictedFailure          : 1;
    UCHAR Reserved1                 : 1;
    union {
        struct {
            UCHAR SlotAddress;
            UCHAR Report            : 1;
            UCHAR Identify          : 1;
            UCHAR Remove            : 1;
            UCHAR ReadyToInsert     : 1;
            UCHAR EnclosureBypassedB : 1;
            UCHAR EnclosureBypassedA : 1;
            UCHAR DoNotRemove       : 1;
            UCHAR AppBypassedA      : 1;
            UCHAR DeviceBypassedB   : 1;
            UCHAR DeviceBypassedA   : 1;
            UCHAR BypassedB         : 1;
            UCHAR BypassedA         : 1;
            UCHAR DeviceOff         : 1;
            UCHAR FaultRequested    : 1;
            UCHAR FaultSensed       : 1;
            UCHAR AppBypassedB      : 1;
        } DeviceSlot;
        struct {
            UCHAR Reserved1         : 7;
            UCHAR Identify          : 1;
            UCHAR Reserved2         : 1;
            UCHAR DCOverCurrent     : 1;
            UCHAR DCUnderVoltage    : 1;
            UCHAR DCOverVoltage     : 1;
            UCHAR Reserved3         : 4;
            UCHAR DCFail            : 1;
            UCHAR ACFail            : 1;
            UCHAR TemperatureWarning : 1;
            UCHAR OverTemperatureFail : 1;
            UCHAR Off               : 1;
            UCHAR RequestedOn       : 1;
            UCHAR Fail              : 1;
            UCHAR HotSwap           : 1;
        } PowerSupply;
        struct {
            UCHAR ActualFanSpeedMSB : 3;
            UCHAR Reserved1         : 4;
            UCHAR Identify          : 1;
            UCHAR ActualFanSpeedLSB;
            UCHAR ActualSpeedCode   : 3;
            UCHAR Reserved2         : 1;
            UCHAR Off               : 1;
            UCHAR RequestedOn       : 1;
            UCHAR Fail              : 1;
            UCHAR HotSwap           : 1;
        } Cooling;
        struct {
            UCHAR Reserved1         : 6;
            UCHAR Fail              : 1;
            UCHAR Identify          : 1;
            UCHAR Temperature;
            UCHAR UnderTemperatureWarning : 1;
            UCHAR UnderTemperatureFailure : 1;
            UCHAR OverTemperatureWarning  : 1;
            UCHAR OverTemperatureFailure  : 1;
            UCHAR Reserved2         : 4;
        } TemperatureSensor;
        struct {
            UCHAR CritUnder         : 1;
            UCHAR CritOver          : 1;
            UCHAR WarnUnder         : 1;
            UCHAR WarnOver          : 1;
            UCHAR Reserved1         : 2;
            UCHAR Fail              : 1;
            UCHAR Identify          : 1;
            UCHAR VoltageMSB;
            UCHAR VoltageLSB;
        } VoltageSensor;
        struct {
            UCHAR Reserved1         : 1;
            UCHAR CritOver          : 1;
            UCHAR Reserved2         : 1;
            UCHAR WarnOver          : 1;
            UCHAR Reserved3         : 2;
            UCHAR Fail              : 1;
            UCHAR Identify          : 1;
            UCHAR CurrentMSB;
            UCHAR CurrentLSB;
        } CurrentSensor;
        struct {
            UCHAR Reserved1         : 7;
            UCHAR Identify          : 1;
            UCHAR WarningIndication : 1;
            UCHAR FailureIndication : 1;
            UCHAR TimeUntilPowerCycle : 6;
            UCHAR WarningRequested  : 1;
            UCHAR FailureRequested  : 1;
            UCHAR RequestedPowerOffTime : 6;
        } Enclosure;
        struct {
            UCHAR RebuildAbort      : 1;
            UCHAR Rebuild           : 1;
            UCHAR InFailedArray     : 1;
            UCHAR InCriticalArray   : 1;
            UCHAR ConsistencyCheck  : 1;
            UCHAR HotSpare          : 1;
            UCHAR ReservedDevice    : 1;
            UCHAR OK                : 1;
            UCHAR Report            : 1;
            UCHAR Identify          : 1;
            UCHAR Remove            : 1;
            UCHAR ReadyToInsert     : 1;
            UCHAR EnclosureBypassedB : 1;
            UCHAR EnclosureBypassedA : 1;
            UCHAR DoNotRemove       : 1;
            UCHAR AppBypassedA      : 1;
            UCHAR DeviceBypassedB   : 1;
            UCHAR DeviceBypassedA   : 1;
            UCHAR BypassedB         : 1;
            UCHAR BypassedA         : 1;
            UCHAR DeviceOff         : 1;
            UCHAR FaultRequested    : 1;
            UCHAR FaultSensed       : 1;
            UCHAR AppBypassedB      : 1;
        } ArrayDeviceSlot;
    };
} SES_STATUS_DESCRIPTOR, *PSES_STATUS_DESCRIPTOR;

typedef struct _SES_STATUS_DIAGNOSTIC_PAGE {
    UCHAR PageCode;
    UCHAR Unrecoverable             : 1;
    UCHAR Critical                  : 1;
    UCHAR NonCritical               : 1;
    UCHAR Informational             : 1;
    UCHAR InvalidOperation          : 1;
    UCHAR Reserved                  : 3;
    UCHAR PageLength[2];
    UCHAR GenerationCode[4];
    SES_STATUS_DESCRIPTOR Descriptors[ANYSIZE_ARRAY];
} SES_STATUS_DIAGNOSTIC_PAGE, *PSES_STATUS_DIAGNOSTIC_PAGE;

typedef struct _SES_PHY_DESCRIPTOR {
    UCHAR Reserved1                 : 4;
    UCHAR DeviceType                : 3;
    UCHAR Reserved3                 : 1;
    UCHAR Reserved4;
    UCHAR Reserved5                 : 1;
    UCHAR SmpInitiatorPort          : 1;
    UCHAR StpInitiatorPort          : 1;
    UCHAR SspInitiatorPort          : 1;
    UCHAR Reserved6                 : 4;
    UCHAR SataDevice                : 1;
    UCHAR SmpTargetPort             : 1;
    UCHAR StpTargetPort             : 1;
    UCHAR SspTargetPort             : 1;
    UCHAR Reserved7                 : 3;
    UCHAR SataPortSelector          : 1;
    UCHAR AttachedSASAddress[8];
    UCHAR SASAddress[8];
    UCHAR PhyIdentifier;
    UCHAR Reserved2[7];
} SES_PHY_DESCRIPTOR, *PSES_PHY_DESCRIPTOR;

typedef struct _SES_SAS_SLOT_INFORMATION {
    UCHAR NumberOfPhyDescriptors;
    UCHAR NotAllPhys                : 1;
    UCHAR Reserved1                 : 5;
    UCHAR Type                      : 2;
    UCHAR Reserved2;
    UCHAR DeviceSlotNumber;
    SES_PHY_DESCRIPTOR PhyDescriptors[ANYSIZE_ARRAY];
} SES_SAS_SLOT_INFORMATION, *PSES_SAS_SLOT_INFORMATION;

typedef union _SES_PROTOCOL_INFORMATION {
    SES_SAS_SLOT_INFORMATION SasSlot;
} SES_PROTOCOL_INFORMATION, *PSES_PROTOCOL_INFORMATION;

typedef struct _SES_ADDITIONAL_ELEMENT_STATUS_DESCRIPTOR {
    UCHAR ProtocolIdentifier        : 4;
    UCHAR EIP                       : 1;    /* expected to be 1 */
    UCHAR Reserved1                 : 2;
    UCHAR Invalid                   : 1;
    UCHAR Length;
    UCHAR Reserved2;
    UCHAR ElementIndex;
    SES_PROTOCOL_INFORMATION ProtocolInfo;
} SES_ADDITIONAL_ELEMENT_STATUS_DESCRIPTOR, *PSES_ADDITIONAL_ELEMENT_STATUS_DESCRIPTOR;

typedef struct _SES_ADDITIONAL_ELEMENT_STATUS_DIAGNOSTIC_PAGE {
    UCHAR PageCode;
    UCHAR Reserved;
    UCHAR PageLength[2];
    UCHAR GenerationCode[4];
    SES_ADDITIONAL_ELEMENT_STATUS_DESCRIPTOR Descriptors[ANYSIZE_ARRAY];
} SES_ADDITIONAL_ELEMENT_STATUS_DIAGNOSTIC_PAGE, *PSES_ADDITIONAL_ELEMENT_STATUS_DIAGNOSTIC_PAGE;

/* 13 bytes as the WDK declares it (ExpectedBufferOffset is one byte) */
typedef struct _SES_DOWNLOAD_MICROCODE_STATUS_DESCRIPTOR {
    UCHAR Reserved1;
    UCHAR SubEnclosureId;
    UCHAR Status;
    UCHAR AdditionalStatus;
    UCHAR MaximumImageSize[4];
    UCHAR Reserved2[3];
    UCHAR ExpectedBufferId;
    UCHAR ExpectedBufferOffset;
} SES_DOWNLOAD_MICROCODE_STATUS_DESCRIPTOR, *PSES_DOWNLOAD_MICROCODE_STATUS_DESCRIPTOR;

typedef struct _SES_DOWNLOAD_MICROCODE_STATUS_DIAGNOSTIC_PAGE {
    UCHAR PageCode;
    UCHAR NumberOfSecondarySubEnclosures;
    UCHAR PageLength[2];
    UCHAR GenerationCode[4];
    SES_DOWNLOAD_MICROCODE_STATUS_DESCRIPTOR Descriptors[ANYSIZE_ARRAY];
} SES_DOWNLOAD_MICROCODE_STATUS_DIAGNOSTIC_PAGE, *PSES_DOWNLOAD_MICROCODE_STATUS_DIAGNOSTIC_PAGE;

typedef struct _SES_DOWNLOAD_MICROCODE_CONTROL_DIAGNOSTIC_PAGE {
    UCHAR PageCode;
    UCHAR SubEnclosureId;
    UCHAR PageLength[2];
    UCHAR ExpectedGenerationCode[4];
    UCHAR Mode;
    UCHAR Reserved[2];
    UCHAR BufferID;
    UCHAR BufferOffset[4];
    UCHAR ImageLength[4];
    UCHAR DataLength[4];
    UCHAR Data[ANYSIZE_ARRAY];
} SES_DOWNLOAD_MICROCODE_CONTROL_DIAGNOSTIC_PAGE, *PSES_DOWNLOAD_MICROCODE_CONTROL_DIAGNOSTIC_PAGE;

/* =========================================================================
 * GET PHYSICAL ELEMENT STATUS (0x9E / 0x17)
 * ========================================================================= */

#define GET_PHYSICAL_ELEMENT_STATUS_REPORT_TYPE_PHYSICAL_ELEMENT    0x0
#define GET_PHYSICAL_ELEMENT_STATUS_REPORT_TYPE_STORAGE_ELEMENT     0x1
#define GET_PHYSICAL_ELEMENT_STATUS_ALL                             0x0
#define GET_PHYSICAL_ELEMENT_STATUS_FILTER_NEED_ATTENTION           0x1

#define PHYSICAL_ELEMENT_TYPE_STORAGE_ELEMENT                       0x01

#define PHYSICAL_ELEMENT_HEALTH_NOT_REPORTED                        0x00
#define PHYSICAL_ELEMENT_HEALTH_MANUFACTURER_SPECIFICATION_LIMIT    0x64
#define PHYSICAL_ELEMENT_HEALTH_RESERVED_LOWER_BOUNDARY             0xD0
#define PHYSICAL_ELEMENT_HEALTH_RESERVED_UPPER_BOUNDARY             0xFC
#define PHYSICAL_ELEMENT_HEALTH_DEPOPULATION_COMPLETED_WITH_ERROR   0xFD
#define PHYSICAL_ELEMENT_HEALTH_DEPOPULATION_IN_PROGRESS            0xFE
#define PHYSICAL_ELEMENT_HEALTH_DEPOPULATION_COMPLETED_SUCCESS      0xFF

typedef struct _PHYSICAL_ELEMENT_STATUS_DATA_DESCRIPTOR {
    UCHAR Reserved1[4];
    UCHAR ElementIdentifier[4];
    UCHAR Reserved2[6];
    UCHAR PhysicalElementType;
    UCHAR PhysicalElementHealth;
    UCHAR AssociatedCapacity[8];
    UCHAR Reserved3[8];
} PHYSICAL_ELEMENT_STATUS_DATA_DESCRIPTOR, *PPHYSICAL_ELEMENT_STATUS_DATA_DESCRIPTOR;

typedef struct _PHYSICAL_ELEMENT_STATUS_PARAMETER_DATA {
    UCHAR DescriptorCount[4];
    UCHAR ReturnedDescriptorCount[4];
    UCHAR ElementIdentifierBeingDepoped[4];
    UCHAR Reserved[20];
    PHYSICAL_ELEMENT_STATUS_DATA_DESCRIPTOR Descriptors[ANYSIZE_ARRAY];
} PHYSICAL_ELEMENT_STATUS_PARAMETER_DATA, *PPHYSICAL_ELEMENT_STATUS_PARAMETER_DATA;

/* =========================================================================
 * READ BUFFER(16) mode 0x1C: error history
 * ========================================================================= */

#define READ_BUFFER_MODE_ERROR_HISTORY                          0x1C

/* mode specific field */
#define MODE_SPECIFIC_CREATE_VENDOR_SPECIFIC_DATA               0x0
#define MODE_SPECIFIC_CREATE_CURRENT_INTERNAL_STATUS_DATA       0x1

/* buffer ID field: directory requests, snapshots (0x10-0xEF), clearing */
#define BUFFER_ID_RETURN_ERROR_HISTORY_DIRECTORY                                    0x0
#define BUFFER_ID_RETURN_ERROR_HISTORY_DIRECTORY_CREATE_NEW_ERROR_HISTORY_SNAPSHOT  0x1
#define BUFFER_ID_RETURN_ERROR_HISTORY_DIRECTORY_ESTABLISH_NEW_NEXUS                0x2
#define BUFFER_ID_RETURN_ERROR_HISTORY_DIRECTORY_ESTABLISH_NEW_NEXUS_AND_SNAPSHOT   0x3
#define BUFFER_ID_RETURN_ERROR_HISTORY_MINIMUM_THRESHOLD                            0x10
#define BUFFER_ID_RETURN_ERROR_HISTORY_MAXIMUM_THRESHOLD                            0xEF
#define BUFFER_ID_CLEAR_ERROR_HISTORY_NEXUS                                         0xFE
#define BUFFER_ID_CLEAR_ERROR_HISTORY_AND_RELEASE_ANY_SNAPSHOT                      0xFF

/* directory: error history source */
#define ERROR_HISTORY_SOURCE_CREATED_BY_DEVICE_SERVER                       0x0
#define ERROR_HISTORY_SOURCE_CREATED_DUE_TO_CURRENT_READ_BUFFER_COMMAND     0x1
#define ERROR_HISTORY_SOURCE_CREATED_DUE_TO_PREVIOUS_READ_BUFFER_COMMAND    0x2
#define ERROR_HISTORY_SOURCE_INDICATED_IN_BUFFER_SOURCE_FIELD               0x3

/* directory: error history retrieved */
#define ERROR_HISTORY_RETRIEVED_NO_INFORMATION                  0x0
#define ERROR_HISTORY_RETRIEVED_BUFFER_ID_FE_OR_FF              0x1
#define ERROR_HISTORY_RETRIEVED_NOT_BUFFER_ID_FE_OR_FF          0x2
#define ERROR_HISTORY_RETRIEVED_RESERVED                        0x3

/* directory entry: buffer format and source */
#define BUFFER_FORMAT_VENDOR_SPECIFIC                           0x0
#define BUFFER_FORMAT_CURRENT_INTERNAL_STATUS_DATA              0x1
#define BUFFER_FORMAT_SAVED_INTERNAL_STATUS_DATA                0x2

#define BUFFER_SOURCE_INDICATED_IN_EHS_SOURCE_FIELD             0x0
#define BUFFER_SOURCE_UNKNOWN                                   0x1
#define BUFFER_SOURCE_CREATED_BY_DEVICE_SERVER                  0x2
#define BUFFER_SOURCE_CREATED_DUE_TO_CURRENT_COMMAND            0x3
#define BUFFER_SOURCE_CREATED_DUE_TO_PREVIOUS_COMMAND           0x4

#define STATUS_DATA_SET_SIZE_INCREMENT_IN_BYTES                 0x200

typedef struct _ERROR_HISTORY_DIRECTORY_ENTRY {
    UCHAR SupportedBufferId;
    UCHAR BufferFormat;
    UCHAR BufferSource              : 4;
    UCHAR Reserved0                 : 4;
    UCHAR Reserved1;
    UCHAR MaxAvailableLength[4];
} ERROR_HISTORY_DIRECTORY_ENTRY, *PERROR_HISTORY_DIRECTORY_ENTRY;

typedef struct _ERROR_HISTORY_DIRECTORY {
    UCHAR T10VendorId[8];
    UCHAR ErrorHistoryVersion;
    UCHAR ClearSupport              : 1;
    UCHAR ErrorHistorySource        : 2;
    UCHAR ErrorHistoryRetrieved     : 2;
    UCHAR Reserved0                 : 3;
    UCHAR Reserved1[20];
    UCHAR DirectoryLength[2];
    ERROR_HISTORY_DIRECTORY_ENTRY ErrorHistoryDirectoryList[ANYSIZE_ARRAY];
} ERROR_HISTORY_DIRECTORY, *PERROR_HISTORY_DIRECTORY;

typedef struct _CURRENT_INTERNAL_STATUS_PARAMETER_DATA {
    UCHAR Reserved0[4];
    UCHAR IEEECompanyId[4];
    UCHAR CurrentInternalStatusDataSetOneLength[2];
    UCHAR CurrentInternalStatusDataSetTwoLength[2];
    UCHAR CurrentInternalStatusDataSetThreeLength[2];
    UCHAR CurrentInternalStatusDataSetFourLength[4];
    UCHAR Reserved1[364];
    UCHAR NewSavedDataAvailable;
    UCHAR SavedDataGenerationNumber;
    UCHAR CurrentReasonIdentifier[128];
    UCHAR CurrentInternalStatusData[ANYSIZE_ARRAY];
} CURRENT_INTERNAL_STATUS_PARAMETER_DATA, *PCURRENT_INTERNAL_STATUS_PARAMETER_DATA;

typedef struct _SAVED_INTERNAL_STATUS_PARAMETER_DATA {
    UCHAR Reserved0[4];
    UCHAR IEEECompanyId[4];
    UCHAR SavedInternalStatusDataSetOneLength[2];
    UCHAR SavedInternalStatusDataSetTwoLength[2];
    UCHAR SavedInternalStatusDataSetThreeLength[2];
    UCHAR SavedInternalStatusDataSetFourLength[4];
    UCHAR Reserved1[364];
    UCHAR NewSavedDataAvailable;
    UCHAR SavedDataGenerationNumber;
    UCHAR SavedReasonIdentifier[128];
    UCHAR SavedInternalStatusData[ANYSIZE_ARRAY];
} SAVED_INTERNAL_STATUS_PARAMETER_DATA, *PSAVED_INTERNAL_STATUS_PARAMETER_DATA;

#pragma pack(pop)

/* =========================================================================
 * Sense data helpers
 *
 * Work on raw sense buffers in either fixed or descriptor format. All
 * lengths are the number of valid bytes in the caller's buffer; nothing is
 * read past it. Fixed and descriptor format both keep the additional sense
 * length in byte 7, so "header" below means bytes 0-7.
 * ========================================================================= */

/* response code (bits 0-6 of byte 0) */
#define ScsiGetSenseErrorCode(SenseInfoBuffer)  (((PUCHAR)(SenseInfoBuffer))[0] & 0x7f)

/* total bytes of one sense descriptor, header included */
#define ScsiGetSenseDescriptorLength(DescriptorBuffer) \
    (sizeof(SCSI_SENSE_DESCRIPTOR_HEADER) + ((PSCSI_SENSE_DESCRIPTOR_HEADER)(DescriptorBuffer))->AdditionalLength)

#define IsFixedSenseDataFormat(SenseInfoBuffer) \
    (ScsiGetSenseErrorCode(SenseInfoBuffer) == SCSI_SENSE_ERRORCODE_FIXED_CURRENT || \
     ScsiGetSenseErrorCode(SenseInfoBuffer) == SCSI_SENSE_ERRORCODE_FIXED_DEFERRED)

#define IsDescriptorSenseDataFormat(SenseInfoBuffer) \
    (ScsiGetSenseErrorCode(SenseInfoBuffer) == SCSI_SENSE_ERRORCODE_DESCRIPTOR_CURRENT || \
     ScsiGetSenseErrorCode(SenseInfoBuffer) == SCSI_SENSE_ERRORCODE_DESCRIPTOR_DEFERRED)

#define IsSenseDataCurrentError(SenseInfoBuffer) \
    (ScsiGetSenseErrorCode(SenseInfoBuffer) == SCSI_SENSE_ERRORCODE_FIXED_CURRENT || \
     ScsiGetSenseErrorCode(SenseInfoBuffer) == SCSI_SENSE_ERRORCODE_DESCRIPTOR_CURRENT)

#define IsSenseDataDeferredError(SenseInfoBuffer) \
    (ScsiGetSenseErrorCode(SenseInfoBuffer) == SCSI_SENSE_ERRORCODE_FIXED_DEFERRED || \
     ScsiGetSenseErrorCode(SenseInfoBuffer) == SCSI_SENSE_ERRORCODE_DESCRIPTOR_DEFERRED)

#define IsSenseDataFormatValueValid(SenseInfoBuffer) \
    (IsFixedSenseDataFormat(SenseInfoBuffer) || IsDescriptorSenseDataFormat(SenseInfoBuffer))

/* options for ScsiGetSenseKeyAndCodes */
typedef ULONG SCSI_SENSE_OPTIONS;

#define SCSI_SENSE_OPTIONS_NONE                                     ((SCSI_SENSE_OPTIONS)0x00000000)
#define SCSI_SENSE_OPTIONS_FIXED_FORMAT_IF_UNKNOWN_FORMAT_INDICATED ((SCSI_SENSE_OPTIONS)0x00000001)

/* bytes 0-7: everything up to and including AdditionalSenseLength */
#define MPABI_SENSE_HEADER_BYTES    8U

/*
 * Size of the sense data the device reports (header plus additional sense
 * length). FALSE when the header is not in the buffer or the reported size
 * exceeds MAX_SENSE_BUFFER_SIZE.
 */
FORCEINLINE BOOLEAN
ScsiGetTotalSenseByteCountIndicated(
    _In_reads_bytes_(SenseInfoBufferLength) PVOID SenseInfoBuffer,
    _In_ UCHAR SenseInfoBufferLength,
    _Out_ UCHAR *TotalByteCountIndicated)
{
    ULONG total;

    if (SenseInfoBuffer == NULL || SenseInfoBufferLength == 0 || TotalByteCountIndicated == NULL) {
        return FALSE;
    }
    if ((ULONG)SenseInfoBufferLength < MPABI_SENSE_HEADER_BYTES) {
        return FALSE;
    }
    total = MPABI_SENSE_HEADER_BYTES + ((PUCHAR)SenseInfoBuffer)[7];
    if (total > MAX_SENSE_BUFFER_SIZE) {
        return FALSE;
    }
    *TotalByteCountIndicated = (UCHAR)total;
    return TRUE;
}

/*
 * Sense key, ASC and ASCQ from fixed-format sense data. ASC/ASCQ read as 0
 * when the valid data (the smaller of the buffer and the reported length)
 * does not reach them. Any output pointer may be NULL.
 */
FORCEINLINE BOOLEAN
ScsiGetFixedSenseKeyAndCodes(
    _In_reads_bytes_(SenseInfoBufferLength) PVOID SenseInfoBuffer,
    _In_ UCHAR SenseInfoBufferLength,
    _Out_opt_ PUCHAR SenseKey,
    _Out_opt_ PUCHAR AdditionalSenseCode,
    _Out_opt_ PUCHAR AdditionalSenseCodeQualifier)
{
    PFIXED_SENSE_DATA fixed = (PFIXED_SENSE_DATA)SenseInfoBuffer;
    ULONG valid;

    if (SenseInfoBuffer == NULL || SenseInfoBufferLength == 0) {
        return FALSE;
    }
    if ((ULONG)SenseInfoBufferLength < MPABI_SENSE_HEADER_BYTES) {
        return FALSE;
    }
    valid = MPABI_SENSE_HEADER_BYTES + fixed->AdditionalSenseLength;
    if (valid > SenseInfoBufferLength) {
        valid = SenseInfoBufferLength;
    }
    if (SenseKey != NULL) {
        *SenseKey = fixed->SenseKey;
    }
    if (AdditionalSenseCode != NULL) {
        *AdditionalSenseCode =
            (valid > FIELD_OFFSET(FIXED_SENSE_DATA, AdditionalSenseCode)) ? fixed->AdditionalSenseCode : 0;
    }
    if (AdditionalSenseCodeQualifier != NULL) {
        *AdditionalSenseCodeQualifier =
            (valid > FIELD_OFFSET(FIXED_SENSE_DATA, AdditionalSenseCodeQualifier)) ? fixed->AdditionalSenseCodeQualifier : 0;
    }
    return TRUE;
}

/* Sense key, ASC and ASCQ from descriptor-format sense data. */
FORCEINLINE BOOLEAN
ScsiGetDescriptorSenseKeyAndCodes(
    _In_reads_bytes_(SenseInfoBufferLength) PVOID SenseInfoBuffer,
    _In_ UCHAR SenseInfoBufferLength,
    _Out_opt_ PUCHAR SenseKey,
    _Out_opt_ PUCHAR AdditionalSenseCode,
    _Out_opt_ PUCHAR AdditionalSenseCodeQualifier)
{
    PDESCRIPTOR_SENSE_DATA desc = (PDESCRIPTOR_SENSE_DATA)SenseInfoBuffer;

    if (SenseInfoBuffer == NULL || SenseInfoBufferLength == 0) {
        return FALSE;
    }
    if ((ULONG)SenseInfoBufferLength < MPABI_SENSE_HEADER_BYTES) {
        return FALSE;
    }
    if (SenseKey != NULL) {
        *SenseKey = desc->SenseKey;
    }
    if (AdditionalSenseCode != NULL) {
        *AdditionalSenseCode = desc->AdditionalSenseCode;
    }
    if (AdditionalSenseCodeQualifier != NULL) {
        *AdditionalSenseCodeQualifier = desc->AdditionalSenseCodeQualifier;
    }
    return TRUE;
}

/*
 * Sense key, ASC and ASCQ from sense data of either format. Data whose
 * response code is neither format is rejected unless Options asks for it to
 * be read as fixed format.
 */
FORCEINLINE BOOLEAN
ScsiGetSenseKeyAndCodes(
    _In_reads_bytes_(SenseInfoBufferLength) PVOID SenseInfoBuffer,
    _In_ UCHAR SenseInfoBufferLength,
    _In_ SCSI_SENSE_OPTIONS Options,
    _Out_opt_ PUCHAR SenseKey,
    _Out_opt_ PUCHAR AdditionalSenseCode,
    _Out_opt_ PUCHAR AdditionalSenseCodeQualifier)
{
    if (SenseInfoBuffer == NULL || SenseInfoBufferLength == 0) {
        return FALSE;
    }
    if (IsDescriptorSenseDataFormat(SenseInfoBuffer)) {
        return ScsiGetDescriptorSenseKeyAndCodes(SenseInfoBuffer, SenseInfoBufferLength,
                                                 SenseKey, AdditionalSenseCode,
                                                 AdditionalSenseCodeQualifier);
    }
    if ((Options & SCSI_SENSE_OPTIONS_FIXED_FORMAT_IF_UNKNOWN_FORMAT_INDICATED) != 0 ||
        IsFixedSenseDataFormat(SenseInfoBuffer)) {
        return ScsiGetFixedSenseKeyAndCodes(SenseInfoBuffer, SenseInfoBufferLength,
                                            SenseKey, AdditionalSenseCode,
                                            AdditionalSenseCodeQualifier);
    }
    return FALSE;
}

/*
 * Start and length of the descriptor list of descriptor-format sense data,
 * limited to the caller's buffer. FALSE (and NULL/0 outputs) when the data
 * is not descriptor format or carries no descriptor bytes.
 */
FORCEINLINE BOOLEAN
ScsiGetSenseDescriptor(
    _In_reads_bytes_(SenseInfoBufferLength) PVOID SenseInfoBuffer,
    _In_ UCHAR SenseInfoBufferLength,
    _Outptr_result_bytebuffer_(*DescriptorBufferLength) PVOID *DescriptorBuffer,
    _Out_ UCHAR *DescriptorBufferLength)
{
    PDESCRIPTOR_SENSE_DATA desc = (PDESCRIPTOR_SENSE_DATA)SenseInfoBuffer;
    ULONG valid;

    if (SenseInfoBuffer == NULL || SenseInfoBufferLength == 0 ||
        DescriptorBuffer == NULL || DescriptorBufferLength == NULL) {
        return FALSE;
    }
    *DescriptorBuffer = NULL;
    *DescriptorBufferLength = 0;

    if (!IsDescriptorSenseDataFormat(SenseInfoBuffer)) {
        return FALSE;
    }
    if ((ULONG)SenseInfoBufferLength < MPABI_SENSE_HEADER_BYTES) {
        return FALSE;
    }
    valid = MPABI_SENSE_HEADER_BYTES + desc->AdditionalSenseLength;
    if (valid > MAX_SENSE_BUFFER_SIZE) {
        return FALSE;
    }
    if (valid > SenseInfoBufferLength) {
        valid = SenseInfoBufferLength;
    }
    if (valid <= MPABI_SENSE_HEADER_BYTES) {
        return FALSE;
    }
    *DescriptorBufferLength = (UCHAR)(valid - MPABI_SENSE_HEADER_BYTES);
    *DescriptorBuffer = (PVOID)desc->DescriptorBuffer;
    return TRUE;
}

/* TRUE when the buffer holds a well-formed, valid Information descriptor. */
FORCEINLINE BOOLEAN
ScsiValidateInformationSenseDescriptor(
    _In_reads_bytes_(DescriptorBufferLength) PVOID DescriptorBuffer,
    _In_ UCHAR DescriptorBufferLength)
{
    PSCSI_SENSE_DESCRIPTOR_INFORMATION info = (PSCSI_SENSE_DESCRIPTOR_INFORMATION)DescriptorBuffer;

    if (DescriptorBuffer == NULL ||
        (ULONG)DescriptorBufferLength < (ULONG)sizeof(SCSI_SENSE_DESCRIPTOR_INFORMATION)) {
        return FALSE;
    }
    if (info->Header.DescriptorType != SCSI_SENSE_DESCRIPTOR_TYPE_INFORMATION) {
        return FALSE;
    }
    if ((ULONG)info->Header.AdditionalLength !=
        (ULONG)(sizeof(SCSI_SENSE_DESCRIPTOR_INFORMATION) - sizeof(SCSI_SENSE_DESCRIPTOR_HEADER))) {
        return FALSE;
    }
    return info->Valid ? TRUE : FALSE;
}

/* TRUE when the buffer holds a well-formed Block Command descriptor. */
FORCEINLINE BOOLEAN
ScsiValidateBlockCommandSenseDescriptor(
    _In_reads_bytes_(DescriptorBufferLength) PVOID DescriptorBuffer,
    _In_ UCHAR DescriptorBufferLength)
{
    PSCSI_SENSE_DESCRIPTOR_BLOCK_COMMAND block = (PSCSI_SENSE_DESCRIPTOR_BLOCK_COMMAND)DescriptorBuffer;

    if (DescriptorBuffer == NULL ||
        (ULONG)DescriptorBufferLength < (ULONG)sizeof(SCSI_SENSE_DESCRIPTOR_BLOCK_COMMAND)) {
        return FALSE;
    }
    if (block->Header.DescriptorType != SCSI_SENSE_DESCRIPTOR_TYPE_BLOCK_COMMAND) {
        return FALSE;
    }
    return ((ULONG)block->Header.AdditionalLength ==
            (ULONG)(sizeof(SCSI_SENSE_DESCRIPTOR_BLOCK_COMMAND) - sizeof(SCSI_SENSE_DESCRIPTOR_HEADER)))
           ? TRUE : FALSE;
}

/*
 * Rewrite descriptor-format sense data as fixed format in OutBuffer (at
 * least sizeof(FIXED_SENSE_DATA) bytes). Only the current/deferred kind,
 * sense key, ASC and ASCQ carry over. FALSE for input already in fixed
 * format or unreadable.
 */
FORCEINLINE BOOLEAN
ScsiConvertToFixedSenseFormat(
    _In_reads_bytes_(SenseInfoBufferLength) PVOID SenseInfoBuffer,
    _In_ UCHAR SenseInfoBufferLength,
    _Out_writes_bytes_(OutBufferLength) PVOID OutBuffer,
    _In_ UCHAR OutBufferLength)
{
    PFIXED_SENSE_DATA out = (PFIXED_SENSE_DATA)OutBuffer;
    UCHAR key = 0;
    UCHAR asc = 0;
    UCHAR ascq = 0;

    if (SenseInfoBuffer == NULL || SenseInfoBufferLength == 0 || OutBuffer == NULL ||
        (ULONG)OutBufferLength < (ULONG)sizeof(FIXED_SENSE_DATA)) {
        return FALSE;
    }
    if (!IsDescriptorSenseDataFormat(SenseInfoBuffer)) {
        return FALSE;
    }
    RtlZeroMemory(OutBuffer, OutBufferLength);
    if (!ScsiGetSenseKeyAndCodes(SenseInfoBuffer, SenseInfoBufferLength,
                                 SCSI_SENSE_OPTIONS_NONE, &key, &asc, &ascq)) {
        return FALSE;
    }
    out->ErrorCode = IsSenseDataCurrentError(SenseInfoBuffer)
                         ? SCSI_SENSE_ERRORCODE_FIXED_CURRENT
                         : SCSI_SENSE_ERRORCODE_FIXED_DEFERRED;
    out->AdditionalSenseLength =
        (UCHAR)(sizeof(FIXED_SENSE_DATA) - RTL_SIZEOF_THROUGH_FIELD(FIXED_SENSE_DATA, AdditionalSenseLength));
    ((PUCHAR)OutBuffer)[2] = (UCHAR)(key & 0x0f);     /* SenseKey; rest of byte is 0 */
    out->AdditionalSenseCode = asc;
    out->AdditionalSenseCodeQualifier = ascq;
    return TRUE;
}

/*
 * Walk a descriptor list (as returned by ScsiGetSenseDescriptor) to the
 * first descriptor whose type is in TypeList. On success OutBuffer points at
 * it, OutType is its type and OutBufferLength is the number of list bytes
 * from there to the end.
 */
FORCEINLINE BOOLEAN
ScsiGetNextSenseDescriptorByType(
    _In_reads_bytes_(BufferLength) PVOID Buffer,
    _In_ UCHAR BufferLength,
    _In_reads_(TypeListCount) PUCHAR TypeList,
    _In_ ULONG TypeListCount,
    _Out_ PUCHAR OutType,
    _Outptr_result_bytebuffer_(*OutBufferLength) PVOID *OutBuffer,
    _Out_ UCHAR *OutBufferLength)
{
    PUCHAR cursor;
    ULONG remaining;
    ULONG index;
    ULONG step;

    if (Buffer == NULL || BufferLength == 0 || TypeList == NULL || TypeListCount == 0 ||
        OutType == NULL || OutBuffer == NULL || OutBufferLength == NULL) {
        return FALSE;
    }
    *OutBuffer = NULL;
    *OutBufferLength = 0;
    *OutType = 0;

    cursor = (PUCHAR)Buffer;
    remaining = BufferLength;
    while (remaining >= (ULONG)sizeof(SCSI_SENSE_DESCRIPTOR_HEADER)) {
        for (index = 0; index < TypeListCount; index++) {
            if (cursor[0] == TypeList[index]) {
                *OutBuffer = (PVOID)cursor;
                *OutBufferLength = (UCHAR)remaining;
                *OutType = TypeList[index];
                return TRUE;
            }
        }
        step = (ULONG)ScsiGetSenseDescriptorLength(cursor);
        if (remaining <= step) {
            break;
        }
        cursor += step;
        remaining -= step;
    }
    return FALSE;
}

/* =========================================================================
 * Size checks against the Windows x64 layouts
 * ========================================================================= */

C_ASSERT(sizeof(CDB) == 16);
C_ASSERT(sizeof(CDB32) == 32);
C_ASSERT(sizeof(SENSE_DATA) == SENSE_BUFFER_SIZE);
C_ASSERT(sizeof(SENSE_DATA_EX) == SENSE_BUFFER_SIZE_EX);
C_ASSERT(sizeof(DESCRIPTOR_SENSE_DATA) == 9);
C_ASSERT(sizeof(INQUIRYDATA) == 104);
C_ASSERT(FIELD_OFFSET(INQUIRYDATA, VersionDescriptors) == 58);
C_ASSERT(sizeof(READ_CAPACITY_DATA) == 8);
C_ASSERT(sizeof(READ_CAPACITY_DATA_EX) == 12);
C_ASSERT(sizeof(READ_CAPACITY16_DATA) == 32);
C_ASSERT(sizeof(LBA_STATUS_DESCRIPTOR) == 16);
C_ASSERT(sizeof(VPD_BLOCK_LIMITS_PAGE) == 64);
C_ASSERT(sizeof(VPD_BLOCK_DEVICE_CHARACTERISTICS_PAGE) == 64);
C_ASSERT(sizeof(VPD_EXTENDED_INQUIRY_DATA_PAGE) == 64);
C_ASSERT(sizeof(VPD_ATA_INFORMATION_PAGE) == 572);
C_ASSERT(sizeof(MODE_CONTROL_PAGE) == 12);
C_ASSERT(sizeof(MODE_CACHING_PAGE) == 12);
C_ASSERT(sizeof(MODE_CACHING_PAGE_EX) == 20);
C_ASSERT(sizeof(CDVD_CAPABILITIES_PAGE) == 24);
C_ASSERT(sizeof(MODE_COMMAND_DURATION_LIMIT_PAGE_T2A_SUBPAGE) == 0xE4 + sizeof(MODE_PAGE_SUBPAGE_HEADER));
C_ASSERT(sizeof(MODE_COMMAND_DURATION_LIMIT_PAGE_T2B_SUBPAGE) == 0xE4 + sizeof(MODE_PAGE_SUBPAGE_HEADER));
C_ASSERT(sizeof(UNMAP_BLOCK_DESCRIPTOR) == 16);
C_ASSERT(sizeof(UNMAP_LIST_HEADER) == 8);
C_ASSERT(sizeof(ZONE_DESCRIPTIOR) == 64);
C_ASSERT(sizeof(TAPE_POSITION_DATA) == 20);
C_ASSERT(sizeof(STOR_ADDRESS) == 16);
C_ASSERT(sizeof(STOR_ADDR_BTL8) == 16);

MPABI_EXTERN_C_END

#endif /* _NTSCSI_ */
