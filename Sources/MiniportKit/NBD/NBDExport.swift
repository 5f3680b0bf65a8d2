extension DiskClassBlockDevice {
    /// The boot disk of a booted session (the first disk the scan found), as an export: the
    /// power-on unit attentions consumed, as a class driver does when it starts.
    public convenience init(session: MiniportRunner.Session, readOnly: Bool = false) throws {
        guard let (adapter, device) = session.bootDevice else {
            throw MiniportRunner.RunnerError.disk("the miniport's bus scan found no disk to export")
        }
        session.consumeUnitAttentions()
        let disk: DiskClass
        do {
            disk = try DiskClass(adapter: adapter, device: device)
        } catch {
            throw MiniportRunner.RunnerError.disk("disk \(device.pathId):\(device.targetId):\(device.lun): \(error)")
        }
        self.init(disk: disk, readOnly: readOnly)
    }
}
