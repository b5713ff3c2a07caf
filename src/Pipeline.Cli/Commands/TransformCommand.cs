using System.CommandLine;
using Pipeline.Method.Imaging;
using Pipeline.Method.Transforms;
using Pipeline.Orchestration.Running;
using Pipeline.TorchExtensions;

namespace Pipeline.Cli.Commands;

/// <summary>
/// `pipeline transform`: encrypts (or with --decrypt restores) one 8-bit RGB PNG with a keyed block-wise method. SHF and NP
/// round-trip exactly; FFX's output has more levels than a PNG's 8 bits keep, so its --decrypt is refused with the reason.
/// </summary>
public static class TransformCommand
{
    public static Command Create()
    {
        var arguments = new MethodArguments();
        var decrypt = new Option<bool>("--decrypt") { Description = "Apply the inverse transform (shf and np; an FFX image in an 8-bit PNG cannot be decrypted)" };
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
                using var transform = arguments.Create(parse, Console.Error).Transform;
                if (transform is FfxTransform)
                {
                    // FFX maps each 8-bit value to one of 1000 levels; an 8-bit PNG keeps 256 of them, so no PNG it wrote can be decrypted.
                    if (parse.GetValue(decrypt)) throw new ArgumentException(FfxIsLossy + "; --decrypt restores shf and np images");
                    Console.Error.WriteLine($"note: {FfxIsLossy}: {parse.GetValue(output)} shows what the model sees, but cannot be decrypted");
                }
                Run(transform, parse.GetValue(decrypt), parse.GetValue(input)!, parse.GetValue(output)!);
                return ExitCodes.Finished;
            }
            catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException)
            {
                Console.Error.WriteLine($"pipeline transform: {e.Message}");
                return ExitCodes.BadInput;
            }
        });
        return command;
    }

    public const string FfxIsLossy =
        "FFX encrypts each 8-bit value to one of 1000 levels (0..999), and an 8-bit PNG keeps only 256 of them, so an FFX image written as a PNG "
        + "has lost the values decryption needs";

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
