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
}
