using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Orchestration.Config;

/// <summary>
/// Reads a YAML file whose document is a mapping. Whatever is wrong with the file (unreadable, binary, not YAML,
/// not a mapping) becomes one positioned config error: the loader never throws at the user.
/// </summary>
internal static class YamlFile
{
    /// <summary>The root mapping, or null after recording why there is none.</summary>
    public static ConfigSection? Load(string file, string path, ConfigDiagnostics diagnostics, bool secret = false)
    {
        var where = path.Length == 0 ? "(syntax)" : path;
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Error(file, Start, path.Length == 0 ? "(file)" : path, $"cannot read the file: {e.Message}");
            return null;
        }
        if (text.Contains('\0') || text.Contains('\uFFFD'))
        {
            diagnostics.Error(file, Start, path.Length == 0 ? "(file)" : path, "this is not a text file (it holds binary data); expected YAML");
            return null;
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            // YamlDotNet wraps the real cause for some errors; the innermost message is the useful one.
            var message = (e.InnerException as YamlException)?.Message ?? e.Message;
            // Some errors (an undefined alias) come without a position: then the last event read places them. A tab is
            // reported where the scanner was, the end of the line before it: the tab itself is the place to fix.
            var place = e.Start.Line <= 1 && e.Start.Column <= 1 ? LastReadable(text) : e.Start;
            if (message.Contains("tab", StringComparison.OrdinalIgnoreCase) && TabFrom(text, place) is { } tab)
                (place, message) = (tab, message.TrimEnd('.') + "; YAML indents with spaces only");
            diagnostics.Error(file, place, where, message);
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            // Some malformed input (an unclosed '[' or '{' before the end of the file) fails inside YamlDotNet's
            // scanner without a position; the last event it did read tells where the trouble starts.
            diagnostics.Error(file, LastReadable(text), where,
                "the YAML is not well-formed after this point; check for an unclosed '[', '{' or quote");
            return null;
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            diagnostics.Error(file, stream.Documents.Count == 0 ? Start : stream.Documents[0].RootNode.Start, path,
                "expected a mapping (field: value lines) at the top of the file");
            return null;
        }
        if (stream.Documents.Count > 1)
            diagnostics.Error(file, stream.Documents[1].RootNode.Start, path, "expected one YAML document, found several");
        return ConfigSection.FromMapping(root, file, path, diagnostics, secret);
    }

    /// <summary>Line 1, column 1: the place for errors about a file as a whole.</summary>
    public static readonly Mark Start = new(0, 1, 1);

    /// <summary>The first tab at or after <paramref name="from"/>, or null when there is none.</summary>
    private static Mark? TabFrom(string text, Mark from)
    {
        var lines = text.Split('\n');
        for (var line = (int)from.Line - 1; line < lines.Length; line++)
        {
            var column = lines[line].IndexOf('\t', line == from.Line - 1 ? Math.Max(0, (int)from.Column - 1) : 0);
            if (column >= 0) return new Mark(0, line + 1, column + 1);
        }
        return null;
    }

    /// <summary>Where reading stops: an alias to an anchor not defined before it, or the end of the last event read.</summary>
    private static Mark LastReadable(string text)
    {
        var parser = new Parser(new StringReader(text));
        var anchors = new HashSet<string>();
        var last = Start;
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case YamlDotNet.Core.Events.AnchorAlias alias when !anchors.Contains(alias.Value.Value):
                        return alias.Start;
                    case YamlDotNet.Core.Events.NodeEvent { Anchor.IsEmpty: false } node:
                        anchors.Add(node.Anchor.Value);
                        break;
                }
                last = parser.Current!.End;
            }
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
        }
        return last;
    }
}
