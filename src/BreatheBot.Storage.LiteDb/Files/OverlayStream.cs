namespace BreatheBot.Storage.LiteDb.Files;

/// <summary>
/// A file opened read-only, with every write kept in memory instead: LiteDB can open, replay its log into and
/// checkpoint a diary through it while the file on disk stays byte for byte as it was. A write or length beyond
/// <see cref="MaxLength"/> fails at once (<see cref="TooLongException"/>), so a damaged log that names a page terabytes
/// away costs nothing.
/// </summary>
internal sealed class OverlayStream : Stream
{
    private const int Block = 8192;
    private readonly FileStream? _file;
    private readonly long _fileLength;
    private readonly Dictionary<long, byte[]> _written = [];
    private long _length;
    private long _position;

    /// <param name="path">The file to read, or a path that does not exist (an empty start).</param>
    /// <param name="maxLength">The most the stream may grow to.</param>
    public OverlayStream(string path, long maxLength)
    {
        if (File.Exists(path))
        {
            _file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.RandomAccess);
            _fileLength = _file.Length;
        }

        _length = _fileLength;
        MaxLength = maxLength;
    }

    public long MaxLength { get; }

    /// <summary>The highest length the stream was asked to take.</summary>
    public long HighestLengthAsked { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => true;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => _position = value;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        _position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => _length + offset,
        };
        return _position;
    }

    public override void SetLength(long value)
    {
        Grow(value);
        _length = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Max(0, Math.Min(buffer.Length, _length - _position));
        var done = 0;
        while (done < count)
        {
            var at = _position + done;
            var block = at / Block;
            var inBlock = (int)(at % Block);
            var take = Math.Min(count - done, Block - inBlock);
            var target = buffer.Slice(done, take);
            if (_written.TryGetValue(block, out var page))
            {
                page.AsSpan(inBlock, take).CopyTo(target);
            }
            else
            {
                ReadFile(at, target);
            }

            done += take;
        }

        _position += count;
        return count;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Grow(_position + buffer.Length);
        var done = 0;
        while (done < buffer.Length)
        {
            var at = _position + done;
            var block = at / Block;
            var inBlock = (int)(at % Block);
            var take = Math.Min(buffer.Length - done, Block - inBlock);
            if (!_written.TryGetValue(block, out var page))
            {
                page = new byte[Block];
                ReadFile(block * Block, page.AsSpan(0, (int)Math.Max(0, Math.Min(Block, _length - (block * Block)))));
                _written[block] = page;
            }

            buffer.Slice(done, take).CopyTo(page.AsSpan(inBlock, take));
            done += take;
        }

        _position += buffer.Length;
        _length = Math.Max(_length, _position);
    }

    private void Grow(long length)
    {
        HighestLengthAsked = Math.Max(HighestLengthAsked, length);
        if (length > MaxLength)
        {
            throw new TooLongException(length);
        }
    }

    private void ReadFile(long at, Span<byte> target)
    {
        target.Clear();
        if (_file is null || at >= _fileLength)
        {
            return;
        }

        _file.Position = at;
        var wanted = target[..(int)Math.Min(target.Length, _fileLength - at)];
        _file.ReadAtLeast(wanted, wanted.Length, throwOnEndOfStream: false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file?.Dispose();
            _written.Clear();
        }

        base.Dispose(disposing);
    }

    /// <summary>LiteDB tried to make the file longer than its pages can account for.</summary>
    internal sealed class TooLongException(long length)
        : IOException($"the file would have grown to {length:N0} bytes")
    {
        public long Length { get; } = length;
    }
}
