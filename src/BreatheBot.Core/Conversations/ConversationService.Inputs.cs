using BreatheBot.Core.Content;
using BreatheBot.Core.Episodes;
using BreatheBot.Core.Insights;
using BreatheBot.Core.Messaging;
using BreatheBot.Core.Storage;

namespace BreatheBot.Core.Conversations;

/// <summary>What a turn needs besides its state: the lookups before the engine runs, and files rendered after.</summary>
public sealed partial class ConversationService
{
    /// <summary>What the engine needs looked up for this turn: whose diary it is, the diary itself, link codes.</summary>
    private async Task<TurnInputs> LookUpAsync(StoredConversation stored, InboundEvent inbound, CancellationToken cancellationToken)
    {
        var key = inbound.Key;
        if (key.IsChannel)
        {
            return new TurnInputs { PersonKey = key.UserKey };
        }

        var suffix = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));

        var person = await _store.ResolvePersonAsync(key.UserKey, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<Episode>? diary = null;
        IReadOnlyList<DayRecord>? days = null;
        if (_episodes is not null && ConversationEngine.NeedsDiary(stored.State, inbound))
        {
            diary = await _episodes.ListByUserAsync(person, 0, int.MaxValue, cancellationToken).ConfigureAwait(false);
            days = await _episodes.ListDaysAsync(person, cancellationToken).ConfigureAwait(false);
        }

        var typed = ConversationEngine.TypedLinkCode(inbound);
        return new TurnInputs
        {
            PersonKey = person,
            Diary = diary,
            Days = days,
            NewLinkCode = ConversationEngine.LinkCodeRequested(inbound) ? NewLinkCode() : null,
            TypedLinkCode = typed is null ? null : await _store.FindLinkCodeAsync(typed, cancellationToken).ConfigureAwait(false),
            EpisodeIdSuffix = suffix,
        };
    }

    /// <summary>Eight characters from an alphabet without look-alikes (no 0/O, 1/I/L): about 40 bits, valid for minutes, used once.</summary>
    private static string NewLinkCode() => System.Security.Cryptography.RandomNumberGenerator.GetString("23456789ABCDEFGHJKMNPQRSTUVWXYZ", 8);

    /// <summary>
    /// Charts become PNG files and reports PDF files here, so adapters only ever see files. Without a chart renderer,
    /// charts are left out; without a report renderer, the person is told the report can't be made.
    /// </summary>
    private IReadOnlyList<Reply> RenderFiles(IReadOnlyList<Reply> replies)
    {
        if (!replies.Any(r => r is ChartReply or ReportReply))
        {
            return replies;
        }

        var rendered = new List<Reply>(replies.Count);
        foreach (var reply in replies)
        {
            switch (reply)
            {
                case ChartReply chart:
                    if (_charts is not null)
                    {
                        rendered.Add(new FileReply(chart.Key, chart.FileName, "image/png", _charts.RenderPng(chart.Chart), chart.Caption));
                    }

                    break;
                case ReportReply report:
                    rendered.Add(_reports is null
                        ? new TextReply(report.Key + ".unavailable", ReportWording.Unavailable)
                        : new FileReply(report.Key, report.FileName, "application/pdf", _reports.RenderPdf(report.Report), report.Caption));
                    break;
                default:
                    rendered.Add(reply);
                    break;
            }
        }

        return rendered;
    }
}
