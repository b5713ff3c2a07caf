using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;
using YamlDotNet.Serialization.TypeInspectors;

namespace Pipeline.Orchestration.Jobs;

/// <summary>job.yaml: the resolved job as YAML, field names as in the experiment files, the key seed left out.</summary>
public static class JobYaml
{
    private static readonly ISerializer Serializer = new SerializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        // Only data: properties computed from others (Id, Label, a recipe's RestartPeriod) are not written.
        .WithTypeInspector(inner => new ReadableAndWritablePropertiesTypeInspector(inner))
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
        .Build();

    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    public static string Serialize(Job job) =>
        $"# job {job.Id}: written by the pipeline; the key seed is in key.secret, not here.\n" + Serializer.Serialize(job);

    public static Job Deserialize(string yaml) => Deserializer.Deserialize<Job>(yaml);
}
