using System.Text.RegularExpressions;
using Pipeline.Method.Data;
using Pipeline.Method.Imaging;
using Pipeline.Tests.Shared;

namespace Pipeline.Cli.Tests;

/// <summary>
/// Every `pipeline` command the README shows, so that the next drift between the README and the program fails CI: each
/// names a verb and options the program has, and each runs, on tiny inputs in place of the big ones (the smoke
/// experiment for every experiment, a few pixels for the bench). A synopsis (`[optional]`, `a\|b`, PLACEHOLDERS) runs in
/// its least form: its required parts, the first of each choice, each placeholder filled from <see cref="Fill"/>.
/// </summary>
public sealed partial class ReadmeCommandTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);
    private readonly string project = Directory.CreateTempSubdirectory("readme-commands-").FullName;

    public void Dispose() => Directory.Delete(project, recursive: true);

    /// <summary>The README's commands, `./run-all.sh ARGS` as the `pipeline` command it runs, each as written.</summary>
    public static IReadOnlyList<string> Commands()
    {
        var readme = File.ReadAllText(Path.Combine(TestAllScriptTests.Repository(), "README.md"));
        var commands = new List<string>();
        foreach (Match block in Fenced().Matches(readme))
            commands.AddRange(block.Groups[1].Value.Replace("\\\n", " ").Split('\n').Select(l => Regex.Replace(l.Split("  #")[0], @"\s+", " ").Trim()).Where(IsCommand));
        commands.AddRange(Inline().Matches(Fenced().Replace(readme, "")).Select(m => Regex.Replace(m.Groups[1].Value, @"\s+", " ").Trim()).Where(IsCommand));
        return commands.Select(AsPipeline).OfType<string>().Distinct().ToList();
    }

    private static bool IsCommand(string text) => text.StartsWith("pipeline ", StringComparison.Ordinal) || text.StartsWith("./run-all.sh", StringComparison.Ordinal);

    // run-all.sh builds, then runs an experiment (quick.yaml without arguments) or passes its arguments to pipeline.
    private static string? AsPipeline(string command)
    {
        if (!command.StartsWith("./run-all.sh", StringComparison.Ordinal)) return command;
        var rest = command["./run-all.sh".Length..].Trim();
        if (rest.StartsWith("--cuda", StringComparison.Ordinal)) return null;
        if (rest.Length == 0) rest = "experiments/quick.yaml";
        return rest.Split(' ')[0].EndsWith(".yaml", StringComparison.Ordinal) ? $"pipeline run {rest}" : $"pipeline {rest}";
    }

    [Fact]
    public void TheReadmeShowsCommandsOfEveryVerb()
    {
        var verbs = Commands().Select(c => Words(c)[1]).ToHashSet();

        Assert.Superset(PipelineCommand.Create().Subcommands.Select(c => c.Name).ToHashSet(), verbs);
    }

    [Fact]
    public void EveryCommandTheReadmeShowsNamesAVerbAndOptionsItHas()
    {
        var root = PipelineCommand.Create();
        var wrong = new List<string>();
        foreach (var command in Commands())
        {
            var words = Words(command).Skip(1).ToList();
            System.CommandLine.Command verb = root;
            while (words.Count > 0 && verb.Subcommands.FirstOrDefault(c => c.Name == words[0]) is { } sub)
            {
                verb = sub;
                words.RemoveAt(0);
            }
            if (verb == root) wrong.Add($"{command}: no such verb");
            var named = words.SelectMany(w => w.Trim('[', ']').Split("\\|")).Where(w => w.StartsWith("--", StringComparison.Ordinal)).Select(w => w.Trim('[', ']'));
            wrong.AddRange(named.Where(o => !verb.Options.Any(x => x.Name == o || x.Aliases.Contains(o))).Select(o => $"{command}: {verb.Name} has no option {o}"));
        }
        Assert.Empty(wrong);
    }

    [Fact]
    public void EveryCommandTheReadmeShowsRuns()
    {
        var inputs = new Inputs(project);
        var commands = Commands().Where(c => Words(c).Count > 2).ToList();
        // A verb with a complete example runs that; its synopsis, whose least form may be far bigger, is checked by the options test.
        var exemplified = commands.Where(Complete).Select(Verb).ToHashSet();
        var failed = new List<string>();
        var ran = new HashSet<string>();
        // The experiments first: the other commands read their results.
        foreach (var command in commands.Where(c => Complete(c) || !exemplified.Contains(Verb(c))).OrderBy(c => Verb(c) == "run" ? 0 : 1))
        {
            var words = Least(command);
            var args = words.Select((word, i) => Fill(command, i > 0 ? words[i - 1] : null, word, inputs)).ToList();
            // Overrides that change results make another configuration: such a run gets a results folder of its own.
            if (args.Contains("--set"))
            {
                args.Remove("--results");
                args.Remove(inputs.Results);
                args.AddRange(["--results", Path.Combine(inputs.Project, "results", $"overridden-{ran.Count}")]);
            }
            // Commands that differ only in what the tiny inputs replaced run once.
            if (!ran.Add(string.Join('\0', args))) continue;
            var code = PipelineProcess.Run(Limit, out var output, new Dictionary<string, string?> { ["CI"] = "true", ["PIPELINE_CACHE"] = inputs.Cache }, [.. args]);
            if (code != 0) failed.Add($"{command}\n  ran as: pipeline {string.Join(' ', args)}\n  exit {code}: {output.Trim()}");
        }
        Assert.True(failed.Count == 0, string.Join("\n\n", failed));
    }

    // The command's words as a shell splits them: a quoted "a b" is one word.
    private static List<string> Words(string command) =>
        Word().Matches(command).Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Value).ToList();

    // A command written out in full: no [optional] part, no a\|b choice, no PLACEHOLDER.
    private static bool Complete(string command) =>
        !command.Contains("\\|") && !Words(command).Any(w => w.StartsWith('[') || Placeholder().IsMatch(w));

    // "run", "key new", "dataset synth": the words before the first option or argument that is not a verb.
    private static string Verb(string command) =>
        string.Join(' ', Words(command).Skip(1).TakeWhile(w => w is "new" or "synth" || PipelineCommand.Create().Subcommands.Any(c => c.Name == w)));

    // The command's words after "pipeline", without its [optional] parts and with the first of each a\|b choice.
    private static List<string> Least(string command)
    {
        // "--seed S\|--strong HEX\|--key-file FILE": a choice goes on to the next option's value, or to the next space or ']'.
        var words = new List<string>();
        var depth = 0;
        foreach (var word in Words(Choice().Replace(command, "")).Skip(1))
        {
            if (word.StartsWith('[')) depth++;
            if (depth == 0) words.Add(word);
            if (depth > 0 && word.EndsWith(']')) depth--;
        }
        return words;
    }

    /// <summary>A tiny input for each placeholder and each big value the README shows; an unknown placeholder fails the test.</summary>
    private static string Fill(string command, string? option, string word, Inputs inputs) => (option, word) switch
    {
        (_, var w) when w.StartsWith("experiments/", StringComparison.Ordinal) && w.EndsWith(".yaml", StringComparison.Ordinal) => inputs.Experiment,
        (_, "EXPERIMENT.yaml") => inputs.Experiment,
        ("--results", _) or (_, "RESULTS_DIR") => inputs.Results,
        (_, "JOBDIR") => inputs.Job,
        (_, "IN.png") => inputs.Image,
        (_, "OUT.png") => Path.Combine(inputs.Project, "out.png"),
        ("--out", _) => Path.Combine(inputs.Project, "synth"),
        ("--pred" or "--gt", "DIR") => inputs.Labels,
        ("--method", "M") => "fmp",
        ("--method", "…") => "shf",
        ("--block-size", _) => "8",
        ("--seed", "S") => "1",
        ("--classes", "N") => "21",
        ("--device", var d) when d.StartsWith("cuda", StringComparison.Ordinal) => "cpu",
        ("--devices", _) => "cpu",
        // Slurm's one-node cluster is the Slurm tests' to start: here the command runs on the local dispatcher.
        ("--dispatcher", "slurm") => "local",
        ("--key-file", _) => inputs.KeyFile,
        ("--key", _) => "alice",
        ("--set", var v) when v.StartsWith("grid.block_sizes=", StringComparison.Ordinal) => "grid.block_sizes=[8]",
        ("--set", var v) when v.StartsWith("model.backbone_weights=", StringComparison.Ordinal) => $"model.backbone_weights={inputs.BackboneWeights}",
        ("--model", _) => "fcn_resnet18",
        ("--batch", _) => "2",
        ("--image-size", _) => "32",
        ("--steps", _) => "1",
        ("--warmup", _) => "0",
        (_, var w) when Placeholder().IsMatch(w) => throw new InvalidOperationException($"`{command}` in the README has the placeholder {w}: give it a tiny input in {nameof(Fill)}"),
        _ => word,
    };

    [GeneratedRegex(@"^\s*```[a-z]*\n(.*?)^\s*```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex Fenced();

    [GeneratedRegex(@"`([^`]+)`")]
    private static partial Regex Inline();

    [GeneratedRegex(@"""([^""]*)""|\S+")]
    private static partial Regex Word();

    [GeneratedRegex(@"^[A-Z][A-Z_]*(\.[a-z]+)?$|^…$")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\\\|(--[\w-]+( [A-Z][A-Z_.a-z]*)?|[^\s\]]+)")]
    private static partial Regex Choice();

    /// <summary>The smoke experiment in a project of its own, run once, and what the other commands read of it.</summary>
    private sealed class Inputs
    {
        public Inputs(string project)
        {
            Project = project;
            var repository = TestAllScriptTests.Repository();
            CopyFolder(Path.Combine(repository, "configs"), Path.Combine(project, "configs"));
            Directory.CreateDirectory(Path.Combine(project, "experiments"));
            Experiment = Path.Combine(project, "experiments", "smoke.yaml");
            File.Copy(Path.Combine(repository, "experiments", "smoke.yaml"), Experiment);
            Results = Path.Combine(project, "results", "smoke");
            Cache = Path.Combine(project, "cache");
            Image = Path.Combine(project, "in.png");
            Png.WriteRgb(Image, new RgbImage(16, 16, Enumerable.Range(0, 16 * 16 * 3).Select(i => (byte)(i * 37)).ToArray()));
            KeyFile = Path.Combine(project, "keys.yaml");
            File.WriteAllText(KeyFile, "alice: 20210101\n");
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            Labels = Path.Combine(project, "voc", "SegmentationClass");
            using (var set = SyntheticVoc.Generate(new SyntheticVocOptions { ImageSize = 16, Train = 2, Validation = 1, Test = 1 }))
                VocWriter.Write(set, Path.Combine(project, "voc"));
        }

        public string Project { get; }
        public string Experiment { get; }
        public string Results { get; }
        public string Cache { get; }
        public string Image { get; }
        public string Labels { get; }
        public string KeyFile { get; }

        /// <summary>
        /// A classification ResNet-18's state dict as torchvision names it (the smoke experiment's backbone): our model's
        /// backbone weights without their prefix, and a classifier head, fc.*, which the loader drops.
        /// </summary>
        public string BackboneWeights
        {
            get
            {
                var file = Path.Combine(Project, "weights", "resnet18.safetensors");
                if (File.Exists(file)) return file;
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                using var scope = TorchSharp.torch.NewDisposeScope();
                using var model = Method.Models.FcnResNet.FromName("fcn_resnet18", 3);
                var weights = new OrderedDictionary<string, TorchSharp.torch.Tensor>(
                    model.state_dict().Where(p => p.Key.StartsWith("backbone.", StringComparison.Ordinal))
                        .Select(p => KeyValuePair.Create(p.Key["backbone.".Length..], p.Value)));
                weights.Add("fc.weight", TorchSharp.torch.zeros(1000, 512));
                weights.Add("fc.bias", TorchSharp.torch.zeros(1000));
                TorchExtensions.Safetensors.Save(file, weights, new Dictionary<string, string>());
                return file;
            }
        }

        /// <summary>A finished job of the smoke run (the runs come first).</summary>
        public string Job => Directory.GetDirectories(Path.Combine(Results, "jobs")).Order(StringComparer.Ordinal).First();

        private static void CopyFolder(string from, string to)
        {
            foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(to, Path.GetRelativePath(from, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
        }
    }
}
