import CMiniportABI

extension PortAdapter {
    /// Runs the oldest kernel DPC (KeInsertQueueDpc) at DISPATCH_LEVEL.
    func runKernelDpc() {
        let (dpc, argument1, argument2) = kernelDpcs.removeFirst()
        dpc.pointee.DpcData = nil
        guard let routine = dpc.pointee.DeferredRoutine else { return }
        let context = dpc.pointee.DeferredContext
        callMiniport("DPC routine") {
            if msABI {
                MpAbiMsCallVoid4(MsCall.entry(routine), MsCall.arg(dpc), MsCall.arg(context), MsCall.arg(argument1),
                                 MsCall.arg(argument2))
            } else {
                routine(dpc, context, argument1, argument2)
            }
        }
    }
}
