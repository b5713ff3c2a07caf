using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Method;

/// <summary>
/// The one way an enum value is written wherever it leaves the program (job.yaml, the job id, metrics.json,
/// configuration messages, command lines): snake_case, Precision.Bf16 as "bf16", DatasetKind.Voc as "voc".
/// </summary>
public static class EnumNames
{
    public static readonly JsonNamingPolicy Policy = JsonNamingPolicy.SnakeCaseLower;

    /// <summary>For JSON options: enums as their names, never as numbers.</summary>
    public static JsonStringEnumConverter JsonConverter() => new(Policy);

    public static string Of(Enum value) => Policy.ConvertName(value.ToString());

    /// <summary>Every value's name, in declaration order (as "allowed:" lists show them).</summary>
    public static IReadOnlyList<string> All<T>() where T : struct, Enum => All(typeof(T));

    /// <inheritdoc cref="All{T}"/>
    public static IReadOnlyList<string> All(Type type) => [.. Enum.GetValues(type).Cast<Enum>().Select(Of)];

    /// <summary>The value named <paramref name="name"/>; null for a name no value has.</summary>
    public static T? Parse<T>(string name) where T : struct, Enum => (T?)(object?)Parse(typeof(T), name);

    /// <inheritdoc cref="Parse{T}"/>
    public static Enum? Parse(Type type, string name) => Enum.GetValues(type).Cast<Enum>().FirstOrDefault(v => Of(v) == name);
}
