namespace Crawler.Primes.Tests;

public sealed class WheelTests
{
    [Fact]
    public void ClassConstantsPlaceEveryMultipleOfACycle()
    {
        Check<Wheel1>(); Check<Wheel7>(); Check<Wheel11>(); Check<Wheel13>();
        Check<Wheel17>(); Check<Wheel19>(); Check<Wheel23>(); Check<Wheel29>();
    }

    private static void Check<T>()
        where T : struct, IWheelClass
    {
        int[] c = [T.C0, T.C1, T.C2, T.C3, T.C4, T.C5, T.C6, T.C7];
        byte[] m = [T.M0, T.M1, T.M2, T.M3, T.M4, T.M5, T.M6, T.M7];
        for (ulong q = 0; q < 5; q++)
        {
            var p = (30 * q) + (ulong)T.Residue;
            for (ulong j = 0; j < 3; j++)
            {
                for (var k = 0; k < 8; k++)
                {
                    var multiple = p * ((30 * j) + Wheel.Residues[k]);
                    Assert.Equal(multiple / 30, (j * p) + (q * Wheel.Residues[k]) + (ulong)c[k]);
                    Assert.Equal((byte)~(1 << Wheel.BitOfResidue[(int)(multiple % 30)]), m[k]);
                    Assert.Equal(m[k], Wheel.Masks[(Wheel.ClassOf(p) * 8) + k]);
                }
            }
        }
    }
}
