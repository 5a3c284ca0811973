namespace Crawler.Primes;

// Constants of the mod-30 wheel for a sieving prime p = 30q + Residue: the k-th multiple p·(30j + R[k]) of a cycle
// lies in byte j·p + q·R[k] + Ck and is crossed off by AND with Mk. WheelTests checks every constant against that definition.

internal readonly struct Wheel1 : IWheelClass
{
    public static int Residue => 1;
    public static int C0 => 0;
    public static int C1 => 0;
    public static int C2 => 0;
    public static int C3 => 0;
    public static int C4 => 0;
    public static int C5 => 0;
    public static int C6 => 0;
    public static int C7 => 0;
    public static byte M0 => 0xFE;
    public static byte M1 => 0xFD;
    public static byte M2 => 0xFB;
    public static byte M3 => 0xF7;
    public static byte M4 => 0xEF;
    public static byte M5 => 0xDF;
    public static byte M6 => 0xBF;
    public static byte M7 => 0x7F;
}

internal readonly struct Wheel7 : IWheelClass
{
    public static int Residue => 7;
    public static int C0 => 0;
    public static int C1 => 1;
    public static int C2 => 2;
    public static int C3 => 3;
    public static int C4 => 3;
    public static int C5 => 4;
    public static int C6 => 5;
    public static int C7 => 6;
    public static byte M0 => 0xFD;
    public static byte M1 => 0xDF;
    public static byte M2 => 0xEF;
    public static byte M3 => 0xFE;
    public static byte M4 => 0x7F;
    public static byte M5 => 0xF7;
    public static byte M6 => 0xFB;
    public static byte M7 => 0xBF;
}

internal readonly struct Wheel11 : IWheelClass
{
    public static int Residue => 11;
    public static int C0 => 0;
    public static int C1 => 2;
    public static int C2 => 4;
    public static int C3 => 4;
    public static int C4 => 6;
    public static int C5 => 6;
    public static int C6 => 8;
    public static int C7 => 10;
    public static byte M0 => 0xFB;
    public static byte M1 => 0xEF;
    public static byte M2 => 0xFE;
    public static byte M3 => 0xBF;
    public static byte M4 => 0xFD;
    public static byte M5 => 0x7F;
    public static byte M6 => 0xF7;
    public static byte M7 => 0xDF;
}

internal readonly struct Wheel13 : IWheelClass
{
    public static int Residue => 13;
    public static int C0 => 0;
    public static int C1 => 3;
    public static int C2 => 4;
    public static int C3 => 5;
    public static int C4 => 7;
    public static int C5 => 8;
    public static int C6 => 9;
    public static int C7 => 12;
    public static byte M0 => 0xF7;
    public static byte M1 => 0xFE;
    public static byte M2 => 0xBF;
    public static byte M3 => 0xDF;
    public static byte M4 => 0xFB;
    public static byte M5 => 0xFD;
    public static byte M6 => 0x7F;
    public static byte M7 => 0xEF;
}

internal readonly struct Wheel17 : IWheelClass
{
    public static int Residue => 17;
    public static int C0 => 0;
    public static int C1 => 3;
    public static int C2 => 6;
    public static int C3 => 7;
    public static int C4 => 9;
    public static int C5 => 10;
    public static int C6 => 13;
    public static int C7 => 16;
    public static byte M0 => 0xEF;
    public static byte M1 => 0x7F;
    public static byte M2 => 0xFD;
    public static byte M3 => 0xFB;
    public static byte M4 => 0xDF;
    public static byte M5 => 0xBF;
    public static byte M6 => 0xFE;
    public static byte M7 => 0xF7;
}

internal readonly struct Wheel19 : IWheelClass
{
    public static int Residue => 19;
    public static int C0 => 0;
    public static int C1 => 4;
    public static int C2 => 6;
    public static int C3 => 8;
    public static int C4 => 10;
    public static int C5 => 12;
    public static int C6 => 14;
    public static int C7 => 18;
    public static byte M0 => 0xDF;
    public static byte M1 => 0xF7;
    public static byte M2 => 0x7F;
    public static byte M3 => 0xFD;
    public static byte M4 => 0xBF;
    public static byte M5 => 0xFE;
    public static byte M6 => 0xEF;
    public static byte M7 => 0xFB;
}

internal readonly struct Wheel23 : IWheelClass
{
    public static int Residue => 23;
    public static int C0 => 0;
    public static int C1 => 5;
    public static int C2 => 8;
    public static int C3 => 9;
    public static int C4 => 13;
    public static int C5 => 14;
    public static int C6 => 17;
    public static int C7 => 22;
    public static byte M0 => 0xBF;
    public static byte M1 => 0xFB;
    public static byte M2 => 0xF7;
    public static byte M3 => 0x7F;
    public static byte M4 => 0xFE;
    public static byte M5 => 0xEF;
    public static byte M6 => 0xDF;
    public static byte M7 => 0xFD;
}

internal readonly struct Wheel29 : IWheelClass
{
    public static int Residue => 29;
    public static int C0 => 0;
    public static int C1 => 6;
    public static int C2 => 10;
    public static int C3 => 12;
    public static int C4 => 16;
    public static int C5 => 18;
    public static int C6 => 22;
    public static int C7 => 28;
    public static byte M0 => 0x7F;
    public static byte M1 => 0xBF;
    public static byte M2 => 0xDF;
    public static byte M3 => 0xEF;
    public static byte M4 => 0xF7;
    public static byte M5 => 0xFB;
    public static byte M6 => 0xFD;
    public static byte M7 => 0xFE;
}
