using System.Text.RegularExpressions;

namespace Pipeline.Orchestration.Config;

/// <summary>The <c>devices</c> list: where the local dispatcher runs jobs, one job per device at a time.</summary>
internal static partial class Devices
{
    public const string Allowed = "cpu, cuda, cuda:N (N = 0, 1, ...)";

    public static string[] Read(ConfigValue value)
    {
        // A single device may be written without a list: devices: cuda:0
        var items = value.Node is YamlDotNet.RepresentationModel.YamlScalarNode ? [value] : value.Sequence() ?? [];
        var devices = new List<string>();
        foreach (var item in items)
        {
            if (item.Text() is not { } device) continue;
            if (!Format().IsMatch(device)) item.Error($"unknown device '{device}'{DidYouMean.Hint(device, ["cpu", "cuda", "cuda:0"])}; allowed: {Allowed}");
            else if (devices.Contains(device)) item.Error($"duplicate device '{device}'; each device runs one job at a time, list it once");
            else devices.Add(device);
        }
        if (devices.Count == 0 && items.Count == 0) value.Error($"the list is empty; allowed: {Allowed}");
        return devices.ToArray();
    }

    [GeneratedRegex(@"^(cpu|cuda|cuda:\d+)$")]
    private static partial Regex Format();
}
