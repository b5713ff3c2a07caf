using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Method.Training;

/// <summary>
/// The recipe's <c>accumulate</c> field: the batch's gradient is computed in <see cref="Steps"/> passes of
/// BatchSize / Steps images and one optimizer step, or, for <see cref="Auto"/>, in the fewest passes that fit the
/// device (the trainer finds them when the job starts). Written as the YAML shows it: an integer or "auto", in
/// job.yaml and in the job id alike, so a job read back from its folder is the job that was planned.
/// </summary>
[JsonConverter(typeof(Json))]
public sealed record GradientAccumulation
{
    public const string AutoText = "auto";
    public const int MaxSteps = 4096;

    /// <summary>One pass per batch: no accumulation.</summary>
    public static readonly GradientAccumulation None = new(1);

    public static readonly GradientAccumulation Auto = new((int?)null);

    private GradientAccumulation(int? steps) => Steps = steps;

    /// <summary>Passes per batch; null for <see cref="Auto"/>.</summary>
    public int? Steps { get; }

    public bool IsAuto => Steps is null;

    public static GradientAccumulation Of(int steps) =>
        steps is >= 1 and <= MaxSteps ? new GradientAccumulation(steps)
            : throw new ArgumentOutOfRangeException(nameof(steps), steps, $"allowed: an integer from 1 to {MaxSteps}, or '{AutoText}'");

    /// <summary>"auto" or an integer from 1 to <see cref="MaxSteps"/>; null for anything else.</summary>
    public static GradientAccumulation? Parse(string text) =>
        text == AutoText ? Auto
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var steps) && steps is >= 1 and <= MaxSteps ? Of(steps)
        : null;

    public override string ToString() => Steps?.ToString(CultureInfo.InvariantCulture) ?? AutoText;

    /// <summary>An integer (as every job id before "auto" existed hashed it) or the string "auto".</summary>
    private sealed class Json : JsonConverter<GradientAccumulation>
    {
        public override GradientAccumulation Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Number ? Of(reader.GetInt32())
            : Parse(reader.GetString() ?? "") ?? throw new JsonException($"accumulate: expected an integer or '{AutoText}'");

        public override void Write(Utf8JsonWriter writer, GradientAccumulation value, JsonSerializerOptions options)
        {
            if (value.Steps is { } steps) writer.WriteNumberValue(steps);
            else writer.WriteStringValue(AutoText);
        }
    }
}
