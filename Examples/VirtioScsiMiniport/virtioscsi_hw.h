/*
 * virtioscsi_hw.h - what the virtio-scsi miniport knows about the hardware, taken from the
 * OASIS "Virtual I/O Device (VIRTIO)" specification, version 1.x: PCI identity, the modern
 * PCI transport (vendor capabilities, common configuration, ISR, notifications), the split
 * virtqueue, and the SCSI host device (feature bits, configuration layout, request, task
 * management and event formats, response codes). Constants and layouts only.
 *
 * Include after storport.h.
 */
#ifndef VIRTIOSCSI_HW_H
#define VIRTIOSCSI_HW_H

/* ---- PCI identity ---- */
#define VSCSI_PCI_VENDOR                    0x1AF4
#define VSCSI_PCI_DEVICE_TRANSITIONAL       0x1004  /* legacy ID range 0x1000..0x103F */
#define VSCSI_PCI_DEVICE_MODERN             0x1048  /* 0x1040 + device type 8 */

/* ---- PCI configuration space ---- */
#define VSCSI_PCI_STATUS                    0x06
#define VSCSI_PCI_STATUS_CAP_LIST           0x0010
#define VSCSI_PCI_BAR0                      0x10
#define VSCSI_PCI_CAP_POINTER               0x34
#define VSCSI_PCI_CAP_VENDOR                0x09

/* ---- virtio PCI capability (cap_vndr, cap_next, cap_len, cfg_type, bar, id, pad[2],
 *      le32 offset, le32 length; the notification one adds le32 notify_off_multiplier) ---- */
#define VSCSI_CAP_LEN                       2
#define VSCSI_CAP_CFG_TYPE                  3
#define VSCSI_CAP_BAR                       4
#define VSCSI_CAP_OFFSET                    8
#define VSCSI_CAP_LENGTH                    12
#define VSCSI_CAP_NOTIFY_MULTIPLIER         16
#define VSCSI_CAP_SIZE                      16
#define VSCSI_CAP_NOTIFY_SIZE               20

#define VSCSI_CFG_COMMON                    1
#define VSCSI_CFG_NOTIFY                    2
#define VSCSI_CFG_ISR                       3
#define VSCSI_CFG_DEVICE                    4

/* ---- common configuration structure ---- */
#define VSCSI_COMMON_DFSELECT               0x00    /* le32 device_feature_select */
#define VSCSI_COMMON_DF                     0x04    /* le32 device_feature */
#define VSCSI_COMMON_GFSELECT               0x08    /* le32 driver_feature_select */
#define VSCSI_COMMON_GF                     0x0C    /* le32 driver_feature */
#define VSCSI_COMMON_MSIX_CONFIG            0x10    /* le16 config_msix_vector */
#define VSCSI_COMMON_NUM_QUEUES             0x12    /* le16 */
#define VSCSI_COMMON_STATUS                 0x14    /* u8 device_status */
#define VSCSI_COMMON_GENERATION             0x15    /* u8 config_generation */
#define VSCSI_COMMON_Q_SELECT               0x16    /* le16 */
#define VSCSI_COMMON_Q_SIZE                 0x18    /* le16 */
#define VSCSI_COMMON_Q_MSIX                 0x1A    /* le16 */
#define VSCSI_COMMON_Q_ENABLE               0x1C    /* le16 */
#define VSCSI_COMMON_Q_NOTIFY_OFF           0x1E    /* le16 */
#define VSCSI_COMMON_Q_DESC                 0x20    /* le64 */
#define VSCSI_COMMON_Q_DRIVER               0x28    /* le64 (avail ring) */
#define VSCSI_COMMON_Q_DEVICE               0x30    /* le64 (used ring) */
#define VSCSI_COMMON_SIZE                   0x38

#define VSCSI_NO_VECTOR                     0xFFFF

#define VSCSI_ISR_QUEUE                     0x01
#define VSCSI_ISR_CONFIG                    0x02

/* ---- device status ---- */
#define VSCSI_STATUS_ACKNOWLEDGE            0x01
#define VSCSI_STATUS_DRIVER                 0x02
#define VSCSI_STATUS_DRIVER_OK              0x04
#define VSCSI_STATUS_FEATURES_OK            0x08
#define VSCSI_STATUS_NEEDS_RESET            0x40
#define VSCSI_STATUS_FAILED                 0x80

/* ---- feature bits ---- */
#define VSCSI_F_INOUT                       (1ULL << 0)
#define VSCSI_F_HOTPLUG                     (1ULL << 1)
#define VSCSI_F_CHANGE                      (1ULL << 2)
#define VSCSI_F_RING_INDIRECT_DESC          (1ULL << 28)
#define VSCSI_F_VERSION_1                   (1ULL << 32)

/* ---- device configuration (virtio_scsi_config) ---- */
#define VSCSI_CONFIG_NUM_QUEUES             0       /* le32: request queues */
#define VSCSI_CONFIG_SEG_MAX                4       /* le32 */
#define VSCSI_CONFIG_MAX_SECTORS            8       /* le32 */
#define VSCSI_CONFIG_CMD_PER_LUN            12      /* le32 */
#define VSCSI_CONFIG_EVENT_INFO_SIZE        16      /* le32 */
#define VSCSI_CONFIG_SENSE_SIZE             20      /* le32, driver-writable */
#define VSCSI_CONFIG_CDB_SIZE               24      /* le32, driver-writable */
#define VSCSI_CONFIG_MAX_CHANNEL            28      /* le16 */
#define VSCSI_CONFIG_MAX_TARGET             30      /* le16 */
#define VSCSI_CONFIG_MAX_LUN                32      /* le32 */
#define VSCSI_CONFIG_SIZE                   36

/* ---- virtqueues of a SCSI host: control, event, then the request queues ---- */
#define VSCSI_QUEUE_CONTROL                 0
#define VSCSI_QUEUE_EVENT                   1
#define VSCSI_QUEUE_FIRST_REQUEST           2

/* ---- command request / response (virtio_scsi_req_cmd / virtio_scsi_resp_cmd) ---- */
#define VSCSI_REQ_LUN                       0       /* u8 lun[8] */
#define VSCSI_REQ_ID                        8       /* le64 tag */
#define VSCSI_REQ_TASK_ATTR                 16      /* u8 */
#define VSCSI_REQ_PRIO                      17      /* u8 */
#define VSCSI_REQ_CRN                       18      /* u8 */
#define VSCSI_REQ_CDB                       19      /* u8 cdb[cdb_size] */

#define VSCSI_RESP_SENSE_LEN                0       /* le32 */
#define VSCSI_RESP_RESIDUAL                 4       /* le32 */
#define VSCSI_RESP_STATUS_QUALIFIER         8       /* le16 */
#define VSCSI_RESP_STATUS                   10      /* u8 SCSI status */
#define VSCSI_RESP_RESPONSE                 11      /* u8 virtio response */
#define VSCSI_RESP_SENSE                    12      /* u8 sense[sense_size] */

#define VSCSI_TASK_SIMPLE                   0
#define VSCSI_TASK_ORDERED                  1
#define VSCSI_TASK_HEAD                     2
#define VSCSI_TASK_ACA                      3

/* response codes */
#define VSCSI_S_OK                          0
#define VSCSI_S_OVERRUN                     1
#define VSCSI_S_ABORTED                     2
#define VSCSI_S_BAD_TARGET                  3
#define VSCSI_S_RESET                       4
#define VSCSI_S_BUSY                        5
#define VSCSI_S_TRANSPORT_FAILURE           6
#define VSCSI_S_TARGET_FAILURE              7
#define VSCSI_S_NEXUS_FAILURE               8
#define VSCSI_S_FAILURE                     9
#define VSCSI_S_FUNCTION_SUCCEEDED          10
#define VSCSI_S_FUNCTION_REJECTED           11
#define VSCSI_S_INCORRECT_LUN               12
#define VSCSI_S_FUNCTION_COMPLETE           0

/* ---- control queue: task management (type, subtype, lun[8], id) -> u8 response ---- */
#define VSCSI_T_TMF                         0
#define VSCSI_T_TMF_ABORT_TASK              0
#define VSCSI_T_TMF_ABORT_TASK_SET          1
#define VSCSI_T_TMF_I_T_NEXUS_RESET         4
#define VSCSI_T_TMF_LOGICAL_UNIT_RESET      5
#define VSCSI_TMF_REQUEST_SIZE              24
#define VSCSI_TMF_RESPONSE_SIZE             1

/* ---- event queue: le32 event, u8 lun[8], le32 reason ---- */
#define VSCSI_EVENT_SIZE                    16
#define VSCSI_T_NO_EVENT                    0
#define VSCSI_T_TRANSPORT_RESET             1
#define VSCSI_T_ASYNC_NOTIFY                2
#define VSCSI_T_PARAM_CHANGE                3
#define VSCSI_T_EVENTS_MISSED               0x80000000U

/* ---- split virtqueue ---- */
#define VSCSI_DESC_F_NEXT                   1
#define VSCSI_DESC_F_WRITE                  2
#define VSCSI_AVAIL_F_NO_INTERRUPT          1

typedef struct _VSCSI_DESC {
    ULONGLONG Address;
    ULONG Length;
    USHORT Flags;
    USHORT Next;
} VSCSI_DESC, *PVSCSI_DESC;

/* flags, idx, ring[size], used_event */
typedef struct _VSCSI_AVAIL {
    USHORT Flags;
    USHORT Index;
    USHORT Ring[];
} VSCSI_AVAIL, *PVSCSI_AVAIL;

typedef struct _VSCSI_USED_ELEM {
    ULONG Id;
    ULONG Length;
} VSCSI_USED_ELEM, *PVSCSI_USED_ELEM;

/* flags, idx, ring[size], avail_event */
typedef struct _VSCSI_USED {
    USHORT Flags;
    USHORT Index;
    VSCSI_USED_ELEM Ring[];
} VSCSI_USED, *PVSCSI_USED;

#define VSCSI_AVAIL_BYTES(Size)             (6 + 2 * (ULONG)(Size))
#define VSCSI_USED_BYTES(Size)              (6 + 8 * (ULONG)(Size))

C_ASSERT(sizeof(VSCSI_DESC) == 16);
C_ASSERT(sizeof(VSCSI_USED_ELEM) == 8);

#endif /* VIRTIOSCSI_HW_H */
