using System.Runtime.InteropServices;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreatheBot.Storage.LiteDb.Backups;

/// <summary>
/// Takes a backup every <c>Storage:BackupInterval</c> (counted from the start; 0 turns the schedule off), and one
/// whenever the process gets SIGUSR1 (<c>systemctl kill -s USR1 breathebot</c>, or <c>kill -USR1 PID</c>). A failed
/// backup is logged and tried again at the next interval; it never stops the bot.
/// </summary>
public sealed class BackupService(DiaryBackup backup, IOptions<LiteDbOptions> options, TimeProvider time, ILogger<BackupService> logger) : BackgroundService
{
    /// <summary>SIGUSR1 on Linux (.NET takes raw signal numbers cast to <see cref="PosixSignal"/>).</summary>
    private const int SigUsr1 = 10;

    private readonly Channel<bool> _requests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private PosixSignalRegistration? _signal;

    /// <summary>When the next scheduled backup is due; counted from <see cref="StartAsync"/> (ExecuteAsync starts later, on the pool).</summary>
    private DateTimeOffset _next;

    /// <summary>Asks for a backup now (what SIGUSR1 does); several requests while one runs make one more backup.</summary>
    public void Request() => _requests.Writer.TryWrite(true);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _next = time.GetUtcNow() + options.Value.BackupInterval;
        if (OperatingSystem.IsLinux() && !string.IsNullOrWhiteSpace(options.Value.BackupDirectory))
        {
            _signal = PosixSignalRegistration.Create((PosixSignal)SigUsr1, context =>
            {
                context.Cancel = true; // handled: not the default "terminate"
                BackupLog.Requested(logger);
                Request();
            });
        }

        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.BackupDirectory))
        {
            return;
        }

        var interval = settings.BackupInterval;
        if (interval > TimeSpan.Zero)
        {
            BackupLog.Scheduled(logger, interval, settings.BackupDirectory, settings.BackupKeep);
        }

        var next = _next;
        while (!stoppingToken.IsCancellationRequested)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var due = interval > TimeSpan.Zero ? Task.Delay(Max(next - time.GetUtcNow(), TimeSpan.Zero), time, wait.Token) : Task.Delay(Timeout.Infinite, wait.Token);
            var asked = _requests.Reader.WaitToReadAsync(wait.Token).AsTask();
            try
            {
                await Task.WhenAny(due, asked).ConfigureAwait(false);
            }
            finally
            {
                await wait.CancelAsync().ConfigureAwait(false);
            }

            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            _requests.Reader.TryRead(out _);
            if (interval > TimeSpan.Zero && time.GetUtcNow() >= next)
            {
                next += interval * Math.Ceiling((time.GetUtcNow() - next) / interval + 1e-9);
            }

            try
            {
                await backup.RunAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // logged by DiaryBackup; the bot goes on
            }
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    public override void Dispose()
    {
        _signal?.Dispose();
        base.Dispose();
    }
}
