using System.CommandLine;
using Pipeline.Cli.Commands;
using Pipeline.Orchestration.Running;
using Pipeline.TorchExtensions;

// Before any tensor exists: CPU training is several times faster when freed memory is reused (see CpuAllocator).
CpuAllocator.RetainFreedMemory();

var root = new RootCommand("pipeline: key-protected semantic segmentation experiments (block-wise SHF, NP, FFX; feature-map permutation; attacks)");
root.Subcommands.Add(DoctorCommand.Create());
root.Subcommands.Add(KeyCommand.Create());
root.Subcommands.Add(KeyspaceCommand.Create());
root.Subcommands.Add(TransformCommand.Create());
root.Subcommands.Add(PlanCommand.Create());
root.Subcommands.Add(ReportCommand.Create());
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(JobCommand.Create());
root.Subcommands.Add(StatusCommand.Create());
root.Subcommands.Add(DatasetCommand.Create());
root.Subcommands.Add(MiouCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0 && !args.Contains("--help") && !args.Contains("-h"))
{
    // Bad input exits 2 across the command line, the parser's own errors included.
    foreach (var error in parsed.Errors) Console.Error.WriteLine($"pipeline: {error.Message}");
    Console.Error.WriteLine("Run 'pipeline --help' or 'pipeline <command> --help' for the usage.");
    return ExitCodes.BadInput;
}
return await parsed.InvokeAsync();
