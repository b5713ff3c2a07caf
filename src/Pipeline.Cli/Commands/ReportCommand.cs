using System.CommandLine;
using Pipeline.Orchestration.Running;
using Pipeline.Reports.Results;
using Pipeline.Reports;

namespace Pipeline.Cli.Commands;

/// <summary>`pipeline report RESULTS_DIR`: tables, charts, figures and report.html from a results folder, partial runs included.</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var results = new Argument<DirectoryInfo>("results") { Description = "The experiment's results folder (results/<experiment>/, with jobs/<id>/ inside)" };
        var command = new Command("report", "Write the tables (.csv, .md), the charts (.svg, .png), Fig. 4, Fig. 5 and report.html into a results folder; unfinished cells show as pending");
        command.Arguments.Add(results);
        command.SetAction(parseResult => Run(parseResult.GetValue(results)!, Console.Out, Console.Error));
        return command;
    }

    /// <summary>0 when written; 2 when the results folder is missing or unreadable (the message names it).</summary>
    public static int Run(DirectoryInfo results, TextWriter output, TextWriter error)
    {
        try
        {
            foreach (var file in Report.Write(results.FullName, note => output.WriteLine($"note: {note}"))) output.WriteLine($"wrote {file}");
            return ExitCodes.Finished;
        }
        catch (ResultsFolderException e)
        {
            error.WriteLine($"pipeline report: {e.Message}");
            return ExitCodes.BadInput;
        }
    }
}
