using System.CommandLine;
using Pipeline.Cli.Commands;

var root = new RootCommand("pipeline: key-protected semantic segmentation experiments (block-wise SHF, NP, FFX)");
root.Subcommands.Add(DoctorCommand.Create());
return await root.Parse(args).InvokeAsync();
