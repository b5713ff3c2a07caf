using System.Globalization;
using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Reports.Results;

/// <summary>
/// A JSON or YAML file read without a schema: other components own status.json, job.yaml and run.json and
/// may nest or add fields, so fields are found by name (breadth-first, case and '_' ignored) and anything
/// unknown is ignored. Only the fields asked for are ever read, which keeps secrets such as seeds out.
/// </summary>
internal sealed class LooseDocument
{
    // A node is a Dictionary<string, object?> (keys normalised), a List<object?> or a scalar string.
    private readonly object? root;

    private LooseDocument(object? root) => this.root = root;

    /// <summary>The file as a document, or null when it is missing or does not parse.</summary>
    public static LooseDocument? TryRead(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            var text = File.ReadAllText(path);
            return new LooseDocument(path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? FromJson(text) : FromYaml(text));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or YamlDotNet.Core.YamlException)
        {
            return null;
        }
    }

    /// <summary>The first scalar under any of the names, tried in order.</summary>
    public string? String(params string[] names)
    {
        foreach (var name in names)
            if (Find(Normalise(name)) is string value && value.Length > 0) return value;
        return null;
    }

    public int? Int(params string[] names) =>
        int.TryParse(String(names), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    public DateTimeOffset? Time(params string[] names) =>
        DateTimeOffset.TryParse(String(names), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value : null;

    /// <summary>A list of scalars, or of mappings whose "name" is taken (devices may be either).</summary>
    public IReadOnlyList<string> Strings(string name) => Find(Normalise(name)) switch
    {
        List<object?> items => items
            .Select(item => item is Dictionary<string, object?> map ? map.GetValueOrDefault("name") : item)
            .OfType<string>().Where(s => s.Length > 0).ToList(),
        string single when single.Length > 0 => [single],
        _ => [],
    };

    private object? Find(string key)
    {
        var queue = new Queue<object?>([root]);
        while (queue.Count > 0)
        {
            switch (queue.Dequeue())
            {
                case Dictionary<string, object?> map:
                    if (map.TryGetValue(key, out var hit) && hit is not Dictionary<string, object?>) return hit;
                    foreach (var child in map.Values) queue.Enqueue(child);
                    break;
                case List<object?> list:
                    foreach (var child in list) queue.Enqueue(child);
                    break;
            }
        }
        return null;
    }

    private static string Normalise(string key) => key.Replace("_", "").Replace("-", "").ToLowerInvariant();

    private static object? FromJson(string text)
    {
        using var document = JsonDocument.Parse(text);
        return Convert(document.RootElement);

        static object? Convert(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.Object => ToMap(e.EnumerateObject().Select(p => (p.Name, Convert(p.Value)))),
            JsonValueKind.Array => e.EnumerateArray().Select(Convert).ToList(),
            JsonValueKind.String => e.GetString(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => e.GetRawText(),
        };
    }

    private static object? FromYaml(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);

        static object? Convert(YamlNode node) => node switch
        {
            YamlMappingNode map => ToMap(map.Children.Select(p => (p.Key is YamlScalarNode k ? k.Value ?? "" : "", Convert(p.Value)))),
            YamlSequenceNode seq => seq.Children.Select(Convert).ToList(),
            YamlScalarNode scalar when scalar.Value is "~" or "null" or "" => null,
            YamlScalarNode scalar => scalar.Value,
            _ => null,
        };
    }

    private static Dictionary<string, object?> ToMap(IEnumerable<(string Key, object? Value)> pairs)
    {
        var map = new Dictionary<string, object?>();
        foreach (var (key, value) in pairs) map.TryAdd(Normalise(key), value);
        return map;
    }
}
