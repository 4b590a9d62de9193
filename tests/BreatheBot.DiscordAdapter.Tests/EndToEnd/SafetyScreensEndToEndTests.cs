using BreatheBot.Core.Episodes;
using BreatheBot.Core.Storage;
using BreatheBot.DiscordAdapter.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace BreatheBot.DiscordAdapter.Tests.EndToEnd;

/// <summary>
/// The v2 warning-sign screens in a Discord DM, end to end against the fake Discord: bullets, None / Yes / Not sure
/// buttons, a typed bare number re-asked, typed words, "Have you got help?" after an emergency, /breathe's purpose and
/// breath-hold questions, and the child route.
/// </summary>
[Collection(TimingCollection.Name)]
public sealed class SafetyScreensEndToEndTests
{
    private const string DmChannel = "300";
    private const string User = "42";

    private static string Since(RealHost host, int before) =>
        string.Join("\n", host.Transcript().Split('\n').Skip(before));

    private static int Lines(RealHost host) => host.Transcript().Split('\n').Length;

    private static async Task<string> TypeAndReadAsync(RealHost host, string text)
    {
        var before = Lines(host);
        await host.TypeAsync(text, DmChannel, User);
        await host.SettleAsync();
        return Since(host, before);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_screens_show_bullets_and_word_buttons_and_a_typed_number_never_clears_them()
    {
        await using var host = await RealHost.StartAsync();
        await host.CommandAsync("headache", DmChannel, User);
        await host.SettleAsync();
        Assert.Contains("• Did it start suddenly", host.Transcript(), StringComparison.Ordinal);
        Assert.Equal(["None of these", "Yes, one or more", "Not sure", "It's for my child"], host.LatestButtons().Buttons.Select(b => b.Label));

        foreach (var number in new[] { "1", "3" })
        {
            Assert.Contains("please tap a button, or type yes, no or not sure", await TypeAndReadAsync(host, number), StringComparison.Ordinal);
            Assert.Contains("It's for my child", host.LatestButtons().Buttons.Select(b => b.Label));
        }

        Assert.Contains("And do any of these apply?", await TypeAndReadAsync(host, "no"), StringComparison.Ordinal);
        Assert.Contains("please tap a button, or type yes, no or not sure", await TypeAndReadAsync(host, "1"), StringComparison.Ordinal);
        var sameDay = await TypeAndReadAsync(host, "yes");
        Assert.Contains("Please speak to a doctor today", sameDay, StringComparison.Ordinal);
        Assert.Contains("midwife, maternity unit or GP now", sameDay, StringComparison.Ordinal);

        var episodes = await host.Host.Services.GetRequiredService<IEpisodeStore>().ListByUserAsync("discord:" + User, 0, 10, default);
        Assert.Equal(RedFlagTier.SameDay, Assert.Single(episodes).RedFlagTier);
    }

    [Fact(Timeout = 60_000)]
    public async Task After_an_emergency_breathe_asks_have_you_got_help_then_asks_why_and_practice_asks_about_holds()
    {
        await using var host = await RealHost.StartAsync();
        await host.CommandAsync("headache", DmChannel, User);
        await host.SettleAsync();
        var advice = await TypeAndReadAsync(host, "not sure");
        Assert.Contains("Please speak to a doctor today", advice, StringComparison.Ordinal);

        await host.CommandAsync("headache", DmChannel, User);
        await host.PressLabelAsync("Yes, one or more", DmChannel, User);
        await host.SettleAsync();
        Assert.Contains("Don't drive yourself. Go even if it starts to ease.", host.Transcript(), StringComparison.Ordinal);

        var before = Lines(host);
        await host.CommandAsync("breathe", DmChannel, User);
        await host.SettleAsync();
        Assert.Contains("Have you got help?", Since(host, before), StringComparison.Ordinal);
        Assert.Equal(["Yes, help is on its way / I've been seen", "Not yet"], host.LatestButtons().Buttons.Select(b => b.Label));
        Assert.Contains("please tap a button, or type yes or no", await TypeAndReadAsync(host, "1"), StringComparison.Ordinal);

        await host.PressLabelAsync("Yes, help is on its way / I've been seen", DmChannel, User);
        await host.SettleAsync();
        Assert.Equal(["A headache now", "To practise"], host.LatestButtons().Buttons.Select(b => b.Label));
        await host.PressLabelAsync("To practise", DmChannel, User);
        await host.SettleAsync();
        Assert.Contains("heart or lung condition or panic attacks", host.Transcript(), StringComparison.Ordinal);
        Assert.Contains("please tap a button, or type yes or no", await TypeAndReadAsync(host, "1"), StringComparison.Ordinal);
        await TypeAndReadAsync(host, "no");
        Assert.Contains("Box", string.Join(",", host.LatestButtons().Buttons.Select(b => b.Label)), StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task It_is_for_my_child_gets_the_child_message_and_nothing_else()
    {
        await using var host = await RealHost.StartAsync();
        await host.CommandAsync("headache", DmChannel, User);
        await host.PressLabelAsync("It's for my child", DmChannel, User);
        await host.SettleAsync();
        Assert.Contains("For a child's headache, please speak to a doctor", host.Transcript(), StringComparison.Ordinal);
        Assert.Contains("For a child's headache", await TypeAndReadAsync(host, "my kid has a headache"), StringComparison.Ordinal);
    }
}
