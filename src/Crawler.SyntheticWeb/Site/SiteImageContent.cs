using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Crawler.SyntheticWeb;

/// <summary>
/// The bytes of one image, computed rather than stored: a real header for its format (magic number and
/// plausible dimensions), deterministic filler from the site's seed, and the format's trailer. Any range can be
/// made without making what comes before it, so a 64 MiB image costs no memory.
/// </summary>
public sealed class SiteImageContent
{
    private const ulong Golden = 0x9E3779B97F4A7C15;
    private readonly ulong _stream;
    private readonly byte[] _header;
    private readonly byte[] _trailer;
    private readonly Lazy<string> _sha256;

    internal SiteImageContent(string key, SiteImageFormat format, long length, int seed)
    {
        Key = key;
        Format = format;
        var random = new SiteRandom(seed, 0x1A6E, StableHash(key));
        _stream = random.NextUInt64();
        var width = 64 + random.Next(1_000);
        var height = 64 + random.Next(1_000);
        (_header, _trailer) = Frame(format, width, height, Math.Max(length, 64));
        Length = Math.Max(length, _header.Length + _trailer.Length + 16);
        // The RIFF sizes of a WebP depend on the final length; make the frame again now that it is known.
        (_header, _trailer) = Frame(format, width, height, Length);
        ETag = $"\"img-{(uint)seed:x8}-{key}-{Length.ToString(CultureInfo.InvariantCulture)}\"";
        _sha256 = new(ComputeSha256);
    }

    /// <summary>What distinguishes this content: the image id ("7"), or "liar", "huge", "cut".</summary>
    public string Key { get; }

    /// <summary>The format the bytes really are (whatever Content-Type it is served with).</summary>
    public SiteImageFormat Format { get; }

    public long Length { get; }

    /// <summary>Strong ETag, quoted, as sent.</summary>
    public string ETag { get; }

    /// <summary>Lower-case hex SHA-256 of the exact bytes served; computed once, on first use.</summary>
    public string Sha256 => _sha256.Value;

    /// <summary>The bytes from <paramref name="offset"/> on, as many as <paramref name="destination"/> holds.</summary>
    public void Fill(long offset, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset + destination.Length, Length, nameof(destination));
        var position = offset;
        var i = 0;
        while (i < destination.Length)
        {
            var value = SiteRandom.Mix(_stream + ((ulong)position >> 3) * Golden);
            var inBlock = (int)(position & 7);
            if (inBlock == 0 && destination.Length - i >= 8)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(destination[i..], value);
                i += 8;
                position += 8;
            }
            else
            {
                destination[i++] = (byte)(value >> (8 * inBlock));
                position++;
            }
        }

        Overlay(_header, 0, offset, destination);
        Overlay(_trailer, Length - _trailer.Length, offset, destination);
    }

    /// <summary>All the bytes (mind the size of the huge image).</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[checked((int)Length)];
        Fill(0, bytes);
        return bytes;
    }

    /// <summary>Writes bytes [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>).</summary>
    public async Task WriteAsync(Stream stream, long start, long count, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (count > 0)
            {
                var chunk = (int)Math.Min(count, 64 * 1024);
                Fill(start, buffer.AsSpan(0, chunk));
                await stream.WriteAsync(buffer.AsMemory(0, chunk), cancellationToken);
                start += chunk;
                count -= chunk;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public override string ToString() => $"{Key}.{Format.Extension()} ({Length} bytes)";

    private string ComputeSha256()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            for (long offset = 0; offset < Length; offset += 1 << 20)
            {
                var chunk = (int)Math.Min(1 << 20, Length - offset);
                Fill(offset, buffer.AsSpan(0, chunk));
                hash.AppendData(buffer, 0, chunk);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void Overlay(byte[] bytes, long at, long offset, Span<byte> destination)
    {
        var start = Math.Max(at, offset);
        var end = Math.Min(at + bytes.Length, offset + destination.Length);
        if (start < end)
        {
            bytes.AsSpan((int)(start - at), (int)(end - start)).CopyTo(destination[(int)(start - offset)..]);
        }
    }

    /// <summary>The bytes before and after the filler, for a file of <paramref name="length"/> bytes.</summary>
    private static (byte[] Header, byte[] Trailer) Frame(SiteImageFormat format, int width, int height, long length)
    {
        switch (format)
        {
            case SiteImageFormat.Png:
            {
                // Signature, IHDR (8-bit RGB), then an IDAT chunk that holds the filler, and IEND.
                var header = new byte[8 + 25 + 8];
                new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(header, 0);
                BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(8), 13);
                "IHDR"u8.CopyTo(header.AsSpan(12));
                BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(16), (uint)width);
                BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(20), (uint)height);
                header[24] = 8;
                header[25] = 2;
                BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(29), Crc32(header.AsSpan(12, 17)));
                BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(33), (uint)Math.Max(0, length - header.Length - 16));
                "IDAT"u8.CopyTo(header.AsSpan(37));
                byte[] trailer = [0, 0, 0, 0, 0, 0, 0, 0, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82];
                return (header, trailer);
            }

            case SiteImageFormat.Jpeg:
                return ([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, .. "JFIF"u8, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00], [0xFF, 0xD9]);

            case SiteImageFormat.Gif:
            {
                var header = new byte[13];
                "GIF89a"u8.CopyTo(header);
                BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), (ushort)width);
                BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), (ushort)height);
                return (header, [0x3B]);
            }

            case SiteImageFormat.Webp:
            {
                var header = new byte[21];
                "RIFF"u8.CopyTo(header);
                BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), (uint)Math.Max(0, length - 8));
                "WEBPVP8L"u8.CopyTo(header.AsSpan(8));
                BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), (uint)Math.Max(0, length - 20));
                header[20] = 0x2F;
                return (header, []);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(format));
        }
    }

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    private static long StableHash(string key)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return (long)hash;
    }
}
