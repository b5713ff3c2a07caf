using System.Diagnostics;
using Pipeline.Orchestration.Running;
using Pipeline.Tests.Shared;

namespace Pipeline.Orchestration.Tests;

/// <summary>Quoted words read back unchanged by a real POSIX shell.</summary>
public sealed class ShellWordsTests
{
    private static readonly string[] Words = ["plain", "two words", "it's", "$HOME", "`id`", "a;b|c&d", "", "quote\"d", "tab\there", "ünï", "--results=/tmp/x"];

    [UnixFact]
    public void TheShellReadsEveryQuotedWordAsItWas()
    {
        foreach (var quote in new Func<string, string>[] { ShellWords.Quote, ShellWords.QuoteIfNeeded })
            Assert.Equal(Words, Echo(Words.Select(quote)));
    }

    [Fact]
    public void OnlyWordsTheShellWouldChangeAreQuotedForReading()
    {
        Assert.Equal("--results=/tmp/x", ShellWords.QuoteIfNeeded("--results=/tmp/x"));
        Assert.Equal("'two words'", ShellWords.QuoteIfNeeded("two words"));
        Assert.Equal("''", ShellWords.QuoteIfNeeded(""));
        Assert.Equal("'it'\\''s'", ShellWords.Quote("it's"));
    }

    /// <summary>Each word as /bin/sh reads it, one per NUL-terminated record.</summary>
    private static string[] Echo(IEnumerable<string> quoted)
    {
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("printf '%s\\0' " + string.Join(' ', quoted));
        using var shell = Process.Start(start)!;
        var output = shell.StandardOutput.ReadToEnd();
        shell.WaitForExit();
        Assert.Equal(0, shell.ExitCode);
        return output.Split('\0')[..^1];
    }
}
