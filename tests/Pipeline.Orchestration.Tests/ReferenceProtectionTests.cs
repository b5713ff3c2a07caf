using System.Text.Json;
using Pipeline.Method.Data;
using Pipeline.Method.Evaluation;
using Pipeline.Method.Keys;
using Pipeline.Method.Models;
using Pipeline.Method.Training;
using Pipeline.Method.Transforms;
using Pipeline.Orchestration.Jobs;
using Pipeline.Orchestration.Parity;
using Pipeline.Tests.Shared;
using Pipeline.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Orchestration.Tests;

/// <summary>
/// bench/reference_train.py applies exactly our protections from <see cref="ReferenceKeyMaterial"/>'s file: SHF, NP and FFX
/// images equal ours for the correct key and each incorrect key, and fmp's permuted stages give our logits.
/// </summary>
public class ReferenceProtectionTests : IDisposable
{
    private const int IncorrectKeys = 2;
    private readonly string folder = Directory.CreateTempSubdirectory("reference-protection-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [PyTorchFact]
    public void ReferenceAppliesOurKeysMaterial()
    {
        using var scope = NewDisposeScope();
        // Levels between 8-bit steps, so FFX's floor(x·255) cannot fall either side of a step by rounding.
        var x = randint(0, 255, [2, 3, 16, 16], generator: new Generator(5)).to(ScalarType.Float32).add(0.5).div(255);
        File.WriteAllBytes(Path.Combine(folder, "x.bin"), x.bytes.ToArray());
        var jobs = new[] { BlockShuffle.Method, NegativePositive.Method, FfxTransform.Method, FeatureMapPermutation.Method }.Select(Job).ToList();
        foreach (var job in jobs)
            ReferenceKeyMaterial.Write(Path.Combine(folder, job.Method + ".json"), ReferenceKeyMaterial.Of(job, ResNetDepth.ResNet18, IncorrectKeys, TempProject.Fingerprints));

        var bench = Path.GetDirectoryName(PythonReference.FindScript(ReferenceTrainer.Script))!;
        PyTorchReference.Run($$"""
            import json, sys
            import numpy as np, torch
            sys.path.insert(0, {{JsonSerializer.Serialize(bench)}})
            import reference_train as r
            cpu = torch.device('cpu')
            x = torch.from_numpy(np.fromfile('x.bin', dtype=np.float32).reshape(2, 3, 16, 16))
            def keys(material):
                return [material['correct']] + material['incorrect']
            for method in ('shf', 'np', 'ffx'):
                material = json.load(open(method + '.json'))
                for i, key in enumerate(keys(material)):
                    r.Protection(material, key, cpu).transform(x).numpy().tofile(f'{method}-{i}.bin')
            material = json.load(open('fmp.json'))
            torch.manual_seed(0)
            model = r.build_model('fcn_resnet18', 5).eval()
            torch.save(model.state_dict(), 'fmp.pt')
            for i, key in enumerate(keys(material)):
                p = r.Protection(material, key, cpu)
                p.attach(model)
                with torch.no_grad():
                    model(x)['out'].numpy().tofile(f'fmp-{i}.bin')
                p.detach()
            """, folder);

        foreach (var job in jobs.Where(j => j.Method != FeatureMapPermutation.Method))
        {
            var protections = Protections(job);
            for (var i = 0; i < protections.Count; i++)
                Assert.True((protections[i].Input!.Apply(x) - Read($"{job.Method}-{i}.bin", 2, 3, 16, 16)).abs().max().ToDouble() <= 1e-6,
                            $"{job.Method}, key {i}: the reference's images differ");
        }
        var fmp = jobs.Single(j => j.Method == FeatureMapPermutation.Method);
        using var model = FcnResNet.FromName("fcn_resnet18", 5);
        model.load_state_dict_checked(StateDictFiles.Load(Path.Combine(folder, "fmp.pt")));
        model.eval();
        using var noGrad = no_grad();
        var fmpProtections = Protections(fmp);
        for (var i = 0; i < fmpProtections.Count; i++)
        {
            fmpProtections[i].Attach(model);
            Assert.True((model.forward(x) - Read($"fmp-{i}.bin", 2, 5, 16, 16)).abs().max().ToDouble() <= 1e-4, $"fmp, key {i}: the reference's logits differ");
        }
        Assert.Equal(IncorrectKeys + 1, fmpProtections.Count);
    }

    private static MethodJob Job(string method) => new()
    {
        Protection = new KeyedMethod
        {
            Method = method, BlockSize = method == FeatureMapPermutation.Method ? null : 4, Key = new SecretKey(20210101), KeyFingerprint = "test",
            FeatureMaps = method == FeatureMapPermutation.Method ? ["stem", "layer3"] : null,
        },
        Settings = new JobSettings
        {
            Dataset = new DatasetSettings { Kind = DatasetKind.Synthetic, ImageSize = 16, Classes = 5 },
            Model = new ModelSettings { Arch = "fcn_resnet18" }, Training = new TrainingRecipe { Epochs = 1, BatchSize = 2, Lr = 0.01 },
            Evaluation = new EvaluationSettings { IncorrectKeys = IncorrectKeys },
        },
    };

    // The correct key's protection, then the incorrect keys' in the order the material lists them.
    private static List<Protection> Protections(MethodJob job) =>
        IncorrectKeySampler.Draw(job.Protection.Setting(ResNetDepth.ResNet18), job.Protection.RequiredKey, IncorrectKeys).Select(w => w.Protection)
            .Prepend(job.Protection.Setting(ResNetDepth.ResNet18).Protect(job.Protection.RequiredKey)).ToList();

    private Tensor Read(string name, params long[] shape) => RawFloats.Read(Path.Combine(folder, name), shape);
}
