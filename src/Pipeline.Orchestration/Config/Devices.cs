using Pipeline.TorchExtensions;

namespace Pipeline.Orchestration.Config;

/// <summary>The <c>devices</c> list: where the local dispatcher runs jobs, one job per device at a time.</summary>
internal static class Devices
{
    public const string Allowed = "cpu, cuda, cuda:N (N = 0, 1, ...)";

    public static DeviceId[] Read(ConfigValue value)
    {
        // A single device may be written without a list: devices: cuda:0
        var items = value.Node is YamlDotNet.RepresentationModel.YamlScalarNode ? [value] : value.Sequence() ?? [];
        var devices = new List<DeviceId>();
        foreach (var item in items)
        {
            if (item.Text() is not { } text) continue;
            DeviceId device;
            try
            {
                device = DeviceId.Parse(text);
            }
            catch (FormatException)
            {
                item.Error($"unknown device '{text}'{DidYouMean.Hint(text, ["cpu", "cuda", "cuda:0"])}; allowed: {Allowed}");
                continue;
            }
            if (devices.Contains(device)) item.Error($"duplicate device '{text}' ({device}); each device runs one job at a time, list it once");
            else devices.Add(device);
        }
        if (devices.Count == 0 && items.Count == 0) value.Error($"the list is empty; allowed: {Allowed}");
        return devices.ToArray();
    }
}
