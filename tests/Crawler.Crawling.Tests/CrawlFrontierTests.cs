using Crawler.Probing;

namespace Crawler.Crawling.Tests;

public sealed class CrawlFrontierTests
{
    private static UInt128 Key(string url) => UrlTriage.KeyOf(NormalizedUrl.From(new Uri(url)));

    [Fact]
    public void A_url_is_new_once_and_known_from_the_moment_it_is_offered()
    {
        var frontier = new CrawlFrontier();

        Assert.Equal((Admission.New, CrawlFrontier.Unplaced), frontier.Offer(Key("http://a.test/x"), 2));
        Assert.Equal(Admission.No, frontier.Offer(Key("http://a.test/x"), 2).Admission);
        Assert.Equal(Admission.No, frontier.Offer(Key("http://a.test/x"), 1).Admission); // not stored yet: no index to go back to
        Assert.Equal(1, frontier.Pages);
    }

    [Fact]
    public void A_stored_url_found_nearer_a_seed_is_offered_again_with_its_index_and_only_nearer()
    {
        var frontier = new CrawlFrontier();
        frontier.Offer(Key("http://a.test/x"), 3);
        frontier.Place(Key("http://a.test/x"), 17);

        Assert.Equal((Admission.No, 17), frontier.Offer(Key("http://a.test/x"), 3));
        Assert.Equal((Admission.Nearer, 17), frontier.Offer(Key("http://a.test/x"), 1));
        Assert.Equal(Admission.No, frontier.Offer(Key("http://a.test/x"), 2).Admission); // 1 is the depth now
    }

    [Fact]
    public void An_admission_let_go_can_be_admitted_again()
    {
        var frontier = new CrawlFrontier();
        frontier.Offer(Key("http://a.test/x"), 1);

        frontier.Place(Key("http://a.test/x"), CrawlFrontier.Unplaced);

        Assert.Equal(0, frontier.Pages);
        Assert.Equal(Admission.New, frontier.Offer(Key("http://a.test/x"), 1).Admission);
    }

    [Fact]
    public void Remembered_urls_keep_the_nearer_depth_and_their_index()
    {
        var frontier = new CrawlFrontier();
        frontier.Remember(Key("http://a.test/seed"), 0, 0);
        frontier.Remember(Key("http://a.test/landed"), 4, 9);
        frontier.Remember(Key("http://a.test/landed"), 2, 12);
        frontier.Remember(Key("http://a.test/landed"), 5, 13);

        Assert.Equal(Admission.No, frontier.Offer(Key("http://a.test/seed"), 1).Admission);
        Assert.Equal((Admission.Nearer, 9), frontier.Offer(Key("http://a.test/landed"), 1));
    }

    [Fact]
    public void Images_are_admitted_once_apart_from_pages()
    {
        var frontier = new CrawlFrontier();

        Assert.True(frontier.AdmitAsset(Key("http://a.test/i.png")));
        Assert.False(frontier.AdmitAsset(Key("http://a.test/i.png")));
        Assert.Equal(Admission.New, frontier.Offer(Key("http://a.test/i.png"), 1).Admission);

        frontier.Clear();
        Assert.True(frontier.AdmitAsset(Key("http://a.test/i.png")));
        Assert.Equal(0, frontier.Pages);
    }
}
