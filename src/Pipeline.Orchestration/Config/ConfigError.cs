namespace Pipeline.Orchestration.Config;

/// <summary>One problem in an experiment, placed where the user has to fix it.</summary>
/// <param name="File">The file, or for a command-line override the override itself (<c>--set training.epochs=x</c>).</param>
/// <param name="Line">1-based; 0 for an override, which has no lines.</param>
/// <param name="Path">The field path inside the experiment, e.g. <c>grid.block_sizes[2]</c>.</param>
public sealed record ConfigError(string File, int Line, int Column, string Path, string Message)
{
    /// <summary>
    /// The compiler-style form editors and terminals turn into a link: <c>file:line:column: path: message</c>;
    /// <c>--set field=value: path: message</c> for an override.
    /// </summary>
    public override string ToString() => Line == 0 ? $"{File}: {Path}: {Message}" : $"{File}:{Line}:{Column}: {Path}: {Message}";
}
