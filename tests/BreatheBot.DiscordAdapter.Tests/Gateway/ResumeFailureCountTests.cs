using BreatheBot.DiscordAdapter.Tests.Fakes;

namespace BreatheBot.DiscordAdapter.Tests.Gateway;

public sealed class ResumeFailureCountTests
{
    [Fact(Timeout = 20_000)]
    public async Task A_fresh_identify_resets_the_count_of_failed_resumes()
    {
        await using var host = await DiscordTestHost.StartAsync();
        var resumeConnections = 0;
        host.Fake.OnConnect = c =>
        {
            if (c.Path == "/gw-resume")
            {
                var n = Interlocked.Increment(ref resumeConnections);
                host.Fake.RejectResumes = n == 2; // the second resume is told the session is gone (op 9 false)
                if (n is 1 or 3)
                {
                    c.SkipHello = true;
                    c.Abort(); // 1006-style failure
                }
            }

            return Task.CompletedTask;
        };
        var run = host.RunGateway();
        await host.WaitReadyAsync();

        host.Fake.Abort(); // resume 1 drops, resume 2 is refused: two failures, then a fresh Identify and READY
        await FakeDiscord.WaitForAsync(() => host.Fake.IdentifyCount == 2, "the fresh identify");
        await host.WaitReadyAsync(connections: 4);

        host.Fake.Abort(); // one failed resume after READY is one failure, not the third in a row
        await host.WaitReadyAsync(connections: 6);

        Assert.Equal(2, host.Fake.IdentifyCount);
        Assert.Equal("/gw-resume", host.Fake.Connections[5].Path);
        Assert.Contains("RESUMED", run.Types);
        await run.StopAsync();
    }
}
