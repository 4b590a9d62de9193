using System.Globalization;
using System.Net;
using BreatheBot.DiscordAdapter.Model;
using BreatheBot.DiscordAdapter.Rest;
using BreatheBot.DiscordAdapter.Tests.Fakes;

namespace BreatheBot.DiscordAdapter.Tests.Rest;

public sealed class RestClientTests
{
    private static MessagePayload Hello() => DiscordText.Payload("hello", null);

    // Scenario 20
    [Fact(Timeout = 20_000)]
    public async Task Ten_sends_to_one_channel_wait_for_the_bucket_and_never_hit_a_429()
    {
        await using var host = await DiscordTestHost.StartAsync();
        host.Fake.SimulateBucket("chan-bucket", 2, 0.3, ("POST", @"/channels/10/messages"));
        var rest = host.Get<DiscordRestClient>();

        for (var i = 0; i < 10; i++)
        {
            await rest.CreateMessageAsync("10", Hello(), CancellationToken.None);
        }

        Assert.Equal(0, host.Fake.TooManyRequestsCount);
        Assert.Equal(10, host.Fake.RequestsTo("POST", "/channels/10/messages").Count);
    }

    [Fact(Timeout = 20_000)]
    public async Task Sends_to_two_channels_run_in_parallel_because_their_major_parameters_differ()
    {
        await using var host = await DiscordTestHost.StartAsync();
        host.Fake.SimulateBucket("same-hash", 1, 0.6, ("POST", @"/channels/11/messages"));
        host.Fake.SimulateBucket("same-hash", 1, 0.6, ("POST", @"/channels/12/messages"));
        var rest = host.Get<DiscordRestClient>();
        // learn the bucket of each channel first
        await rest.CreateMessageAsync("11", Hello(), CancellationToken.None);
        await rest.CreateMessageAsync("12", Hello(), CancellationToken.None);
        await Task.Delay(700);

        var a = Task.WhenAll(rest.CreateMessageAsync("11", Hello(), CancellationToken.None), rest.CreateMessageAsync("11", Hello(), CancellationToken.None));
        var b = Task.WhenAll(rest.CreateMessageAsync("12", Hello(), CancellationToken.None), rest.CreateMessageAsync("12", Hello(), CancellationToken.None));
        await Task.WhenAll(a, b);

        var toA = host.Fake.RequestsTo("POST", "/channels/11/messages").Skip(1).ToList();
        var toB = host.Fake.RequestsTo("POST", "/channels/12/messages").Skip(1).ToList();
        Assert.True(toB[0].At < toA[1].At, "channel 12 waited behind channel 11's bucket");
        Assert.True(toA[0].At < toB[1].At, "channel 11 waited behind channel 12's bucket");
        Assert.Equal(0, host.Fake.TooManyRequestsCount);
    }

    // Scenario 21
    [Fact(Timeout = 20_000)]
    public async Task Routes_that_report_the_same_bucket_hash_share_one_queue()
    {
        await using var host = await DiscordTestHost.StartAsync();
        host.Fake.SimulateBucket("shared-hash", 2, 0.4, ("POST", @"/channels/20/messages"), ("PATCH", @"/channels/20/messages/\d+"));
        var rest = host.Get<DiscordRestClient>();
        var created = await rest.CreateMessageAsync("20", Hello(), CancellationToken.None);
        await rest.EditMessageAsync("20", created.Id, Hello(), CancellationToken.None);
        Assert.Equal(0, host.Fake.TooManyRequestsCount);

        var work = new List<Task>();
        for (var i = 0; i < 4; i++)
        {
            work.Add(rest.CreateMessageAsync("20", Hello(), CancellationToken.None));
            work.Add(rest.EditMessageAsync("20", created.Id, Hello(), CancellationToken.None));
        }

        await Task.WhenAll(work);
        Assert.Equal(0, host.Fake.TooManyRequestsCount);
    }

    // Scenario 22
    [Fact(Timeout = 15_000)]
    public async Task A_user_429_waits_retry_after_then_succeeds()
    {
        await using var host = await DiscordTestHost.StartAsync();
        host.Fake.Script("POST", "/channels/30/messages", ScriptedResponse.RateLimited(0.2));
        var rest = host.Get<DiscordRestClient>();
        var message = await rest.CreateMessageAsync("30", Hello(), CancellationToken.None);
        Assert.NotNull(message);
        var calls = host.Fake.RequestsTo("POST", "/channels/30/messages");
        Assert.Equal([429, 200], calls.Select(c => c.Status));
        Assert.True((calls[1].At - calls[0].At).TotalMilliseconds >= 180, "retried before retry_after");
        Assert.Equal(1, rest.InvalidRequestCount);
    }

    [Fact(Timeout = 15_000)]
    public async Task A_global_429_pauses_other_routes_too()
    {
        await using var host = await DiscordTestHost.StartAsync();
        host.Fake.Script("POST", "/channels/31/messages", ScriptedResponse.RateLimited(0.5, global: true, remaining: null));
        var rest = host.Get<DiscordRestClient>();
        var first = rest.CreateMessageAsync("31", Hello(), CancellationToken.None);
        // once the client has read the 429 (not merely once the fake sent it: on a busy box the other route could
        // otherwise leave before the answer is read), every other route waits too
        await FakeDiscord.WaitForAsync(() => rest.Limiter.GlobalPauseUntil > DateTimeOffset.UtcNow, "the client to read the global 429");
        await rest.CreateMessageAsync("32", Hello(), CancellationToken.None);
        await first;

        var limited = host.Fake.RequestsTo("POST", "/channels/31/messages")[0];
        var other = Assert.Single(host.Fake.RequestsTo("POST", "/channels/32/messages"));
        Assert.True((other.At - limited.At).TotalMilliseconds >= 450, "another route went out during the global pause");
    }

    [Fact(Timeout = 15_000)]
    public async Task A_shared_scope_429_pauses_only_that_request_and_is_not_counted_as_invalid()
    {
        await using var host = await DiscordTestHost.StartAsync();
        host.Fake.Script("POST", "/channels/33/messages", ScriptedResponse.RateLimited(0.3, scope: "shared", remaining: 4));
        var rest = host.Get<DiscordRestClient>();
        await rest.CreateMessageAsync("33", Hello(), CancellationToken.None);
        Assert.Equal(0, rest.InvalidRequestCount);

        // The bucket kept its budget (remaining 4): the next request goes straight out.
        var bucket = rest.Limiter.GetBucket(RestRoute.CreateMessage("33"));
        Assert.Equal(TimeSpan.Zero, bucket.WaitNeeded(DateTimeOffset.UtcNow, TimeSpan.Zero));
        Assert.Equal([429, 200], host.Fake.RequestsTo("POST", "/channels/33/messages").Select(c => c.Status));
    }

    [Fact(Timeout = 8_000)]
    public async Task Reset_after_is_parsed_with_the_invariant_culture_under_a_comma_decimal_locale()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            Assert.Equal(TimeSpan.FromMilliseconds(250), RestRateLimiter.ParseSeconds("0.25"));
            Assert.Equal(TimeSpan.FromSeconds(1.5), RestRateLimiter.ParseSeconds("1.500"));

            await using var host = await DiscordTestHost.StartAsync();
            host.Fake.SimulateBucket("de", 1, 0.25, ("POST", "/channels/34/messages"));
            var rest = host.Get<DiscordRestClient>();
            await rest.CreateMessageAsync("34", Hello(), CancellationToken.None);
            await rest.CreateMessageAsync("34", Hello(), CancellationToken.None); // would wait 250 s if "0.25" were read as 25
            Assert.Equal(0, host.Fake.TooManyRequestsCount);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    // Scenario 23
    [Fact(Timeout = 10_000)]
    public async Task An_html_429_without_headers_pauses_all_rest_and_alerts_without_retrying()
    {
        await using var host = await DiscordTestHost.StartAsync();
        host.Fake.Script("POST", "/channels/40/messages", new ScriptedResponse(429, "<html>Error 1015</html>", null, "text/html"));
        var rest = host.Get<DiscordRestClient>();
        await Assert.ThrowsAsync<DiscordRestPausedException>(() => rest.CreateMessageAsync("40", Hello(), CancellationToken.None));
        await Assert.ThrowsAsync<DiscordRestPausedException>(() => rest.CreateMessageAsync("41", Hello(), CancellationToken.None));
        Assert.Single(host.Fake.Requests, r => r.Path.StartsWith("/channels/", StringComparison.Ordinal));
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Level == Microsoft.Extensions.Logging.LogLevel.Critical && r.Id.Id == 3205);
    }

    [Fact(Timeout = 10_000)]
    public async Task A_ban_body_with_code_zero_pauses_all_rest_without_retrying()
    {
        await using var host = await DiscordTestHost.StartAsync();
        host.Fake.Script("POST", "/channels/42/messages", new ScriptedResponse(429,
            """{"code":0,"message":"You are being blocked from accessing our API temporarily due to exceeding our rate limits frequently."}""",
            new Dictionary<string, string> { ["Via"] = "1.1 google" }));
        var rest = host.Get<DiscordRestClient>();
        await Assert.ThrowsAsync<DiscordRestPausedException>(() => rest.CreateMessageAsync("42", Hello(), CancellationToken.None));
        Assert.True(rest.IsPaused);
        Assert.Single(host.Fake.RequestsTo("POST", "/channels/42/messages"));
    }

    // Scenario 24
    [Fact(Timeout = 10_000)]
    public async Task A_401_stops_the_rest_client_and_the_gateway()
    {
        await using var host = await DiscordTestHost.StartAsync();
        host.Fake.Script("POST", "/channels/50/messages", new ScriptedResponse(401, """{"code":0,"message":"401: Unauthorized"}""", new Dictionary<string, string> { ["Via"] = "1.1 google" }));
        var run = host.RunGateway();
        await host.WaitReadyAsync();
        var rest = host.Get<DiscordRestClient>();

        await Assert.ThrowsAsync<DiscordUnauthorizedException>(() => rest.CreateMessageAsync("50", Hello(), CancellationToken.None));
        var exit = await run.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(exit.Fatal);
        Assert.Contains("401", exit.Reason, StringComparison.Ordinal);

        await Assert.ThrowsAsync<DiscordUnauthorizedException>(() => rest.CreateMessageAsync("51", Hello(), CancellationToken.None));
        Assert.Empty(host.Fake.RequestsTo("POST", "/channels/51/messages"));
        await Task.Delay(300);
        Assert.Equal(1, host.Fake.ConnectionCount);
    }

    [Fact(Timeout = 10_000)]
    public async Task Server_errors_are_retried_a_bounded_number_of_times()
    {
        await using var host = await DiscordTestHost.StartAsync();
        host.Fake.Script("POST", "/channels/60/messages", new ScriptedResponse(500, "{}"), new ScriptedResponse(502, "{}"));
        host.Fake.Script("POST", "/channels/61/messages", Enumerable.Repeat(new ScriptedResponse(500, """{"code":0,"message":"oops"}"""), 10).ToArray());
        var rest = host.Get<DiscordRestClient>();

        await rest.CreateMessageAsync("60", Hello(), CancellationToken.None);
        Assert.Equal([500, 502, 200], host.Fake.RequestsTo("POST", "/channels/60/messages").Select(r => r.Status));

        var error = await Assert.ThrowsAsync<DiscordApiException>(() => rest.CreateMessageAsync("61", Hello(), CancellationToken.None));
        Assert.Equal(HttpStatusCode.InternalServerError, error.Status);
        Assert.Equal(4, host.Fake.RequestsTo("POST", "/channels/61/messages").Count); // 1 + 3 retries
    }

    [Theory(Timeout = 10_000)]
    [InlineData(400)]
    [InlineData(403)]
    [InlineData(404)]
    public async Task Client_errors_are_not_retried(int status)
    {
        await using var host = await DiscordTestHost.StartAsync();
        host.Fake.Script("POST", "/channels/62/messages", new ScriptedResponse(status, """{"code":50013,"message":"Missing Permissions"}"""));
        var rest = host.Get<DiscordRestClient>();
        var error = await Assert.ThrowsAsync<DiscordApiException>(() => rest.CreateMessageAsync("62", Hello(), CancellationToken.None));
        Assert.Equal(status, (int)error.Status);
        Assert.Equal(50013, error.Code);
        Assert.Single(host.Fake.RequestsTo("POST", "/channels/62/messages"));
        Assert.False(host.Get<DiscordKillSwitch>().IsTripped);
    }

    [Fact(Timeout = 10_000)]
    public async Task Interaction_callbacks_and_webhook_routes_carry_no_bot_token_and_an_expired_token_does_not_stop_the_bot()
    {
        await using var host = await DiscordTestHost.StartAsync();
        host.Fake.Script("PATCH", @"/webhooks/100/itok-expired/messages/@original",
            new ScriptedResponse(401, """{"code":50027,"message":"Invalid Webhook Token"}""", new Dictionary<string, string> { ["Via"] = "1.1 google" }));
        var rest = host.Get<DiscordRestClient>();
        await rest.CreateInteractionResponseAsync("777", "itok-1", new InteractionResponse { Type = 5 }, CancellationToken.None);
        await Assert.ThrowsAsync<DiscordApiException>(() => rest.EditOriginalResponseAsync("itok-expired", Hello(), CancellationToken.None));

        var callback = Assert.Single(host.Fake.RequestsTo("POST", @"/interactions/777/itok-1/callback"));
        Assert.False(callback.Headers.ContainsKey("Authorization"));
        Assert.StartsWith("DiscordBot (", callback.Headers["User-Agent"], StringComparison.Ordinal);
        Assert.False(host.Get<DiscordKillSwitch>().IsTripped);
        // Log lines name the route template, never the token (checked again on dispose for every test).
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Message.Contains("/webhooks/:application_id/:token/messages/@original", StringComparison.Ordinal));
    }
}

public sealed class InvalidRequestCounterTests
{
    [Fact(Timeout = 10_000)]
    public async Task Many_401_403_429_answers_warn_then_pause_rest_locally_before_discord_bans_the_ip()
    {
        await using var host = await DiscordTestHost.StartAsync(c =>
        {
            c["Discord:InvalidRequestWarnThreshold"] = "2";
            c["Discord:InvalidRequestFailThreshold"] = "4";
        });
        host.Fake.Script("POST", "/channels/70/messages", Enumerable.Repeat(new ScriptedResponse(403, """{"code":50013,"message":"Missing Permissions"}"""), 10).ToArray());
        var rest = host.Get<DiscordRestClient>();
        for (var i = 0; i < 4; i++)
        {
            await Assert.ThrowsAsync<DiscordApiException>(() => rest.CreateMessageAsync("70", DiscordText.Payload("x", null), CancellationToken.None));
        }

        Assert.Contains(host.Logs.GetSnapshot(), r => r.Id.Id == 3206);
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Id.Id == 3207);
        Assert.True(rest.IsPaused);
        await Assert.ThrowsAsync<DiscordRestPausedException>(() => rest.CreateMessageAsync("71", DiscordText.Payload("x", null), CancellationToken.None));
        Assert.Equal(4, host.Fake.RequestsTo("POST", "/channels/70/messages").Count);
        Assert.Empty(host.Fake.RequestsTo("POST", "/channels/71/messages"));
    }
}
