using Pipeline.TorchExtensions;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static TorchSharp.torch.nn.functional;

namespace Pipeline.Method.Models;

/// <summary>
/// FCN with a dilated ResNet backbone, torchvision's fcn_resnet layout and state-dict names
/// (backbone.*, classifier.*, aux_classifier.*). ResNet-50 with 21 classes and no auxiliary head has
/// 32,957,013 parameters. Logits are upsampled bilinearly to the input size.
/// </summary>
public sealed class FcnResNet : Module<Tensor, Tensor>
{
    private readonly ResNetBackbone backbone;
    private readonly Sequential classifier;
    private readonly Sequential? aux_classifier;

    public FcnResNet(ResNetDepth depth, long classes, bool auxiliary = false) : base(nameof(FcnResNet))
    {
        Depth = depth;
        Classes = classes;
        backbone = new ResNetBackbone(depth);
        classifier = FcnHead.Create(backbone.Layer4Channels, classes);
        register_module("backbone", backbone);
        register_module("classifier", classifier);
        if (auxiliary)
        {
            aux_classifier = FcnHead.Create(backbone.Layer3Channels, classes);
            register_module("aux_classifier", aux_classifier);
        }
    }

    public ResNetDepth Depth { get; }

    /// <summary>fmp's permutation of the backbone's feature maps, or null: see <see cref="Transforms.Protection.Attach"/>.</summary>
    public Transforms.FeatureMapPermutation? FeaturePermutation
    {
        get => backbone.FeaturePermutation;
        set => backbone.FeaturePermutation = value;
    }

    public long Classes { get; }

    /// <summary>Main logits N×classes×H×W.</summary>
    public override Tensor forward(Tensor x) => Forward(x, auxiliary: false).output;

    /// <summary>Main logits and, when the auxiliary head exists, its logits (trained with weight 0.5 in torchvision's reference).</summary>
    public (Tensor output, Tensor? aux) ForwardWithAuxiliary(Tensor x) => Forward(x, auxiliary: true);

    // Only training uses the auxiliary head: inference does not compute it.
    private (Tensor output, Tensor? aux) Forward(Tensor x, bool auxiliary)
    {
        using var scope = NewDisposeScope();
        long[] size = [x.size(2), x.size(3)];
        var (l3, l4) = backbone.call(x);
        var output = interpolate(classifier.call(l4), size, mode: InterpolationMode.Bilinear, align_corners: false);
        var aux = !auxiliary || aux_classifier is null ? null : interpolate(aux_classifier.call(l3), size, mode: InterpolationMode.Bilinear, align_corners: false);
        return (output.MoveToOuterDisposeScope(), aux?.MoveToOuterDisposeScope());
    }

    private static readonly (string Name, ResNetDepth Depth)[] Names =
        [("fcn_resnet18", ResNetDepth.ResNet18), ("fcn_resnet34", ResNetDepth.ResNet34), ("fcn_resnet50", ResNetDepth.ResNet50)];

    /// <summary>The architectures by name, as the experiment's model.arch allows them.</summary>
    public static IReadOnlyList<string> Architectures { get; } = Names.Select(n => n.Name).ToArray();

    public static FcnResNet FromName(string arch, long classes, bool auxiliary = false) => new(DepthOf(arch), classes, auxiliary);

    /// <summary>The backbone depth an architecture name stands for.</summary>
    public static ResNetDepth DepthOf(string arch) =>
        Names.FirstOrDefault(n => n.Name == arch) is { Name: not null } known
            ? known.Depth
            : throw new ArgumentException($"unknown model '{arch}'; allowed: {string.Join(", ", Architectures)}", nameof(arch));

    public static FcnResNet From(ModelSettings settings, long classes) => FromName(settings.Arch, classes, settings.AuxHead);

    /// <summary>
    /// Loads a torchvision ResNet classification state dict (conv1.weight, bn1.*, layer1.0.conv1.weight, …, fc.*) into the
    /// backbone by name, leaving the heads as they are: the classifier (fc.*) is dropped; any other key the backbone lacks,
    /// any backbone key the dict lacks and any shape that differs are named together, and then nothing is loaded. The
    /// names are the backbone's own, so they are also the dict's: torchvision's resnet18/34/50 load into
    /// fcn_resnet18/34/50 (the dilation of layer3 and layer4 changes no weight's shape).
    /// </summary>
    /// <exception cref="StateDictMismatchException">The dict does not fit this backbone; an FCN's whole state dict is told apart.</exception>
    public void LoadBackboneWeights(IReadOnlyDictionary<string, Tensor> classification)
    {
        if (classification.Keys.Any(k => k.StartsWith("backbone.", StringComparison.Ordinal)))
            throw new StateDictMismatchException($"{Name}'s backbone (these are a whole segmentation model's weights, for model.pretrained)",
                [], classification.Keys.Where(k => k.StartsWith("backbone.", StringComparison.Ordinal)).Take(3).ToList(), []);
        var features = classification.Where(p => !p.Key.StartsWith(ClassifierPrefix, StringComparison.Ordinal)).ToDictionary(p => p.Key, p => p.Value);
        backbone.load_state_dict_checked(features);
    }

    // torchvision's ResNet names its classification layer fc.
    private const string ClassifierPrefix = "fc.";

    /// <summary>
    /// Folds every batch norm into the convolution before it, for evaluation: each batch norm of this network is
    /// registered right after the convolution whose output it normalises (conv1/bn1, layerN.K.convI/bnI,
    /// downsample.0/.1, classifier.0/.1), so registration order pairs them. Afterwards the model is for
    /// inference only (see <see cref="FoldableBatchNorm2d.fold_into"/>).
    /// </summary>
    public void FoldBatchNorm()
    {
        if (training) throw new InvalidOperationException("fold batch norm in eval mode: training needs the batch statistics");
        Conv2d? previous = null;
        foreach (var (name, module) in named_modules())
        {
            if (module is Conv2d conv) previous = conv;
            else if (module is FoldableBatchNorm2d bn)
            {
                bn.fold_into(previous ?? throw new InvalidOperationException($"batch norm {name} has no convolution before it"));
                previous = null;
            }
        }
    }

    public string Name => Names.First(n => n.Depth == Depth).Name;
}
