using System.CommandLine;
using Pipeline.TorchExtensions;
using Pipeline.Orchestration.Running;

namespace Pipeline.Cli.Commands;

/// <summary>`pipeline doctor`: what libtorch and which devices this process sees, and whether each works.</summary>
public static class DoctorCommand
{
    public static Command Create()
    {
        var command = new Command("doctor", "Show libtorch, CUDA and device details, and check each device with a tiny conv forward/backward");
        command.SetAction(_ => Run(Console.Out));
        return command;
    }

    public static int Run(TextWriter output) => Doctor.Report(output) ? ExitCodes.Finished : ExitCodes.Failed;
}
