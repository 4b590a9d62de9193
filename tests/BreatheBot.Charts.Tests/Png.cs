using System.Buffers.Binary;
using SkiaSharp;

namespace BreatheBot.Charts.Tests;

/// <summary>Checks on PNG bytes: the file signature, the IHDR chunk's size, and a real decode through SkiaSharp.</summary>
internal static class Png
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Asserts a well-formed PNG header of the given size and returns the decoded bitmap (caller disposes).</summary>
    public static SKBitmap AssertValid(byte[] png, (int Width, int Height) size)
    {
        Assert.NotNull(png);
        Assert.True(png.Length > 33, $"A PNG has at least a signature and an IHDR chunk; got {png.Length} bytes.");
        Assert.Equal(Signature, png[..8]);

        // The first chunk is IHDR: 4-byte length (13), type, then big-endian width and height.
        Assert.Equal(13u, BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(8, 4)));
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        Assert.Equal(size.Width, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        Assert.Equal(size.Height, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));

        // And it ends with IEND.
        Assert.Equal("IEND", System.Text.Encoding.ASCII.GetString(png, png.Length - 8, 4));

        var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        Assert.Equal(size.Width, bitmap.Width);
        Assert.Equal(size.Height, bitmap.Height);
        return bitmap;
    }

    /// <summary>How many pixels are visibly not white (anything drawn: text, marks, axes).</summary>
    public static int InkedPixels(SKBitmap bitmap)
    {
        int inked = 0;
        for (int y = 0; y < bitmap.Height; y += 2)
        {
            for (int x = 0; x < bitmap.Width; x += 2)
            {
                SKColor c = bitmap.GetPixel(x, y);
                if (c.Alpha > 0 && (c.Red < 200 || c.Green < 200 || c.Blue < 200))
                {
                    inked++;
                }
            }
        }

        return inked;
    }

    /// <summary>Whether any pixel in the rectangle is visibly not white.</summary>
    public static bool HasInk(SKBitmap bitmap, SKRectI area)
    {
        for (int y = area.Top; y < area.Bottom; y++)
        {
            for (int x = area.Left; x < area.Right; x++)
            {
                SKColor c = bitmap.GetPixel(x, y);
                if (c.Red < 200 || c.Green < 200 || c.Blue < 200)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
