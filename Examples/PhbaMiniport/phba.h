/*
 * phba.h - the register interface of the SDK's emulated PCI SCSI host bus adapter ("PHBA"),
 *          transcribed from docs/hba-spec.md (interface version 1.0).
 *
 * Only hardware facts live here: PCI identity, register offsets, bit fields, status and
 * error codes and the three in-memory structures the controller reads or writes (request
 * descriptor, scatter/gather entry, completion descriptor). Everything is little-endian,
 * which is also the byte order of every target CMiniportABI supports, so the structures
 * can be filled field by field. phba.c holds the miniport itself.
 */
#ifndef PHBA_H
#define PHBA_H

/* The base types come from the port's header: a StorPort miniport includes storport.h before
 * this file (Examples/StorPortPhba), a SCSI Port miniport gets miniport.h here. */
#ifndef _NTSTORPORT_
#include <miniport.h>
#endif

/* ---- PCI function (spec section 2) ---- */
#define PHBA_PCI_VENDOR_ID          0x6D70      /* default; configurable per machine */
#define PHBA_PCI_DEVICE_ID          0x5343      /* default; configurable per machine */
#define PHBA_BAR0_LENGTH            0x1000      /* memory BAR: the whole register block */
#define PHBA_BAR1_LENGTH            0x80        /* I/O BAR: mirror of registers 0x00-0x7F */

/* ---- register offsets (spec section 4, "Registers") ---- */
#define PHBA_REG_MAGIC                  0x00    /* RO */
#define PHBA_REG_VERSION                0x04    /* RO */
#define PHBA_REG_CAP_BUSES              0x08    /* RO */
#define PHBA_REG_CAP_TARGETS            0x0C    /* RO */
#define PHBA_REG_CAP_LUNS               0x10    /* RO */
#define PHBA_REG_CAP_QUEUE_DEPTH        0x14    /* RO */
#define PHBA_REG_CAP_MAX_TRANSFER       0x18    /* RO */
#define PHBA_REG_CAP_MAX_SG_ENTRIES     0x1C    /* RO */
#define PHBA_REG_CONTROL                0x20    /* RW */
#define PHBA_REG_STATUS                 0x24    /* RO */
#define PHBA_REG_ERROR                  0x28    /* RO */
#define PHBA_REG_REQUEST_RING_LOW       0x30    /* RW while disabled */
#define PHBA_REG_REQUEST_RING_HIGH      0x34    /* RW while disabled */
#define PHBA_REG_COMPLETION_RING_LOW    0x38    /* RW while disabled */
#define PHBA_REG_COMPLETION_RING_HIGH   0x3C    /* RW while disabled */
#define PHBA_REG_RING_ENTRIES           0x40    /* RW while disabled */
#define PHBA_REG_REQUEST_TAIL           0x44    /* RW: the doorbell */
#define PHBA_REG_REQUEST_HEAD           0x48    /* RO */
#define PHBA_REG_COMPLETION_TAIL        0x4C    /* RO */
#define PHBA_REG_COMPLETION_HEAD        0x50    /* RW */
#define PHBA_REG_INTERRUPT_STATUS       0x54    /* W1C */
#define PHBA_REG_INTERRUPT_MASK         0x58    /* RW */
#define PHBA_REG_BUS_RESET              0x5C    /* WO */
#define PHBA_REG_TARGET_RESET           0x60    /* WO */
#define PHBA_REG_OUTSTANDING            0x64    /* RO */
#define PHBA_REG_CAP_QUEUES             0x68    /* RO, interface 1.1: queue pairs (a 1.0 controller reads 0) */

/* Queue pair register blocks (interface 1.1, spec section 17): queue Q's block at
 * PHBA_QUEUE_BLOCK(Q), BAR0 only. Queue 0's block is another view of 0x30...0x50. */
#define PHBA_QUEUE_BLOCK_BASE           0x100
#define PHBA_QUEUE_BLOCK_STRIDE         0x40
#define PHBA_QUEUE_BLOCK(Queue)         (PHBA_QUEUE_BLOCK_BASE + PHBA_QUEUE_BLOCK_STRIDE * (ULONG)(Queue))
#define PHBA_QUEUE_REQUEST_RING_LOW     0x00
#define PHBA_QUEUE_REQUEST_RING_HIGH    0x04
#define PHBA_QUEUE_COMPLETION_RING_LOW  0x08
#define PHBA_QUEUE_COMPLETION_RING_HIGH 0x0C
#define PHBA_QUEUE_RING_ENTRIES         0x10
#define PHBA_QUEUE_REQUEST_TAIL         0x14
#define PHBA_QUEUE_REQUEST_HEAD         0x18
#define PHBA_QUEUE_COMPLETION_TAIL      0x1C
#define PHBA_QUEUE_COMPLETION_HEAD      0x20
#define PHBA_QUEUE_ENABLE               0x24
#define PHBA_QUEUE_OUTSTANDING          0x28
#define PHBA_MAX_QUEUES                 16

/* ---- identification ---- */
#define PHBA_MAGIC                      0x41424850  /* "PHBA" in memory order */
#define PHBA_VERSION_MAJOR(Version)     ((ULONG)(Version) >> 16)
#define PHBA_VERSION_MINOR(Version)     ((ULONG)(Version) & 0xFFFF)
#define PHBA_SUPPORTED_MAJOR_VERSION    1

/* ---- limits stated by the capability register descriptions ---- */
#define PHBA_MAX_BUSES                  8
#define PHBA_MAX_TARGETS                256
#define PHBA_MAX_LUNS                   256
#define PHBA_MIN_RING_ENTRIES           2
#define PHBA_MAX_QUEUE_DEPTH            4096
#define PHBA_MAX_SG_LIMIT               4096
#define PHBA_MAX_CDB_LENGTH             16
#define PHBA_MAX_AUTOSENSE_LENGTH       18      /* fixed-format sense, at most 18 bytes */
#define PHBA_RING_ALIGNMENT             64      /* both ring bases */

/* ---- bit fields (spec section 4, "Bit fields") ---- */
#define PHBA_CONTROL_ENABLE             0x00000001
#define PHBA_CONTROL_RESET              0x00000002

#define PHBA_STATUS_READY               0x00000001
#define PHBA_STATUS_FATAL               0x00000002

#define PHBA_INTERRUPT_COMPLETION       0x00000001
#define PHBA_INTERRUPT_ERROR            0x00000002
#define PHBA_INTERRUPT_ALL              (PHBA_INTERRUPT_COMPLETION | PHBA_INTERRUPT_ERROR)

#define PHBA_REQUEST_FLAG_DATA_IN       0x01
#define PHBA_REQUEST_FLAG_DATA_OUT      0x02
#define PHBA_REQUEST_FLAG_SG_LIST       0x04

#define PHBA_COMPLETION_FLAG_SENSE_VALID 0x01

/* TARGET_RESET value: bus in bits 7:0, target in bits 15:8. */
#define PHBA_TARGET_RESET_VALUE(Bus, Target) \
    (((ULONG)(Bus) & 0xFF) | (((ULONG)(Target) & 0xFF) << 8))

/* ---- HBA status codes (COMPLETION.HBA_STATUS, spec section 8) ---- */
#define PHBA_HBA_STATUS_OK                  0x00
#define PHBA_HBA_STATUS_SELECTION_TIMEOUT   0x01
#define PHBA_HBA_STATUS_INVALID_REQUEST     0x02
#define PHBA_HBA_STATUS_DMA_ERROR           0x03
#define PHBA_HBA_STATUS_BUS_RESET           0x04
#define PHBA_HBA_STATUS_TARGET_RESET        0x05

/* ---- error codes (ERROR register, spec section 11) ---- */
#define PHBA_ERROR_NONE                     0
#define PHBA_ERROR_BAD_RING_CONFIGURATION   1
#define PHBA_ERROR_BAD_REQUEST_TAIL         2
#define PHBA_ERROR_BAD_COMPLETION_HEAD      3
#define PHBA_ERROR_RING_ACCESS_FAULT        4
#define PHBA_ERROR_NOT_READY                5
#define PHBA_ERROR_INJECTED_FATAL           6

/* ---- request descriptor: 64 bytes per request ring slot (spec section 7) ---- */
typedef struct _PHBA_REQUEST_DESCRIPTOR {
    ULONG Tag;                  /* 0x00 returned unchanged in the completion */
    UCHAR Bus;                  /* 0x04 */
    UCHAR Target;               /* 0x05 */
    UCHAR Lun;                  /* 0x06 */
    UCHAR CdbLength;            /* 0x07 1..16 */
    UCHAR Flags;                /* 0x08 PHBA_REQUEST_FLAG_* */
    UCHAR SenseLength;          /* 0x09 0 disables autosense */
    USHORT SgCount;             /* 0x0A entries when FLAGS.SG_LIST */
    ULONG TransferLength;       /* 0x0C bytes */
    UCHAR Cdb[16];              /* 0x10 */
    ULONGLONG DataAddress;      /* 0x20 data buffer, or the SG list when FLAGS.SG_LIST */
    ULONGLONG SenseAddress;     /* 0x28 */
    UCHAR Reserved[16];         /* 0x30 write 0 */
} PHBA_REQUEST_DESCRIPTOR, *PPHBA_REQUEST_DESCRIPTOR;

/* ---- scatter/gather entry: 16 bytes (spec section 7) ---- */
typedef struct _PHBA_SG_ENTRY {
    ULONGLONG Address;          /* 0x00 physical address of the piece */
    ULONG Length;               /* 0x08 bytes, never 0 */
    ULONG Reserved;             /* 0x0C write 0 */
} PHBA_SG_ENTRY, *PPHBA_SG_ENTRY;

/* ---- completion descriptor: 16 bytes per completion ring slot (spec section 8) ---- */
typedef struct _PHBA_COMPLETION_DESCRIPTOR {
    ULONG Tag;                  /* 0x00 the request's TAG */
    UCHAR HbaStatus;            /* 0x04 PHBA_HBA_STATUS_* */
    UCHAR ScsiStatus;           /* 0x05 LU status byte when HbaStatus is OK */
    UCHAR SenseLength;          /* 0x06 sense bytes written (0..18) */
    UCHAR Flags;                /* 0x07 PHBA_COMPLETION_FLAG_* */
    ULONG Residual;             /* 0x08 TRANSFER_LENGTH minus bytes moved */
    ULONG Reserved;             /* 0x0C */
} PHBA_COMPLETION_DESCRIPTOR, *PPHBA_COMPLETION_DESCRIPTOR;

C_ASSERT(sizeof(PHBA_REQUEST_DESCRIPTOR) == 64);
C_ASSERT(FIELD_OFFSET(PHBA_REQUEST_DESCRIPTOR, Bus) == 0x04);
C_ASSERT(FIELD_OFFSET(PHBA_REQUEST_DESCRIPTOR, CdbLength) == 0x07);
C_ASSERT(FIELD_OFFSET(PHBA_REQUEST_DESCRIPTOR, Flags) == 0x08);
C_ASSERT(FIELD_OFFSET(PHBA_REQUEST_DESCRIPTOR, SenseLength) == 0x09);
C_ASSERT(FIELD_OFFSET(PHBA_REQUEST_DESCRIPTOR, SgCount) == 0x0A);
C_ASSERT(FIELD_OFFSET(PHBA_REQUEST_DESCRIPTOR, TransferLength) == 0x0C);
C_ASSERT(FIELD_OFFSET(PHBA_REQUEST_DESCRIPTOR, Cdb) == 0x10);
C_ASSERT(FIELD_OFFSET(PHBA_REQUEST_DESCRIPTOR, DataAddress) == 0x20);
C_ASSERT(FIELD_OFFSET(PHBA_REQUEST_DESCRIPTOR, SenseAddress) == 0x28);
C_ASSERT(FIELD_OFFSET(PHBA_REQUEST_DESCRIPTOR, Reserved) == 0x30);
C_ASSERT(sizeof(PHBA_SG_ENTRY) == 16);
C_ASSERT(FIELD_OFFSET(PHBA_SG_ENTRY, Length) == 0x08);
C_ASSERT(sizeof(PHBA_COMPLETION_DESCRIPTOR) == 16);
C_ASSERT(FIELD_OFFSET(PHBA_COMPLETION_DESCRIPTOR, HbaStatus) == 0x04);
C_ASSERT(FIELD_OFFSET(PHBA_COMPLETION_DESCRIPTOR, SenseLength) == 0x06);
C_ASSERT(FIELD_OFFSET(PHBA_COMPLETION_DESCRIPTOR, Flags) == 0x07);
C_ASSERT(FIELD_OFFSET(PHBA_COMPLETION_DESCRIPTOR, Residual) == 0x08);

#endif /* PHBA_H */
