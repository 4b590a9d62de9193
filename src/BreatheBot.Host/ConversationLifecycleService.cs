using BreatheBot.Core.Conversations;
using Microsoft.Extensions.Hosting;

namespace BreatheBot.Host;

/// <summary>Re-arms stored wake-ups at start (missed ones fire once); waits for in-flight turns and deliveries at stop.</summary>
internal sealed class ConversationLifecycleService(ConversationService conversations) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => conversations.ResumeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => conversations.StopAsync(cancellationToken);
}
