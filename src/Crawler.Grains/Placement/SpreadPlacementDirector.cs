using Orleans.Runtime.Placement;

namespace Crawler.Grains.Placement;

internal sealed class SpreadPlacementDirector : IPlacementDirector
{
    private int _next = Random.Shared.Next();

    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target).ToArray(); // a copy: the context may cache its array
        Array.Sort(silos);
        var turn = (uint)Interlocked.Increment(ref _next) % (uint)silos.Length;
        return Task.FromResult(silos[turn]);
    }
}
