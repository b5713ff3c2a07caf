using Pipeline.Method.Training;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
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
        // A string YAML would read as null, a boolean or a number ("null", "~", "true", "1e3") is quoted.
        .WithQuotingNecessaryStrings()
        .WithTypeConverter(new AccumulationConverter())
        .WithTypeConverter(new EnumConverter())
        .Build();

    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .WithTypeConverter(new AccumulationConverter())
        .WithTypeConverter(new EnumConverter())
        .Build();

    public static string Serialize(Job job) =>
        $"# job {job.Id}: written by the pipeline; the key seed is in key.secret, not here.\n" + Serializer.Serialize(JobRecord.Of(job));

    /// <summary>The job a job.yaml describes.</summary>
    /// <exception cref="YamlDotNet.Core.YamlException">The text is not a job record.</exception>
    /// <exception cref="InvalidDataException">The record lacks a field its kind needs, or has one it cannot; the message names it.</exception>
    public static Job Deserialize(string yaml) => Deserializer.Deserialize<JobRecord>(yaml).ToJob();

    /// <summary><c>accumulate: auto</c> or an integer, as the experiment files write it.</summary>
    private sealed class AccumulationConverter : IYamlTypeConverter
    {
        public bool Accepts(Type type) => type == typeof(GradientAccumulation);

        public object ReadYaml(IParser parser, Type type, ObjectDeserializer rootDeserializer)
        {
            var scalar = parser.Consume<Scalar>();
            return GradientAccumulation.Parse(scalar.Value)
                   ?? throw new YamlException(scalar.Start, scalar.End, $"accumulate: '{scalar.Value}' is not an integer from 1 to {GradientAccumulation.MaxSteps} or '{GradientAccumulation.AutoText}'");
        }

        public void WriteYaml(IEmitter emitter, object? value, Type type, ObjectSerializer serializer) =>
            emitter.Emit(new Scalar(((GradientAccumulation)value!).ToString()));
    }

    /// <summary><c>precision: bf16</c>, <c>kind: voc</c>: enums by the names the experiment files use (<see cref="Method.EnumNames"/>).</summary>
    private sealed class EnumConverter : IYamlTypeConverter
    {
        public bool Accepts(Type type) => type.IsEnum;

        public object ReadYaml(IParser parser, Type type, ObjectDeserializer rootDeserializer)
        {
            var scalar = parser.Consume<Scalar>();
            return Method.EnumNames.Parse(type, scalar.Value)
                   ?? throw new YamlException(scalar.Start, scalar.End, $"'{scalar.Value}' is not one of: {string.Join(", ", Method.EnumNames.All(type))}");
        }

        public void WriteYaml(IEmitter emitter, object? value, Type type, ObjectSerializer serializer) =>
            emitter.Emit(new Scalar(Method.EnumNames.Of((Enum)value!)));
    }
}
