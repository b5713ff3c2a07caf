using System.CommandLine;
using Pipeline.Cli.Commands;

var root = new RootCommand("pipeline: key-protected semantic segmentation experiments (block-wise SHF, NP, FFX)");
root.Subcommands.Add(DoctorCommand.Create());
root.Subcommands.Add(KeyCommand.Create());
root.Subcommands.Add(TransformCommand.Create());
root.Subcommands.Add(PlanCommand.Create());
root.Subcommands.Add(ReportCommand.Create());
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(JobCommand.Create());
root.Subcommands.Add(StatusCommand.Create());
return await root.Parse(args).InvokeAsync();
