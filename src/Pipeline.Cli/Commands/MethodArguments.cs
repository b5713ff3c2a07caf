using System.CommandLine;
using Pipeline.Method.Keys;
using Pipeline.Method.Transforms;
using Pipeline.Orchestration.Running;

namespace Pipeline.Cli.Commands;

/// <summary>The options that name a keyed transform (--method, --block-size, --seed, --password), shared by key and transform.</summary>
internal sealed class MethodArguments
{
    private readonly Option<string> method = new("--method")
    {
        Description = $"The block-wise method: {string.Join(", ", MethodRegistry.Names)}",
        Required = true,
    };
    private readonly Option<int> blockSize = new("--block-size") { Description = "M, the side of a square block in pixels", Required = true };
    private readonly Option<long> seed = new("--seed") { Description = "The secret key: a non-negative 63-bit seed", Required = true };
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
        command.Options.Add(password);
    }

    /// <summary>The transform the options name; ArgumentException (with the reason) when they name none.</summary>
    public BlockTransform Create(ParseResult parse)
    {
        var name = parse.GetValue(method)!;
        var m = parse.GetValue(blockSize);
        var s = parse.GetValue(seed);
        if (s < 0) throw new ArgumentException($"seed {s} is negative; a key is a non-negative 63-bit integer");
        return MethodRegistry.Create(name, m, new SecretKey(s), new MethodOptions(parse.GetValue(password)!));
    }
}
