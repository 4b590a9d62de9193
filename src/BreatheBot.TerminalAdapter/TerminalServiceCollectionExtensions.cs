using BreatheBot.Core.Messaging;
using BreatheBot.TerminalAdapter;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class TerminalServiceCollectionExtensions
{
    /// <summary>The terminal chat: the console (replaceable with a test terminal), its reply sender and its loop.</summary>
    public static IServiceCollection AddTerminalAdapter(this IServiceCollection services)
    {
        services.AddSettings<TerminalOptions>(TerminalOptions.SectionName);
        services.TryAddSingleton<ITerminal, ConsoleTerminal>();
        services.TryAddSingleton<TerminalScreen>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IReplySender, TerminalReplySender>());
        services.AddHostedService<TerminalChatService>();
        return services;
    }
}
