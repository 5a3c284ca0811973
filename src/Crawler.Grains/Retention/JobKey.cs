namespace Crawler.Grains.Retention;

/// <summary>A job named across kinds, as the retention index keeps it: <c>batch:{id}</c> or <c>prime:{id}</c>.</summary>
public readonly record struct JobKey(bool IsPrimeJob, string Id)
{
    private const string BatchPrefix = "batch:";
    private const string PrimePrefix = "prime:";

    public static JobKey Batch(string id) => new(false, id);

    public static JobKey Prime(string id) => new(true, id);

    public override string ToString() => (IsPrimeJob ? PrimePrefix : BatchPrefix) + Id;

    public static JobKey? Parse(string text) =>
        text.StartsWith(BatchPrefix, StringComparison.Ordinal) ? Batch(text[BatchPrefix.Length..])
        : text.StartsWith(PrimePrefix, StringComparison.Ordinal) ? Prime(text[PrimePrefix.Length..])
        : null;
}
