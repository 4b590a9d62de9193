using BreatheBot.Storage.LiteDb;
using Microsoft.Extensions.Hosting;

namespace BreatheBot.Host;

/// <summary>
/// Stops the application when the diary database's engine has stopped itself: from then on no turn can be saved, so
/// going on would only answer people without remembering (and, on Telegram, confirm updates that were never saved).
/// Stopping leaves every unsaved update unconfirmed; a restart reopens the file and replays its log.
/// <see cref="BreatheBotHost.RunAsync"/> then exits with code 1 so a supervisor starts it again.
/// </summary>
internal sealed class DiaryFailureWatcher(DiaryDatabase database, IHostApplicationLifetime lifetime, ExitStatus exit) : IHostedService, IDisposable
{
    private CancellationTokenRegistration _registration;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registration = database.EngineStopped.Register(() =>
        {
            exit.Fail($"the diary database failed ({database.StopCause?.GetType().Name ?? "unknown error"}; logged above). Start BreatheBot again: nothing that was confirmed is lost. If the diary file is damaged, the next start refuses it, unchanged, and says how to restore it.");
            lifetime.StopApplication();
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _registration.Dispose();
}
