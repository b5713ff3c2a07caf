using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Orchestration.Config;

/// <summary>Reads a YAML file whose document is a mapping, turning syntax errors into positioned config errors.</summary>
internal static class YamlFile
{
    /// <summary>The root mapping, or null after recording why there is none.</summary>
    public static ConfigSection? Load(string file, string path, ConfigDiagnostics diagnostics, bool secret = false)
    {
        var stream = new YamlStream();
        try
        {
            using var reader = new StreamReader(file);
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            // YamlDotNet wraps the real cause for some errors; the innermost message is the useful one.
            var message = (e.InnerException as YamlException)?.Message ?? e.Message;
            diagnostics.Error(file, e.Start, path.Length == 0 ? "(syntax)" : path, message);
            return null;
        }
        catch (IOException e)
        {
            diagnostics.Error(file, Start, path, $"cannot read the file: {e.Message}");
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
}
