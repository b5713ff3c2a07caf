using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Method;

/// <summary>
/// The one JSON form of the files the pipeline writes (metrics.json, status.json, run.json, a key search's state):
/// snake_case fields and enum names, indented, NaN written as a name. Job ids hash another, fixed form (JobId).
/// </summary>
public static class JsonFiles
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { EnumNames.JsonConverter() },
    };

    /// <summary>An enum value as these files write it: fine_tuning, seed, bf16.</summary>
    public static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
