using System.CommandLine;
using System.Runtime.InteropServices;
using Pipeline.Orchestration.Running;
using Pipeline.TorchExtensions;

namespace Pipeline.Cli.Commands;

/// <summary>`pipeline job JOBDIR [--device D]`: one attempt of one job, in this process (the worker and Slurm start it).</summary>
public static class JobCommand
{
    public static Command Create()
    {
        var folder = new Argument<DirectoryInfo>("job-folder") { Description = "A job folder written by `pipeline run` (results/<experiment>/jobs/<id>)" };
        var device = new Option<string>("--device") { Description = "cpu, cuda or cuda:N", DefaultValueFactory = _ => "cpu" };
        var threads = new Option<int>("--threads") { Description = "libtorch's intra-op threads (default: every logical CPU)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("job", "Run one job (train, select, evaluate) in its folder; resumes from its checkpoint") { folder, device, threads };
        command.SetAction(parse => Run(parse.GetValue(folder)!, parse.GetValue(device)!, parse.GetValue(threads), Console.Out));
        return command;
    }

    public static int Run(DirectoryInfo folder, string deviceText, int threads, TextWriter output)
    {
        DeviceId device;
        try
        {
            device = DeviceId.Parse(deviceText);
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine($"pipeline job: --device: {e.Message}");
            return ExitCodes.BadInput;
        }
        if (threads < 1)
        {
            Console.Error.WriteLine($"pipeline job: --threads {threads}: allowed: 1 or more");
            return ExitCodes.BadInput;
        }
        if (!folder.Exists)
        {
            Console.Error.WriteLine($"pipeline job: {folder.FullName} does not exist");
            return ExitCodes.BadInput;
        }
        TorchSharp.torch.set_num_threads(threads);
        using var stop = new CancellationTokenSource();
        // Ctrl+C and SIGTERM (Slurm's preemption and time limit) stop at the next batch, after a checkpoint.
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        return new JobProcess(folder.FullName, device, output).Run(stop.Token);
    }
}
