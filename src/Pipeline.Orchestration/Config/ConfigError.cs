namespace Pipeline.Orchestration.Config;

/// <summary>One problem in an experiment, placed where the user has to fix it.</summary>
/// <param name="Path">The field path inside the experiment, e.g. <c>grid.block_sizes[2]</c>.</param>
public sealed record ConfigError(string File, int Line, int Column, string Path, string Message)
{
    /// <summary>The compiler-style form editors and terminals turn into a link: <c>file:line:column: path: message</c>.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}: {Path}: {Message}";
}
