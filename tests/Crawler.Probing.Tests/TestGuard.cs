using Crawler.Probing.Targets;

namespace Crawler.Probing.Tests;

/// <summary>Development's address guard: the loopback web the tests run is allowed (a service's default refuses it).</summary>
internal static class TestGuard
{
    public static AddressGuard Loopback { get; } = new(new AddressGuardOptions { AllowedNetworks = ["127.0.0.0/8"] });
}
