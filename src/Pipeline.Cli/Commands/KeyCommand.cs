using System.CommandLine;
using System.Text.Json;
using Pipeline.Method.Keys;
using Pipeline.Method.Transforms;
using Pipeline.Orchestration.Running;

namespace Pipeline.Cli.Commands;

/// <summary>`pipeline key`: shows the key material a seed gives a method and block size; `pipeline key new` draws a seed.</summary>
public static class KeyCommand
{
    public static Command Create()
    {
        var arguments = new MethodArguments();
        var json = new Option<bool>("--json") { Description = "Print one JSON object: method, block_size, fingerprint, perm, selected and (ffx) lookup" };
        var command = new Command("key", "Show the permutation, selected positions and (FFX) lookup table of a key");
        arguments.AddTo(command);
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            BlockTransform transform;
            try
            {
                transform = arguments.Create(parse);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"pipeline key: {e.Message}");
                return ExitCodes.BadInput;
            }
            using (transform) Describe(transform, parse.GetValue(json), Console.Out);
            return 0;
        });

        var draw = new Command("new", "Draw a random 63-bit seed from a cryptographic generator and print it with its fingerprint (keep the seed secret)");
        draw.SetAction(_ => New(Console.Out));
        command.Subcommands.Add(draw);
        return command;
    }

    /// <summary>The key material of a transform, as JSON or as a short summary (without the seed either way).</summary>
    public static void Describe(BlockTransform transform, bool json, TextWriter output)
    {
        var length = transform.BlockLength;
        var perm = transform.Key.Permutation(length);
        var selected = transform.Key.Selection(length);
        var lookup = (transform as FfxTransform)?.Lookup;
        if (!json)
        {
            output.WriteLine($"method       {transform.Name}");
            output.WriteLine($"block size   {transform.BlockSize} (L = {length})");
            output.WriteLine($"fingerprint  {transform.Key.Fingerprint}");
            output.WriteLine($"selected     {selected.Length} of {length} positions");
            if (lookup is not null) output.WriteLine($"lookup       max {lookup.Max()}, first {string.Join(" ", lookup.Take(8))} ...");
            return;
        }
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("method", transform.Name);
            writer.WriteNumber("block_size", transform.BlockSize);
            writer.WriteString("fingerprint", transform.Key.Fingerprint);
            WriteArray(writer, "perm", perm);
            WriteArray(writer, "selected", selected.Select(j => (long)j));
            if (lookup is not null) WriteArray(writer, "lookup", lookup.Select(v => (long)v));
            writer.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    /// <summary>The one place a seed is shown: on stdout, to the user who asked for a new key.</summary>
    public static int New(TextWriter output)
    {
        var key = SecretKey.NewRandom();
        output.WriteLine($"seed         {key.Seed}");
        output.WriteLine($"fingerprint  {key.Fingerprint}");
        return 0;
    }

    private static void WriteArray(Utf8JsonWriter writer, string name, IEnumerable<long> values)
    {
        writer.WriteStartArray(name);
        foreach (var v in values) writer.WriteNumberValue(v);
        writer.WriteEndArray();
    }
}
