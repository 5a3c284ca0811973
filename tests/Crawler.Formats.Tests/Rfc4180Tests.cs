namespace Crawler.Formats.Tests;

/// <summary>The CSV tests are only as good as their parser, so it is tested first.</summary>
public sealed class Rfc4180Tests
{
    [Fact]
    public void Reads_quoted_fields_with_commas_quotes_and_line_breaks()
    {
        var records = Rfc4180.Parse("a,b,c\r\n\"x,y\",\"say \"\"hi\"\"\",\"two\r\nlines\"\r\n,,\r\n");

        Assert.Equal(3, records.Count);
        Assert.Equal(["a", "b", "c"], records[0]);
        Assert.Equal(["x,y", "say \"hi\"", "two\r\nlines"], records[1]);
        Assert.Equal(["", "", ""], records[2]);
    }

    [Fact]
    public void The_last_record_may_end_the_text()
    {
        Assert.Equal([["a", "b"], ["c", ""]], Rfc4180.Parse("a,b\r\nc,"));
    }

    [Theory]
    [InlineData("a\"b,c\r\n")]
    [InlineData("\"a\"b,c\r\n")]
    [InlineData("\"open,c\r\n")]
    [InlineData("a,b\nc,d\r\n")]
    [InlineData("a,b\rc,d")]
    public void Refuses_what_RFC_4180_does_not_allow(string text)
    {
        Assert.Throws<FormatException>(() => Rfc4180.Parse(text));
    }
}
