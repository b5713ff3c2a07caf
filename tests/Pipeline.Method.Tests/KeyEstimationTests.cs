using Pipeline.Method.Attacks;
using Pipeline.Method.Keys;
using Pipeline.Method.Models;
using Pipeline.Method.Transforms;
using static TorchSharp.torch;

namespace Pipeline.Method.Tests;

public class KeyEstimationTests
{
    private static MethodSetting Space(string method, int? m = 2)
    {
        var protection = ProtectionMethod.Named(method);
        return new MethodSetting(protection, protection.HasBlockSize ? m : null, new MethodOptions(), ResNetDepth.ResNet18);
    }

    private static KeyEstimation Search(MethodSetting setting, int random, int local, Func<KeyGuess, double> score, int seed = 7) =>
        new(setting, new KeyEstimationBudget(random, local, QueryImages: 1), seed, score);

    [Theory]
    [InlineData("shf")]
    [InlineData("np")]
    [InlineData("ffx")]
    public void AKeysOwnGuessTransformsImagesAsTheKeyDoes(string method)
    {
        using var scope = NewDisposeScope();
        var key = new SecretKey(31337);
        var space = Space(method, 4);
        var guess = KeyGuess.From(space, key);
        Assert.Equal(1.0, guess.Agreement(key));
        var images = rand(2, 3, 8, 8);
        using var truth = new MethodSetting(ProtectionMethod.Named(method), 4, space.Options, space.Depth).Protect(key);
        using var guessed = guess.Protect();
        Assert.True(truth.Input!.Apply(images).eq(guessed.Input!.Apply(images)).all().item<bool>());
    }

    [Fact]
    public void AnFmpGuessFromTheKeyIsTheKeysPermutation()
    {
        var key = new SecretKey(4);
        using var guessed = KeyGuess.From(Space("fmp"), key).Protect();
        Assert.Equal(key.Permutation(64), guessed.Features!.Permutations["layer1"]);
    }

    [Fact]
    public void NeighboursSwapTwoPositionsOrFlipOne()
    {
        var random = new Random(3);
        var shf = KeyGuess.From(Space("shf", 4), new SecretKey(1));
        var swapped = shf.Neighbour(random);
        Assert.Equal(2, shf.Parts[0].Zip(swapped.Parts[0]).Count(p => p.First != p.Second));
        Assert.Equal(shf.Parts[0].Order(), swapped.Parts[0].Order());
        var np = KeyGuess.From(Space("np", 4), new SecretKey(1));
        Assert.Equal(1, np.Parts[0].Zip(np.Neighbour(random).Parts[0]).Count(p => p.First != p.Second));
        var fmp = KeyGuess.From(Space("fmp"), new SecretKey(1));
        Assert.Equal(2, fmp.Parts[0].Zip(fmp.Neighbour(random).Parts[0]).Count(p => p.First != p.Second));
    }

    [Fact]
    public void TheCurveIsTheBestSoFarAndLocalSearchClimbs()
    {
        // Scored by agreement with a hidden key: the flip search must find the whole binary key of L = 12.
        var hidden = new SecretKey(99);
        var search = Search(Space("np"), 4, 300, guess => guess.Agreement(hidden));
        var state = search.Run(null, _ => { }, CancellationToken.None);

        Assert.Equal(304, state.Curve.Length);
        Assert.All(state.Curve.Zip(state.Curve.Skip(1)), p => Assert.True(p.Second >= p.First));
        Assert.Equal(1.0, state.BestScore);
        Assert.Equal(1.0, KeyGuess.FromParts(Space("np"), state.BestGuess).Agreement(hidden));
    }

    [Fact]
    public void AResumedSearchEndsExactlyAsAnUninterruptedOne()
    {
        var hidden = new SecretKey(5);
        double Score(KeyGuess guess) => guess.Agreement(hidden);
        var straight = Search(Space("shf"), 6, 40, Score).Run(null, _ => { }, CancellationToken.None);

        KeyEstimationState? saved = null;
        using var stop = new CancellationTokenSource();
        var first = Search(Space("shf"), 6, 40, Score);
        Assert.Throws<OperationCanceledException>(() => first.Run(null, p =>
        {
            saved = p.State();
            if (p.Queries == 17) stop.Cancel();
        }, stop.Token));
        Assert.Equal(17, saved!.Curve.Length);
        var resumed = Search(Space("shf"), 6, 40, Score).Run(saved, _ => { }, CancellationToken.None);

        Assert.Equal(straight.Curve, resumed.Curve);
        Assert.Equal(straight.BestGuess, resumed.BestGuess);
        // Another seed searches differently.
        Assert.NotEqual(straight.Curve, Search(Space("shf"), 6, 40, Score, seed: 8).Run(null, _ => { }, CancellationToken.None).Curve);
    }
}
