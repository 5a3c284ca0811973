namespace Crawler.Primes;

/// <summary>
/// The mod-30 wheel: byte j of a sieve holds the eight numbers 30j + R[k] coprime to 30, bit k for residue R[k].
/// </summary>
internal static class Wheel
{
    public static ReadOnlySpan<byte> Residues => [1, 7, 11, 13, 17, 19, 23, 29];

    /// <summary>R[k + 1] − R[k], with R[8] = 31: the multiplier step from one multiple to the next.</summary>
    public static ReadOnlySpan<byte> MultiplierSteps => [6, 4, 2, 4, 2, 4, 6, 2];

    /// <summary>The bit of residue r (mod 30), or 255 when r shares a factor with 30.</summary>
    public static ReadOnlySpan<byte> BitOfResidue =>
    [
        255, 0, 255, 255, 255, 255, 255, 1, 255, 255, 255, 2, 255, 3, 255, 255,
        255, 4, 255, 5, 255, 255, 255, 6, 255, 255, 255, 255, 255, 7,
    ];

    /// <summary>Index (0..7) of the class of a prime p ≥ 7, i.e. the position of p mod 30 in <see cref="Residues"/>.</summary>
    public static int ClassOf(ulong p) => BitOfResidue[(int)(p % 30)];

    /// <summary>The value of bit <paramref name="bit"/> of a sieve whose byte 0 is byte <paramref name="byteBase"/> of the wheel.</summary>
    public static ulong Value(ulong byteBase, long bit) => (30 * (byteBase + (ulong)(bit >> 3))) + Residues[(int)(bit & 7)];

    /// <summary>The mask of the bits of one wheel byte whose numbers are ≥ <paramref name="offset"/> (0..30).</summary>
    public static byte BitsAtOrAbove(ulong offset)
    {
        var mask = 0;
        for (var k = 0; k < 8; k++)
        {
            if ((ulong)Residues[k] >= offset)
            {
                mask |= 1 << k;
            }
        }
        return (byte)mask;
    }

    /// <summary>
    /// Per (class, phase) of a sieving prime, for the table-driven loops (large primes): the AND mask of the current
    /// multiple and the constant part of the byte step to the next multiple (the other part is q × MultiplierSteps).
    /// </summary>
    public static readonly byte[] Masks = BuildMasks();

    /// <inheritdoc cref="Masks"/>
    public static readonly sbyte[] StepConstants = BuildStepConstants();

    private static byte[] BuildMasks()
    {
        var masks = new byte[64];
        for (var c = 0; c < 8; c++)
        {
            for (var k = 0; k < 8; k++)
            {
                masks[(c * 8) + k] = (byte)~(1 << BitOfResidue[Residues[c] * Residues[k] % 30]);
            }
        }
        return masks;
    }

    private static sbyte[] BuildStepConstants()
    {
        var steps = new sbyte[64];
        for (var c = 0; c < 8; c++)
        {
            int r = Residues[c];
            for (var k = 0; k < 8; k++)
            {
                var here = r * Residues[k] / 30;
                var next = k < 7 ? r * Residues[k + 1] / 30 : r + (r * Residues[0] / 30);
                steps[(c * 8) + k] = (sbyte)(next - here);
            }
        }
        return steps;
    }
}
