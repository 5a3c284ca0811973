using Orleans.Placement;

namespace Crawler.Grains.Placement;

/// <summary>
/// Places new activations on the compatible silos in turn, so grains created together (the hosts of one
/// batch) land on every silo instead of wherever a random draw or stale load figures put them.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking]
[Alias("crawler.placement.spread-placement")]
public sealed class SpreadPlacement : PlacementStrategy;

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SpreadPlacementAttribute() : PlacementAttribute(new SpreadPlacement());
