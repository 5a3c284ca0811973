using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace Crawler.Cli;

/// <summary>Numbers as people write them for primes: <c>1000000</c>, <c>1_000_000</c>, <c>1e9</c>, <c>10^12</c>.</summary>
public static class NumberArguments
{
    public static ulong Parse(ArgumentResult result)
    {
        var token = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (TryParse(token, out var value))
        {
            return value;
        }

        result.AddError($"'{token}' is not a whole number from 0 to {ulong.MaxValue} (write 1000000, 1_000_000, 1e6 or 10^6).");
        return 0;
    }

    public static ulong[] ParseMany(ArgumentResult result)
    {
        var values = new ulong[result.Tokens.Count];
        for (var i = 0; i < values.Length; i++)
        {
            if (!TryParse(result.Tokens[i].Value, out values[i]))
            {
                result.AddError($"'{result.Tokens[i].Value}' is not a whole number from 0 to {ulong.MaxValue}.");
            }
        }

        return values;
    }

    public static bool TryParse(string text, out ulong value)
    {
        value = 0;
        text = text.Replace("_", "", StringComparison.Ordinal).Trim();
        BigInteger number;
        if (text.Split('^') is [var baseText, var powerText])
        {
            if (!BigInteger.TryParse(baseText, NumberStyles.None, CultureInfo.InvariantCulture, out var @base)
                || !int.TryParse(powerText, NumberStyles.None, CultureInfo.InvariantCulture, out var power) || power > 64)
            {
                return false;
            }

            number = BigInteger.Pow(@base, power);
        }
        else if (text.Split('e', 'E') is [var mantissaText, var exponentText])
        {
            if (!BigInteger.TryParse(mantissaText, NumberStyles.None, CultureInfo.InvariantCulture, out var mantissa)
                || !int.TryParse(exponentText, NumberStyles.None, CultureInfo.InvariantCulture, out var exponent) || exponent > 20)
            {
                return false;
            }

            number = mantissa * BigInteger.Pow(10, exponent);
        }
        else if (!BigInteger.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out number))
        {
            return false;
        }

        if (number > ulong.MaxValue)
        {
            return false;
        }

        value = (ulong)number;
        return true;
    }
}
