using System.CommandLine;
using Pipeline.Cli;
using Pipeline.Orchestration.Running;
using Pipeline.TorchExtensions;

// Before any tensor exists: CPU training is several times faster when freed memory is reused (see CpuAllocator).
CpuAllocator.RetainFreedMemory();

var root = PipelineCommand.Create();
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0 && !args.Contains("--help") && !args.Contains("-h"))
{
    // Bad input exits 2 across the command line, the parser's own errors included.
    foreach (var error in parsed.Errors) Console.Error.WriteLine($"pipeline: {error.Message}");
    Console.Error.WriteLine("Run 'pipeline --help' or 'pipeline <command> --help' for the usage.");
    return ExitCodes.BadInput;
}
var verbs = new List<string>();
for (var command = parsed.CommandResult; command.Command != root; command = (System.CommandLine.Parsing.CommandResult)command.Parent!) verbs.Insert(0, command.Command.Name);
try
{
    // libtorch's once-per-process NNPACK warning would otherwise reach the terminal from every job (see Nnpack).
    Nnpack.Initialise();
    return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e)
{
    return UnexpectedError.Report(string.Join(' ', verbs), e, Console.Error);
}
