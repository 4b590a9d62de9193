namespace BreatheBot.TerminalAdapter.Tests;

/// <summary>Issue 12 item 4: the console read never holds up the host's stop.</summary>
public sealed class TerminalStopTests
{
    [Fact]
    public async Task A_read_from_input_that_never_answers_ends_as_soon_as_the_host_stops()
    {
        using var input = new ConsoleLikeReader();
        using var stopping = new CancellationTokenSource();

        var read = TerminalChatService.ReadLineAsync(input, stopping.Token);
        await input.Reading.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(read.IsCompleted);
        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read.WaitAsync(TimeSpan.FromSeconds(5)));
        input.Type(null); // the abandoned read ends with the process; here, with the test
    }

    [Fact]
    public async Task Lines_and_the_end_of_input_come_through_as_before()
    {
        using var input = new ConsoleLikeReader();
        var read = TerminalChatService.ReadLineAsync(input, CancellationToken.None);
        await input.Reading.WaitAsync(TimeSpan.FromSeconds(10));
        input.Type("/headache");
        Assert.Equal("/headache", await read.WaitAsync(TimeSpan.FromSeconds(10)));

        using var ended = new StringReader(string.Empty);
        Assert.Null(await TerminalChatService.ReadLineAsync(ended, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
    }

    /// <summary>Like Console.In: ReadLine blocks, and the async read is the same blocking call (it ignores the token).</summary>
    private sealed class ConsoleLikeReader : TextReader
    {
        private readonly SemaphoreSlim _typed = new(0);
        private readonly TaskCompletionSource _reading = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private string? _line;

        public Task Reading => _reading.Task;

        public void Type(string? line)
        {
            _line = line;
            _typed.Release();
        }

        public override string? ReadLine()
        {
            _reading.TrySetResult();
            _typed.Wait();
            return _line;
        }

        public override ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken) => ValueTask.FromResult(ReadLine());

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _typed.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
