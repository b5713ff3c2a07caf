using System.CommandLine;
using Pipeline.Method.Keys;
using Pipeline.Method.Transforms;
using Pipeline.Orchestration.Running;

namespace Pipeline.Cli.Commands;

/// <summary>The options that name a keyed transform (--method, --block-size, --seed or --strong, --password), shared by key and transform.</summary>
internal sealed class MethodArguments
{
    private readonly Option<string> method = new("--method")
    {
        Description = $"The block-wise method: {string.Join(", ", MethodRegistry.BlockwiseNames)}",
        Required = true,
    };
    private readonly Option<int> blockSize = new("--block-size") { Description = "M, the side of a square block in pixels", Required = true };
    private readonly Option<long?> seed = new("--seed") { Description = "A seed key: a non-negative 63-bit integer (the authors' kind of key)" };
    private readonly Option<string> strong = new("--strong") { Description = "A strong key: 64 hex digits (pipeline key new --strong draws one)" };
    private readonly Option<string> password = new("--password")
    {
        Description = "FFX's password",
        DefaultValueFactory = _ => FfxTransform.DefaultPassword,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(method);
        command.Options.Add(blockSize);
        command.Options.Add(seed);
        command.Options.Add(strong);
        command.Options.Add(password);
    }

    /// <summary>The transform the options name and its key; ArgumentException (with the reason) when they name none.</summary>
    public (BlockTransform Transform, SecretKey Key) Create(ParseResult parse)
    {
        var name = parse.GetValue(method)!;
        var m = parse.GetValue(blockSize);
        var s = parse.GetValue(seed);
        var hex = parse.GetValue(strong);
        if (s is null == hex is null) throw new ArgumentException("give the key with one of --seed or --strong");
        if (s < 0) throw new ArgumentException("--seed is negative; a seed key is a non-negative 63-bit integer");
        var key = s is { } value ? new SecretKey(value)
            : SecretKey.Parse(hex!) is { IsStrong: true } parsed ? parsed
            : throw new ArgumentException("--strong is not a strong key; allowed: 64 hex digits");
        return (MethodRegistry.Create(name, m, key, new MethodOptions(parse.GetValue(password)!)), key);
    }
}
