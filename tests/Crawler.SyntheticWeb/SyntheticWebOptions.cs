using System.Net;

namespace Crawler.SyntheticWeb;

public sealed record SyntheticWebOptions
{
    /// <summary>One listening host per address; distinct 127.x addresses stand for distinct hosts.</summary>
    public required IReadOnlyList<IPAddress> Addresses { get; init; }

    /// <summary>Port on every address; 0 picks a free one per address.</summary>
    public int Port { get; init; }

    /// <summary>Added before every answer, as a real server's think time.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>Serve https with a self-signed certificate (which a checker must refuse unless told otherwise).</summary>
    public bool Https { get; init; }

    /// <summary>
    /// <paramref name="count"/> loopback addresses, 127.0.0.2 onwards (skipping .0, .1 and .251-.255 of each
    /// block); <paramref name="skip"/> starts further on, so that several servers can own distinct hosts.
    /// </summary>
    public static IReadOnlyList<IPAddress> LoopbackHosts(int count, int skip = 0) =>
        [.. Enumerable.Range(skip, count).Select(k => new IPAddress([127, 0, (byte)(k / 249), (byte)(2 + (k % 249))]))];
}
