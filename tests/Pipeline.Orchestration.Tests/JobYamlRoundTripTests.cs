using System.Collections;
using System.Reflection;
using Pipeline.Method.Attacks;
using Pipeline.Method.Training;
using Pipeline.Method.Transforms;
using Pipeline.Orchestration.Jobs;
using YamlDotNet.Serialization;

namespace Pipeline.Orchestration.Tests;

/// <summary>
/// A job process reads its job back from job.yaml and refuses it unless it hashes to the planned id. So every field of
/// a job, at every value its type allows, must survive job.yaml: here jobs are drawn at random, each field of every
/// section (dataset, model, training, evaluation, attack) at values chosen to trip a YAML writer (nulls where the
/// type allows them, empty lists, strings YAML reads as other types, extreme and full-precision numbers, both kinds of
/// accumulation), and each must come back with the same id and write the same job.yaml.
/// </summary>
public sealed class JobYamlRoundTripTests
{
    private static readonly NullabilityInfoContext Nullability = new();

    private static readonly string[] Strings =
    [
        "", " ", "x", "null", "Null", "~", "true", "no", "yes", "off", "1", "-1", "0x1F", "1e3", ".inf", "1:2", "a: b", "- a", "[a]", "{a: 1}",
        "#c", "a #c", "'q'", "\"d\"", "&a", "*a", "!t", "%p", "@a", "`b", "|", ">", "two\nlines", "tab\there", "trail ", "ünïcödé",
        "back\\slash", "data/VOCdevkit/VOC2012", "C:\\weights\\resnet50.pth",
    ];

    private static readonly double[] Numbers = [0, -0.0, 1, 0.1, 1e-4, 0.005, 1.0 / 3, 5e-324, double.Epsilon * 3, 1e300, -2.5, double.MaxValue];

    private static readonly int[] Integers = [0, 1, -1, 2, 255, 256, int.MaxValue, int.MinValue];

    [Fact]
    public void EveryFieldAtEveryKindOfValueKeepsTheJobsIdThroughJobYaml()
    {
        var random = new Random(21);
        for (var i = 0; i < 400; i++)
        {
            var job = DrawJob(random);
            var yaml = JobYaml.Serialize(job);

            var back = JobYaml.Deserialize(yaml);

            Assert.True(JobId.Canonical(job) == JobId.Canonical(back), $"job {i} changed its id through job.yaml:\n{yaml}\nread back as\n{JobYaml.Serialize(back)}");
            Assert.Equal(yaml, JobYaml.Serialize(back));
        }
    }

    [Fact]
    public void EveryAccumulationAndEveryRestartSettingKeepTheId()
    {
        var job = DrawJob(new Random(5));
        foreach (var accumulate in new[] { GradientAccumulation.Auto, GradientAccumulation.None, GradientAccumulation.Of(2), GradientAccumulation.Of(GradientAccumulation.MaxSteps) })
        foreach (var restart in new int?[] { null, 1, 10 })
        {
            var variant = job.WithTraining(job.Training with { Accumulate = accumulate, RestartEpochs = restart });
            var back = JobYaml.Deserialize(JobYaml.Serialize(variant));
            Assert.Equal(variant.Id, back.Id);
            Assert.Equal(accumulate, back.Training.Accumulate);
            Assert.Equal(restart, back.Training.RestartEpochs);
        }
    }

    /// <summary>
    /// A job of a kind drawn at random: a record with every field drawn, then the fields that say what kind it is made to
    /// fit one (the baseline, a model of a method, an attack of each kind), as a grid makes them.
    /// </summary>
    private static Job DrawJob(Random random)
    {
        var record = (JobRecord)Draw(typeof(JobRecord), random);
        var attack = record.Attack ?? new JobRecord.AttackRecord { Kind = AttackKind.FineTuning };
        var keyed = record with
        {
            Method = Pick(ProtectionMethod.Names.ToArray(), random), KeyFingerprint = record.KeyFingerprint ?? "key", Target = record.Target ?? "target",
        };
        var fitted = random.Next(5) switch
        {
            0 => record with { Method = ProtectionMethod.Baseline, BlockSize = null, KeyFingerprint = null, Attack = null, Target = null },
            1 => keyed with { Attack = null, Target = null },
            2 => keyed with { Attack = attack with { Kind = AttackKind.FineTuning, Fraction = attack.Fraction ?? 0.5 } },
            3 => keyed with
            {
                Attack = attack with
                {
                    Kind = AttackKind.KeyEstimation, RandomKeys = attack.RandomKeys ?? 1, LocalQueries = attack.LocalQueries ?? 0, QueryImages = attack.QueryImages ?? 1,
                },
            },
            _ => record with
            {
                Method = ProtectionMethod.Baseline, BlockSize = null, KeyFingerprint = null, Target = null,
                Attack = attack with { Kind = AttackKind.FromScratch, Fraction = attack.Fraction ?? 0.5 },
            },
        };
        return fitted.ToJob();
    }

    /// <summary>A value of the type with every settable data property drawn in turn (records by their init accessors).</summary>
    private static object Draw(Type type, Random random)
    {
        var value = Activator.CreateInstance(type)!;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.SetMethod is not { IsPublic: true } || property.GetCustomAttribute<YamlIgnoreAttribute>() is not null) continue;
            var nullable = Nullability.Create(property).WriteState == NullabilityState.Nullable;
            property.SetValue(value, nullable && random.Next(4) == 0 ? null : DrawValue(property.PropertyType, random));
        }
        return value;
    }

    private static object DrawValue(Type type, Random random)
    {
        var inner = Nullable.GetUnderlyingType(type) ?? type;
        if (inner == typeof(string)) return Pick(Strings, random);
        if (inner == typeof(int)) return random.Next(2) == 0 ? Pick(Integers, random) : random.Next(int.MinValue, int.MaxValue);
        if (inner == typeof(double)) return random.Next(2) == 0 ? Pick(Numbers, random) : (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-8, 9));
        if (inner == typeof(bool)) return random.Next(2) == 0;
        if (inner.IsEnum) return Pick(Enum.GetValuesAsUnderlyingType(inner).Cast<object>().Select(v => Enum.ToObject(inner, v)).ToArray(), random);
        if (inner == typeof(string[])) return Enumerable.Range(0, random.Next(4)).Select(_ => Pick(Strings, random)).ToArray();
        if (inner == typeof(GradientAccumulation))
            return random.Next(3) == 0 ? GradientAccumulation.Auto : GradientAccumulation.Of(random.Next(1, GradientAccumulation.MaxSteps + 1));
        if (inner.IsClass && !typeof(IEnumerable).IsAssignableFrom(inner)) return Draw(inner, random);
        throw new NotSupportedException($"no values drawn for {type}: add them, so that the new field is covered too");
    }

    private static T Pick<T>(T[] items, Random random) => items[random.Next(items.Length)];
}
