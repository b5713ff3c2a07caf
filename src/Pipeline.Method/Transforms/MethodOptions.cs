namespace Pipeline.Method.Transforms;

/// <summary>Settings a method may use beyond block size and key: FFX's password, the feature maps fmp permutes.</summary>
public sealed record MethodOptions(string Password = FfxTransform.DefaultPassword, IReadOnlyList<string>? FeatureMaps = null)
{
    public IReadOnlyList<string> FeatureMaps { get; init; } = FeatureMaps ?? FeatureMapPermutation.DefaultStages;
}
