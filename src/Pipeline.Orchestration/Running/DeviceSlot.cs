using Pipeline.TorchExtensions;

namespace Pipeline.Orchestration.Running;

/// <summary>A place where one job runs at a time: a device, a name for logs and the live view, and the job's intra-op threads.</summary>
public sealed record DeviceSlot(string Name, DeviceId Device, int Threads);
