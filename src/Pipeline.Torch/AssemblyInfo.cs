using System.Runtime.CompilerServices;

// The tensor layer's tests call the bridge directly (unknown operators, argument counts, per-thread errors).
[assembly: InternalsVisibleTo("Pipeline.Torch.Tests")]
