using System.CommandLine;
using Pipeline.Method.Imaging;
using Pipeline.Method.Transforms;
using Pipeline.Orchestration.Running;
using Pipeline.TorchExtensions;

namespace Pipeline.Cli.Commands;

/// <summary>`pipeline transform`: encrypts (or with --decrypt restores) one 8-bit RGB PNG with a keyed block-wise method.</summary>
public static class TransformCommand
{
    public static Command Create()
    {
        var arguments = new MethodArguments();
        var decrypt = new Option<bool>("--decrypt") { Description = "Apply the inverse transform" };
        var input = new Argument<string>("IN.png") { Description = "An 8-bit RGB PNG" };
        var output = new Argument<string>("OUT.png") { Description = "Where to write the result (replaced atomically)" };
        var command = new Command("transform", "Apply a block-wise transform (or its inverse) to a PNG: x = value/255, write round(clamp(y,0,1)·255)");
        arguments.AddTo(command);
        command.Options.Add(decrypt);
        command.Arguments.Add(input);
        command.Arguments.Add(output);
        command.SetAction(parse =>
        {
            try
            {
                using var transform = arguments.Create(parse).Transform;
                Run(transform, parse.GetValue(decrypt), parse.GetValue(input)!, parse.GetValue(output)!);
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException)
            {
                Console.Error.WriteLine($"pipeline transform: {e.Message}");
                return ExitCodes.BadInput;
            }
        });
        return command;
    }

    /// <summary>Reads, transforms and writes; nothing is written unless every step before the write succeeded.</summary>
    public static void Run(BlockTransform transform, bool decrypt, string inputPath, string outputPath)
    {
        var image = Png.ReadRgb(inputPath);
        BlockSegmentation.Validate(transform.BlockSize, image.Height, image.Width);
        using var scope = TorchSharp.torch.NewDisposeScope();
        var x = image.ToTensor();
        var y = decrypt ? transform.Invert(x) : transform.Apply(x);
        Png.WriteRgb(outputPath, RgbImage.FromTensor(y));
    }
}
