using System.CommandLine;
using Pipeline.Cli.Commands;

namespace Pipeline.Cli;

/// <summary>The `pipeline` command line: every verb, as the program and the tests that parse the README's commands build it.</summary>
public static class PipelineCommand
{
    public static RootCommand Create()
    {
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
        root.Subcommands.Add(ParityCommand.Create());
        return root;
    }
}
