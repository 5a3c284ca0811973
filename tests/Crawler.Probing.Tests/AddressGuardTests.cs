using System.Net;
using Crawler.Probing.Targets;

namespace Crawler.Probing.Tests;

/// <summary>The guard's verdicts on addresses: nothing here connects anywhere.</summary>
public sealed class AddressGuardTests
{
    [Theory]
    [InlineData("127.0.0.1", AddressCategory.Loopback)]
    [InlineData("127.255.0.9", AddressCategory.Loopback)]
    [InlineData("::1", AddressCategory.Loopback)]
    [InlineData("10.1.2.3", AddressCategory.Private)]
    [InlineData("172.16.0.1", AddressCategory.Private)]
    [InlineData("172.31.255.255", AddressCategory.Private)]
    [InlineData("172.32.0.1", AddressCategory.Public)]
    [InlineData("192.168.1.1", AddressCategory.Private)]
    [InlineData("100.64.0.1", AddressCategory.Private)]
    [InlineData("100.128.0.1", AddressCategory.Public)]
    [InlineData("fd12:3456::1", AddressCategory.Private)]
    [InlineData("fec0::1", AddressCategory.Private)]
    [InlineData("169.254.169.254", AddressCategory.LinkLocal)]
    [InlineData("fe80::1", AddressCategory.LinkLocal)]
    [InlineData("0.0.0.0", AddressCategory.Reserved)]
    [InlineData("0.1.2.3", AddressCategory.Reserved)]
    [InlineData("::", AddressCategory.Reserved)]
    [InlineData("224.0.0.1", AddressCategory.Reserved)]
    [InlineData("239.255.255.250", AddressCategory.Reserved)]
    [InlineData("255.255.255.255", AddressCategory.Reserved)]
    [InlineData("240.0.0.1", AddressCategory.Reserved)]
    [InlineData("ff02::1", AddressCategory.Reserved)]
    [InlineData("192.0.2.7", AddressCategory.Reserved)]
    [InlineData("198.51.100.7", AddressCategory.Reserved)]
    [InlineData("203.0.113.7", AddressCategory.Reserved)]
    [InlineData("2001:db8::7", AddressCategory.Reserved)]
    [InlineData("198.18.0.1", AddressCategory.Reserved)]
    [InlineData("::ffff:127.0.0.1", AddressCategory.Loopback)]
    [InlineData("::ffff:169.254.169.254", AddressCategory.LinkLocal)]
    [InlineData("::ffff:10.0.0.1", AddressCategory.Private)]
    [InlineData("64:ff9b::a00:1", AddressCategory.Private)]
    [InlineData("64:ff9b::a9fe:a9fe", AddressCategory.LinkLocal)]
    [InlineData("2002:7f00:1::", AddressCategory.Loopback)]
    [InlineData("::127.0.0.1", AddressCategory.Reserved)]
    [InlineData("93.184.215.14", AddressCategory.Public)]
    [InlineData("2606:4700::6810:84e5", AddressCategory.Public)]
    [InlineData("::ffff:93.184.215.14", AddressCategory.Public)]
    public void Every_address_has_its_category(string address, AddressCategory category) =>
        Assert.Equal(category, AddressRanges.CategoryOf(IPAddress.Parse(address)));

    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("10.0.0.1", "private")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("::ffff:169.254.169.254", "link-local")]
    [InlineData("0.0.0.0", "reserved")]
    [InlineData("224.0.0.1", "reserved")]
    public void By_default_only_public_addresses_are_allowed(string address, string named)
    {
        var reason = AddressGuard.PublicOnly.Refuses("example.test", IPAddress.Parse(address));

        Assert.NotNull(reason);
        Assert.Contains(named, reason, StringComparison.Ordinal);
        Assert.Null(AddressGuard.PublicOnly.Refuses("example.test", IPAddress.Parse("93.184.215.14")));
    }

    [Fact]
    public void Each_category_is_allowed_on_its_own()
    {
        var guard = new AddressGuard(new AddressGuardOptions { AllowLoopback = true });

        Assert.Null(guard.Refuses("h", IPAddress.Parse("127.0.0.1")));
        Assert.Null(guard.Refuses("h", IPAddress.Parse("::ffff:127.0.0.1")));
        Assert.NotNull(guard.Refuses("h", IPAddress.Parse("10.0.0.1")));
        Assert.NotNull(guard.Refuses("h", IPAddress.Parse("169.254.169.254")));
        Assert.NotNull(new AddressGuard(new AddressGuardOptions { AllowPrivate = true }).Refuses("h", IPAddress.Parse("169.254.169.254")));
        Assert.Null(new AddressGuard(new AddressGuardOptions { AllowLinkLocal = true }).Refuses("h", IPAddress.Parse("169.254.169.254")));
    }

    [Fact]
    public void A_local_tool_allows_its_networks_but_never_reserved_addresses()
    {
        var local = new AddressGuard(AddressGuardOptions.Local());

        Assert.All(["127.0.0.1", "10.0.0.1", "192.168.0.1", "169.254.1.1", "fe80::1", "fd00::1"], a => Assert.Null(local.Refuses("h", IPAddress.Parse(a))));
        Assert.All(["0.0.0.0", "::", "224.0.0.1", "255.255.255.255"], a => Assert.NotNull(local.Refuses("h", IPAddress.Parse(a))));
    }

    [Fact]
    public void Allowed_networks_and_hosts_open_what_their_category_closes_and_blocked_networks_close_everything()
    {
        var guard = new AddressGuard(new AddressGuardOptions
        {
            AllowedNetworks = ["127.0.0.0/8", "fd00::/8"],
            AllowedHosts = ["*.corp.test"],
            BlockedNetworks = ["127.0.0.66/32", "93.184.215.0/24"],
        });

        Assert.Null(guard.Refuses("h", IPAddress.Parse("127.0.0.2")));
        Assert.Null(guard.Refuses("h", IPAddress.Parse("fd00::5")));
        Assert.Null(guard.Refuses("wiki.corp.test", IPAddress.Parse("10.1.1.1")));
        Assert.NotNull(guard.Refuses("corp.test", IPAddress.Parse("10.1.1.1")));
        Assert.Contains("blocked network 127.0.0.66/32", guard.Refuses("h", IPAddress.Parse("127.0.0.66")), StringComparison.Ordinal);
        Assert.NotNull(guard.Refuses("wiki.corp.test", IPAddress.Parse("::ffff:127.0.0.66")));
        Assert.NotNull(guard.Refuses("h", IPAddress.Parse("93.184.215.14")));
    }

    [Theory]
    [InlineData("AllowedNetworks", "10.0.0.0/33")]
    [InlineData("BlockedNetworks", "not a network")]
    [InlineData("AllowedHosts", "exa mple.test")]
    public void A_setting_that_cannot_be_read_is_named(string setting, string value)
    {
        var options = setting switch
        {
            "AllowedNetworks" => new AddressGuardOptions { AllowedNetworks = [value] },
            "BlockedNetworks" => new AddressGuardOptions { BlockedNetworks = [value] },
            _ => new AddressGuardOptions { AllowedHosts = [value] },
        };

        var error = Assert.Throws<FormatException>(() => new AddressGuard(options));

        Assert.Contains($"AddressGuard:{setting}", error.Message, StringComparison.Ordinal);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
    }
}
