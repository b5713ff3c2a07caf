namespace Pipeline.Torch.Tests;

/// <summary>Dispose scopes free every temporary deterministically and let chosen results escape.</summary>
[Collection(LiveTensorCollection.Name)]
public class DisposeScopeTests
{
    [Fact]
    public void TenThousandScopedIterationsLeaveNoTensorsBehind()
    {
        using var x = torch.ones(new long[] { 4, 4 });
        var before = LiveTensorCollection.Settled();
        for (var k = 0; k < 10_000; k++)
        {
            using var scope = torch.NewDisposeScope();
            var y = (x * 2 + 1).relu().sum(new long[] { 1 });
            var (values, indices) = y.max(0);
            _ = torch.cat(new[] { values.unsqueeze(0), indices.to(ScalarType.Float32).unsqueeze(0) }).mean();
        }
        Assert.Equal(before, torch.live_tensors);
        Assert.False(x.IsDisposed);
    }

    [Fact]
    public void ScopeDisposesWhatWasCreatedInside()
    {
        Tensor inside;
        var before = LiveTensorCollection.Settled();
        using (var scope = torch.NewDisposeScope())
        {
            inside = torch.zeros(new long[] { 2 }) + 1;
            Assert.Equal(2, scope.Count);                                  // the zeros and the sum
            Assert.Equal(before + 2, torch.live_tensors);
        }
        Assert.True(inside.IsDisposed);
        Assert.Equal(before, torch.live_tensors);
    }

    [Fact]
    public void MoveToOuterDisposeScopeHandsTheTensorToTheEnclosingScope()
    {
        var before = LiveTensorCollection.Settled();
        Tensor kept;
        using (var outer = torch.NewDisposeScope())
        {
            using (var inner = torch.NewDisposeScope())
            {
                var temporary = torch.ones(new long[] { 3 });
                kept = (temporary * 5).MoveToOuterDisposeScope();
                Assert.Equal(1, inner.Count);
                Assert.Equal(1, outer.Count);
            }
            Assert.False(kept.IsDisposed);
            Assert.Equal(new[] { 5f, 5f, 5f }, kept.data<float>());
            Assert.Equal(before + 1, torch.live_tensors);
        }
        Assert.True(kept.IsDisposed);                                     // the outer scope took ownership
        Assert.Equal(before, torch.live_tensors);
    }

    [Fact]
    public void MovingOutOfTheOutermostScopeLeavesTheCallerOwning()
    {
        var before = LiveTensorCollection.Settled();
        Tensor kept;
        using (torch.NewDisposeScope()) kept = torch.ones(new long[] { 1 }).MoveToOuterDisposeScope();
        Assert.False(kept.IsDisposed);
        Assert.Equal(before + 1, torch.live_tensors);
        kept.Dispose();
        Assert.Equal(before, torch.live_tensors);
    }

    [Fact]
    public void DetachFromDisposeScopeOutlivesEveryScope()
    {
        var before = LiveTensorCollection.Settled();
        Tensor parameter;
        using (torch.NewDisposeScope())
        using (torch.NewDisposeScope())
        {
            parameter = torch.full(new long[] { 2 }, 3.0).DetachFromDisposeScope();
        }
        Assert.False(parameter.IsDisposed);
        Assert.Equal(new[] { 3f, 3f }, parameter.data<float>());
        parameter.Dispose();
        Assert.Equal(before, torch.live_tensors);
    }

    [Fact]
    public void NestedScopesFreeOnlyTheirOwnTensors()
    {
        var before = LiveTensorCollection.Settled();
        using (var outer = torch.NewDisposeScope())
        {
            var a = torch.ones(new long[] { 1 });
            Tensor b;
            using (var inner = torch.NewDisposeScope())
            {
                b = a + 1;
                Assert.Equal(1, inner.Count);
            }
            Assert.True(b.IsDisposed);
            Assert.False(a.IsDisposed);
            var c = a + 2;                                                 // the outer scope is current again
            Assert.Equal(2, outer.Count);
            Assert.Equal(3f, c.item<float>());
        }
        Assert.Equal(before, torch.live_tensors);
    }

    [Fact]
    public void DisposingTwiceIsHarmless()
    {
        var before = LiveTensorCollection.Settled();
        var scope = torch.NewDisposeScope();
        var t = torch.ones(new long[] { 2 });
        var u = torch.ones(new long[] { 2 });
        t.Dispose();                                                       // disposed early, then again by the scope
        Assert.Equal(1, scope.Count);
        t.Dispose();
        scope.Dispose();
        scope.Dispose();
        u.Dispose();
        Assert.True(t.IsDisposed && u.IsDisposed);
        Assert.Equal(before, torch.live_tensors);
    }

    [Fact]
    public void UsingADisposedTensorThrowsObjectDisposedException()
    {
        var t = torch.ones(new long[] { 2 });
        t.Dispose();
        Assert.Throws<ObjectDisposedException>(() => t.shape);
        Assert.Throws<ObjectDisposedException>(() => t.data<float>());
        Assert.Throws<ObjectDisposedException>(() => t + 1);
        using var other = torch.ones(new long[] { 2 });
        Assert.Throws<ObjectDisposedException>(() => other + t);
        Assert.Throws<ObjectDisposedException>(() => torch.cat(new[] { other, t }));
        Assert.Equal("Tensor(disposed)", t.ToString());
    }

    [Fact]
    public void ScopesMustBeDisposedInnermostFirst()
    {
        var outer = torch.NewDisposeScope();
        var owned = torch.ones(new long[] { 1 });
        var inner = torch.NewDisposeScope();
        Assert.Throws<InvalidOperationException>(() => outer.Dispose());
        Assert.False(owned.IsDisposed);
        inner.Dispose();
        outer.Dispose();                                                   // retried in order, it still frees its tensors
        Assert.True(owned.IsDisposed);
        using var unscoped = torch.ones(new long[] { 1 });                 // and is no longer the current scope
        Assert.Equal(0, outer.Count);
    }
}
