/// Device status bits (the driver's progress through initialization, and the device's verdict).
public enum VirtioStatus {
    /// The guest found the device.
    public static let acknowledge: UInt8 = 0x01
    /// The guest has a driver for it.
    public static let driver: UInt8 = 0x02
    /// The driver is set up and ready to drive the device.
    public static let driverOK: UInt8 = 0x04
    /// Feature negotiation is complete (the device keeps it only if it accepts the features).
    public static let featuresOK: UInt8 = 0x08
    /// The device hit an error it cannot recover from without a reset.
    public static let deviceNeedsReset: UInt8 = 0x40
    /// The driver gave up on the device.
    public static let failed: UInt8 = 0x80
}

/// Transport feature bits the device offers in addition to the backend's.
public enum VirtioFeature {
    /// Descriptors may point at indirect descriptor tables.
    public static let ringIndirectDesc: UInt64 = 1 << 28
    /// used_event / avail_event suppression (split) and descriptor events (packed).
    public static let ringEventIdx: UInt64 = 1 << 29
    /// The driver follows virtio 1.x (not legacy).
    public static let version1: UInt64 = 1 << 32
    /// The packed virtqueue layout.
    public static let ringPacked: UInt64 = 1 << 34
    /// One queue can be reset and set up again while the device runs (queue_reset).
    public static let ringReset: UInt64 = 1 << 40
    /// The transport bits every virtio device here offers.
    public static let transportOffered: UInt64 = ringIndirectDesc | ringEventIdx | version1 | ringPacked | ringReset
    /// Bits a legacy (pre-1.0) driver can negotiate: the low 32.
    public static let legacyMask: UInt64 = 0xFFFF_FFFF
}

/// `cfg_type` of the virtio vendor-specific PCI capabilities.
public enum VirtioPCICapType {
    /// VIRTIO_PCI_CAP_COMMON_CFG: the common configuration structure.
    public static let commonConfig: UInt8 = 1
    /// VIRTIO_PCI_CAP_NOTIFY_CFG: the notification addresses.
    public static let notifyConfig: UInt8 = 2
    /// VIRTIO_PCI_CAP_ISR_CFG: the ISR status byte.
    public static let isrConfig: UInt8 = 3
    /// VIRTIO_PCI_CAP_DEVICE_CFG: the device-specific configuration.
    public static let deviceConfig: UInt8 = 4
    /// VIRTIO_PCI_CAP_PCI_CFG: the PCI configuration access window.
    public static let pciConfigAccess: UInt8 = 5
}

/// Offsets in the common configuration structure.
public enum VirtioCommonConfig {
    /// device_feature_select (4 bytes, RW): which 32 bits of the device features device_feature
    /// shows.
    public static let deviceFeatureSelect = 0x00
    /// device_feature (4 bytes, R): bits 32 × select ... +31 of the features the device offers.
    public static let deviceFeature = 0x04
    /// driver_feature_select (4 bytes, RW): which 32 bits of the driver features driver_feature
    /// writes.
    public static let driverFeatureSelect = 0x08
    /// driver_feature (4 bytes, RW): the features the driver accepts; frozen once FEATURES_OK is set.
    public static let driverFeature = 0x0C
    /// config_msix_vector (2 bytes, RW): the MSI-X vector of configuration changes.
    public static let configMSIXVector = 0x10
    /// num_queues (2 bytes, R): the number of virtqueues.
    public static let numQueues = 0x12
    /// device_status (1 byte, RW): the device status bits (``VirtioStatus``); 0 resets the device.
    public static let deviceStatus = 0x14
    /// config_generation (1 byte, R): changes whenever the device configuration changes.
    public static let configGeneration = 0x15
    /// queue_select (2 bytes, RW): the queue the queue_* fields address.
    public static let queueSelect = 0x16
    /// queue_size (2 bytes, RW): the selected queue's size; reads the maximum until the driver
    /// writes a smaller one.
    public static let queueSize = 0x18
    /// queue_msix_vector (2 bytes, RW): the selected queue's MSI-X vector.
    public static let queueMSIXVector = 0x1A
    /// queue_enable (2 bytes, RW): write 1 to enable the selected queue.
    public static let queueEnable = 0x1C
    /// queue_notify_off (2 bytes, R): the selected queue's notification offset (the queue index).
    public static let queueNotifyOff = 0x1E
    /// queue_desc (8 bytes, RW): the physical address of the descriptor area.
    public static let queueDesc = 0x20
    /// queue_driver (8 bytes, RW): the physical address of the driver area.
    public static let queueDriver = 0x28
    /// queue_device (8 bytes, RW): the physical address of the device area.
    public static let queueDevice = 0x30
    /// Only with NOTIF_CONFIG_DATA (not offered): reads 0.
    public static let queueNotifConfigData = 0x38
    /// With RING_RESET: write 1 to reset the selected queue; reads 1 until it is enabled again.
    public static let queueReset = 0x3A
    /// Bytes in the structure as emulated here.
    public static let size = 0x3C
}

/// Offsets in the legacy register block (I/O BAR 0 of a transitional device).
public enum VirtioLegacyRegister {
    /// Host features (4 bytes, R): bits 0...31 of the features the device offers.
    public static let hostFeatures = 0x00
    /// Guest features (4 bytes, RW): the features the driver accepts.
    public static let guestFeatures = 0x04
    /// Queue address (4 bytes, RW): the page frame number (4096-byte pages) of the selected queue;
    /// 0 stops it.
    public static let queueAddress = 0x08
    /// Queue size (2 bytes, R): the selected queue's size (fixed: the maximum).
    public static let queueSize = 0x0C
    /// Queue select (2 bytes, RW): the queue the queue registers address.
    public static let queueSelect = 0x0E
    /// Queue notify (2 bytes, W): writing a queue index notifies that queue.
    public static let queueNotify = 0x10
    /// Device status (1 byte, RW).
    public static let deviceStatus = 0x12
    /// ISR status (1 byte, R): reading clears it.
    public static let isrStatus = 0x13
    /// Present only while MSI-X is enabled.
    public static let configMSIXVector = 0x14
    /// Present only while MSI-X is enabled.
    public static let queueMSIXVector = 0x16
    /// Device configuration starts here without MSI-X...
    public static let deviceConfig = 0x14
    /// ...and here with MSI-X enabled.
    public static let deviceConfigMSIX = 0x18
    /// The page size queue addresses are given in.
    public static let queueAddressShift: UInt64 = 12
    /// The used ring's alignment in the legacy layout.
    public static let queueAlign: UInt64 = 4096
}

/// Where the regions sit in the device's virtio memory BAR.
public enum VirtioBARLayout {
    /// The common configuration structure.
    public static let commonConfig: UInt32 = 0x0000
    /// The ISR status byte.
    public static let isr: UInt32 = 0x1000
    /// The device-specific configuration, served by the backend.
    public static let deviceConfig: UInt32 = 0x2000
    /// The notification addresses: queue `n` at `notify + n * notifyOffMultiplier`.
    public static let notify: UInt32 = 0x3000
    /// Bytes between two queues' notification addresses.
    public static let notifyOffMultiplier: UInt32 = 4
    /// Size of the virtio memory BAR.
    public static let size: UInt32 = 0x4000
    /// Size of the dedicated MSI-X BAR (table at 0, PBA at 0x800).
    public static let msixSize: UInt32 = 0x1000
}

/// Interrupt status (ISR) bits.
public enum VirtioISR {
    /// Bit 0: a queue has used buffers to look at.
    public static let queue: UInt8 = 0x01
    /// Bit 1: the device configuration changed (or the device needs a reset).
    public static let configChange: UInt8 = 0x02
}

/// Descriptor flags, and ring flags.
public enum VirtqFlag {
    /// VIRTQ_DESC_F_NEXT: the chain continues in the descriptor named by `next` (split) or in the
    /// following one (packed).
    public static let next: UInt16 = 1
    /// VIRTQ_DESC_F_WRITE: the device writes the buffer (otherwise it reads it).
    public static let write: UInt16 = 2
    /// VIRTQ_DESC_F_INDIRECT: the buffer holds a table of indirect descriptors.
    public static let indirect: UInt16 = 4
    /// Packed ring: the descriptor's available bit.
    public static let avail: UInt16 = 1 << 7
    /// Packed ring: the descriptor's used bit.
    public static let used: UInt16 = 1 << 15
    /// Split available ring flags: the driver asks for no interrupts.
    public static let availNoInterrupt: UInt16 = 1
    /// Split used ring flags: the device asks for no notifications.
    public static let usedNoNotify: UInt16 = 1
    /// Packed event suppression flags.
    public static let eventEnable: UInt16 = 0
    /// Packed event suppression: the device sends no events.
    public static let eventDisable: UInt16 = 1
    /// Packed event suppression: an event only when the descriptor named by the event offset and wrap
    /// counter is used (with RING_EVENT_IDX).
    public static let eventDesc: UInt16 = 2
}

/// The "no vector" value of the MSI-X vector registers.
public let virtioNoVector: UInt16 = 0xFFFF
