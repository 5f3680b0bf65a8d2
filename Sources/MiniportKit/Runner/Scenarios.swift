import Foundation
import MiniportHBA
import MiniportSCSI

/// The scenarios `miniport verify` runs, each on a machine of its own.
extension MiniportRunner {
    /// The scenarios of `miniport verify` (``MiniportRunner/run(_:)``).
    public enum Scenario: String, CaseIterable, Codable, Sendable {
        /// Bring-up, the verified read/write pass, then the same I/O under injected faults:
        /// BUSY, a unit attention, a medium error, a lost interrupt, a command timeout and a
        /// controller fatal error.
        case normal
        /// The verified pass, then a crash with WRITEs in flight at the controller; the dump
        /// copy writes the memory image and a rebooted normal driver validates it.
        case crash
        /// The verified pass, then hibernation through the `hiber_` copy; a fresh machine with
        /// the same disks reads the image back through the hibernation copy and compares.
        case hiber
    }

    /// One scenario's outcome (the `scenarios` entries of `miniport verify --json`, with the
    /// violations kept separately there).
    public struct ScenarioReport: Codable, Equatable, Sendable {
        /// The scenario's name: `normal`, `crash` or `hiber`.
        public var name: String
        /// No violation and no error.
        public var passed: Bool
        /// The verifier rules the miniport broke in the scenario.
        public var violations: [Violation]
        /// Failures that make the scenario fail (besides violations).
        public var errors: [String]
        /// The crash-dump or hibernation step, for those scenarios.
        public var dump: Report.DumpInfo?
        /// The port's log lines.
        public var log: [String]

        /// A report; ``passed`` is computed from `violations` and `errors`.
        public init(name: String, violations: [Violation], errors: [String], dump: Report.DumpInfo? = nil, log: [String] = []) {
            self.name = name
            self.violations = violations
            self.errors = errors
            self.dump = dump
            self.log = log
            passed = violations.isEmpty && errors.isEmpty
        }
    }

    /// Commands the crash scenario leaves in flight at the controller.
    public static let crashInFlight = 2

    /// Runs `scenario` in this process. (`miniport verify` runs each in a child process, so
    /// that a miniport that crashes or hangs is reported, not fatal: see ``IsolatedProcess``.)
    public func run(_ scenario: Scenario) -> ScenarioReport {
        let report: Report
        do {
            report = try bootAndPass(keepingImage: scenario != .normal) { booted, image, report in
                switch scenario {
                case .normal:
                    faultPass(booted!, into: &report)
                    // The pass ends with the driver's unload: pool still allocated is pool.leak.
                    report.violations += booted!.unload()
                case .crash:
                    let machine = booted!.machine
                    if let pending = dumpStep(.crashDump, booted: &booted, image: image, inFlight: Self.crashInFlight,
                                              into: &report) {
                        reboot(pending, image: image, machine: machine, into: &report)
                    }
                case .hiber:
                    if let pending = dumpStep(.hibernation, booted: &booted, image: image, into: &report) {
                        resume(pending, image: image, into: &report)
                    }
                }
            }
        } catch {
            // A miniport that did not load still broke the rules it broke on the way.
            var violations: [Violation] = []
            if case .load(_, let broken)? = error as? RunnerError { violations = broken }
            return ScenarioReport(name: scenario.rawValue, violations: violations, errors: ["\(error)"])
        }
        return ScenarioReport(name: scenario.rawValue, violations: report.violations,
                              errors: report.errors + (report.io.mismatches > 0 ? ["\(report.io.mismatches) mismatches"] : [])
                                  + (report.dumpSkipped.map { ["the \(scenario.rawValue) step did not run: \($0)"] } ?? []),
                              dump: report.dump, log: report.log)
    }

    /// The same verified I/O under each fault the emulation can inject, on the first disk:
    /// the miniport and the port must recover from the transient ones and report the medium
    /// error as one.
    func faultPass(_ session: Session, into report: inout Report) {
        if let (adapter, _) = session.bootDevice, adapter.isVirtual {
            // Faults are injected at the emulated HBA and disks; a virtual adapter uses neither.
            report.log = session.driver.log.map(\.description) + ["fault injection skipped: a virtual adapter has no "
                + "emulated controller or disk to inject faults into"]
            report.violations = session.driver.violations
            return
        }
        guard let (adapter, device) = session.bootDevice,
              let target = Self.emulatedDisk(path: device.pathId, target: device.targetId, lun: device.lun,
                                             in: session.disks) else {
            report.errors.append("fault injection: no disk")
            return
        }
        let hba = session.controller
        let disk: DiskClass
        do {
            disk = try DiskClass(adapter: adapter, device: device)
        } catch {
            report.errors.append("fault injection: \(error)")
            return
        }
        let blocks = 8
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: blocks * disk.blockSize, alignment: 4096)
        let back = UnsafeMutableRawBufferPointer.allocate(byteCount: blocks * disk.blockSize, alignment: 4096)
        defer {
            buffer.deallocate()
            back.deallocate()
        }
        /// Writes and reads back `blocks` blocks at `lba`; the pass must succeed despite the fault.
        func roundTrip(_ fault: String, lba: UInt64, seed: Int) {
            for offset in 0..<buffer.count { buffer[offset] = UInt8(truncatingIfNeeded: offset &* 29 &+ seed) }
            do {
                try disk.write(lba: lba, from: UnsafeRawBufferPointer(buffer))
                try disk.read(lba: lba, into: back)
                report.io.writes += 1
                report.io.reads += 1
                report.io.bytes += UInt64(2 * buffer.count)
                if !buffer.elementsEqual(back) { report.errors.append("fault \(fault): the data read back differs") }
            } catch {
                report.errors.append("fault \(fault): \(error)")
            }
        }
        let base = min(disk.blockCount / 4, 1 << 20)
        progress?("fault injection on disk \(device.pathId):\(device.targetId):\(device.lun)")
        // Faults change only while the controller is at rest (one on its own thread may still
        // be ending a round after the last completion).
        let machine = session.machine

        if hba.carriesSCSIStatus {
            machine.quiesceDevices()
            target.faults.busy.arm(forNext: 1)
            roundTrip("disk BUSY", lba: base, seed: 1)

            machine.quiesceDevices()
            target.faults.unitAttention.arm(.powerOnOrReset)
            roundTrip("unit attention", lba: base + 16, seed: 2)
        } else {
            progress?("fault injection: \(type(of: hba)) carries no SCSI status; BUSY and unit attention skipped")
        }

        machine.quiesceDevices()
        target.faults.injectMediumError(at: (base + 35)..<(base + 36), on: .read)
        do {
            try disk.read(lba: base + 32, into: back)
            report.errors.append("fault medium error: a READ over an unreadable block succeeded")
        } catch {
            if case .mediumError = error {} else {
                report.errors.append("fault medium error: the READ ended with \(error), not a medium error")
            }
        }
        machine.quiesceDevices()
        target.faults.clear()

        let lost = hba.faults.inject(.lostInterrupt, count: 1)
        roundTrip("lost interrupt", lba: base + 48, seed: 3)
        machine.quiesceDevices()
        hba.faults.remove(lost)

        let held = hba.faults.inject(.timeout, count: 1)
        roundTrip("command timeout", lba: base + 64, seed: 4)
        machine.quiesceDevices()
        hba.faults.remove(held)

        machine.quiesceDevices()
        hba.injectControllerFatal()
        roundTrip("controller fatal error", lba: base + 80, seed: 5)

        session.driver.checkExtensionGuards()
        report.log = session.driver.log.map(\.description)
        report.violations = session.driver.violations
    }
}
