namespace Crawler.Probing.Targets;

/// <summary>A connection the address guard refused; its message says which address and why.</summary>
public sealed class BlockedAddressException(string message) : Exception(message);
