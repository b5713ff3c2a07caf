using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Orchestration.Config;

/// <summary>
/// One YAML value with the file and field path it came from. The typed readers return null and record a
/// positioned error instead of throwing, so a single pass finds every problem.
/// </summary>
/// <param name="Secret">Never echo the value in messages (key seeds).</param>
internal readonly record struct ConfigValue(YamlNode Node, string File, string Path, ConfigDiagnostics Diagnostics, bool Secret = false)
{
    public void Error(string message) => Diagnostics.Error(File, Node.Start, Path, message);

    /// <summary>A warning placed like an error: the value is allowed, but probably not what was meant.</summary>
    public void Warn(string message) => Diagnostics.Warn($"{Where}: {Path}: {message}");

    /// <summary>"file:line:column", for messages that point at a second place.</summary>
    public string Where => $"{File}:{Node.Start.Line}:{Node.Start.Column}";

    /// <summary><c>key:</c> with nothing after it, or <c>~</c>/<c>null</c>: treated as absent so defaults apply.</summary>
    /// <summary>Whether this is a list with no items (<c>[]</c>); reports nothing.</summary>
    public bool IsEmptyList => Node is YamlSequenceNode { Children.Count: 0 };

    public bool IsNull => Node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    public ConfigValue Child(YamlNode node, string path) => new(node, File, path, Diagnostics, Secret);

    public string? Text()
    {
        if (Node is YamlScalarNode scalar) return scalar.Value ?? "";
        Error($"expected a single value, found {Describe(Node)}");
        return null;
    }

    public long? Long(long min, long max)
    {
        if (Text() is not { } text) return null;
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Error($"expected an integer, found {Found(text)}; allowed: {Range(min, max)}");
            return null;
        }
        if (value < min || value > max)
        {
            Error($"{(Secret ? "value" : value.ToString(CultureInfo.InvariantCulture))} is out of range; allowed: {Range(min, max)}");
            return null;
        }
        return value;
    }

    public int? Int(int min, int max) => (int?)Long(min, max);

    /// <summary>A real number in [min, max], or (min, max] when <paramref name="exclusiveMin"/>.</summary>
    public double? Number(double min, double max, bool exclusiveMin = false)
    {
        if (Text() is not { } text) return null;
        var allowed = $"a number {(exclusiveMin ? ">" : ">=")} {min.ToString(CultureInfo.InvariantCulture)}"
            + (double.IsPositiveInfinity(max) ? "" : $" and <= {max.ToString(CultureInfo.InvariantCulture)}");
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            Error($"expected a number, found {Found(text)}; allowed: {allowed}");
            return null;
        }
        if (value < min || (exclusiveMin && value == min) || value > max)
        {
            Error($"{text} is out of range; allowed: {allowed}");
            return null;
        }
        return value;
    }

    public bool? Bool()
    {
        if (Text() is not { } text) return null;
        if (text is "true" or "True" or "TRUE") return true;
        if (text is "false" or "False" or "FALSE") return false;
        Error($"expected true or false, found {Found(text)}; allowed: true, false");
        return null;
    }

    /// <summary>A strong key: 64 hex digits (never echoed).</summary>
    public Method.Keys.SecretKey? StrongKey()
    {
        if (Text() is not { } text) return null;
        if (Method.Keys.SecretKey.Parse(text) is { IsStrong: true } key) return key;
        Error($"expected a strong key, found {Found(text)}; allowed: 64 hex digits, as pipeline key new --strong prints");
        return null;
    }

    /// <summary>A key as key files hold it: a seed (a non-negative integer) or a strong key (64 hex digits); never echoed.</summary>
    public Method.Keys.SecretKey? Key()
    {
        if (Text() is not { } text) return null;
        if (Method.Keys.SecretKey.Parse(text) is { } key) return key;
        Error($"expected a key, found {Found(text)}; allowed: a seed (an integer >= 0) or a strong key (64 hex digits)");
        return null;
    }

    /// <summary>One of a fixed set of names, with a did-you-mean for near misses.</summary>
    public string? Choice(IReadOnlyList<string> allowed, string what = "value")
    {
        if (Text() is not { } text) return null;
        if (allowed.Contains(text)) return text;
        Error($"unknown {what} {Found(text)}{DidYouMean.Hint(text, allowed)}; allowed: {string.Join(", ", allowed)}");
        return null;
    }

    /// <summary>One of an enum's values, by its written name (<see cref="Method.EnumNames"/>).</summary>
    public T? Choice<T>(string what) where T : struct, Enum =>
        Choice(Method.EnumNames.All<T>(), what) is { } name ? Method.EnumNames.Parse<T>(name) : null;

    /// <summary>The items of a list, each with its indexed path (<c>grid.block_sizes[2]</c>).</summary>
    public IReadOnlyList<ConfigValue>? Sequence()
    {
        var self = this;
        if (Node is YamlSequenceNode sequence)
            return sequence.Children.Select((item, i) => self.Child(item, $"{self.Path}[{i}]")).ToArray();
        Error($"expected a list, found {Describe(Node)}");
        return null;
    }

    /// <summary>
    /// The items of a list read by <paramref name="read"/>, dropping invalid ones and reporting repeats (they would make
    /// the same job twice); null when this is not a list.
    /// </summary>
    public T[]? DistinctItems<T>(Func<ConfigValue, object?> read, string what) where T : notnull
    {
        if (Sequence() is not { } items) return null;
        var result = new List<T>();
        var firstAt = new Dictionary<T, string>();
        foreach (var item in items)
        {
            if (read(item) is not T value) continue;
            if (firstAt.TryGetValue(value, out var first)) item.Error(string.Create(CultureInfo.InvariantCulture, $"duplicate {what} '{value}' (also {first}); each may appear once"));
            else { firstAt[value] = item.Path; result.Add(value); }
        }
        return result.ToArray();
    }

    public ConfigSection? Mapping()
    {
        if (Node is YamlMappingNode mapping) return ConfigSection.FromMapping(mapping, File, Path, Diagnostics, Secret);
        Error($"expected a mapping (field: value lines), found {Describe(Node)}");
        return null;
    }

    private string Found(string text) => Secret ? "a value" : $"'{text}'";

    private static string Range(long min, long max) =>
        max == long.MaxValue ? $"an integer >= {min}" : $"an integer from {min} to {max}";

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s => $"'{s.Value}'",
        _ => node.NodeType.ToString(),
    };
}
