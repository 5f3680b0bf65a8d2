/// Wire values of the virtio SCSI host adapter (virtio 1.x, device ID 8): feature bits, queue
/// roles, response codes, task management functions, events and the LUN encoding.
public enum VirtioSCSI {
    /// The virtio device ID of a SCSI host adapter.
    public static let deviceType: UInt16 = 8

    /// Device-specific feature bits (bit numbers).
    public enum Feature {
        /// One request may carry both data-out and data-in (not offered).
        public static let inOut = 0
        /// Targets and LUNs come and go: TRANSPORT_RESET events report it.
        public static let hotplug = 1
        /// LUN parameter changes are reported with PARAM_CHANGE events.
        public static let change = 2
        /// Protection information fields in the request header (not offered).
        public static let t10PI = 3
    }

    /// Queue 0 carries task management and asynchronous notification requests.
    public static let controlQueue = 0
    /// Queue 1 holds the driver's buffers for events.
    public static let eventQueue = 1
    /// The first request queue; request queues follow it.
    public static let firstRequestQueue = 2

    /// The `response` byte of a command, TMF or AN reply.
    public enum Response {
        /// The command was delivered (its SCSI status says how it went); for a TMF, FUNCTION
        /// COMPLETE.
        public static let ok: UInt8 = 0
        /// The data-in buffer was too small (or data-out too large) for the transfer.
        public static let overrun: UInt8 = 1
        /// The request was ended by a task management function.
        public static let aborted: UInt8 = 2
        /// The LUN names no target (byte 0 not 1, or no target at that ID).
        public static let badTarget: UInt8 = 3
        /// The request was ended by a reset.
        public static let reset: UInt8 = 4
        /// Transient: retry.
        public static let busy: UInt8 = 5
        /// The path to the target failed.
        public static let transportFailure: UInt8 = 6
        /// The target is gone for good.
        public static let targetFailure: UInt8 = 7
        /// The I_T nexus failed.
        public static let nexusFailure: UInt8 = 8
        /// Any other failure (e.g. a request the device cannot carry).
        public static let failure: UInt8 = 9
        /// TMF: the function succeeded (QUERY TASK found the task).
        public static let functionSucceeded: UInt8 = 10
        /// TMF: the function is not supported or was refused.
        public static let functionRejected: UInt8 = 11
        /// The LUN field is malformed or names a LUN above `max_lun`.
        public static let incorrectLUN: UInt8 = 12
        /// TMF success (same value as ``ok``).
        public static let functionComplete: UInt8 = 0
    }

    /// Control request types (first field of a controlq request).
    public enum ControlType {
        /// `VIRTIO_SCSI_T_TMF` (0).
        public static let taskManagement: UInt32 = 0
        /// `VIRTIO_SCSI_T_AN_QUERY` (1).
        public static let asyncNotificationQuery: UInt32 = 1
        /// `VIRTIO_SCSI_T_AN_SUBSCRIBE` (2).
        public static let asyncNotificationSubscribe: UInt32 = 2
    }

    /// Task management function subtypes.
    public enum TMF {
        /// `VIRTIO_SCSI_T_TMF_ABORT_TASK` (0).
        public static let abortTask: UInt32 = 0
        /// `VIRTIO_SCSI_T_TMF_ABORT_TASK_SET` (1).
        public static let abortTaskSet: UInt32 = 1
        /// `VIRTIO_SCSI_T_TMF_CLEAR_ACA` (2).
        public static let clearACA: UInt32 = 2
        /// `VIRTIO_SCSI_T_TMF_CLEAR_TASK_SET` (3).
        public static let clearTaskSet: UInt32 = 3
        /// `VIRTIO_SCSI_T_TMF_I_T_NEXUS_RESET` (4).
        public static let itNexusReset: UInt32 = 4
        /// `VIRTIO_SCSI_T_TMF_LOGICAL_UNIT_RESET` (5).
        public static let logicalUnitReset: UInt32 = 5
        /// `VIRTIO_SCSI_T_TMF_QUERY_TASK` (6).
        public static let queryTask: UInt32 = 6
        /// `VIRTIO_SCSI_T_TMF_QUERY_TASK_SET` (7).
        public static let queryTaskSet: UInt32 = 7
    }

    /// Event types reported through the event queue.
    public enum Event {
        /// An empty event (sent with ``missed`` to say events were lost).
        public static let none: UInt32 = 0
        /// A target or LUN appeared, disappeared or was reset (`reason` says which).
        public static let transportReset: UInt32 = 1
        /// An asynchronous notification (not emitted: no AN event classes are supported).
        public static let asyncNotify: UInt32 = 2
        /// A LUN parameter changed: `reason` holds the ASC (bits 0-7) and ASCQ (bits 8-15).
        public static let parameterChange: UInt32 = 3
        /// Or-ed into an event when earlier events found no buffer.
        public static let missed: UInt32 = 0x8000_0000
    }

    /// `reason` of a TRANSPORT_RESET event.
    public enum ResetReason {
        /// `VIRTIO_SCSI_EVT_RESET_HARD` (0): the target or LUN was reset.
        public static let reset: UInt32 = 0
        /// A target or LUN appeared: rescan it.
        public static let rescan: UInt32 = 1
        /// A target or LUN was removed.
        public static let removed: UInt32 = 2
    }

    /// Bytes of a command request header before the CDB: lun[8], id (tag) le64, task_attr,
    /// prio, crn.
    public static let requestHeaderLength = 19
    /// Bytes of a command response before the sense data: sense_len le32, resid le32,
    /// status_qualifier le16, status, response.
    public static let responseHeaderLength = 12
    /// Bytes of one event: event le32, lun[8], reason le32.
    public static let eventLength = 16
    /// Bytes of a TMF request: type, subtype, lun[8], id.
    public static let tmfRequestLength = 24
    /// Bytes of an AN request: type, lun[8], event_requested.
    public static let anRequestLength = 16
    /// Bytes of an AN response: event_actual le32, response.
    public static let anResponseLength = 5
    /// `cdb_size` after reset (32).
    public static let defaultCDBSize: UInt32 = 32
    /// `sense_size` after reset (96).
    public static let defaultSenseSize: UInt32 = 96
    /// Largest `cdb_size` the device accepts from the driver (larger writes are clamped).
    public static let maximumCDBSize: UInt32 = 256
    /// Largest `sense_size` the device accepts from the driver (larger writes are clamped).
    public static let maximumSenseSize: UInt32 = 256

    /// Byte offsets of `struct virtio_scsi_config`.
    public enum ConfigOffset {
        /// Offset of `num_queues`.
        public static let numQueues = 0
        /// Offset of `seg_max`.
        public static let segMax = 4
        /// Offset of `max_sectors`.
        public static let maxSectors = 8
        /// Offset of `cmd_per_lun`.
        public static let cmdPerLUN = 12
        /// Offset of `event_info_size`.
        public static let eventInfoSize = 16
        /// Offset of `sense_size`.
        public static let senseSize = 20
        /// Offset of `cdb_size`.
        public static let cdbSize = 24
        /// Offset of `max_channel`.
        public static let maxChannel = 28
        /// Offset of `max_target`.
        public static let maxTarget = 30
        /// Offset of `max_lun`.
        public static let maxLUN = 32
        /// Size of the configuration structure.
        public static let size = 36
    }

    /// An 8-byte virtio SCSI LUN field: byte 0 is 1, byte 1 the target, bytes 2-3 the LUN
    /// with the flat addressing method (0x4000 | lun) or, for LUNs below 256, the peripheral
    /// method (0x00, lun); bytes 4-7 are zero.
    public static func encodeLUN(target: UInt8, lun: UInt16) -> (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) {
        (1, target, 0x40 | UInt8(truncatingIfNeeded: lun >> 8 & 0x3F), UInt8(truncatingIfNeeded: lun), 0, 0, 0, 0)
    }

    /// What an 8-byte LUN field addresses.
    public enum Address: Equatable, Sendable {
        /// Target `target`, logical unit `lun` (0...16383).
        case unit(target: UInt8, lun: UInt16)
        /// Byte 0 is not 1: no target is addressed.
        case badTarget
        /// The target is named but the LUN part is not a single-level flat or peripheral LUN.
        case incorrectLUN(target: UInt8)
    }

    /// Decodes a LUN field (little-endian UInt64 of the 8 bytes as they lie in memory).
    public static func decodeLUN(_ field: UInt64) -> Address {
        let byte0 = UInt8(truncatingIfNeeded: field)
        let target = UInt8(truncatingIfNeeded: field >> 8)
        let high = UInt8(truncatingIfNeeded: field >> 16)
        let low = UInt8(truncatingIfNeeded: field >> 24)
        guard byte0 == 1 else { return .badTarget }
        guard field >> 32 == 0 else { return .incorrectLUN(target: target) }
        switch high >> 6 {
        case 0 where high == 0:
            return .unit(target: target, lun: UInt16(low))
        case 1:
            return .unit(target: target, lun: UInt16(high & 0x3F) << 8 | UInt16(low))
        default:
            return .incorrectLUN(target: target)
        }
    }
}
