// One import for users of the SDK: `import MiniportKit` also brings in the machine (PCI bus,
// BARs, interrupts, DMA map, virtual clock), the SCSI targets, disks and block stores, and the
// device models (the project's HBA, virtio, BusLogic), whose types appear throughout
// MiniportKit's own API (``MiniportRunner/Session``, ``StorageController``, ``SCSIDisk``).

@_exported import MiniportBusLogic
@_exported import MiniportHBA
@_exported import MiniportPlatform
@_exported import MiniportSCSI
@_exported import MiniportVirtio
