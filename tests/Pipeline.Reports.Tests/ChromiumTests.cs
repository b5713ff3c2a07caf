using System.Text.RegularExpressions;
using Pipeline.Method.Imaging;

namespace Pipeline.Reports.Tests;

/// <summary>report.html opened in a real headless browser, as a person would open it: offline, from a file; the richest page, with attacks.</summary>
public sealed class ChromiumTests : IDisposable
{
    private readonly ResultsFixture results = new(withFigures: true, withAttacks: true);
    private readonly string url;

    public ChromiumTests()
    {
        Report.Write(results.Path);
        url = new Uri(Path.Combine(results.Path, "report.html")).AbsoluteUri;
    }

    public void Dispose() => results.Dispose();

    [ChromiumFact]
    public void Renders_a_non_blank_page_without_console_errors()
    {
        var screenshot = Path.Combine(results.Path, "screenshot.png");
        var run = Chromium.Run(url, $"--screenshot={screenshot}", "--window-size=1280,2000");
        Assert.True(run.ExitCode == 0, $"chromium exited with {run.ExitCode}:\n{run.Stderr}");
        AssertNoConsoleErrors(run.Stderr);
        Assert.True(File.Exists(screenshot), $"no screenshot:\n{run.Stderr}");
        // Kept beside the test binaries so a person can look at what the browser showed.
        File.Copy(screenshot, Path.Combine(AppContext.BaseDirectory, "report-screenshot.png"), overwrite: true);
        var image = Png.ReadRgb(screenshot);
        Assert.Equal((2000, 1280), (image.Height, image.Width));
        var colours = Enumerable.Range(0, image.Height * image.Width)
            .GroupBy(i => (image.Pixels[3 * i] << 16) | (image.Pixels[3 * i + 1] << 8) | image.Pixels[3 * i + 2])
            .Select(g => g.Count()).ToList();
        Assert.True(colours.Count > 100, $"only {colours.Count} colours: the page looks blank");
        Assert.True(colours.Max() < 0.9 * image.Height * image.Width, "one colour covers over 90% of the page: it looks blank");
    }

    [ChromiumFact]
    public void Every_image_in_the_dom_is_an_inline_png_that_decodes()
    {
        var run = Chromium.Run(url, "--dump-dom");
        Assert.True(run.ExitCode == 0, $"chromium exited with {run.ExitCode}:\n{run.Stderr}");
        AssertNoConsoleErrors(run.Stderr);
        Assert.Matches(@"<text[^>]*>\s*correct key\s*</text>", run.Stdout);
        Assert.Matches(@"<text[^>]*>\s*local search starts\s*</text>", run.Stdout);
        var sources = Regex.Matches(run.Stdout, "<img [^>]*src=\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, sources.Count);
        foreach (var source in sources)
        {
            Assert.StartsWith("data:image/png;base64,", source);
            var file = Path.Combine(results.Path, "decoded.png");
            File.WriteAllBytes(file, Convert.FromBase64String(source["data:image/png;base64,".Length..]));
            Assert.Equal((64, 96), (Png.ReadRgb(file).Height, Png.ReadRgb(file).Width));
        }
    }

    // Chromium logs page console messages as ":CONSOLE(line)" and script errors as "Uncaught ...".
    private static void AssertNoConsoleErrors(string stderr)
    {
        var lines = stderr.Split('\n').Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal) || l.Contains("Uncaught", StringComparison.Ordinal)).ToList();
        Assert.True(lines.Count == 0, "console messages:\n" + string.Join('\n', lines));
    }
}
