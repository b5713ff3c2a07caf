using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Pipeline.Orchestration.Jobs;

/// <summary>job.yaml: the resolved job as YAML, field names as in the experiment files, the key seed left out.</summary>
public static class JobYaml
{
    private static readonly ISerializer Serializer = new SerializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
        .Build();

    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    public static string Serialize(JobSpec job) =>
        $"# job {job.Id}: written by the pipeline; the key seed is in key.secret, not here.\n" + Serializer.Serialize(job);

    public static JobSpec Deserialize(string yaml) => Deserializer.Deserialize<JobSpec>(yaml);
}
