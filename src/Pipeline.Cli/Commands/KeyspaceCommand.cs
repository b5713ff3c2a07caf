using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Pipeline.Method.Keys;
using Pipeline.Method.Models;
using Pipeline.Method.Transforms;
using Pipeline.Orchestration.Running;

namespace Pipeline.Cli.Commands;

/// <summary>`pipeline keyspace`: how many keys a method has at a block size (fmp: for a model's feature maps), and how many a seed or strong key reaches.</summary>
public static class KeyspaceCommand
{
    public static Command Create()
    {
        var method = new Option<string>("--method") { Description = $"The method: {string.Join(", ", ProtectionMethod.Names)}", Required = true };
        var blockSize = new Option<int?>("--block-size") { Description = "M, for the block-wise methods" };
        var arch = new Option<string>("--arch") { Description = "fmp: the model whose feature maps are permuted", DefaultValueFactory = _ => "fcn_resnet18" };
        var featureMaps = new Option<string>("--feature-maps")
        {
            Description = $"fmp: the permuted feature maps, comma-separated ({string.Join(", ", FeatureMapPermutation.Stages)})",
            DefaultValueFactory = _ => string.Join(",", FeatureMapPermutation.DefaultStages),
        };
        var strong = new Option<bool>("--strong") { Description = "log2_effective for a strong key instead of a seed key" };
        var json = new Option<bool>("--json") { Description = "One JSON object: method, block_size, positions, selected, log2_keys, key_kind, log2_effective" };
        var command = new Command("keyspace", "The number of keys of a method, in bits, and how many of them a seed key or a strong key reaches")
        {
            method, blockSize, arch, featureMaps, strong, json,
        };
        command.SetAction(parse =>
        {
            KeySpace space;
            try
            {
                var name = parse.GetValue(method)!;
                if (!ProtectionMethod.Names.Contains(name))
                    throw new ArgumentException($"--method '{name}' is not a method; allowed: {string.Join(", ", ProtectionMethod.Names)}");
                if (ProtectionMethod.IsBlockwise(name) && parse.GetValue(blockSize) is null) throw new ArgumentException($"--block-size is required for {name}");
                var stages = parse.GetValue(featureMaps)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                if (stages.Length == 0)
                    throw new ArgumentException($"--feature-maps: give at least one feature map; allowed: {string.Join(", ", FeatureMapPermutation.Stages)}");
                if (stages.GroupBy(s => s).FirstOrDefault(g => g.Count() > 1) is { } twice)
                    throw new ArgumentException($"--feature-maps: '{twice.Key}' is given twice; each may appear once");
                foreach (var stage in stages)
                    if (!FeatureMapPermutation.Stages.Contains(stage))
                        throw new ArgumentException($"--feature-maps: '{stage}' is not a feature map; allowed: {string.Join(", ", FeatureMapPermutation.Stages)}");
                var model = parse.GetValue(arch)!;
                if (!FcnResNet.Architectures.Contains(model))
                    throw new ArgumentException($"--arch '{model}' is not a model; allowed: {string.Join(", ", FcnResNet.Architectures)}");
                space = new MethodSetting(ProtectionMethod.Named(name), parse.GetValue(blockSize), new MethodOptions(FeatureMaps: stages), FcnResNet.DepthOf(model)).KeySpace();
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"pipeline keyspace: {e.Message}");
                return ExitCodes.BadInput;
            }
            Write(space, parse.GetValue(strong), parse.GetValue(json), Console.Out);
            return ExitCodes.Finished;
        });
        return command;
    }

    public static void Write(KeySpace space, bool strong, bool json, TextWriter output)
    {
        if (json)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream))
            {
                writer.WriteStartObject();
                writer.WriteString("method", space.Method);
                if (space.BlockSize is { } m) writer.WriteNumber("block_size", m);
                else writer.WriteNull("block_size");
                writer.WriteStartArray("positions");
                foreach (var p in space.Positions) writer.WriteNumberValue(p);
                writer.WriteEndArray();
                if (space.Selected is { } k) writer.WriteNumber("selected", k);
                else writer.WriteNull("selected");
                writer.WriteNumber("log2_keys", space.Log2Keys);
                writer.WriteString("key_kind", strong ? "strong" : "seed");
                writer.WriteNumber("log2_effective", space.Log2Effective(strong));
                writer.WriteEndObject();
            }
            output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
            return;
        }
        string Bits(double v) => v.ToString("F4", CultureInfo.InvariantCulture);
        output.WriteLine($"method             {space.Method}{(space.BlockSize is { } size ? $", M = {size}" : "")}");
        output.WriteLine(space.BlockSize is null
            ? $"permuted           channels {string.Join(" + ", space.Positions)}"
            : $"positions          L = {space.Positions[0]}{(space.Selected is { } s ? $", k = {s} selected" : "")}");
        output.WriteLine($"log2 keys          {Bits(space.Log2Keys)}");
        output.WriteLine($"seed key reaches   {Bits(space.Log2EffectiveSeed)} bits");
        output.WriteLine($"strong key reaches {Bits(space.Log2EffectiveStrong)} bits");
    }
}
