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
    public static let commonConfig: UInt8 = 1
    public static let notifyConfig: UInt8 = 2
    public static let isrConfig: UInt8 = 3
    public static let deviceConfig: UInt8 = 4
    public static let pciConfigAccess: UInt8 = 5
}

/// Offsets in the common configuration structure.
public enum VirtioCommonConfig {
    public static let deviceFeatureSelect = 0x00
    public static let deviceFeature = 0x04
    public static let driverFeatureSelect = 0x08
    public static let driverFeature = 0x0C
    public static let configMSIXVector = 0x10
    public static let numQueues = 0x12
    public static let deviceStatus = 0x14
    public static let configGeneration = 0x15
    public static let queueSelect = 0x16
    public static let queueSize = 0x18
    public static let queueMSIXVector = 0x1A
    public static let queueEnable = 0x1C
    public static let queueNotifyOff = 0x1E
    public static let queueDesc = 0x20
    public static let queueDriver = 0x28
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
    public static let hostFeatures = 0x00
    public static let guestFeatures = 0x04
    public static let queueAddress = 0x08
    public static let queueSize = 0x0C
    public static let queueSelect = 0x0E
    public static let queueNotify = 0x10
    public static let deviceStatus = 0x12
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
    public static let commonConfig: UInt32 = 0x0000
    public static let isr: UInt32 = 0x1000
    public static let deviceConfig: UInt32 = 0x2000
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
    public static let queue: UInt8 = 0x01
    public static let configChange: UInt8 = 0x02
}

/// Descriptor flags, and ring flags.
public enum VirtqFlag {
    public static let next: UInt16 = 1
    public static let write: UInt16 = 2
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
    public static let eventDisable: UInt16 = 1
    public static let eventDesc: UInt16 = 2
}

/// The "no vector" value of the MSI-X vector registers.
public let virtioNoVector: UInt16 = 0xFFFF
