using System.Text.Json.Serialization;

namespace Pipeline.Method.Evaluation;

/// <summary>snake_case JSON, as written to metrics.json.</summary>
public static class MetricsJson
{
    public static readonly System.Text.Json.JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
