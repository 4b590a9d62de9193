using BreatheBot.Storage.LiteDb;
using BreatheBot.Storage.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BreatheBot.Host.CopyDiary;

/// <summary>
/// <c>BreatheBot copy-diary --to-postgres "&lt;connection string&gt;" [--into-non-empty] [settings…]</c>: copies the
/// LiteDB diary the settings point at (<c>Data:Directory</c>, <c>Storage:Path</c>, <c>Storage:Password</c>) into a
/// PostgreSQL database, migrating its schema first, then reads everything back and verifies it: rows per collection
/// and a checksum per person. Exit codes: 0 copied and verified; 1 copied but a check failed (each difference is
/// printed); 2 nothing copied (a bad setting, a damaged or busy diary file — refused untouched — an unreachable server, or a
/// target that already holds rows and <c>--into-non-empty</c> was not given). The bot must not be running on the file
/// (its lock refuses a second opener).
/// </summary>
internal static class CopyDiaryCommand
{
    public const string Name = "copy-diary";

    private const string ToPostgres = "--to-postgres";
    private const string IntoNonEmpty = "--into-non-empty";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!TryParse(args, out var connectionString, out var intoNonEmpty, out var settings, out var usage))
        {
            await error.WriteLineAsync($"BreatheBot could not copy the diary: {usage}").ConfigureAwait(false);
            return 2;
        }

        try
        {
            var options = new PostgreSqlOptions { ConnectionString = connectionString };
            if (!new NpgsqlConnectionStringAttribute().IsValid(connectionString))
            {
                await error.WriteLineAsync($"BreatheBot could not copy the diary: {new NpgsqlConnectionStringAttribute().FormatErrorMessage(ToPostgres)}").ConfigureAwait(false);
                return 2;
            }

            // the host's own composition, always on the LiteDB file, so the diary is found and checked as the bot would
            using var host = BreatheBotHost.CreateBuilder([.. settings, "--Storage:Provider=LiteDb"]).Build();
            host.Services.GetService<IStartupValidator>()?.Validate();
            var source = host.Services.GetRequiredService<DiaryDatabase>();
            var snapshot = LiteDbDiarySnapshot.Read(source);

            await using var target = new PostgreSqlDiary(Options.Create(options), NullLogger<PostgreSqlDiary>.Instance);
            await target.OpenAsync(cancellationToken).ConfigureAwait(false);
            var existing = await PostgreSqlDiaryCopy.CountRowsAsync(target, cancellationToken).ConfigureAwait(false);
            if (existing > 0 && !intoNonEmpty)
            {
                await error.WriteLineAsync(
                    $"BreatheBot could not copy the diary: the {target.Describe()} already holds {existing} rows. Copy into an empty database, " +
                    $"or add {IntoNonEmpty} to copy into it anyway (rows with the same keys are replaced).").ConfigureAwait(false);
                return 2;
            }

            await PostgreSqlDiaryCopy.WriteAsync(target, snapshot, cancellationToken).ConfigureAwait(false);
            var copied = await PostgreSqlDiaryCopy.ReadAsync(target, cancellationToken).ConfigureAwait(false);
            var problems = DiaryCopyCheck.Compare(snapshot, copied, intoEmpty: existing == 0);

            var counts = string.Join(", ", snapshot.Counts.Select(c => $"{c.Value} {c.Key}"));
            await output.WriteLineAsync($"Copied {counts} from {source.FilePath} to the {target.Describe()}.").ConfigureAwait(false);
            var reset = snapshot.Conversations.Count(c => c.StateWasReset);
            if (reset > 0)
            {
                await output.WriteLineAsync($"{reset} conversation states could not be read (saved by a newer BreatheBot, or damaged) and were copied as idle.").ConfigureAwait(false);
            }

            if (problems.Count > 0)
            {
                foreach (var problem in problems)
                {
                    await error.WriteLineAsync($"Mismatch: {problem}").ConfigureAwait(false);
                }

                await error.WriteLineAsync($"BreatheBot copied the diary but {problems.Count} checks failed (above): do not switch to PostgreSQL before finding out why.").ConfigureAwait(false);
                return 1;
            }

            await output.WriteLineAsync($"Verified: the counts match and the checksums of all {snapshot.Checksums().Count} people match.").ConfigureAwait(false);
            return 0;
        }
        catch (Exception exception) when (BreatheBotHost.StartupProblem(exception) is { } problem)
        {
            await error.WriteLineAsync($"BreatheBot could not copy the diary: {problem}").ConfigureAwait(false);
            return 2;
        }
    }

    private static bool TryParse(string[] args, out string connectionString, out bool intoNonEmpty, out List<string> settings, out string usage)
    {
        connectionString = string.Empty;
        intoNonEmpty = false;
        settings = [];
        usage = $"usage: BreatheBot {Name} {ToPostgres} \"Host=…;Database=…;Username=…;Password=…\" [{IntoNonEmpty}] [--Data:Directory=… and other settings]";
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg == IntoNonEmpty)
            {
                intoNonEmpty = true;
            }
            else if (arg == ToPostgres && i + 1 < args.Length)
            {
                connectionString = args[++i];
            }
            else if (arg.StartsWith(ToPostgres + "=", StringComparison.Ordinal))
            {
                connectionString = arg[(ToPostgres.Length + 1)..];
            }
            else if (arg == ToPostgres)
            {
                return false;
            }
            else
            {
                settings.Add(arg);
            }
        }

        return !string.IsNullOrWhiteSpace(connectionString);
    }
}
