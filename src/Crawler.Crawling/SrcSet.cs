namespace Crawler.Crawling;

/// <summary>
/// The URLs of a <c>srcset</c> attribute, split as the HTML standard does: a candidate's URL runs to the next
/// whitespace (so it may hold commas), a trailing comma ends it, and its descriptors run to the next comma
/// outside parentheses.
/// </summary>
public static class SrcSet
{
    public static IReadOnlyList<string> Urls(string srcset)
    {
        var urls = new List<string>();
        var text = srcset.AsSpan();
        var i = 0;
        while (true)
        {
            while (i < text.Length && (IsSpace(text[i]) || text[i] == ','))
            {
                i++;
            }

            if (i >= text.Length)
            {
                return urls;
            }

            var start = i;
            while (i < text.Length && !IsSpace(text[i]))
            {
                i++;
            }

            var url = text[start..i];
            var endsCandidate = url.EndsWith(',');
            url = url.TrimEnd(',');
            if (!url.IsEmpty)
            {
                urls.Add(url.ToString());
            }

            if (!endsCandidate)
            {
                i = SkipDescriptors(text, i);
            }
        }
    }

    private static int SkipDescriptors(ReadOnlySpan<char> text, int i)
    {
        var inParentheses = false;
        for (; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    inParentheses = true;
                    break;
                case ')':
                    inParentheses = false;
                    break;
                case ',' when !inParentheses:
                    return i + 1;
            }
        }

        return i;
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\f' or '\r';
}
