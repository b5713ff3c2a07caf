using System.CommandLine;
using Pipeline.Method.Keys;
using Pipeline.Method.Transforms;
using Pipeline.Orchestration.Config;
using Pipeline.Orchestration.Running;

namespace Pipeline.Cli.Commands;

/// <summary>
/// The options that name a keyed transform (--method, --block-size, the key by --seed, --strong or --key-file with --key,
/// --password), shared by key and transform. A key file keeps a key that matters out of the shell's history.
/// </summary>
internal sealed class MethodArguments
{
    private readonly Option<string> method = new("--method")
    {
        Description = $"The block-wise method: {string.Join(", ", ProtectionMethod.BlockwiseNames)}",
        Required = true,
    };
    private readonly Option<int> blockSize = new("--block-size") { Description = "M, the side of a square block in pixels", Required = true };
    private readonly Option<long?> seed = new("--seed") { Description = "A seed key: a non-negative 63-bit integer (the authors' kind of key)" };
    private readonly Option<string> strong = new("--strong") { Description = "A strong key: 64 hex digits (pipeline key new --strong draws one)" };
    private readonly Option<string> keyFile = new("--key-file") { Description = "A key file of 'name: key' lines (as grid.key_file), instead of a key on the command line" };
    private readonly Option<string> keyName = new("--key") { Description = "The key's name in --key-file (not needed when the file holds one key)" };
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
        command.Options.Add(keyFile);
        command.Options.Add(keyName);
        command.Options.Add(password);
    }

    /// <summary>
    /// The transform the options name and its key; ArgumentException (with the reason) when they name none. Warnings
    /// about a key file (others can read it) go to <paramref name="warnings"/>.
    /// </summary>
    public (BlockTransform Transform, SecretKey Key) Create(ParseResult parse, TextWriter warnings)
    {
        var name = parse.GetValue(method)!;
        var m = parse.GetValue(blockSize);
        var s = parse.GetValue(seed);
        var hex = parse.GetValue(strong);
        var file = parse.GetValue(keyFile);
        if (new object?[] { s, hex, file }.Count(v => v is not null) != 1) throw new ArgumentException("give the key with one of --seed, --strong or --key-file");
        if (parse.GetValue(keyName) is not null && file is null) throw new ArgumentException("--key names a key in --key-file; give the file too");
        if (s < 0) throw new ArgumentException("--seed is negative; a seed key is a non-negative 63-bit integer");
        var key = s is { } value ? new SecretKey(value)
            : file is not null ? FromFile(file, parse.GetValue(keyName), warnings)
            : SecretKey.Parse(hex!) is { IsStrong: true } parsed ? parsed
            : throw new ArgumentException("--strong is not a strong key; allowed: 64 hex digits");
        return (ProtectionMethod.Blockwise(name).Transform(m, key, new MethodOptions(parse.GetValue(password)!)), key);
    }

    private static SecretKey FromFile(string file, string? name, TextWriter warnings)
    {
        try
        {
            var (key, found) = KeyFile.Read(file, name);
            foreach (var warning in found) warnings.WriteLine($"warning: {warning}");
            return key;
        }
        catch (ConfigException e)
        {
            throw new ArgumentException($"--key-file: {string.Join("; ", e.Errors)}", e);
        }
    }
}
