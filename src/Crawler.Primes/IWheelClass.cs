namespace Crawler.Primes;

/// <summary>
/// The constants of one residue class of sieving primes modulo 30, as static members so the JIT folds them into the
/// unrolled crossing-off loop of each class (one specialised copy per struct).
/// </summary>
internal interface IWheelClass
{
    static abstract int Residue { get; }
    static abstract int C0 { get; }
    static abstract int C1 { get; }
    static abstract int C2 { get; }
    static abstract int C3 { get; }
    static abstract int C4 { get; }
    static abstract int C5 { get; }
    static abstract int C6 { get; }
    static abstract int C7 { get; }
    static abstract byte M0 { get; }
    static abstract byte M1 { get; }
    static abstract byte M2 { get; }
    static abstract byte M3 { get; }
    static abstract byte M4 { get; }
    static abstract byte M5 { get; }
    static abstract byte M6 { get; }
    static abstract byte M7 { get; }
}
