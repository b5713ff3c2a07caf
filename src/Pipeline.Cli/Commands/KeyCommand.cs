using System.CommandLine;
using System.Text.Json;
using Pipeline.Method;
using Pipeline.Method.Keys;
using Pipeline.Method.Transforms;
using Pipeline.Orchestration.Jobs;
using Pipeline.Orchestration.Running;

namespace Pipeline.Cli.Commands;

/// <summary>
/// `pipeline key`: shows the key material a key gives a method and block size (and, given an experiment's results
/// folder, its fingerprint there); `pipeline key new` draws a seed key, `pipeline key new --strong` a strong key.
/// </summary>
public static class KeyCommand
{
    public static Command Create()
    {
        var arguments = new MethodArguments();
        var json = new Option<bool>("--json") { Description = "Print one JSON object: method, block_size, kind, effective_bits, fingerprint, perm, selected and (ffx) lookup" };
        var results = new Option<DirectoryInfo>("--results")
        {
            Description = ExperimentInput.ResultsDescription + ": also print the key's fingerprint there",
        };
        var command = new Command("key", "Show a key's permutation, selected positions and (FFX) lookup table, its kind and effective bits");
        arguments.AddTo(command);
        command.Options.Add(json);
        command.Options.Add(results);
        command.SetAction(parse =>
        {
            BlockTransform transform;
            SecretKey key;
            string? fingerprint = null;
            try
            {
                (transform, key) = arguments.Create(parse, Console.Error);
                if (parse.GetValue(results) is { } folder)
                    fingerprint = (new ExperimentFolder(folder.FullName).ExistingFingerprinter()
                                   ?? throw new ArgumentException($"--results: {folder.FullName} has no fingerprint secret yet (pipeline plan or run makes it)"))
                        .Of(key);
            }
            catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"pipeline key: {e.Message}");
                return ExitCodes.BadInput;
            }
            using (transform) Describe(transform, key, fingerprint, parse.GetValue(json), Console.Out);
            return ExitCodes.Finished;
        });

        var strongOption = new Option<bool>("--strong") { Description = "Draw a strong key (256 bits) instead of a seed key" };
        var draw = new Command("new", "Draw a random key from the cryptographic generator and print it (keep it secret): a seed key, or with --strong a strong key")
        {
            strongOption,
        };
        draw.SetAction(parse => New(parse.GetValue(strongOption), Console.Out));
        command.Subcommands.Add(draw);
        return command;
    }

    /// <summary>The key material of a transform, as JSON or as a short summary (never the key itself).</summary>
    public static void Describe(BlockTransform transform, SecretKey key, string? fingerprint, bool json, TextWriter output)
    {
        var length = transform.BlockLength;
        var perm = transform.Key.Permutation;
        var selected = Enumerable.Range(0, length).Where(j => transform.Key.Selected[j]).ToArray();
        var lookup = (transform as FfxTransform)?.Lookup;
        if (!json)
        {
            output.WriteLine($"method       {transform.Name}");
            output.WriteLine($"block size   {transform.BlockSize} (L = {length})");
            output.WriteLine($"key          {key} ({key.EffectiveBits} effective bits)");
            if (fingerprint is not null) output.WriteLine($"fingerprint  {fingerprint}");
            output.WriteLine($"permutation  {string.Join(" ", perm)}");
            output.WriteLine($"selected     {selected.Length} of {length} positions: {string.Join(" ", selected)}");
            if (lookup is not null) output.WriteLine($"lookup       {lookup.Count} values, max {lookup.Max()}: {string.Join(" ", lookup)}");
            return;
        }
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("method", transform.Name);
            writer.WriteNumber("block_size", transform.BlockSize);
            writer.WriteString("kind", EnumNames.Of(key.Kind));
            writer.WriteNumber("effective_bits", key.EffectiveBits);
            if (fingerprint is not null) writer.WriteString("fingerprint", fingerprint);
            WriteArray(writer, "perm", perm);
            WriteArray(writer, "selected", selected.Select(j => (long)j));
            if (lookup is not null) WriteArray(writer, "lookup", lookup.Select(v => (long)v));
            writer.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    /// <summary>The one place a key is shown: on stdout, to the user who asked for a new one.</summary>
    public static int New(bool strong, TextWriter output)
    {
        var key = strong ? SecretKey.NewStrong() : SecretKey.NewRandom();
        output.WriteLine(strong ? $"strong       {key.Text}" : $"seed         {key.Text}");
        output.WriteLine(strong
            ? "keep it secret: put it in a key file (name: key, chmod 600) or grid.keys as {strong: ...}"
            : "keep it secret: put it in a key file (name: seed, chmod 600) or grid.keys as {seed: ...}; a seed key has 2^32 values at most");
        return ExitCodes.Finished;
    }

    private static void WriteArray(Utf8JsonWriter writer, string name, IEnumerable<long> values)
    {
        writer.WriteStartArray(name);
        foreach (var v in values) writer.WriteNumberValue(v);
        writer.WriteEndArray();
    }
}
