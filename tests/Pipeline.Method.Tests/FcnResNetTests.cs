using Pipeline.Method.Models;
using Pipeline.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Method.Tests;

public class FcnResNetTests
{
    // torchvision's ImageNet ResNets (published totals) minus their 1000-way fc layer, plus the FCN head(s).
    private static long Backbone(long imagenetTotal, long features) => imagenetTotal - (features * 1000 + 1000);

    private static long Head(long inChannels, long classes)
    {
        var inter = inChannels / 4;
        return inChannels * inter * 9 + 2 * inter + inter * classes + classes;
    }

    public static TheoryData<string, bool, long> Counts => new()
    {
        { "fcn_resnet18", false, Backbone(11_689_512, 512) + Head(512, 21) },
        { "fcn_resnet34", false, Backbone(21_797_672, 512) + Head(512, 21) },
        { "fcn_resnet50", false, Backbone(25_557_032, 2048) + Head(2048, 21) },
        { "fcn_resnet50", true, Backbone(25_557_032, 2048) + Head(2048, 21) + Head(1024, 21) },
    };

    [Theory]
    [MemberData(nameof(Counts))]
    public void ParameterCountsMatchTorchvision(string arch, bool aux, long expected)
    {
        using var model = FcnResNet.FromName(arch, 21, aux);
        Assert.Equal(expected, model.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void Resnet50WithoutAuxHasThePapersParameterCount()
    {
        using var model = FcnResNet.FromName("fcn_resnet50", 21);
        Assert.Equal(32_957_013, model.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void StateDictNamesFollowTorchvision()
    {
        using var scope = NewDisposeScope();
        using var model = FcnResNet.FromName("fcn_resnet50", 21, auxiliary: true);
        var names = model.state_dict().Keys.ToList();
        Assert.Equal("backbone.conv1.weight", names[0]);
        Assert.Contains("backbone.layer1.0.downsample.0.weight", names);
        Assert.Contains("backbone.layer1.0.downsample.1.num_batches_tracked", names);
        Assert.Contains("backbone.layer4.2.conv3.weight", names);
        Assert.Contains("classifier.0.weight", names);
        Assert.Contains("classifier.1.running_var", names);
        Assert.Contains("classifier.4.bias", names);
        Assert.Contains("aux_classifier.4.weight", names);
        Assert.DoesNotContain(names, n => n.StartsWith("backbone.fc") || n.StartsWith("backbone.maxpool"));
    }

    [Theory]
    [InlineData("fcn_resnet18", 64, 48)]
    [InlineData("fcn_resnet34", 32, 32)]
    public void LogitsHaveTheInputsSizeAndDilationKeepsStrideEight(string arch, int height, int width)
    {
        using var scope = NewDisposeScope();
        using var model = FcnResNet.FromName(arch, 5, auxiliary: true);
        model.eval();
        using var _ = no_grad();
        var x = torch.rand(new long[] { 2, 3, height, width });
        var (output, aux) = model.ForwardWithAuxiliary(x);
        Assert.Equal(new long[] { 2, 5, height, width }, output.shape);
        Assert.Equal(new long[] { 2, 5, height, width }, aux!.shape);
    }

    [Theory]
    [InlineData("fcn_resnet18", true)]
    [InlineData("fcn_resnet50", false)]
    public void FoldingBatchNormKeepsTheLogitsAndRemovesEveryBatchNorm(string arch, bool aux)
    {
        using var scope = NewDisposeScope();
        torch.manual_seed(11);
        using var model = FcnResNet.FromName(arch, 7, aux);
        // Trained-looking statistics and affine parameters, so that folding has something to fold.
        using (no_grad())
            foreach (var bn in model.modules().OfType<FoldableBatchNorm2d>())
            {
                bn.running_mean!.copy_(torch.randn([bn.num_features]).mul(0.2));
                bn.running_var!.copy_(torch.rand([bn.num_features]).add(0.5));
                bn.weight!.copy_(torch.rand([bn.num_features]).add(0.5));
                bn.bias!.copy_(torch.randn([bn.num_features]).mul(0.1));
            }
        model.eval();
        using var noGrad = no_grad();
        var x = torch.rand([2, 3, 32, 40]);
        var (before, auxBefore) = model.ForwardWithAuxiliary(x);

        model.FoldBatchNorm();
        var (after, auxAfter) = model.ForwardWithAuxiliary(x);

        Assert.All(model.modules().OfType<FoldableBatchNorm2d>(), bn => Assert.True(bn.folded));
        Assert.NotEmpty(model.modules().OfType<FoldableBatchNorm2d>());
        var scale = before.abs().max().item<float>();
        Assert.True(after.sub(before).abs().max().item<float>() <= 1e-4f * scale, "folded logits differ");
        if (aux) Assert.True(auxAfter!.sub(auxBefore!).abs().max().item<float>() <= 1e-4f * auxBefore!.abs().max().item<float>(), "folded aux logits differ");
        model.train();
        Assert.Throws<InvalidOperationException>(() => model.forward(x));
    }
}
