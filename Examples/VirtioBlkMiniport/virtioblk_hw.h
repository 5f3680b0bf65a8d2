/*
 * virtioblk_hw.h - hardware facts for the virtio-blk miniport, from the OASIS "Virtual I/O
 * Device (VIRTIO)" specification, version 1.x: the PCI transport (modern capabilities and
 * the legacy I/O header of a transitional device), the split virtqueue and the block
 * device's configuration and request formats. Only constants and layouts; no code.
 *
 * Include after storport.h (base types come from there).
 */
#ifndef VIRTIOBLK_HW_H
#define VIRTIOBLK_HW_H

/* ---- PCI identity (spec 4.1.2) ---- */
#define VIRTIO_PCI_VENDOR_ID                0x1AF4
#define VIRTIO_PCI_DEVICE_ID_BLK_LEGACY     0x1001  /* transitional virtio-blk */
#define VIRTIO_PCI_DEVICE_ID_BLK_MODERN     0x1042  /* 0x1040 + device type 2 */

/* ---- PCI configuration space ---- */
#define PCI_COMMAND_INTERRUPT_DISABLE       0x0400  /* command bit 10: INTx held low */
#define PCI_CONFIG_STATUS_OFFSET            0x06
#define PCI_CONFIG_BAR0_OFFSET              0x10
#define PCI_CONFIG_CAPABILITIES_OFFSET      0x34
#define PCI_STATUS_HAS_CAPABILITIES         0x0010
#define PCI_CAPABILITY_ID_VENDOR            0x09
#define PCI_CAPABILITY_ID_MSIX              0x11
#define PCI_MSIX_CONTROL_ENABLE             0x8000  /* message control bit 15 */

/* ---- virtio vendor capability (spec 4.1.4): cap_vndr, cap_next, cap_len, cfg_type, bar,
 *      id, padding[2], le32 offset, le32 length; the notify capability adds
 *      le32 notify_off_multiplier ---- */
#define VIRTIO_CAP_OFFSET_CFG_TYPE          3
#define VIRTIO_CAP_OFFSET_BAR               4
#define VIRTIO_CAP_OFFSET_OFFSET            8
#define VIRTIO_CAP_OFFSET_LENGTH            12
#define VIRTIO_CAP_OFFSET_NOTIFY_MULTIPLIER 16
#define VIRTIO_CAP_MIN_LENGTH               16
#define VIRTIO_CAP_NOTIFY_MIN_LENGTH        20

#define VIRTIO_PCI_CAP_COMMON_CFG           1
#define VIRTIO_PCI_CAP_NOTIFY_CFG           2
#define VIRTIO_PCI_CAP_ISR_CFG              3
#define VIRTIO_PCI_CAP_DEVICE_CFG           4
#define VIRTIO_PCI_CAP_PCI_CFG              5

/* ---- common configuration structure (spec 4.1.4.3) ---- */
#define VIRTIO_COMMON_DEVICE_FEATURE_SELECT 0x00    /* le32 */
#define VIRTIO_COMMON_DEVICE_FEATURE        0x04    /* le32, read-only */
#define VIRTIO_COMMON_DRIVER_FEATURE_SELECT 0x08    /* le32 */
#define VIRTIO_COMMON_DRIVER_FEATURE        0x0C    /* le32 */
#define VIRTIO_COMMON_CONFIG_MSIX_VECTOR    0x10    /* le16 */
#define VIRTIO_COMMON_NUM_QUEUES            0x12    /* le16, read-only */
#define VIRTIO_COMMON_DEVICE_STATUS         0x14    /* u8 */
#define VIRTIO_COMMON_CONFIG_GENERATION     0x15    /* u8, read-only */
#define VIRTIO_COMMON_QUEUE_SELECT          0x16    /* le16 */
#define VIRTIO_COMMON_QUEUE_SIZE            0x18    /* le16 */
#define VIRTIO_COMMON_QUEUE_MSIX_VECTOR     0x1A    /* le16 */
#define VIRTIO_COMMON_QUEUE_ENABLE          0x1C    /* le16 */
#define VIRTIO_COMMON_QUEUE_NOTIFY_OFF      0x1E    /* le16, read-only */
#define VIRTIO_COMMON_QUEUE_DESC            0x20    /* le64 */
#define VIRTIO_COMMON_QUEUE_DRIVER          0x28    /* le64 */
#define VIRTIO_COMMON_QUEUE_DEVICE          0x30    /* le64 */
#define VIRTIO_COMMON_MIN_LENGTH            0x38

/* ---- legacy interface header in I/O BAR0 (spec 4.1.4.8) ---- */
#define VIRTIO_LEGACY_HOST_FEATURES         0x00    /* le32, read-only */
#define VIRTIO_LEGACY_GUEST_FEATURES        0x04    /* le32 */
#define VIRTIO_LEGACY_QUEUE_PFN             0x08    /* le32: ring address >> 12 */
#define VIRTIO_LEGACY_QUEUE_SIZE            0x0C    /* le16, read-only */
#define VIRTIO_LEGACY_QUEUE_SELECT          0x0E    /* le16 */
#define VIRTIO_LEGACY_QUEUE_NOTIFY          0x10    /* le16 */
#define VIRTIO_LEGACY_DEVICE_STATUS         0x12    /* u8 */
#define VIRTIO_LEGACY_ISR_STATUS            0x13    /* u8, read clears */
#define VIRTIO_LEGACY_CONFIG_MSIX_VECTOR    0x14    /* le16, only while MSI-X is enabled */
#define VIRTIO_LEGACY_QUEUE_MSIX_VECTOR     0x16    /* le16, only while MSI-X is enabled */
#define VIRTIO_LEGACY_DEVICE_CONFIG         0x14    /* device config without MSI-X */
#define VIRTIO_LEGACY_DEVICE_CONFIG_MSIX    0x18    /* device config with MSI-X enabled */
#define VIRTIO_LEGACY_QUEUE_ALIGN           4096
#define VIRTIO_LEGACY_PFN_SHIFT             12

#define VIRTIO_MSI_NO_VECTOR                0xFFFF

/* ---- ISR status bits (spec 4.1.4.5) ---- */
#define VIRTIO_ISR_QUEUE                    0x01
#define VIRTIO_ISR_CONFIG                   0x02

/* ---- device status (spec 2.1) ---- */
#define VIRTIO_STATUS_ACKNOWLEDGE           0x01
#define VIRTIO_STATUS_DRIVER                0x02
#define VIRTIO_STATUS_DRIVER_OK             0x04
#define VIRTIO_STATUS_FEATURES_OK           0x08
#define VIRTIO_STATUS_DEVICE_NEEDS_RESET    0x40
#define VIRTIO_STATUS_FAILED                0x80

/* ---- feature bits (spec 5.2.3 and 6) ---- */
#define VIRTIO_BLK_F_SIZE_MAX               (1ULL << 1)
#define VIRTIO_BLK_F_SEG_MAX                (1ULL << 2)
#define VIRTIO_BLK_F_GEOMETRY               (1ULL << 4)
#define VIRTIO_BLK_F_RO                     (1ULL << 5)
#define VIRTIO_BLK_F_BLK_SIZE               (1ULL << 6)
#define VIRTIO_BLK_F_FLUSH                  (1ULL << 9)
#define VIRTIO_BLK_F_TOPOLOGY               (1ULL << 10)
#define VIRTIO_BLK_F_MQ                     (1ULL << 12)
#define VIRTIO_F_RING_INDIRECT_DESC         (1ULL << 28)
#define VIRTIO_F_RING_EVENT_IDX             (1ULL << 29)
#define VIRTIO_F_VERSION_1                  (1ULL << 32)

/* ---- virtio-blk device configuration (spec 5.2.4) ---- */
#define VIRTIO_BLK_CFG_CAPACITY             0x00    /* le64, 512-byte sectors */
#define VIRTIO_BLK_CFG_SIZE_MAX             0x08    /* le32 */
#define VIRTIO_BLK_CFG_SEG_MAX              0x0C    /* le32 */
#define VIRTIO_BLK_CFG_BLK_SIZE             0x14    /* le32 */
#define VIRTIO_BLK_CFG_MIN_LENGTH           0x18
#define VIRTIO_BLK_CFG_NUM_QUEUES           0x22    /* le16, with VIRTIO_BLK_F_MQ */

/* ---- virtio-blk requests (spec 5.2.6) ---- */
#define VIRTIO_BLK_T_IN                     0
#define VIRTIO_BLK_T_OUT                    1
#define VIRTIO_BLK_T_FLUSH                  4

#define VIRTIO_BLK_S_OK                     0
#define VIRTIO_BLK_S_IOERR                  1
#define VIRTIO_BLK_S_UNSUPP                 2

#define VIRTIO_BLK_SECTOR_SIZE              512

/* The device-readable request header; the data buffers and a device-writable status byte
 * follow it in the descriptor chain. */
typedef struct _VIRTIO_BLK_REQUEST_HEADER {
    ULONG Type;
    ULONG Reserved;
    ULONGLONG Sector;
} VIRTIO_BLK_REQUEST_HEADER, *PVIRTIO_BLK_REQUEST_HEADER;

/* ---- split virtqueue (spec 2.7) ---- */
#define VIRTQ_DESC_F_NEXT                   1
#define VIRTQ_DESC_F_WRITE                  2
#define VIRTQ_DESC_F_INDIRECT               4

#define VIRTQ_AVAIL_F_NO_INTERRUPT          1

#define VIRTQ_DESC_ALIGN                    16
#define VIRTQ_AVAIL_ALIGN                   2
#define VIRTQ_USED_ALIGN                    4

typedef struct _VIRTQ_DESC {
    ULONGLONG Address;
    ULONG Length;
    USHORT Flags;
    USHORT Next;
} VIRTQ_DESC, *PVIRTQ_DESC;

/* flags, idx, ring[queue size], used_event */
typedef struct _VIRTQ_AVAIL {
    USHORT Flags;
    USHORT Index;
    USHORT Ring[];
} VIRTQ_AVAIL, *PVIRTQ_AVAIL;

typedef struct _VIRTQ_USED_ELEMENT {
    ULONG Id;
    ULONG Length;
} VIRTQ_USED_ELEMENT, *PVIRTQ_USED_ELEMENT;

/* flags, idx, ring[queue size], avail_event */
typedef struct _VIRTQ_USED {
    USHORT Flags;
    USHORT Index;
    VIRTQ_USED_ELEMENT Ring[];
} VIRTQ_USED, *PVIRTQ_USED;

#define VIRTQ_AVAIL_BYTES(QueueSize)        (4 + 2 * (ULONG)(QueueSize) + 2)
#define VIRTQ_USED_BYTES(QueueSize)         (4 + 8 * (ULONG)(QueueSize) + 2)

C_ASSERT(sizeof(VIRTQ_DESC) == 16);
C_ASSERT(sizeof(VIRTIO_BLK_REQUEST_HEADER) == 16);
C_ASSERT(sizeof(VIRTQ_USED_ELEMENT) == 8);

#endif /* VIRTIOBLK_HW_H */
